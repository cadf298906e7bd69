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
"""The trace id of a request, stored and shown with a link."""

import datetime

import webtest

from stacktach_os.api import app as api_app
from stacktach_os.db import requests
from tests.unit.api import fakes

OWN = 'req-00000000-0000-4000-8000-00000000000a'
CALLER = 'req-00000000-0000-4000-8000-00000000000b'
PLAIN = 'req-00000000-0000-4000-8000-00000000000c'
WHEN = datetime.datetime(2026, 3, 1, 10, 0, 0, 250000)
ADMIN = fakes.identity_headers(project_id='admin-project',
                               roles=('admin',))


def activity(request_id, global_request_id=None, seconds=0):
    when = WHEN + datetime.timedelta(seconds=seconds)
    return requests.Activity(
        request_id=request_id, deployment='cell1', first_generated=when,
        first_event_type='compute.instance.update', last_generated=when,
        global_request_id=global_request_id, project_id='project-a',
        notification_count=1)


def test_trace_ids_stored_and_linked(backend_store):
    with backend_store.writer() as session:
        requests.record(session, [activity(OWN), activity(PLAIN)])
    # A later batch learns the caller's (global) request id: the
    # request belongs to the caller's trace.
    with backend_store.writer() as session:
        requests.record(session, [activity(OWN, CALLER, 5),
                                  activity(PLAIN, None, 5)])
    conf = fakes.make_conf()
    application = api_app.setup_app(conf, backend_store)
    conf.set_override('trace_url_template',
                      'http://jaeger:16686/trace/{trace_id}', 'tracing')
    api = webtest.TestApp(application)

    document = api.get('/v1/requests/' + OWN, headers=ADMIN).json
    assert document['global_request_id'] == CALLER
    assert document['trace_id'] == '00000000000040008000' + '00000000000b'
    assert document['trace_url'] == (
        'http://jaeger:16686/trace/0000000000004000800000000000000b')
    plain = api.get('/v1/requests/' + PLAIN, headers=ADMIN).json
    assert plain['trace_id'] == '0000000000004000800000000000000c'
    assert plain['notification_count'] == 2

    listed = api.get('/v1/requests', headers=ADMIN).json['requests']
    assert {item['request_id']: item['trace_id'] for item in listed} == {
        OWN: '0000000000004000800000000000000b',
        PLAIN: '0000000000004000800000000000000c'}

    conf.clear_override('trace_url_template', 'tracing')
    assert api.get('/v1/requests/' + OWN,
                   headers=ADMIN).json['trace_url'] is None
