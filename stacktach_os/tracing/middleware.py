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
"""WSGI tracing: OpenTelemetry's middleware with OpenStack request ids.

Put :func:`wrap` (or the ``stacktach_tracing`` paste filter) just inside
oslo.middleware's ``request_id``, which gives each request its request
id and accepts the caller's ``X-OpenStack-Request-ID`` as its global
request id. For each request it then:

- starts the server span with opentelemetry-instrumentation-wsgi,
  continuing a W3C ``traceparent`` if one came, otherwise starting the
  trace whose id is the request's (global) request id's;
- sets ``openstack.request_id`` and ``openstack.global_request_id`` (the
  global request id, or the request's own id when it has none: the id
  that the services it calls receive) on every span started while the
  request is served (:mod:`stacktach_os.tracing.context`).

A service that calls another one passes :func:`outgoing_headers` along,
so that the callee continues the trace and shares the global request id.
"""

import atexit

from oslo_middleware import request_id as oslo_request_id

from stacktach_os import tracing
from stacktach_os.tracing import ids

GLOBAL_REQUEST_ID_HEADER = 'X-OpenStack-Request-ID'


def request_ids(environ):
    """Return ``(request id, global request id)`` of a WSGI request.

    The global request id is the caller's, or the request's own id.
    """
    request_id = environ.get(oslo_request_id.ENV_REQUEST_ID)
    global_id = environ.get(oslo_request_id.GLOBAL_REQ_ID) or request_id
    return request_id, global_id


class _RequestContext(object):
    """Serves each request in its :mod:`stacktach_os.tracing.context`."""

    def __init__(self, traced_app):
        self.traced_app = traced_app

    def __call__(self, environ, start_response):
        from stacktach_os.tracing import context
        request_id, global_id = request_ids(environ)
        trace_id = (None if 'HTTP_TRACEPARENT' in environ
                    else ids.trace_id_of(global_id))
        tokens = context.enter(request_id, global_id, trace_id)
        try:
            return self.traced_app(environ, start_response)
        finally:
            context.leave(tokens)


def wrap(app, provider=None):
    """Return ``app`` traced; ``app`` itself while tracing is off.

    ``provider`` defaults to the one :func:`stacktach_os.tracing.configure`
    made.
    """
    provider = provider or tracing.provider()
    if provider is None:
        return app
    from opentelemetry.instrumentation import wsgi as otel_wsgi
    return _RequestContext(otel_wsgi.OpenTelemetryMiddleware(
        app, tracer_provider=provider))


def outgoing_headers(environ=None):
    """Return the headers that carry this request's trace to a callee.

    ``traceparent`` (and ``tracestate``) of the current span, and the
    global request id as ``X-OpenStack-Request-ID`` when ``environ`` is
    given.
    """
    headers = {}
    if tracing.enabled():
        from opentelemetry import propagate
        propagate.inject(headers)
    if environ is not None:
        _request_id, global_id = request_ids(environ)
        if global_id:
            headers[GLOBAL_REQUEST_ID_HEADER] = global_id
    return headers


def filter_factory(global_conf, **local_conf):
    """paste.deploy filter factory of the tracing middleware.

    For the API pipelines of other services (nova, glance, cinder...),
    after their ``request_id`` filter. Options of the filter section:
    ``service_name`` (required), ``otlp_endpoint`` (default
    http://127.0.0.1:4318/v1/traces), ``sample_ratio`` (default 1.0) and
    ``enabled`` (default true).
    """
    settings = dict(global_conf)
    settings.update(local_conf)
    if str(settings.get('enabled', 'true')).lower() not in (
            'true', '1', 'yes', 'on'):
        return lambda app: app
    provider = tracing.provider()
    if provider is None:
        provider = tracing.make_provider(
            settings['service_name'],
            settings.get('otlp_endpoint', 'http://127.0.0.1:4318/v1/traces'),
            float(settings.get('sample_ratio', 1.0)))
        tracing.use_provider(provider)
        atexit.register(provider.shutdown)

    def tracing_filter(app):
        return wrap(app, provider)
    return tracing_filter
