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
"""The stacktach-os-notification worker process."""

import gc

import cotyledon
from oslo_log import log

from stacktach_os.db import api as db_api
from stacktach_os import health
from stacktach_os import metrics
from stacktach_os.notification.distiller import distiller as st_distiller
from stacktach_os.notification import listener as st_listener
from stacktach_os.notification import observe
from stacktach_os.notification import pipeline as st_pipeline
from stacktach_os import tracing

LOG = log.getLogger(__name__)

# Allocations between collections of the youngest generation. A batch
# makes tens of thousands of short-lived objects (decoded JSON, rows);
# CPython's default of 700 runs the collector hundreds of times per batch.
GC_THRESHOLD = 20000


def tune_garbage_collector():
    """Collect less often, and never scan what start-up allocated."""
    gc.collect()
    gc.freeze()
    _threshold, *older = gc.get_threshold()
    gc.set_threshold(GC_THRESHOLD, *older)


def build_pipeline(conf, store):
    """Return the ingestion pipeline configured by ``conf``."""
    distiller = st_distiller.Distiller.from_conf(conf)
    return st_pipeline.Pipeline(store, distiller,
                                st_pipeline.load_handlers(conf))


class NotificationService(cotyledon.Service):
    """One worker: a batch listener on every configured bus."""

    name = 'stacktach-os-notification'

    def __init__(self, worker_id, conf):
        super().__init__(worker_id)
        self.conf = conf
        self.store = None
        self.listeners = []
        self.heartbeat = None

    def run(self):
        """Start a listener on every bus; they run until terminate()."""
        self.store = db_api.store_from_conf(self.conf)
        metrics.configure(self.conf, self.name, 'notification')
        tracing.configure(self.conf, self.name)
        pipeline = observe.observe(build_pipeline(self.conf, self.store),
                                   health.stuck_after(self.conf))
        self.heartbeat = health.start_heartbeat(
            self.conf, self.name, self.worker_id,
            getattr(pipeline, 'alive', lambda: True))
        tune_garbage_collector()
        for name, url in st_listener.buses(self.conf):
            transport = st_listener.get_transport(self.conf, url)
            endpoint = st_listener.NotificationEndpoint(
                name, pipeline, self.conf.notification.max_retry_delay)
            listener = st_listener.build_listener(
                self.conf, transport, endpoint)
            listener.start()
            self.listeners.append(listener)
            LOG.info('Worker %(worker)d listening to deployment %(name)s '
                     'on topics %(topics)s, pool %(pool)s',
                     {'worker': self.worker_id, 'name': name,
                      'topics': ', '.join(self.conf.notification.topics),
                      'pool': self.conf.notification.pool})

    def terminate(self):
        """Stop consuming, finish the batches in hand, then exit."""
        for listener in self.listeners:
            listener.stop()
        for listener in self.listeners:
            listener.wait()
        if self.heartbeat is not None:
            self.heartbeat.stop()
        if self.store is not None:
            self.store.dispose()
        tracing.shutdown()
