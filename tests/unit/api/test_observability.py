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
"""The API's health check, request timing and tracing middleware."""

from opentelemetry.sdk.trace.export import in_memory_span_exporter
import pytest
import webtest

from stacktach_os.api import app
from stacktach_os.conf import metrics as metrics_conf
from stacktach_os import metrics
from stacktach_os.metrics import prometheus
from stacktach_os import tracing
from stacktach_os.tracing import middleware
from tests.unit.api import fakes

TRACEPARENT = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01'


class FakeStore(object):
    def dispose(self):
        pass


@pytest.fixture
def api():
    conf = fakes.make_conf(api={'auth_strategy': 'keystone'})
    return webtest.TestApp(app.load_app(conf, store=FakeStore()))


@pytest.fixture
def spans():
    exporter = in_memory_span_exporter.InMemorySpanExporter()
    tracing.use_provider(tracing.make_provider('test-api',
                                               exporter=exporter))
    yield exporter
    tracing.shutdown()


def test_healthcheck_needs_no_token(api):
    # auth_token would need a Keystone for anything else.
    response = api.get('/healthcheck')
    assert response.status_int == 200
    assert api.head('/healthcheck').status_int == 204


@pytest.fixture
def prometheus_api(monkeypatch):
    """The API with the Prometheus backend, each process on its own."""
    monkeypatch.delenv(prometheus.MULTIPROC_ENV, raising=False)

    def make(auth_strategy='keystone', **options):
        conf = fakes.make_conf(api={'auth_strategy': auth_strategy})
        metrics_conf.register_opts(conf)
        conf.set_override('backend', 'prometheus', group='metrics')
        conf.set_override('host', 'node-3', group='metrics')
        for name, value in options.items():
            conf.set_override(name, value, group='metrics')
        return webtest.TestApp(app.load_app(conf, store=FakeStore()))
    yield make
    metrics.reset()


def test_metrics_need_no_token(prometheus_api):
    api = prometheus_api()
    api.get('/v1/')  # version discovery: no token either
    api.get('/healthcheck')
    response = api.get('/metrics')  # auth_token would need a Keystone
    assert response.status_int == 200
    assert response.content_type == 'text/plain'
    assert ('stacktach_api_request_seconds_count{endpoint='
            '"V1Controller.get_all",host="node-3",method="GET",'
            'service="stacktach-os-api",status="200"} 1.0') in response.text
    # Neither the health check nor the scrape is an API request.
    assert 'endpoint="unrouted"' not in response.text


def test_metrics_endpoint_can_be_turned_off(prometheus_api):
    api = prometheus_api('noauth', prometheus_api_endpoint=False)
    assert api.get('/metrics', expect_errors=True).status_int == 404


def test_requests_are_timed_per_endpoint_and_status():
    backend = prometheus.PrometheusBackend({'service': 's', 'host': 'h'})
    conf = fakes.make_conf(api={'auth_strategy': 'noauth'})
    application = app.load_app(conf, store=FakeStore())
    try:
        metrics.use_backend(backend)
        timed = webtest.TestApp(app.timing.wrap(application))
        timed.get('/v1/')
        timed.get('/nowhere', expect_errors=True)
        sample = backend.registry.get_sample_value
        assert sample('stacktach_api_request_seconds_count', {
            'service': 's', 'host': 'h', 'method': 'GET', 'status': '200',
            'endpoint': 'V1Controller.get_all'}) == 1
        assert sample('stacktach_api_request_seconds_count', {
            'service': 's', 'host': 'h', 'method': 'GET', 'status': '404',
            'endpoint': 'unrouted'}) == 1
    finally:
        metrics.reset()


def traced_app():
    def application(environ, start_response):
        start_response('200 OK', [('Content-Type', 'application/json')])
        return [b'[]']
    from oslo_middleware import request_id
    return webtest.TestApp(request_id.RequestId(middleware.wrap(
        application)))


def test_off_the_middleware_is_not_there():
    def application(environ, start_response):
        return []
    assert middleware.wrap(application) is application
    assert middleware.outgoing_headers() == {}


def test_a_new_trace_takes_the_id_of_the_global_request_id(spans):
    global_id = 'req-0af76519-16cd-43dd-8448-eb211c80319c'
    response = traced_app().get(
        '/', headers={'X-OpenStack-Request-ID': global_id})
    (span,) = spans.get_finished_spans()
    assert format(span.context.trace_id, '032x') == (
        '0af7651916cd43dd8448eb211c80319c')
    assert span.parent is None
    assert span.attributes['openstack.global_request_id'] == global_id
    assert span.attributes['openstack.request_id'] == (
        response.headers['X-OpenStack-Request-ID'])


def test_a_new_trace_without_caller_takes_the_own_request_id(spans):
    response = traced_app().get('/')
    (span,) = spans.get_finished_spans()
    own = response.headers['X-OpenStack-Request-ID']
    assert format(span.context.trace_id, '032x') == own[4:].replace('-', '')
    assert span.attributes['openstack.global_request_id'] == own


def test_a_traceparent_is_continued(spans):
    traced_app().get('/', headers={'traceparent': TRACEPARENT})
    (span,) = spans.get_finished_spans()
    assert format(span.context.trace_id, '032x') == (
        '0af7651916cd43dd8448eb211c80319c')
    assert format(span.parent.span_id, '016x') == 'b7ad6b7169203331'
    # The next trace started here gets a random id again.
    traced_app().get('/', headers={'traceparent': TRACEPARENT})
    with tracing.tracer('t').start_as_current_span('alone'):
        pass
    alone = spans.get_finished_spans()[-1]
    assert alone.context.trace_id != span.context.trace_id
