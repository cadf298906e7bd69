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
"""stacktach-os-api and the WSGI module, run as an operator runs them."""

import concurrent.futures
import json
import os
import signal
import subprocess
import sys
import urllib.request

import pytest

from stacktach_os.db import api as db_api
from stacktach_os.db import migration
from tests.functional.api import data
from tests.functional import processes
from tests import services


@pytest.fixture
def seeded_sqlite(tmp_path):
    url = 'sqlite:///%s' % (tmp_path / 'stacktach_os.sqlite')
    store = db_api.Store(url)
    try:
        migration.upgrade(store)
        data.seed(store, 'project-a', 'project-b')
    finally:
        store.dispose()
    return url


def _config(tmp_path, connection, port):
    path = tmp_path / 'stacktach_os.conf'
    path.write_text('\n'.join([
        '[DEFAULT]', 'log_file = %s' % (tmp_path / 'api.log'),
        '[database]', 'connection = %s' % connection,
        '[api]', 'auth_strategy = noauth', 'host = 127.0.0.1',
        'port = %d' % port, 'workers = 4', 'max_limit = 50']) + '\n')
    return str(path)


def _get(url):
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.status, json.loads(response.read())


def test_stacktach_os_api_serves_until_sigterm(tmp_path, seeded_sqlite):
    port = processes.free_port()
    config = _config(tmp_path, seeded_sqlite, port)
    process = subprocess.Popen(
        [os.path.join(os.path.dirname(sys.executable), 'stacktach-os-api'),
         '--config-file', config])
    try:
        processes.wait_for(
            lambda: (process.poll() is None and
                     services.port_open('127.0.0.1', port)),
            60, message='stacktach-os-api to listen')
        base = 'http://127.0.0.1:%d' % port
        assert _get(base + '/')[1]['versions'][0]['id'] == 'v1'
        urls = [base + '/v1/events?limit=5', base + '/v1/hosts',
                base + '/v1/event_types', base + '/v1/events/b-image'] * 5
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            results = list(pool.map(_get, urls))
        assert all(status == 200 for status, _document in results)
        assert results[3][1]['project_id'] == 'project-b'  # noauth: admin
        assert len(results[0][1]['events']) == 5
    finally:
        process.send_signal(signal.SIGTERM)
        returncode = process.wait(timeout=60)
    assert returncode == 0
    log = (tmp_path / 'api.log').read_text()
    assert 'auth_strategy = noauth' in log and 'ADMIN' in log


_WSGI_CLIENT = '''
import json, sys, webtest
from stacktach_os.wsgi import api
app = webtest.TestApp(api.application)
print(json.dumps([app.get(url, expect_errors=True).json
                  for url in sys.argv[1:]]))
'''


def test_wsgi_module_reads_the_config_file_named_by_env(tmp_path,
                                                        seeded_sqlite):
    config = _config(tmp_path, seeded_sqlite, processes.free_port())
    environ = dict(os.environ, STACKTACH_OS_CONFIG_FILE=config)
    result = subprocess.run(
        [sys.executable, '-c', _WSGI_CLIENT, '/v1/deployments',
         '/v1/events?limit=51', '/v1/events?limit=x'],
        env=environ, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    deployments, events, error = json.loads(result.stdout)
    assert deployments['deployments'] == [{'name': 'cell-a'},
                                          {'name': 'cell-b'}]
    assert len(events['events']) == 27  # all of them, under max_limit 50
    assert 'limit' in error['error_message']['faultstring']
