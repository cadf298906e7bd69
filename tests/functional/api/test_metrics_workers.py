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
"""The API's GET /metrics when several processes serve the API.

Two processes run the WSGI module that uwsgi or mod_wsgi loads
(``stacktach_os.wsgi.api:application``), with one configuration file
that sets ``[metrics] prometheus_multiproc_dir``, as two workers of a
multi-process WSGI server would: each on its own port here, so that the
test chooses which one answers each request. Either one's ``/metrics``
adds up the requests both served (real prometheus_client multiprocess
files, no mocks), and still counts those of a worker that has exited.
"""

import os
import signal
import subprocess
import sys
import urllib.error
import urllib.request

from prometheus_client import parser

from tests.functional import processes
from tests import services

_WORKER = '''
import sys
from wsgiref import simple_server
from stacktach_os.wsgi import api


class Quiet(simple_server.WSGIRequestHandler):
    def log_message(self, *args):
        pass


simple_server.make_server('127.0.0.1', int(sys.argv[1]), api.application,
                          handler_class=Quiet).serve_forever()
'''
SERIES = 'stacktach_api_request_seconds_count'


def _config(tmp_path, metrics_dir):
    path = tmp_path / 'stacktach_os.conf'
    path.write_text('\n'.join([
        '[DEFAULT]', 'log_file = %s' % (tmp_path / 'api.log'),
        'state_path = %s' % tmp_path,
        '[database]',
        'connection = sqlite:///%s' % (tmp_path / 'stacktach_os.sqlite'),
        '[api]', 'auth_strategy = noauth',
        '[metrics]', 'backend = prometheus', 'host = node-5',
        'prometheus_multiproc_dir = %s' % metrics_dir]) + '\n')
    return str(path)


def _get(port, path):
    url = 'http://127.0.0.1:%d%s' % (port, path)
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def _request_counts(port):
    """{(endpoint, status): count} of api_request in port's /metrics."""
    status, text = _get(port, '/metrics')
    assert status == 200
    counts = {}
    for family in parser.text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == SERIES:
                assert sample.labels['host'] == 'node-5'
                assert sample.labels['service'] == 'stacktach-os-api'
                key = (sample.labels['endpoint'], sample.labels['status'])
                counts[key] = counts.get(key, 0) + int(sample.value)
    return counts


def test_any_worker_answers_with_the_counts_of_all(tmp_path):
    metrics_dir = tmp_path / 'metrics'
    environ = dict(os.environ,
                   STACKTACH_OS_CONFIG_FILE=_config(tmp_path, metrics_dir))
    environ.pop('PROMETHEUS_MULTIPROC_DIR', None)
    ports = [processes.free_port(), processes.free_port()]
    workers = [subprocess.Popen([sys.executable, '-c', _WORKER, str(port)],
                                env=environ) for port in ports]
    try:
        for worker, port in zip(workers, ports):
            processes.wait_for(
                lambda: (worker.poll() is None
                         and services.port_open('127.0.0.1', port)),
                60, message='an API worker to listen on %d' % port)
        first, second = ports
        for _ in range(3):
            assert _get(first, '/v1/')[0] == 200
        for _ in range(2):
            assert _get(second, '/v1/')[0] == 200
        assert _get(second, '/v1/nowhere')[0] == 404

        expected = {('V1Controller.get_all', '200'): 5,
                    ('unrouted', '404'): 1}
        assert _request_counts(first) == expected
        assert _request_counts(second) == expected
        # One file per worker, in the API's own subdirectory.
        files = sorted(name for name in os.listdir(metrics_dir / 'api')
                       if name.endswith('.db'))
        assert files == sorted('histogram_%d.db' % worker.pid
                               for worker in workers)

        # A worker that exits (uwsgi's max-requests) keeps its counts.
        workers[0].send_signal(signal.SIGTERM)
        workers[0].wait(timeout=30)
        assert _request_counts(second) == expected
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.send_signal(signal.SIGTERM)
            worker.wait(timeout=30)
