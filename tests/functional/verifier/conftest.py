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
"""Fixtures of the verifier tests: stored flows, a bus, verifiers.

The verdict notifications go through oslo.messaging's in-process
``fake://`` transport to a notification listener on the same transport;
test_rabbit.py goes through RabbitMQ.
"""

import threading
import time

from oslo_config import fixture as config_fixture
import oslo_messaging
import pytest
from sqlalchemy import select

from stacktach_os import conf as st_conf
from stacktach_os.db import models
from stacktach_os.notification import pipeline
from stacktach_os.verifier import notifier
from stacktach_os.verifier import verifier as st_verifier
from tests.samples import nova_flows

TOPIC = 'billing'


@pytest.fixture
def conf():
    """The global configuration, reset after the test."""
    fixture = config_fixture.Config(st_conf.CONF)
    fixture.setUp()
    yield fixture.conf
    fixture.cleanUp()


@pytest.fixture
def ingest(store, conf):
    """Store notifications (listener-shaped) with the default handlers."""
    pipe = pipeline.Pipeline(store, None, pipeline.load_handlers(conf))

    def run(messages, deployment=nova_flows.DEPLOYMENT, batch_size=200):
        messages = list(messages)
        for start in range(0, len(messages), batch_size):
            pipe.store(pipe.prepare(deployment,
                                    messages[start:start + batch_size]))
    return run


class Bus(object):
    """A fake:// transport and a listener that keeps what it receives."""

    def __init__(self, conf):
        self.transport = oslo_messaging.get_notification_transport(
            conf, url='fake://')
        self.received = []
        self.lock = threading.Lock()
        self.listener = oslo_messaging.get_notification_listener(
            self.transport, [oslo_messaging.Target(topic=TOPIC)], [self],
            executor='threading', pool='receiver')
        self.listener.start()

    def info(self, ctxt, publisher_id, event_type, payload, metadata):
        """Keep a notification."""
        with self.lock:
            self.received.append((metadata['message_id'], event_type,
                                  payload))

    def wait_for(self, count, timeout=30):
        """Wait until ``count`` notifications arrived; return them all."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if len(self.received) >= count:
                    break
            time.sleep(0.02)
        time.sleep(0.1)  # anything more would be one too many
        with self.lock:
            return list(self.received)

    def emitter(self, conf):
        """An Emitter that sends on this bus."""
        return notifier.Emitter(conf, transport=self.transport,
                                topics=[TOPIC])

    def close(self):
        """Stop the listener."""
        self.listener.stop()
        self.listener.wait()
        self.transport.cleanup()


@pytest.fixture
def bus(conf):
    """The bus of the verdicts."""
    found = Bus(conf)
    yield found
    found.close()


@pytest.fixture
def make_verifier(store, conf, bus):
    """Make a Verifier of the store that emits on the bus."""
    def make(**options):
        settings = dict(batch_size=50, settle_time=0, claim_timeout=60)
        settings.update(options)
        return st_verifier.Verifier(store, bus.emitter(conf), **settings)
    return make


def verdicts(store):
    """Return {(resource type, message id, resource id): Verification}."""
    with store.reader() as session:
        rows = list(session.scalars(select(models.Verification)))
        session.expunge_all()
    return {(row.resource_type, row.message_id, row.resource_id): row
            for row in rows}


def exists_statuses(store, model):
    """Return {message id: (status, reason)} of an exists table."""
    with store.reader() as session:
        return {row.message_id: (row.status, row.reason)
                for row in session.scalars(select(model))}
