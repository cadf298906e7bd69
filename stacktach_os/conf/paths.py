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
"""Filesystem locations: where stacktach_os keeps its state."""

import os

from oslo_config import cfg

path_opts = [
    cfg.StrOpt('state_path',
               default='/var/lib/stacktach_os',
               help='Directory where stacktach_os keeps its state, such as '
                    'the embedded SQLite database. Other options may refer '
                    'to it as $state_path.'),
]


def register_opts(conf):
    """Register the path options in the DEFAULT group."""
    conf.register_opts(path_opts)


def state_path_def(*parts):
    """Return a path under $state_path, for use as an option default."""
    return os.path.join('$state_path', *parts)


def list_opts():
    """List the path options for the config generator."""
    return {'DEFAULT': path_opts}
