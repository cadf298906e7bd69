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
"""A realistic nova flow through RabbitMQ and the listener process.

The flow (create, resize, revert, rebuild, exists, delete, in both nova
formats) is published in a scrambled order on a real bus with its own
message ids and times, consumed by stacktach-os-notification, and must
leave the same lifecycle, timings, requests and usage rows as the flow's
expectations say.
"""

import random
import time

import oslo_messaging
import pytest

from stacktach_os.db import archive
from stacktach_os.db import lifecycle
from stacktach_os.notigen import bus as notigen_bus
from tests.functional import database
from tests.functional import messaging
from tests.functional import processes
from tests.functional.tracking import conftest
from tests.functional.tracking import test_lifecycle
from tests.functional.tracking import test_requests
from tests.functional.tracking import test_timings
from tests.functional.tracking import test_usage
from tests.samples import nova_flows


def _publish(url, messages):
    publisher = messaging.Publisher(url)
    notifier = notigen_bus.SimulationNotifier(
        publisher.transport, publisher_id='nova', driver='messagingv2',
        topics=['notifications'])
    try:
        for message in messages:
            notifier.send(message)
    finally:
        publisher.close()


def _reader(store):
    def read(function, *args, **kwargs):
        with store.reader() as session:
            result = function(session, *args, **kwargs)
            session.expunge_all()
        return result
    return read


@pytest.mark.parametrize('backend', ['mysql', 'postgresql'])
def test_flows_through_rabbitmq(tmp_path, backend):
    flows = [nova_flows.full_flow(fmt) for fmt in nova_flows.FORMATS]
    messages = [message for flow in flows
                for message in flow.listener_messages()]
    random.Random(7).shuffle(messages)
    with database.migrated_store(backend) as store, \
            messaging.vhosts('cell1') as buses:
        config = processes.write_config(
            str(tmp_path), store.url, buses, batch_timeout=1, batch_size=7)
        listener = processes.ListenerProcess(config).start()
        try:
            processes.wait_for(
                lambda: messaging.consumers_ready(buses['cell1']), 120,
                message='the listener to consume')
            _publish(buses['cell1'], messages)

            def stored():
                with store.reader() as session:
                    return archive.count_notifications(session)
            processes.wait_for(lambda: stored() >= len(messages), 120,
                               message='the flows stored')
            time.sleep(1)
            assert stored() == len(messages)
        finally:
            listener.stop()
        read = _reader(store)
        for flow in flows:
            expected = flow.expected
            state = read(lifecycle.get_state, conftest.ALL,
                         expected.instance_id)
            assert (state.state, state.task_state) == (
                expected.state, expected.task_state)
            steps = read(lifecycle.get_lifecycle, conftest.ALL,
                         expected.instance_id)
            assert test_lifecycle._states(steps) == expected.states
            rows = test_timings._timings(read,
                                         instance_id=expected.instance_id)
            assert test_timings._by_operation(rows) == expected.timings
            test_requests._check(read, expected)
            launches, deletes, exists, _rows, _ = test_usage._instance_usage(
                read, expected.instance_id)
            assert (launches, deletes, exists) == (
                expected.launches, expected.deletes, expected.exists)


def test_simulation_notifier_is_a_notifier():
    assert issubclass(notigen_bus.SimulationNotifier, oslo_messaging.Notifier)
