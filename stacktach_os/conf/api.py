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
"""The [api] group: options of the REST API service."""

from oslo_config import cfg

GROUP = 'api'

api_opts = [
    cfg.HostAddressOpt(
        'host',
        default='127.0.0.1',
        help='The address stacktach-os-api listens on. Under a WSGI '
             'server (uwsgi, mod_wsgi) the server\'s own setting applies.'),
    cfg.PortOpt(
        'port',
        default=8790,
        help='The TCP port stacktach-os-api listens on.'),
    cfg.IntOpt(
        'workers',
        default=4,
        min=1,
        help='Number of threads of stacktach-os-api that serve requests '
             'concurrently. Under a WSGI server (uwsgi, mod_wsgi) the '
             'server\'s own processes and threads apply instead.'),
    cfg.StrOpt(
        'auth_strategy',
        default='keystone',
        choices=[
            ('keystone', 'Authenticate every request with a Keystone token '
                         '(keystonemiddleware auth_token, configured in '
                         '[keystone_authtoken]).'),
            ('noauth', 'No authentication: every request is an admin. '
                       'Only for a local demonstration; never expose it.'),
        ],
        help='How API requests are authenticated.'),
    cfg.IntOpt(
        'default_limit',
        default=100,
        min=1,
        help='The number of items a list returns when the request gives '
             'no limit.'),
    cfg.IntOpt(
        'max_limit',
        default=1000,
        min=1,
        help='The largest number of items one list response returns; a '
             'larger limit is reduced to this one. Follow the "next" link '
             'for more.'),
]


def register_opts(conf):
    """Register the [api] options."""
    conf.register_opts(api_opts, group=GROUP)


def list_opts():
    """List the [api] options for the config generator."""
    return {GROUP: api_opts}
