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
"""stacktach-os-api's server serves requests concurrently."""

import concurrent.futures
import threading
import time
import urllib.request

from stacktach_os.cmd import api as cmd_api
from tests.unit.api import fakes


def _slow_app(environ, start_response):
    time.sleep(0.5)
    start_response('200 OK', [('Content-Type', 'text/plain')])
    return [threading.current_thread().name.encode()]


def test_requests_are_served_in_parallel():
    conf = fakes.make_conf(api={'port': 0, 'workers': 4})
    server = cmd_api.make_server(conf, _slow_app)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = 'http://127.0.0.1:%d/' % server.server_address[1]
    try:
        started = time.monotonic()
        with concurrent.futures.ThreadPoolExecutor(4) as pool:
            names = list(pool.map(
                lambda _: urllib.request.urlopen(url, timeout=10).read(),
                range(4)))
        elapsed = time.monotonic() - started
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
    assert len(set(names)) == 4  # four worker threads
    assert elapsed < 1.5, 'four 0.5 s requests took %.2f s' % elapsed


def test_ipv6_addresses_are_served():
    conf = fakes.make_conf(api={'host': '::1', 'port': 0})
    server = cmd_api.make_server(conf, _slow_app)
    try:
        assert server.server_address[0] == '::1'
    finally:
        server.server_close()
