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
"""Configuration and requests for the API tests."""

from oslo_config import cfg
from oslo_context import context
import webob

from stacktach_os.api import app
from stacktach_os.conf import api as api_conf
from stacktach_os.conf import database
from stacktach_os.conf import paths


def make_conf(config_file=None, **groups):
    """Return a private ConfigOpts with the API's options.

    ``groups`` maps a group name to {option: value} overrides.
    """
    conf = cfg.ConfigOpts()
    paths.register_opts(conf)
    database.register_opts(conf)
    api_conf.register_opts(conf)
    conf([], project='stacktach_os',
         default_config_files=[config_file] if config_file else [])
    for group, options in groups.items():
        for name, value in options.items():
            conf.set_override(name, value, group)
    return conf


def identity_headers(project_id=None, roles=('reader',), user_id='user',
                     system=False):
    """The headers keystonemiddleware would set for such a token."""
    headers = {'X-Roles': ','.join(roles), 'X-User-Id': user_id,
               'X-Identity-Status': 'Confirmed'}
    if project_id is not None:
        headers['X-Project-Id'] = project_id
    if system:
        headers['OpenStack-System-Scope'] = 'all'
    return headers


def make_request(conf, path='/', project_id=None, roles=('reader',),
                 system=False, enforcer=None):
    """A webob request as the API's hooks leave it, for unit tests."""
    request = webob.Request.blank(path)
    request.headers.update(identity_headers(project_id, roles,
                                            system=system))
    request.conf = conf
    request.enforcer = enforcer or app.make_enforcer(conf)
    request.context = context.RequestContext.from_environ(request.environ)
    return request
