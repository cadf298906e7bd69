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
"""Which configuration files the WSGI application reads."""

from stacktach_os.api import app


def _config_files(value):
    environ = {} if value is None else {app.CONFIG_FILE_ENV: value}
    return app.config_files_from_env(environ)


def test_default_locations_without_the_variable():
    assert _config_files(None) is None
    assert _config_files('  ') is None


def test_files_named_by_the_variable():
    assert _config_files('/etc/a.conf') == ['/etc/a.conf']
    assert _config_files('/etc/a.conf, /etc/b.conf,') == [
        '/etc/a.conf', '/etc/b.conf']
