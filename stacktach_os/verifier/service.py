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
"""The stacktach-os-verifier worker process.

Each worker runs a pass every [verifier] interval seconds. SIGTERM ends
the worker after the batch in hand is stored and sent; SIGHUP restarts
it with the configuration read again (cotyledon's default).
"""

import os
import socket
import threading

import cotyledon
from oslo_log import log

from stacktach_os.db import api as db_api
from stacktach_os import health
from stacktach_os import metrics
from stacktach_os import tracing
from stacktach_os.verifier import notifier
from stacktach_os.verifier import observe
from stacktach_os.verifier import verifier as st_verifier

LOG = log.getLogger(__name__)


class VerifierService(cotyledon.Service):
    """One verifier worker: periodic passes until terminated."""

    name = 'stacktach-os-verifier'

    def __init__(self, worker_id, conf):
        super().__init__(worker_id)
        self.conf = conf
        self._stop = threading.Event()
        self._finished = threading.Event()

    def _identity(self):
        return '%s:%d:w%d' % (socket.gethostname(), os.getpid(),
                              self.worker_id)

    def run(self):
        """Run passes until terminate() is called."""
        store = emitter = heartbeat = None
        try:
            metrics.configure(self.conf, self.name, 'verifier')
            tracing.configure(self.conf, self.name)
            heartbeat = health.start_heartbeat(
                self.conf, self.name, self.worker_id,
                lambda: not self._finished.is_set())
            store = db_api.store_from_conf(self.conf)
            emitter = notifier.Emitter(self.conf)
            verifier = st_verifier.Verifier.from_conf(
                self.conf, store, emitter, name=self._identity())
            LOG.info('Verifier %(name)s started: a pass every %(interval)ss, '
                     'verdicts on topics %(topics)s',
                     {'name': verifier.name,
                      'interval': self.conf.verifier.interval,
                      'topics': ', '.join(emitter.topics)})
            self._loop(verifier)
        except Exception:
            LOG.exception('The verifier cannot run')
            raise
        finally:
            if heartbeat is not None:
                heartbeat.stop()
            tracing.shutdown()
            if emitter is not None:
                emitter.close()
            if store is not None:
                store.dispose()
            self._finished.set()

    def _loop(self, verifier):
        drain = True
        while not self._stop.is_set():
            try:
                result = observe.run_pass(verifier, stop=self._stop,
                                          drain=drain)
            except Exception:
                LOG.exception('A verifier pass failed; the next one is in '
                              '%ss', self.conf.verifier.interval)
            else:
                drain = False
                if result:
                    LOG.info('Verifier pass: %(claimed)d claimed, verdicts '
                             '%(verdicts)s, %(emitted)d sent, %(late)d sent '
                             'late, %(back)d taken back',
                             {'claimed': result.claimed,
                              'verdicts': dict(result.verdicts),
                              'emitted': result.emitted,
                              'late': result.late_emitted,
                              'back': result.taken_back})
            self._stop.wait(self.conf.verifier.interval)

    def terminate(self):
        """Stop after the batch in hand; wait for it."""
        self._stop.set()
        self._finished.wait()
