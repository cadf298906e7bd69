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
"""Through RabbitMQ: flows in, verdicts out, across a kill -9.

A simulated cloud's notifications (with injected billing errors) are
published on three buses; ``stacktach-os-notification`` stores them;
``stacktach-os-verifier`` (two workers) verifies the exists and sends
its verdicts on the ``billing`` topic, where a listener of this test
receives them. The verifier is killed (``kill -9``, every process) in the
middle of its pass and started again: every exists must still get
exactly one verdict notification, counted by distinct message id, with
the code the simulator's manifest expects.
"""

import collections
import threading
import time

from oslo_config import cfg
import oslo_messaging
from sqlalchemy import func
from sqlalchemy import select

from stacktach_os.db import archive
from stacktach_os.db import models
from stacktach_os.db import verification
from stacktach_os.notigen import bus as notigen_bus
from stacktach_os.notigen import generator
from stacktach_os.notigen import simulation
from stacktach_os.verifier import notifier
from tests.functional import database
from tests.functional import messaging
from tests.functional import processes
from tests.functional.verifier import verifier_process

TOPIC = 'billing'
EXISTS_MODELS = (models.InstanceExists, models.ImageExists,
                 models.VolumeExists)


class Receiver(object):
    """A billing system's listener on the verifier's topic."""

    def __init__(self, url):
        self.received = []
        self.lock = threading.Lock()
        self.transport = oslo_messaging.get_notification_transport(
            cfg.ConfigOpts(), url=url)
        self.listener = oslo_messaging.get_notification_listener(
            self.transport, [oslo_messaging.Target(topic=TOPIC)], [self],
            executor='threading', pool='billing-system')

    def info(self, ctxt, publisher_id, event_type, payload, metadata):
        """Keep a verdict."""
        with self.lock:
            self.received.append((metadata['message_id'], event_type,
                                  payload))

    def distinct(self):
        """{message id: (event type, payload)} of what arrived."""
        with self.lock:
            return {message_id: (event_type, payload) for
                    message_id, event_type, payload in self.received}

    def close(self):
        """Stop listening."""
        self.listener.stop()
        self.listener.wait()
        self.transport.cleanup()


def _exists_count(store):
    with store.reader() as session:
        return sum(session.scalar(select(func.count()).select_from(model))
                   for model in EXISTS_MODELS)


def _verdict_count(store):
    with store.reader() as session:
        return session.scalar(
            select(func.count()).select_from(models.Verification).where(
                models.Verification.verified_at.is_not(None)))


def _claimed_count(store):
    with store.reader() as session:
        return session.scalar(
            select(func.count()).select_from(models.Verification).where(
                models.Verification.status == verification.VERIFYING))


def _mid_pass(store):
    """Verdicts are stored, and a batch is claimed but not judged yet."""
    return _verdict_count(store) >= 4 and _claimed_count(store) > 0


def _kill_mid_pass(verifier, store, attempts=50):
    """kill -9 the verifier while it holds a claimed batch.

    A batch seen claimed may be judged before the signal lands: the
    verifier is frozen first, its last commits are let land, and it is
    let go on until one is still claimed.
    """
    for _attempt in range(attempts):
        processes.wait_for(lambda: _mid_pass(store), 120, interval=0.01,
                           message='a batch claimed mid-pass')
        verifier.freeze()
        # A commit sent just before the freeze still lands on the server.
        time.sleep(1)
        if _claimed_count(store) > 0:
            verifier.kill()
            return
        verifier.thaw()
    raise AssertionError('no claimed batch seen in %d attempts' % attempts)


def _all_sent(store, total):
    with store.reader() as session:
        return (verification.count_emitted(session) == total
                and _verdict_count(store) == total)


def test_every_exists_gets_one_verdict_across_a_kill(tmp_path):
    settings = simulation.Settings(
        seed=11, tenants=3, hosts=4, cells=2, instances=16, days=0.5,
        failure_rate=0.2, operation_interval=3 * 3600.0)
    run = generator.Run(settings, nova_format='both', faults_count=6)
    notifications = list(run.notifications())
    manifest = run.manifest()
    expected_failures = {message_id: fault['code']
                         for fault in manifest['faults']
                         for message_id in fault['message_ids']}
    with database.migrated_store('mysql') as store, \
            messaging.vhosts(*manifest['buses']) as buses:
        listener = processes.ListenerProcess(processes.write_config(
            str(tmp_path), store.url, buses, batch_timeout=1)).start()
        receiver = Receiver(buses['api'])
        receiver.listener.start()
        verifier = None
        try:
            for url in buses.values():
                processes.wait_for(lambda: messaging.consumers_ready(url),
                                   120, message='the listener to consume')
            sink = notigen_bus.BusSink(urls=buses)
            try:
                for item in notifications:
                    sink.send(item)
            finally:
                sink.close()

            def stored():
                with store.reader() as session:
                    return archive.count_notifications(session)
            processes.wait_for(lambda: stored() == len(notifications), 300,
                               message='the notifications to be stored')
            total = _exists_count(store)
            assert total > manifest['exists']['total']

            config = verifier_process.write_config(
                str(tmp_path), store.url, buses['api'], topics=TOPIC,
                workers=2, batch_size=2, claim_timeout=5)
            verifier = verifier_process.VerifierProcess(config).start()
            _kill_mid_pass(verifier, store)
            assert _verdict_count(store) < total, 'the pass ended first'
            # Claimed by the dead: taken back after the claim timeout.
            assert _claimed_count(store) > 0

            verifier = verifier_process.VerifierProcess(config).start()
            processes.wait_for(lambda: _all_sent(store, total), 300,
                               message='every verdict sent')
            processes.wait_for(lambda: len(receiver.distinct()) >= total,
                               120, message='every verdict received')
            time.sleep(3)  # a verdict sent twice would arrive by now
            assert verifier.stop() is not None
            verifier = None

            received = receiver.distinct()
            assert len(received) == total
            with store.reader() as session:
                rows = list(session.scalars(select(models.Verification)))
                statuses = collections.Counter()
                for model in EXISTS_MODELS:
                    statuses.update(session.scalars(select(model.status)))
            assert statuses == collections.Counter(
                {'verified': total - len(expected_failures),
                 'failed': len(expected_failures)})
            assert len(rows) == total
            for row in rows:
                event_type, payload = received[verification.notification_id(
                    row.message_id, row.resource_id, row.event_type)]
                assert event_type == row.event_type == notifier.event_type(
                    row.resource_type, row.status == 'failed')
                assert payload['original_message_id'] == row.message_id
            failures = {payload['original_message_id']: payload['code']
                        for event_type, payload in received.values()
                        if event_type.endswith('.failed')}
            assert failures == expected_failures
            # Duplicates, if any, are exact copies with the same id.
            assert len(receiver.received) >= total
        finally:
            if verifier is not None:
                verifier.kill()
            receiver.close()
            listener.stop()
