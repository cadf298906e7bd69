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
"""stacktach-os-verifier as a service: passes, SIGHUP, SIGTERM.

The verdicts go to oslo.messaging's in-process ``fake://`` bus of the
verifier itself; test_rabbit.py follows them through RabbitMQ.
"""

import os
import signal

from stacktach_os import conf as st_conf
from stacktach_os.db import models
from stacktach_os.db import verification
from stacktach_os.notification import pipeline
from tests.functional import database
from tests.functional import processes
from tests.functional.verifier import verifier_process
from tests.samples import nova_flows


def _store_flow(store, fmt, name):
    conf = st_conf.CONF
    conf([], project='stacktach_os', default_config_files=[])
    pipe = pipeline.Pipeline(store, None, pipeline.load_handlers(conf))
    flow = nova_flows.full_flow(fmt, name=name)
    pipe.store(pipe.prepare('cell1', flow.listener_messages()))


def _done(store, count):
    with store.reader() as session:
        return (verification.count_statuses(session, 'instance')
                == {'verified': count}
                and verification.count_emitted(session) == count)


def test_passes_reload_and_graceful_stop(tmp_path):
    with database.migrated_store('sqlite') as store:
        _store_flow(store, nova_flows.LEGACY, 'first')
        config = verifier_process.write_config(
            str(tmp_path), store.url, 'fake://', workers=2, batch_size=1)
        verifier = verifier_process.VerifierProcess(config).start()
        try:
            processes.wait_for(lambda: _done(store, 4), 120,
                               message='the first flow verified')
            # SIGHUP: the workers start again with the configuration
            # read again, and go on verifying.
            verifier.signal(signal.SIGHUP)
            _store_flow(store, nova_flows.VERSIONED, 'second')
            processes.wait_for(lambda: _done(store, 8), 120,
                               message='the second flow verified')
            assert verifier.alive()
            assert verifier.stop() == 0
        finally:
            if verifier.alive():
                verifier.kill()
        with store.reader() as session:
            claimants = {row.claimed_by.split(':')[-2] for row in
                         session.query(models.Verification)}
        log = open(os.path.join(str(tmp_path), 'verifier.log')).read()
    assert 'Traceback' not in log
    assert 'graceful exiting' in log
    # Both workers took part (w0 and w1).
    assert claimants <= {'w0', 'w1'}
