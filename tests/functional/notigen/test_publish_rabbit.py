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
"""stacktach-os-notigen publishing through RabbitMQ to the real listener.

The simulator publishes a small cloud's notifications with oslo.messaging
on three buses (the top level and two cells, each its own vhost), the
legacy and versioned ones on their own topics as nova sends them; the
listener, running as its own process, must store each exactly once,
under the bus it came from.
"""

import io
import json
import time

from stacktach_os.cmd import notigen
from stacktach_os.db import archive
from stacktach_os.notigen import generator
from stacktach_os.notigen import simulation
from tests.functional import database
from tests.functional import messaging
from tests.functional import processes

TOPICS = 'notifications,versioned_notifications'


def count(store):
    with store.reader() as session:
        return archive.count_notifications(session)


def stored(store):
    with store.reader() as session:
        return [(message_id, deployment) for message_id, deployment, _body
                in archive.iter_bodies(session)]


def test_published_notifications_are_stored_once(tmp_path):
    settings = simulation.Settings(seed=11, tenants=3, hosts=4, cells=2,
                                   instances=12, days=0.25)
    # The command publishes what the same seed makes here.
    notifications = list(generator.Run(
        settings, faults_count=2).notifications())
    expected = {item.body['metadata']['message_id']: item.bus
                for item in notifications}
    assert len(expected) == len(notifications) > 300
    manifest = tmp_path / 'manifest.json'
    with database.migrated_store('sqlite') as store, \
            messaging.vhosts('api', 'cell1', 'cell2') as buses:
        config = processes.write_config(str(tmp_path), store.url, buses,
                                        topics=TOPICS, batch_timeout=1)
        listener = processes.ListenerProcess(config).start()
        try:
            for url in buses.values():
                processes.wait_for(lambda: messaging.consumers_ready(url),
                                   120, message='the listener to consume')
            status = notigen.main(
                ['--seed', '11', '--tenants', '3', '--hosts', '4',
                 '--cells', '2', '--instances', '12', '--days', '0.25',
                 '--inject-faults', '2', '--manifest', str(manifest),
                 '--versioned-topic', 'versioned_notifications'] + [
                    '--transport-url=%s=%s' % (name, url)
                    for name, url in buses.items()],
                stderr=io.StringIO())
            assert status == 0
            assert json.loads(manifest.read_text())['notifications'] == len(
                expected)
            processes.wait_for(lambda: count(store) >= len(expected), 180,
                               message='%d notifications stored'
                               % len(expected))
            time.sleep(2)  # anything more would be a duplicate
            found = stored(store)
            assert len(found) == len(expected)
            assert dict(found) == expected
            with store.reader() as session:
                assert archive.count_malformed(session) == 0
            assert listener.alive()
        finally:
            listener.stop()
