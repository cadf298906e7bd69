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
"""stacktach-os-notification against real RabbitMQ and databases.

Notifications are published with oslo.messaging's Notifier, as OpenStack
services publish them, on one bus per cell; the listener runs as its own
process. Each published notification carries a sequence number in its
payload, so that the tests can tell what arrived, and how many times.
"""

import threading
import time

import pytest

from stacktach_os.db import archive
from stacktach_os.db import codec
from stacktach_os.db import events as db_events
from tests.functional import database
from tests.functional import messaging
from tests.functional import processes


def legacy_payload(seq, cell):
    return {'instance_id': 'inst-%s-%d' % (cell, seq),
            'tenant_id': 'proj-%d' % (seq % 3), 'seq': seq, 'cell': cell,
            'state': 'active', 'old_state': 'building',
            'memory_mb': 512, 'launched_at': '2026-05-01T10:00:00.000000',
            'image_meta': {'os_distro': 'ubuntu'}}


def versioned_payload(seq, cell):
    return {'nova_object.name': 'InstanceActionPayload',
            'nova_object.namespace': 'nova',
            'nova_object.version': '1.8',
            'nova_object.data': {
                'uuid': 'inst-%s-%d' % (cell, seq),
                'tenant_id': 'proj-%d' % (seq % 3), 'seq': seq,
                'state': 'active', 'task_state': None,
                'host': 'compute-%d' % (seq % 4)}}


def publish(publisher, cell, seqs, pause=0.0):
    """Publish legacy and versioned nova notifications, alternately."""
    ctxt = {'request_id': 'req-%s' % cell, 'project_id': 'proj-0',
            'auth_token': 'secret-token'}
    for seq in seqs:
        if seq % 2:
            publisher.publish('compute.instance.create.end',
                              legacy_payload(seq, cell), ctxt,
                              publisher_id='compute.host-%d' % (seq % 4))
        else:
            publisher.publish('instance.create.end',
                              versioned_payload(seq, cell), ctxt,
                              publisher_id='nova-compute:host-%d' % (seq % 4))
        if pause:
            time.sleep(pause)


def stored_seqs(store):
    """Return [(deployment, seq)] of every archived notification."""
    with store.reader() as session:
        found = []
        for _id, deployment, body in archive.iter_bodies(session):
            payload = codec.decode_body(body)['payload']
            data = payload.get('nova_object.data', payload)
            found.append((deployment, data['seq']))
        return found


def count(store):
    with store.reader() as session:
        return archive.count_notifications(session)


def start_listener(tmp_path, store_url, buses, **options):
    options.setdefault('batch_timeout', 1)
    config = processes.write_config(str(tmp_path), store_url, buses,
                                    **options)
    listener = processes.ListenerProcess(config).start()
    for url in buses.values():
        processes.wait_for(lambda: messaging.consumers_ready(url), 120,
                           message='the listener to consume')
    return listener


@pytest.mark.parametrize('backend', database.BACKENDS)
def test_two_cells_each_notification_once(tmp_path, backend):
    with database.migrated_store(backend) as store, \
            messaging.vhosts('cell1', 'cell2') as buses:
        listener = start_listener(tmp_path, store.url, buses)
        try:
            for cell, url in buses.items():
                publisher = messaging.Publisher(url)
                publish(publisher, cell, range(150))
                publisher.close()
            processes.wait_for(lambda: count(store) >= 300, 120,
                               message='300 notifications stored')
            time.sleep(2)  # anything more would be a duplicate
            found = stored_seqs(store)
            assert len(found) == 300
            assert set(found) == {(cell, seq) for cell in buses
                                  for seq in range(150)}
            with store.reader() as session:
                assert archive.count_malformed(session) == 0
                for cell in buses:
                    assert db_events.count_events(session, cell) == 150
            assert listener.alive()
        finally:
            listener.stop()


def test_kill_9_then_restart_stores_everything_once(tmp_path):
    total = 4000
    with database.migrated_store('mysql') as store, \
            messaging.vhosts('cell1') as buses:
        listener = start_listener(tmp_path, store.url, buses)
        publisher = messaging.Publisher(buses['cell1'])
        publish(publisher, 'cell1', range(total))
        try:
            processes.wait_for(lambda: count(store) >= 300, 120,
                               message='some notifications stored')
            listener.kill()
            at_kill = count(store)
            assert at_kill < total, 'the listener finished before the kill'
            listener = start_listener(tmp_path, store.url, buses)
            processes.wait_for(lambda: count(store) >= total, 300,
                               message='every notification stored')
            time.sleep(2)
            found = stored_seqs(store)
            assert len(found) == total
            assert {seq for _cell, seq in found} == set(range(total))
        finally:
            publisher.close()
            listener.stop()


def test_database_down_for_30s_loses_nothing(tmp_path):
    total = 1500
    server = processes.PrivateMariaDB(str(tmp_path)).install()
    try:
        with messaging.vhosts('cell1') as buses:
            from stacktach_os.db import api as db_api
            from stacktach_os.db import migration
            store = db_api.Store(server.url)
            migration.upgrade(store)
            listener = start_listener(tmp_path, server.url, buses,
                                      max_retry_delay=5)
            publisher = messaging.Publisher(buses['cell1'])
            sender = threading.Thread(
                target=publish,
                args=(publisher, 'cell1', range(total), 0.02))
            sender.start()
            try:
                processes.wait_for(lambda: count(store) >= 200, 120,
                                   message='some notifications stored')
                store.dispose()
                server.stop()
                time.sleep(30)
                assert listener.alive()
                server.start()
                sender.join()
                processes.wait_for(lambda: count(store) >= total, 300,
                                   message='every notification stored')
                time.sleep(2)
                found = stored_seqs(store)
                assert len(found) == total
                assert {seq for _cell, seq in found} == set(range(total))
                assert listener.alive(), 'the listener had to restart'
            finally:
                sender.join()
                publisher.close()
                listener.stop()
                store.dispose()
    finally:
        server.stop()
