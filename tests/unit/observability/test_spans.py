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
"""Spans and metrics of the listener's batches and the verifier's passes,
caught by the OpenTelemetry SDK's in-memory exporter."""

import collections
import datetime
import types

from opentelemetry.sdk.trace.export import in_memory_span_exporter
import pytest

from stacktach_os import metrics
from stacktach_os.metrics import prometheus
from stacktach_os.notification import observe as notification_observe
from stacktach_os.notification import pipeline as st_pipeline
from stacktach_os import tracing
from stacktach_os.verifier import observe as verifier_observe
from stacktach_os.verifier import verifier as st_verifier

REQUEST_ID = 'req-0af76519-16cd-43dd-8448-eb211c80319c'
GLOBAL_ID = 'req-11111111-2222-3333-4444-555555555555'
DIMENSIONS = {'service': 'test', 'host': 'h'}


@pytest.fixture
def spans():
    exporter = in_memory_span_exporter.InMemorySpanExporter()
    tracing.use_provider(tracing.make_provider('test', exporter=exporter))
    yield exporter
    tracing.shutdown()


@pytest.fixture
def registry():
    backend = prometheus.PrometheusBackend(DIMENSIONS)
    metrics.use_backend(backend)
    yield backend.registry
    metrics.reset()


def message(message_id, event_type, request_id=None, global_id=None):
    ctxt = {}
    if request_id:
        ctxt['request_id'] = request_id
    if global_id:
        ctxt['global_request_id'] = global_id
    return {'ctxt': ctxt, 'publisher_id': 'compute.host-1',
            'event_type': event_type, 'payload': {},
            'metadata': {'message_id': message_id,
                         'timestamp': '2026-03-01 10:00:00.000000'}}


def item(message_id, event_type, problems=()):
    return types.SimpleNamespace(
        message_id=message_id, problems=list(problems),
        notification=types.SimpleNamespace(
            event_type=event_type,
            timestamp=datetime.datetime.utcnow() - datetime.timedelta(
                seconds=30)))


class FakePipeline(object):
    def __init__(self, fresh=(), error=None):
        self.fresh = list(fresh)
        self.error = error

    def process(self, deployment, messages, priority=None):
        if self.error:
            raise self.error
        return self.fresh


BATCH = [message('m1', 'compute.instance.create.start', REQUEST_ID,
                 GLOBAL_ID),
         message('m2', 'compute.instance.create.end', REQUEST_ID),
         message('m3', 'compute.instance.create.end')]


def fresh_items():
    # Made when a test runs: the lag is measured from the timestamps.
    return [item('m1', 'compute.instance.create.start'),
            item('m2', 'compute.instance.create.end', ['bad payload'])]


def test_off_the_pipeline_is_not_wrapped():
    pipeline = FakePipeline()
    assert notification_observe.observe(pipeline) is pipeline


def test_a_span_per_batch_and_per_notification(spans):
    fresh = fresh_items()
    pipeline = notification_observe.observe(FakePipeline(fresh))
    assert pipeline.process('cell1', BATCH, 'info') == fresh
    finished = spans.get_finished_spans()
    (batch,) = [span for span in finished
                if span.name == 'notification.batch']
    notifications = {span.attributes['messaging.message.id']: span
                     for span in finished if span.name == 'notification'}
    assert batch.attributes['deployment'] == 'cell1'
    assert batch.attributes['batch.size'] == 3
    assert batch.attributes['batch.stored'] == 2
    assert sorted(notifications) == ['m1', 'm2', 'm3']
    for span in notifications.values():
        assert span.parent.span_id == batch.context.span_id
        assert span.context.trace_id == batch.context.trace_id
    first = notifications['m1'].attributes
    assert first['event_type'] == 'compute.instance.create.start'
    assert first['openstack.request_id'] == REQUEST_ID
    assert first['openstack.global_request_id'] == GLOBAL_ID
    assert first['openstack.trace_id'] == '11111111222233334444555555555555'
    assert first['stored'] is True
    assert notifications['m2'].attributes['openstack.trace_id'] == (
        '0af7651916cd43dd8448eb211c80319c')
    assert notifications['m3'].attributes['stored'] is False
    assert 'openstack.request_id' not in notifications['m3'].attributes


def test_a_requeued_batch_is_an_error_span(spans, registry):
    pipeline = notification_observe.observe(FakePipeline(
        error=st_pipeline.StoreUnavailable('gone')))
    with pytest.raises(st_pipeline.StoreUnavailable):
        pipeline.process('cell1', BATCH)
    (batch,) = spans.get_finished_spans()
    assert not batch.status.is_ok
    assert registry.get_sample_value(
        'stacktach_notifications_requeued_total',
        dict(DIMENSIONS, deployment='cell1')) == 3


def test_counts_per_deployment_and_event_type(registry):
    pipeline = notification_observe.observe(FakePipeline(fresh_items()))
    pipeline.process('cell1', BATCH)

    def sample(name, event_type):
        return registry.get_sample_value(name, dict(
            DIMENSIONS, deployment='cell1', event_type=event_type))
    end = 'compute.instance.create.end'
    start = 'compute.instance.create.start'
    assert sample('stacktach_notifications_received_total', end) == 2
    assert sample('stacktach_notifications_received_total', start) == 1
    assert sample('stacktach_notifications_stored_total', end) == 1
    assert sample('stacktach_notifications_stored_total', start) == 1
    assert sample('stacktach_notifications_failed_total', end) == 1
    assert sample('stacktach_notifications_failed_total', start) is None
    lag = registry.get_sample_value('stacktach_queue_lag_seconds', dict(
        DIMENSIONS, deployment='cell1'))
    assert 29 < lag < 120
    assert registry.get_sample_value(
        'stacktach_batch_store_seconds_count',
        dict(DIMENSIONS, deployment='cell1')) == 1


def test_a_stuck_batch_is_not_alive():
    pipeline = notification_observe.ObservedPipeline(FakePipeline(), 5)
    assert pipeline.alive()
    pipeline._busy[1] = 0.0
    assert not pipeline.alive()


class FakeVerifier(object):
    name = 'host:1:w0'

    def run_pass(self, stop=None, drain=False):
        result = st_verifier.PassResult(claimed=3, emitted=3)
        result.verdicts.update(['verified', 'verified', 'failed'])
        result.codes.update([('verified', ''), ('verified', ''),
                             ('failed', 'launched_at_mismatch')])
        return result


def test_a_span_per_verifier_pass(spans, registry):
    result = verifier_observe.run_pass(FakeVerifier(), drain=True)
    assert result.claimed == 3
    (span,) = spans.get_finished_spans()
    assert span.name == 'verifier.pass'
    assert span.attributes['verifier.name'] == 'host:1:w0'
    assert span.attributes['verifier.claimed'] == 3
    assert span.attributes['verifier.verdicts.verified'] == 2
    assert span.attributes['verifier.verdicts.failed'] == 1
    verdicts = collections.Counter({
        (status, code): registry.get_sample_value(
            'stacktach_verifier_verdicts_total',
            dict(DIMENSIONS, status=status, code=code))
        for status, code in (('verified', ''),
                             ('failed', 'launched_at_mismatch'))})
    assert verdicts == {('verified', ''): 2,
                        ('failed', 'launched_at_mismatch'): 1}
