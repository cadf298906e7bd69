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
"""Fixtures of the tracking tests: a store and the default handlers."""

import random

from oslo_config import fixture as config_fixture
import pytest

from stacktach_os import conf as st_conf
from stacktach_os.db import paging
from stacktach_os.notification import pipeline
from tests.samples import nova_flows

ALL = paging.ALL_PROJECTS


@pytest.fixture
def conf():
    """The global configuration, reset after the test."""
    fixture = config_fixture.Config(st_conf.CONF)
    fixture.setUp()
    yield fixture.conf
    fixture.cleanUp()


@pytest.fixture
def ingest(store, conf):
    """Store messages through the pipeline with the default handlers.

    No distiller: the tracking handlers read payloads, not events.
    Handler errors are raised, not hidden by the pipeline's fallback.
    """
    handlers = pipeline.load_handlers(conf)
    pipe = pipeline.Pipeline(store, None, handlers)

    def run(messages, batch_size=None, deployment=nova_flows.DEPLOYMENT):
        messages = list(messages)
        size = batch_size or max(1, len(messages))
        fresh = []
        for start in range(0, len(messages), size):
            items = pipe.prepare(deployment, messages[start:start + size])
            fresh.extend(pipe.store(items))
        return fresh
    return run


@pytest.fixture
def read(store):
    """Run a function with a reader session: read(fn, *args, **kwargs)."""
    def run(function, *args, **kwargs):
        with store.reader() as session:
            result = function(session, *args, **kwargs)
            # Detached rows keep their loaded values after the session.
            session.expunge_all()
        return result
    return run


def shuffled(messages, seed=4):
    """The messages in a fixed, scrambled order."""
    messages = list(messages)
    random.Random(seed).shuffle(messages)
    return messages
