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
"""Authentication in front of the application: Keystone or nothing.

``[api] auth_strategy = keystone`` puts keystonemiddleware's auth_token
(configured by ``[keystone_authtoken]``) in front of everything except
version discovery (``/`` and ``/v1``), which needs no token.
``noauth`` makes every request an admin's; it is for a local
demonstration only and says so loudly in the log.
"""

from keystonemiddleware import auth_token
from oslo_log import log

LOG = log.getLogger(__name__)

#: The paths served without a token: version discovery.
PUBLIC_PATHS = frozenset(['', '/', '/v1', '/v1/'])

# The identity headers keystonemiddleware sets (and strips from what the
# client sent) and oslo.context reads.
_IDENTITY_HEADERS = (
    'HTTP_X_IDENTITY_STATUS', 'HTTP_X_SERVICE_IDENTITY_STATUS',
    'HTTP_X_ROLES', 'HTTP_X_ROLE', 'HTTP_X_SERVICE_ROLES',
    'HTTP_X_USER_ID', 'HTTP_X_USER', 'HTTP_X_USER_NAME',
    'HTTP_X_USER_DOMAIN_ID', 'HTTP_X_USER_DOMAIN_NAME',
    'HTTP_X_PROJECT_ID', 'HTTP_X_TENANT_ID', 'HTTP_X_TENANT',
    'HTTP_X_PROJECT_NAME', 'HTTP_X_TENANT_NAME',
    'HTTP_X_PROJECT_DOMAIN_ID', 'HTTP_X_PROJECT_DOMAIN_NAME',
    'HTTP_X_DOMAIN_ID', 'HTTP_X_DOMAIN_NAME', 'HTTP_X_IS_ADMIN_PROJECT',
    'HTTP_OPENSTACK_SYSTEM_SCOPE', 'HTTP_X_SERVICE_USER_ID',
    'HTTP_X_SERVICE_PROJECT_ID', 'HTTP_X_SERVICE_USER_NAME',
    'HTTP_X_SERVICE_PROJECT_NAME',
)


def strip_identity(environ):
    """Remove any identity header a client sent itself."""
    for name in _IDENTITY_HEADERS:
        environ.pop(name, None)


class PublicPaths(object):
    """Serve version discovery without a token, the rest through auth."""

    def __init__(self, application, protected):
        self.application = application
        self.protected = protected

    def __call__(self, environ, start_response):
        """Route the request around authentication or through it."""
        if environ.get('PATH_INFO', '') in PUBLIC_PATHS:
            strip_identity(environ)
            return self.application(environ, start_response)
        return self.protected(environ, start_response)


class NoAuthMiddleware(object):
    """Make every request an admin's (``auth_strategy = noauth``).

    X-User-Id and X-Project-Id, when the client sends them, name the user
    and project of the request; the roles are always admin, member and
    reader.
    """

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        """Set the identity headers of an admin and pass the request on."""
        user_id = environ.get('HTTP_X_USER_ID') or 'noauth'
        project_id = environ.get('HTTP_X_PROJECT_ID')
        strip_identity(environ)
        environ['HTTP_X_IDENTITY_STATUS'] = 'Confirmed'
        environ['HTTP_X_USER_ID'] = user_id
        environ['HTTP_X_ROLES'] = 'admin,member,reader'
        if project_id:
            environ['HTTP_X_PROJECT_ID'] = project_id
        return self.application(environ, start_response)


def wrap(application, conf):
    """Put the authentication of ``[api] auth_strategy`` in front."""
    if conf.api.auth_strategy == 'noauth':
        LOG.warning('*** [api] auth_strategy = noauth: the API does NOT '
                    'authenticate anyone and every request is served as an '
                    'ADMIN, with every project\'s data. Use it only for a '
                    'local demonstration, never on a reachable address. ***')
        return NoAuthMiddleware(application)
    protected = auth_token.AuthProtocol(
        application, {'oslo_config_config': conf})
    return PublicPaths(application, protected)
