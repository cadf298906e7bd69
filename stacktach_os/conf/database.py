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
"""The [database] group: oslo.db's options with our embedded default."""

from oslo_db import options as db_options

from stacktach_os.conf import paths

DEFAULT_CONNECTION = 'sqlite:///' + paths.state_path_def('stacktach_os.sqlite')


def register_opts(conf):
    """Register oslo.db's options, defaulting to an SQLite file."""
    db_options.set_defaults(conf, connection=DEFAULT_CONNECTION)


def list_opts():
    """List the [database] options, with our default connection."""
    listed = db_options.list_opts()
    for _group, opts in listed:
        for opt in opts:
            if opt.name == 'connection':
                opt.default = DEFAULT_CONNECTION
    return listed
