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
"""Sinks, buses and pacing."""

import datetime
import threading
import time

from oslo_config import cfg
import oslo_messaging
import pytest

from stacktach_os.notigen import bus
from stacktach_os.notigen import generator
from stacktach_os.notigen import output
from stacktach_os.notigen import simulation

BUSES = ['api', 'cell1', 'cell2']


def test_one_bare_url_for_every_bus():
    assert bus.parse_transport_urls(['rabbit://a/'], BUSES) == {
        'api': 'rabbit://a/', 'cell1': 'rabbit://a/', 'cell2': 'rabbit://a/'}


def test_named_urls_and_a_default():
    urls = bus.parse_transport_urls(
        ['cell2=rabbit://c2/', 'rabbit://top/?ssl=1'], BUSES)
    assert urls == {'api': 'rabbit://top/?ssl=1',
                    'cell1': 'rabbit://top/?ssl=1', 'cell2': 'rabbit://c2/'}


def test_api_falls_back_to_the_first_named():
    urls = bus.parse_transport_urls(
        ['cell1=rabbit://c1/', 'cell2=rabbit://c2/'], BUSES)
    assert urls['api'] == 'rabbit://c1/'


@pytest.mark.parametrize('values, message', [
    (['cell1=rabbit://c1/'], "no transport URL for bus 'cell2'"),
    (['rabbit://a/', 'rabbit://b/'], 'one bare --transport-url at most'),
    (['cell1=rabbit://a/', 'cell1=rabbit://b/'], "names 'cell1' twice"),
    (['cell9=rabbit://a/'], "'cell9', which is no bus"),
    (['cell1=localhost'], 'is not a transport URL'),
    ([], 'no --transport-url given'),
])
def test_bad_urls(values, message):
    with pytest.raises(ValueError) as raised:
        bus.parse_transport_urls(values, BUSES)
    assert message in str(raised.value)


class FakeTime(object):
    def __init__(self):
        self.now = 100.0
        self.slept = []

    def sleep(self, seconds):
        self.slept.append(round(seconds, 6))
        self.now += seconds

    def monotonic(self):
        return self.now


START = datetime.datetime(2026, 1, 5)


def test_fast_never_sleeps():
    fake = FakeTime()
    pacer = output.Pacer(sleep=fake.sleep, now=fake.monotonic)
    for seconds in range(5):
        pacer.wait(START + datetime.timedelta(hours=seconds))
    assert fake.slept == []


def test_rate():
    fake = FakeTime()
    pacer = output.Pacer(rate=4, sleep=fake.sleep, now=fake.monotonic)
    for _number in range(5):
        pacer.wait(START)
    assert fake.slept == [0.25, 0.25, 0.25, 0.25]


def test_realtime():
    fake = FakeTime()
    pacer = output.Pacer(realtime=True, start=START, sleep=fake.sleep,
                         now=fake.monotonic)
    pacer.wait(START + datetime.timedelta(seconds=2))
    pacer.wait(START + datetime.timedelta(seconds=2.5))
    fake.now += 3  # sending was slow: no sleep for what is due
    pacer.wait(START + datetime.timedelta(seconds=3))
    assert fake.slept == [2.0, 0.5]


def test_rate_and_realtime_exclude_each_other():
    with pytest.raises(ValueError):
        output.Pacer(rate=1, realtime=True, start=START)
    with pytest.raises(ValueError):
        output.Pacer(rate=0)


class Received(object):
    """A notification endpoint that remembers what it got."""

    def __init__(self):
        self.lock = threading.Lock()
        self.seen = []

    def _take(self, ctxt, publisher_id, event_type, payload, metadata):
        with self.lock:
            self.seen.append((metadata['message_id'], event_type,
                              metadata['timestamp'], ctxt['request_id']))

    info = error = _take


def test_publishes_in_process_with_the_simulated_ids_and_times():
    conf = cfg.ConfigOpts()
    conf([], default_config_files=[])
    transport = oslo_messaging.get_notification_transport(
        conf, url='fake://')
    received = Received()
    listener = oslo_messaging.get_notification_listener(
        transport, [oslo_messaging.Target(topic='notifications'),
                    oslo_messaging.Target(topic='versioned')],
        [received], executor='threading', pool='test')
    listener.start()
    notifications = list(generator.Run(simulation.Settings(
        instances=3, days=0.1, tenants=2, hosts=2, cells=1)).notifications())
    sink = bus.BusSink(transports={'api': transport, 'cell1': transport},
                       versioned_topic='versioned')
    try:
        for item in notifications:
            sink.send(item)
        deadline = time.monotonic() + 30
        while (len(received.seen) < len(notifications)
               and time.monotonic() < deadline):
            time.sleep(0.05)
    finally:
        sink.close()
        listener.stop()
        listener.wait()
    assert sorted(received.seen) == sorted(
        (item.body['metadata']['message_id'], item.body['event_type'],
         item.body['metadata']['timestamp'], item.body['ctxt']['request_id'])
        for item in notifications)
