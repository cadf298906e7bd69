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
"""The metrics API: off costs nothing, on reaches each backend."""

import os
import socket

from oslo_config import cfg
import prometheus_client
import pytest

from stacktach_os.conf import metrics as metrics_conf
from stacktach_os import metrics
from stacktach_os.metrics import prometheus
from stacktach_os.metrics import statsd

CALLS = metrics.counter('test_calls', 'Calls of the test functions.',
                        ('kind',))
LEVEL = metrics.gauge('test_level', 'A level.', ('kind',))
TIME = metrics.timer('test_time', 'Time of the test functions.',
                     ('kind',))
DIMENSIONS = {'service': 'test-service', 'host': 'node-1'}


@metrics.timed(TIME, kind='function')
def work(value):
    """A module function, timed."""
    return value * 2


class Worker(object):
    """A class whose methods are timed."""

    @metrics.timed(TIME, kind='method')
    def work(self, value):
        """A method, timed."""
        return value + 1

    @staticmethod
    @metrics.timed(TIME, kind='static')
    def static_work(value):
        """A static method, timed."""
        return value - 1


PLAIN_WORK = work
PLAIN_METHOD = Worker.__dict__['work']


@pytest.fixture(autouse=True)
def metrics_off():
    metrics.reset()
    yield
    metrics.reset()


@pytest.fixture
def registry():
    backend = prometheus.PrometheusBackend(DIMENSIONS)
    metrics.use_backend(backend)
    return backend.registry


def sample(registry, name, **labels):
    labels.update(DIMENSIONS)
    return registry.get_sample_value(name, labels)


def test_off_the_decorated_function_is_the_function_itself():
    assert work is PLAIN_WORK
    assert Worker.__dict__['work'] is PLAIN_METHOD
    assert CALLS.add is metrics._noop
    assert TIME.time(kind='x') is metrics.NULL_TIMER
    assert not metrics.enabled()


def test_off_every_call_does_nothing():
    CALLS.add(3, kind='a')
    LEVEL.set(1, kind='a')
    TIME.observe(0.1, kind='a')
    with TIME.time(kind='a'):
        pass
    TIME.child(kind='a').observe(1)


def test_tenant_labels_are_refused():
    for label in ('project_id', 'tenant', 'user_id', 'host'):
        with pytest.raises(ValueError):
            metrics.counter('bad', 'Bad.', ('deployment', label))


def test_prometheus_counts_gauges_and_times(registry):
    CALLS.add(kind='a')
    CALLS.add(4, kind='a')
    LEVEL.set(7.5, kind='b')
    with TIME.time(kind='block'):
        pass
    assert sample(registry, 'stacktach_test_calls_total', kind='a') == 5
    assert sample(registry, 'stacktach_test_level', kind='b') == 7.5
    assert sample(registry, 'stacktach_test_time_seconds_count',
                  kind='block') == 1


def test_wrong_labels_are_an_error(registry):
    with pytest.raises(ValueError):
        CALLS.add(1, kind='a', deployment='b')
    with pytest.raises(ValueError):
        CALLS.add(1)


def test_configure_rebinds_decorated_functions_and_back(registry):
    assert work is not PLAIN_WORK
    assert work(2) == 4
    assert Worker().work(1) == 2
    assert Worker.static_work(1) == 0
    for kind in ('function', 'method', 'static'):
        assert sample(registry, 'stacktach_test_time_seconds_count',
                      kind=kind) == 1
    metrics.reset()
    assert work is PLAIN_WORK
    assert Worker.__dict__['work'] is PLAIN_METHOD


def test_decorated_after_configure_is_timed_at_once(registry):
    @metrics.timed(TIME, kind='late')
    def late():
        return 'late'

    assert late() == 'late'
    assert sample(registry, 'stacktach_test_time_seconds_count',
                  kind='late') == 1


def free_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def make_conf(**overrides):
    conf = cfg.ConfigOpts()
    metrics_conf.register_opts(conf)
    conf([], project='stacktach_os')
    for name, value in overrides.items():
        conf.set_override(name, value, group='metrics')
    return conf


@pytest.fixture
def restore_value_class(monkeypatch):
    """Undo the multiprocess mode a test turns on in this process."""
    monkeypatch.delenv(prometheus.MULTIPROC_ENV, raising=False)
    yield
    monkeypatch.delenv(prometheus.MULTIPROC_ENV, raising=False)
    prometheus._reload_value_class()


def scrape(application):
    """GET ``application``'s /metrics; return its status and text."""
    answer = []

    def start_response(status, headers, exc_info=None):
        answer.append(status)
    body = b''.join(application({'REQUEST_METHOD': 'GET',
                                 'PATH_INFO': '/metrics',
                                 'QUERY_STRING': ''}, start_response))
    return answer[0], body.decode()


def test_api_endpoint_of_a_single_process(restore_value_class):
    conf = make_conf(backend='prometheus', host='node-9')
    backend = metrics.configure(conf, 'stacktach-os-api', prometheus.API)
    assert backend.directory is None
    CALLS.add(2, kind='scraped')
    status, text = scrape(prometheus.api_endpoint(conf, backend))
    assert status.startswith('200')
    assert ('stacktach_test_calls_total{host="node-9",kind="scraped",'
            'service="stacktach-os-api"} 2.0') in text


def test_api_processes_share_their_own_directory(tmp_path,
                                                 restore_value_class):
    conf = make_conf(backend='prometheus', host='node-9',
                     prometheus_multiproc_dir=str(tmp_path),
                     prometheus_ports={'api': str(free_port())})
    backend = metrics.configure(conf, 'stacktach-os-api', prometheus.API)
    assert backend.directory == str(tmp_path / 'api')
    CALLS.add(3, kind='shared')
    assert [path.name for path in (tmp_path / 'api').iterdir()]
    status, text = scrape(prometheus.api_endpoint(conf, backend))
    assert ('stacktach_test_calls_total{host="node-9",kind="shared",'
            'service="stacktach-os-api"} 3.0') in text


def test_api_directory_from_the_environment(tmp_path, monkeypatch,
                                            restore_value_class):
    monkeypatch.setenv(prometheus.MULTIPROC_ENV, str(tmp_path))
    assert prometheus.api_directory(make_conf()) == str(tmp_path)
    conf = make_conf(prometheus_multiproc_dir='/var/lib/metrics')
    assert prometheus.api_directory(conf) == '/var/lib/metrics/api'


def test_each_daemon_has_its_directory_emptied_at_start(tmp_path):
    conf = make_conf(prometheus_multiproc_dir=str(tmp_path))
    directories = {daemon: prometheus.daemon_directory(conf, daemon)
                   for daemon in ('notification', 'verifier', 'api')}
    assert len(set(directories.values())) == 3
    for directory in directories.values():
        assert os.path.dirname(directory) == str(tmp_path)
    stale = tmp_path / 'notification'
    stale.mkdir()
    (stale / 'counter_123.db').write_bytes(b'old')
    (stale / 'README').write_text('kept')
    (tmp_path / 'api').mkdir()
    (tmp_path / 'api' / 'counter_456.db').write_bytes(b'api')
    prometheus.clear(directories['notification'])
    assert os.listdir(stale) == ['README']
    assert os.listdir(tmp_path / 'api') == ['counter_456.db']
    assert prometheus.daemon_directory(make_conf(), 'verifier') is None


def test_no_api_endpoint_when_off_or_not_prometheus():
    conf = make_conf(backend='prometheus', prometheus_api_endpoint=False)
    backend = prometheus.PrometheusBackend(DIMENSIONS)
    assert prometheus.api_endpoint(conf, backend) is None
    assert prometheus.api_endpoint(make_conf(), None) is None


def test_statsd_lines_are_batched_in_datagrams():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as receiver:
        receiver.bind(('127.0.0.1', 0))
        receiver.settimeout(5)
        port = receiver.getsockname()[1]
        backend = statsd.StatsdBackend('127.0.0.1', port, 'st', DIMENSIONS,
                                       flush_interval=60)
        metrics.use_backend(backend)
        CALLS.add(3, kind='compute.instance.exists')
        LEVEL.set(2, kind='a')
        TIME.observe(0.25, kind='a')
        backend.flush()
        datagram = receiver.recv(65536).decode()
    assert datagram.splitlines() == [
        'st.test-service.node-1.test_calls.compute_instance_exists:3|c',
        'st.test-service.node-1.test_level.a:2|g',
        'st.test-service.node-1.test_time.a:250.000|ms',
    ]


def test_statsd_sends_a_full_datagram_at_once():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as receiver:
        receiver.bind(('127.0.0.1', 0))
        receiver.settimeout(5)
        backend = statsd.StatsdBackend(
            '127.0.0.1', receiver.getsockname()[1], 'st', DIMENSIONS,
            flush_interval=60, max_datagram=200)
        metrics.use_backend(backend)
        for _ in range(10):
            CALLS.add(1, kind='k')
        datagram = receiver.recv(65536).decode()
    assert 0 < len(datagram) <= 200
    assert set(datagram.splitlines()) == {
        'st.test-service.node-1.test_calls.k:1|c'}


def test_none_backend_from_conf():
    assert metrics.configure(make_conf(), 'svc') is None
    assert not metrics.enabled()


def test_prometheus_client_is_the_real_one():
    assert prometheus_client.CollectorRegistry
