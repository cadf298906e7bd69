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
"""``openstack stacktach request show`` leads to the request's trace."""

from stacktach_os.osc.v1 import requests
from tests.unit.osc import fakes

TRACE_ID = '0af7651916cd43dd8448eb211c80319c'
REQUEST = {
    'request_id': 'req-0af76519-16cd-43dd-8448-eb211c80319c',
    'global_request_id': None, 'trace_id': TRACE_ID,
    'trace_url': 'http://jaeger:16686/trace/' + TRACE_ID,
    'outcome': 'ok', 'notifications': [], 'timings': [],
}


def test_request_show_has_the_trace():
    session = fakes.FakeSession({'/v1/requests/req-1': REQUEST})
    _code, output = fakes.run(requests.ShowRequest, [
        'req-1', '-f', 'value', '-c', 'trace_id', '-c', 'trace_url'],
        session)
    assert output.split() == [TRACE_ID,
                              'http://jaeger:16686/trace/' + TRACE_ID]
    _code, output = fakes.run(requests.ShowRequest, ['req-1'], session)
    assert output.index('global_request_id') < output.index('trace_id') < (
        output.index('outcome'))
