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
"""Two workers storing the same instance's notifications at once.

The second worker's batch waits for, then collides with, the first one's
new rows (a unique key); the pipeline stores it again, and the merge then
finds them. SQLite has one writer at a time, so only the servers run it.
"""

import threading

import pytest

from stacktach_os.db import lifecycle
from stacktach_os.db import paging
from stacktach_os.db import requests
from stacktach_os.db import timings
from stacktach_os.notification import pipeline
from tests.functional.tracking import conftest
from tests.samples import nova_flows

ALL = conftest.ALL


def test_overlapping_batches_merge(store, conf, read):
    if store.backend == 'sqlite':
        pytest.skip('SQLite allows one writer at a time')
    handlers = pipeline.load_handlers(conf)
    pipe = pipeline.Pipeline(store, None, handlers)
    flow = nova_flows.full_flow(nova_flows.VERSIONED)
    messages = {message['event_type']: message
                for message in flow.listener_messages()}
    first = pipe.prepare('cell1', [messages['instance.create.start']])
    result = {}

    def second_worker():
        try:
            result['fresh'] = pipe.process(
                'cell1', [messages['instance.create.end']])
        except Exception as error:
            result['error'] = error

    with store.writer() as session:
        for handler in handlers:
            handler.handle(session, first)
        worker = threading.Thread(target=second_worker)
        worker.start()
        # The second worker is now blocked behind this transaction.
        worker.join(1.5)
    worker.join(60)
    assert not worker.is_alive()
    assert 'error' not in result, result.get('error')
    assert len(result['fresh']) == 1
    instance_id = flow.expected.instance_id
    [timing] = read(timings.list_timings, ALL, paging.Page(10),
                    instance_id=instance_id)
    assert (timing.operation, timing.outcome, timing.duration) == (
        'create', 'ok', 27.0)
    state = read(lifecycle.get_state, ALL, instance_id)
    assert (state.state, state.last_event_type) == (
        'active', 'instance.create.end')
    request = read(requests.get_request, ALL,
                   nova_flows.request_id('full', 'versioned', 'create'))
    assert (request.notification_count, request.outcome) == (2, 'ok')
