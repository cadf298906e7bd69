# Copyright 2026 The stacktach_os Authors.
#
# Licensed under the Apache License, Version 2.0 (the "License"); you may
# not use this file except in compliance with the License. You may obtain
# a copy of the License at
#
#      http://www.apache.org/licenses/LICENSE-2.0
#
# Unless required by applicable law or agreed to in writing, software
# distributed under the License is distributed on an "AS IS" BASIS, WITHOUT
# WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied. See the
# License for the specific language governing permissions and limitations
# under the License.
"""The REST API as a WSGI application, for uwsgi, mod_wsgi or gunicorn.

    uwsgi --http-socket :8790 --module stacktach_os.wsgi.api:application

The configuration files are those named by the environment variable
``STACKTACH_OS_CONFIG_FILE`` (one path, or several separated by commas),
or else oslo.config's default locations
(``/etc/stacktach_os/stacktach_os.conf``...). The command line of the
WSGI server is not read.
"""

from stacktach_os.api import app

# Python's import lock makes this run once per process, however many
# threads the WSGI server starts.
application = app.build_wsgi_app(argv=[],
                                 config_files=app.config_files_from_env())
