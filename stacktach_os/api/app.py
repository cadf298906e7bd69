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
"""The WSGI application of the REST API, and its middleware.

The middleware pipeline is built in code (no paste.deploy file); from the
outside in:

1. ``oslo_middleware.cors`` ([cors] options);
2. ``oslo_middleware.http_proxy_to_wsgi`` ([oslo_middleware]
   enable_proxy_headers_parsing), so that links name the proxy's URL;
3. ``oslo_middleware.healthcheck`` ([healthcheck] options): ``GET
   /healthcheck`` answers without authentication; so does ``GET
   /metrics`` with ``[metrics] backend = prometheus`` (see
   :func:`stacktach_os.metrics.prometheus.api_endpoint`);
4. ``oslo_middleware.request_id``: every response has its request id;
5. with ``[tracing] enabled``, :mod:`stacktach_os.tracing.middleware`:
   OpenTelemetry's WSGI middleware, the request ids on its span;
6. with ``[metrics] backend``, :mod:`stacktach_os.api.timing`: the time
   of each request per endpoint and status;
7. ``oslo_middleware.sizelimit`` ([oslo_middleware]
   max_request_body_size);
8. :class:`stacktach_os.api.middleware.JsonErrorMiddleware`: every error
   is a JSON fault;
9. authentication, by ``[api] auth_strategy``: keystonemiddleware's
   auth_token ([keystone_authtoken]) except for version discovery, or
   noauth (:mod:`stacktach_os.api.auth`);
10. the Pecan application (:func:`setup_app`), whose hooks give each
    request the configuration, policy enforcer, store and oslo.context.
"""

import os

from oslo_log import log
from oslo_middleware import cors
from oslo_middleware import healthcheck
from oslo_middleware import http_proxy_to_wsgi
from oslo_middleware import request_id
from oslo_middleware import sizelimit
from oslo_policy import policy
import pecan

from stacktach_os.api import auth
from stacktach_os.api import hooks
from stacktach_os.api import middleware
from stacktach_os.api import root
from stacktach_os.api import timing
from stacktach_os.conf import tracing as tracing_conf
from stacktach_os.db import api as db_api
from stacktach_os import metrics
from stacktach_os.metrics import prometheus
from stacktach_os import policies
from stacktach_os import service
from stacktach_os import tracing
from stacktach_os.tracing import middleware as tracing_middleware

LOG = log.getLogger(__name__)

#: The environment variable naming the WSGI application's config files.
CONFIG_FILE_ENV = 'STACKTACH_OS_CONFIG_FILE'
#: The ``service`` of the API's metrics and spans.
SERVICE_NAME = 'stacktach-os-api'
HEALTHCHECK_PATH = '/healthcheck'
METRICS_PATH = '/metrics'


def make_enforcer(conf):
    """Return a policy enforcer with every stacktach_os rule registered."""
    enforcer = policy.Enforcer(conf)
    enforcer.register_defaults(policies.list_rules())
    return enforcer


def setup_app(conf, store, enforcer=None):
    """Return the Pecan application alone, without any middleware.

    It trusts the identity headers of each request: serve it only behind
    the authentication of :func:`load_app`.
    """
    enforcer = enforcer or make_enforcer(conf)
    tracing_conf.register_opts(conf)  # for [tracing] trace_url_template
    return pecan.make_app(
        root.RootController(),
        hooks=[hooks.ConfigHook(conf, enforcer), hooks.DBHook(store),
               hooks.ContextHook(), timing.EndpointHook()],
        force_canonical=False,
        guess_content_type_from_ext=False)


def set_cors_defaults():
    """Let browsers send tokens and read request ids."""
    cors.set_defaults(
        allow_headers=['X-Auth-Token', 'X-Openstack-Request-Id',
                       'X-Identity-Status', 'X-Roles', 'X-Service-Catalog',
                       'X-User-Id', 'X-Project-Id'],
        expose_headers=['X-Auth-Token', 'X-Openstack-Request-Id',
                        'X-Subject-Token', 'X-Service-Token'],
        allow_methods=['GET', 'HEAD', 'OPTIONS'])


def mount_healthcheck(app, conf, metrics_app=None):
    """Answer ``/healthcheck`` with oslo.middleware's health check.

    ``/metrics`` goes to ``metrics_app`` when there is one; everything
    else goes to ``app``.
    """
    health = healthcheck.Healthcheck(None, conf)

    def dispatch(environ, start_response):
        path = environ.get('PATH_INFO', '').rstrip('/')
        if path == HEALTHCHECK_PATH:
            return health(environ, start_response)
        if metrics_app is not None and path == METRICS_PATH:
            return metrics_app(environ, start_response)
        return app(environ, start_response)
    return dispatch


def load_app(conf, store=None):
    """Return the API with its whole middleware pipeline (see above).

    Metrics and tracing are configured for this process on the way.
    """
    store = store or db_api.store_from_conf(conf)
    set_cors_defaults()
    backend = metrics.configure(conf, SERVICE_NAME, prometheus.API)
    tracing.configure(conf, SERVICE_NAME)
    app = setup_app(conf, store)
    app = auth.wrap(app, conf)
    app = middleware.JsonErrorMiddleware(app)
    app = sizelimit.RequestBodySizeLimiter(app, conf)
    app = timing.wrap(app)
    app = tracing_middleware.wrap(app)
    app = request_id.RequestId(app, conf)
    app = mount_healthcheck(app, conf,
                            prometheus.api_endpoint(conf, backend))
    app = http_proxy_to_wsgi.HTTPProxyToWSGI(app, conf)
    app = cors.CORS(app, conf)
    LOG.info('stacktach_os API ready (auth_strategy=%s)',
             conf.api.auth_strategy)
    return app


def config_files_from_env(environ=None):
    """Return the files named by ``STACKTACH_OS_CONFIG_FILE``, or None.

    The variable holds one path, or several separated by commas; None
    means oslo.config's default locations.
    """
    environ = os.environ if environ is None else environ
    value = environ.get(CONFIG_FILE_ENV, '').strip()
    if not value:
        return None
    return [path.strip() for path in value.split(',') if path.strip()]


def build_wsgi_app(argv=None, config_files=None):
    """Read the configuration and return the API's WSGI application.

    ``config_files`` None means oslo.config's default locations
    (``/etc/stacktach_os/stacktach_os.conf`` and so on).
    """
    conf = service.prepare_service(argv if argv is not None else [],
                                   default_config_files=config_files)
    return load_app(conf)
