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
"""The oslo.messaging side of ingestion: buses, endpoint, batch listeners.

One batch notification listener per configured bus (one bus per cell),
each on every configured topic, in the ``stacktach`` pool so that it gets
its own copy of every notification. The endpoint acknowledges a batch
only after the pipeline committed it; when the database is unreachable it
waits (with a growing pause) and hands the batch back to the bus.
"""

import threading
import time
import urllib.parse

from oslo_log import log
import oslo_messaging

from stacktach_os.notification import pipeline as st_pipeline

LOG = log.getLogger(__name__)

DEFAULT_DEPLOYMENT = 'default'
RABBIT_GROUP = 'oslo_messaging_rabbit'
RABBIT_PREFETCH = 'rabbit_qos_prefetch_count'
# Batches of unacknowledged notifications held by a listener: one being
# stored, the next ones already in hand.
PREFETCH_BATCHES = 10
# Batches stored at once. One thread reads a batch (holding the GIL) while
# the others wait on the database; more threads than that only contend for
# the GIL and for the database's locks (see bound_executor).
EXECUTOR_THREADS = 4
EXECUTOR_POOL_SIZE = 'executor_thread_pool_size'
# Every priority oslo.messaging dispatches to endpoints.
PRIORITIES = ('audit', 'debug', 'info', 'warn', 'error', 'critical',
              'sample')


def parse_bus(value):
    """Return ``(name, url)`` of a ``NAME=URL`` or bare URL option value.

    A bare URL is named after its first host.
    """
    value = value.strip()
    name, separator, url = value.partition('=')
    if separator and '://' not in name and name.strip():
        return name.strip(), url.strip()
    netloc = urllib.parse.urlsplit(value).netloc
    first_host = netloc.split(',')[0].rpartition('@')[2]
    if first_host.startswith('['):
        host = first_host[1:].partition(']')[0]
    else:
        host = first_host.partition(':')[0]
    return host or DEFAULT_DEPLOYMENT, value


def buses(conf):
    """Return the configured ``(name, url)`` buses.

    With no ``[notification] messaging_urls``, the service's own
    notification transport is used (url None), named ``default``.
    """
    values = conf.notification.messaging_urls
    if not values:
        return [(DEFAULT_DEPLOYMENT, None)]
    parsed = [parse_bus(value) for value in values]
    names = [name for name, _url in parsed]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise ValueError('[notification] messaging_urls names %s more than '
                         'once; give each bus its own NAME=' %
                         ', '.join(duplicates))
    return parsed


class NotificationEndpoint(object):
    """Hands every batch of one bus to the pipeline."""

    def __init__(self, deployment, pipeline, max_retry_delay):
        self.deployment = deployment
        self.pipeline = pipeline
        self.max_retry_delay = max_retry_delay
        self._failures = 0
        self._lock = threading.Lock()

    def _process(self, priority, messages):
        try:
            fresh = self.pipeline.process(self.deployment, messages, priority)
        except st_pipeline.StoreUnavailable as error:
            self._back_off(len(messages), error)
            return oslo_messaging.NotificationResult.REQUEUE
        with self._lock:
            self._failures = 0
        malformed = sum(1 for item in fresh if item.malformed)
        if malformed:
            LOG.warning('%(deployment)s: %(count)d of %(total)d new '
                        'notifications are malformed; kept with the reason',
                        {'deployment': self.deployment, 'count': malformed,
                         'total': len(fresh)})
        LOG.debug('%s: stored %d new of %d %s notifications',
                  self.deployment, len(fresh), len(messages), priority)
        return oslo_messaging.NotificationResult.HANDLED

    def _back_off(self, count, error):
        with self._lock:
            self._failures += 1
            failures = self._failures
        delay = min(2 ** (failures - 1), self.max_retry_delay)
        LOG.warning('%(deployment)s: batch not stored (%(error)s); '
                    'handing %(count)d notifications back to the bus in '
                    '%(delay)ds', {'deployment': self.deployment,
                                   'error': error, 'count': count,
                                   'delay': delay})
        time.sleep(delay)


def _priority_method(priority):
    def handle(self, messages):
        return self._process(priority, messages)
    handle.__name__ = priority
    handle.__doc__ = 'Store a batch of %s notifications.' % priority
    return handle


for _priority in PRIORITIES:
    setattr(NotificationEndpoint, _priority, _priority_method(_priority))


def get_transport(conf, url):
    """Return the notification transport of a bus (the default if None).

    On RabbitMQ the broker is asked to hand over a bounded number of
    unacknowledged notifications (see ``bound_prefetch``).
    """
    transport = oslo_messaging.get_notification_transport(conf, url=url)
    bound_prefetch(conf)
    return transport


def prefetch_count(conf):
    """Return the unacknowledged notifications a listener should hold.

    Enough for the batch being stored and the next ones filling, and no
    more: the rest stays on the broker, where it costs the listener no
    memory however long the queue.
    """
    return conf.notification.batch_size * PREFETCH_BATCHES


def bound_prefetch(conf):
    """Default ``[oslo_messaging_rabbit] rabbit_qos_prefetch_count``.

    oslo.messaging's own default (0) lets RabbitMQ push the whole queue
    into the listener, whose memory then grows with the backlog. An
    operator's own value is kept. The rabbit driver registers its options
    when a transport is made, so this runs after that, and before any
    listener opens its connection.
    """
    group = getattr(conf, RABBIT_GROUP, None)
    if group is None or RABBIT_PREFETCH not in group:
        return
    conf.set_default(RABBIT_PREFETCH, prefetch_count(conf),
                     group=RABBIT_GROUP)


def build_listener(conf, transport, endpoint):
    """Return a batch notification listener of ``endpoint`` on a bus."""
    targets = [oslo_messaging.Target(topic=topic)
               for topic in conf.notification.topics]
    listener = oslo_messaging.get_batch_notification_listener(
        transport, targets, [endpoint],
        executor='threading',
        batch_size=conf.notification.batch_size,
        batch_timeout=conf.notification.batch_timeout,
        pool=conf.notification.pool,
        allow_requeue=True)
    bound_executor(conf)
    return listener


def bound_executor(conf):
    """Default ``executor_thread_pool_size`` to ``EXECUTOR_THREADS``.

    The batches a listener holds beyond that (see :func:`prefetch_count`)
    wait in the executor's queue, already received. oslo.messaging's
    default of 64 lets its executor start a thread for each batch; each
    keeps memory of its own, and the threads of a worker share one GIL
    and contend for the same rows and indexes in the database. With the
    ingest benchmark on MariaDB, 3 and 4 threads stored 1 to 7% more
    notifications per second than 10, and 3.5 to 7% more with all the
    tracking handlers. An operator's own value is kept. oslo.messaging
    registers the option when a listener is made: call this after that,
    and before the listener starts.
    """
    conf.set_default(EXECUTOR_POOL_SIZE, EXECUTOR_THREADS)
