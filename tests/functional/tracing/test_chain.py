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
"""Three services chained through the tracing middleware, one trace.

A real OTLP/HTTP receiver (oteltest's sink, from PyPI) listens on
127.0.0.1; three services (``chain_service.py``, each its own process
with its own tracer provider and OTLP exporter) call each other; a
client calls the first without any header. Every span the three send
belongs to one trace, whose id is the first service's request id, and
carries that request id as the global request id.
"""

import json
import logging
import os
import signal
import subprocess
import sys
import threading
import urllib.request
import uuid

from oteltest import sink
import pytest

from tests.functional import processes

SERVICE_SCRIPT = os.path.join(os.path.dirname(__file__),
                              'chain_service.py')
NAMES = ('alpha-api', 'beta-api', 'gamma-api')


class Collector(object):
    """Keeps the spans the sink receives."""

    def __init__(self):
        self.spans = []
        self.lock = threading.Lock()

    def handle_trace(self, request, headers):
        with self.lock:
            for resource_spans in request.resource_spans:
                service = {
                    kv.key: kv.value.string_value
                    for kv in resource_spans.resource.attributes
                }['service.name']
                for scope_spans in resource_spans.scope_spans:
                    for span in scope_spans.spans:
                        self.spans.append((service, span))

    def handle_metrics(self, request, headers):
        pass

    def handle_logs(self, request, headers):
        pass


@pytest.fixture
def receiver():
    collector = Collector()
    port = processes.free_port()
    otlp = sink.HttpSink(collector, logging.getLogger('otelsink'),
                         port=port)
    otlp.start()
    processes.wait_for(lambda: sink.is_port_in_use(port), 10,
                       message='the OTLP receiver')
    yield collector, 'http://127.0.0.1:%d/v1/traces' % port
    otlp.stop()


def start_chain(otlp_url):
    ports = [processes.free_port() for _name in NAMES]
    services = []
    for index in reversed(range(len(NAMES))):
        argv = [sys.executable, SERVICE_SCRIPT, NAMES[index],
                str(ports[index]), otlp_url]
        if index + 1 < len(NAMES):
            argv.append('http://127.0.0.1:%d/' % ports[index + 1])
        services.append(subprocess.Popen(argv))
    for port in ports:
        processes.wait_for(lambda: sink.is_port_in_use(port), 30,
                           message='a service of the chain')
    return services, 'http://127.0.0.1:%d/' % ports[0]


def stop(services):
    for service in services:
        if service.poll() is None:
            service.send_signal(signal.SIGTERM)
    for service in services:
        # Under load, the exporter may still be sending at exit.
        service.wait(timeout=120)


def attributes(span):
    return {kv.key: kv.value.string_value for kv in span.attributes}


def test_one_trace_across_three_services(receiver):
    collector, otlp_url = receiver
    services, first_url = start_chain(otlp_url)
    try:
        with urllib.request.urlopen(first_url, timeout=60) as response:
            answer = json.load(response)
            header_request_id = response.headers['X-OpenStack-Request-ID']
        # Stopped once their spans are sent: nothing left to flush then.
        processes.wait_for(lambda: len(collector.spans) >= 5, 60,
                           message='the spans of the three services')
    finally:
        stop(services)
    assert [hop['service'] for hop in answer] == list(NAMES)
    global_id = answer[0]['request_id']
    assert header_request_id == global_id
    # The callees received the first request id as their global one.
    assert [hop['global_request_id'] for hop in answer] == [global_id] * 3
    assert len({hop['request_id'] for hop in answer}) == 3

    spans = collector.spans
    # A server span per service, a client span per call.
    assert sorted(service for service, _span in spans) == sorted(
        NAMES + NAMES[:2])
    trace_ids = {span.trace_id.hex() for _service, span in spans}
    assert trace_ids == {uuid.UUID(global_id[len('req-'):]).hex}
    for service, span in spans:
        assert attributes(span)['openstack.global_request_id'] == global_id
    own_ids = {hop['service']: hop['request_id'] for hop in answer}
    by_id = {span.span_id: (service, span) for service, span in spans}
    for service, span in spans:
        assert attributes(span)['openstack.request_id'] == own_ids[service]
        if service != NAMES[0] or span.parent_span_id:
            # Every span but the first service's server span has its
            # parent in the trace.
            assert span.parent_span_id in by_id
    roots = [service for service, span in spans if not span.parent_span_id]
    assert roots == [NAMES[0]]
