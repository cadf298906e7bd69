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
"""Ingestion benchmark: a bare listener against stacktach-os-notification.

N notifications (half legacy, half versioned nova, production-sized) are
published once to a topic whose queues (one per listener pool) exist
beforehand, so every listener drains the same N messages:

- ``bare``: an oslo.messaging batch notification listener whose endpoint
  only counts, the cost of oslo.messaging itself;
- ``full`` on each database: the listener, endpoint and pipeline of
  ``stacktach-os-notification`` (envelope, scrubbing, distiller, archive
  and event handlers, one transaction per batch) into a new database.

Each rate is notifications per second from ``listener.start()`` to the
last acknowledged batch; the ratio full/bare is what matters, since both
run on the same machine in the same run.
"""

import collections
import contextlib
import cProfile
import io
import pstats
import tempfile
import threading
import time
import uuid

import kombu
from oslo_db.sqlalchemy import provision
import oslo_messaging

from stacktach_os.bench import cpu
from stacktach_os.bench import samples
from stacktach_os import conf as st_conf
from stacktach_os.db import api as db_api
from stacktach_os.db import migration
from stacktach_os.notification import listener as st_listener
from stacktach_os.notification import service as notification_service

DATABASES = {
    'mysql': 'mysql+pymysql://root@127.0.0.1:3306/test',
    'postgresql': 'postgresql+psycopg2://postgres@127.0.0.1:5432/test',
    'sqlite': None,
}


def add_arguments(parser):
    """Add the ingest benchmark's options to an argparse parser."""
    parser.add_argument('-n', '--count', type=int, default=20000,
                        help='notifications to publish (default 20000)')
    parser.add_argument('--batch-size', type=int, default=100)
    parser.add_argument('--transport-url',
                        default='rabbit://guest:guest@127.0.0.1:5672/')
    parser.add_argument('--database', action='append',
                        choices=sorted(DATABASES),
                        help='databases to store into (repeatable; '
                             'default mysql and postgresql)')
    parser.add_argument('--mysql-url', default=DATABASES['mysql'])
    parser.add_argument('--postgresql-url', default=DATABASES['postgresql'])
    parser.add_argument('--handlers', action='append',
                        help='comma-separated handlers of a full run; '
                             'repeat it to compare handler sets in one run, '
                             'in ABBA order against drift (default: '
                             '[notification] handlers)')
    parser.add_argument('--executor-threads', type=int, default=None,
                        help="oslo.messaging's executor_thread_pool_size "
                             "(default: stacktach-os-notification's, %d)"
                             % st_listener.EXECUTOR_THREADS)
    parser.add_argument('--profile', action='store_true',
                        help='profile the pipeline during the first full '
                             'run and print where its time goes')


# ``cpu`` is (listener, database server) CPU per 1000 notifications;
# ``pipeline_cpu`` the part of the listener's spent in the endpoint's
# threads, storing (None for the bare listener).
Result = collections.namedtuple(
    'Result', 'name handlers rate ratio cpu pipeline_cpu', defaults=(None,))


class _Counter(object):
    def __init__(self, total):
        self.total = total
        self.count = 0
        self.lock = threading.Lock()
        self.done = threading.Event()

    def add(self, number):
        with self.lock:
            self.count += number
            if self.count >= self.total:
                self.done.set()


class BareEndpoint(object):
    """An endpoint that does nothing but count what it is handed."""

    def __init__(self, counter):
        self.counter = counter

    def info(self, messages):
        """Count a batch."""
        self.counter.add(len(messages))


class CountingEndpoint(st_listener.NotificationEndpoint):
    """The real endpoint, counting the notifications it acknowledged."""

    def __init__(self, counter, pipeline, profiler=None):
        super().__init__('bench', pipeline, max_retry_delay=5)
        self.counter = counter
        self.profiler = profiler
        self.profile_lock = threading.Lock()
        # CPU seconds of the executor threads inside the endpoint: the
        # pipeline's share of the listener's CPU, apart from the thread
        # that consumes from the bus.
        self.pipeline_seconds = 0.0
        self._seconds_lock = threading.Lock()

    def _process(self, priority, messages):
        started = time.thread_time()
        if self.profiler is None:
            result = super()._process(priority, messages)
        else:
            with self.profile_lock:
                self.profiler.enable()
                try:
                    result = super()._process(priority, messages)
                finally:
                    self.profiler.disable()
        spent = time.thread_time() - started
        with self._seconds_lock:
            self.pipeline_seconds += spent
        if result == oslo_messaging.NotificationResult.HANDLED:
            self.counter.add(len(messages))
        return result


def admin_url(args, backend):
    """Return the server URL a benchmark creates its database with."""
    return {'mysql': args.mysql_url,
            'postgresql': args.postgresql_url}.get(backend)


@contextlib.contextmanager
def throwaway_database(backend, admin_url):
    """Yield the URL of a new database; drop it afterwards."""
    if backend == 'sqlite':
        with tempfile.TemporaryDirectory() as tmp:
            yield 'sqlite:///%s/bench.sqlite' % tmp
        return
    provisioned = provision.Backend(backend, admin_url)
    provisioned._verify()
    ident = 'stacktach_bench_%s' % uuid.uuid4().hex[:8]
    provisioned.create_named_database(ident)
    try:
        yield provisioned.provisioned_database_url(ident).render_as_string(
            hide_password=False)
    finally:
        provisioned.drop_named_database(ident, conditional=True)


def bench_listener(conf, transport, topic, pool, endpoint, batch_size):
    """Return a batch listener of ``endpoint`` on one pool of ``topic``.

    Its executor is bounded as stacktach-os-notification's is, for the
    bare listener and the full one alike.
    """
    listener = oslo_messaging.get_batch_notification_listener(
        transport, [oslo_messaging.Target(topic=topic)], [endpoint],
        executor='threading', batch_size=batch_size, batch_timeout=1,
        pool=pool, allow_requeue=True)
    st_listener.bound_executor(conf)
    return listener


def _drain(conf, transport, topic, pool, endpoint, counter, batch_size,
           threads=None, timeout=3600):
    listener = bench_listener(conf, transport, topic, pool, endpoint,
                              batch_size)
    started = time.monotonic()
    listener.start(override_pool_size=threads)
    finished = counter.done.wait(timeout)
    elapsed = time.monotonic() - started
    listener.stop()
    listener.wait()
    if not finished:
        raise RuntimeError('pool %s drained only %d of %d in %ds'
                           % (pool, counter.count, counter.total, timeout))
    return elapsed


def _declare_queues(transport, topic, pools):
    """Create each pool's queue, so that publishing reaches all of them."""
    for pool in pools:
        listener = oslo_messaging.get_batch_notification_listener(
            transport, [oslo_messaging.Target(topic=topic)],
            [BareEndpoint(_Counter(1))], executor='threading',
            batch_size=1, batch_timeout=1, pool=pool)
        listener.start()
        listener.stop()
        listener.wait()


def delete_queues(transport_url, names):
    """Delete the benchmark's queues, and the messages left in them.

    The pools' queues, and the queue the notifier makes for the topic
    (``<topic>.info``) so that nothing published is lost: it keeps a copy
    of every notification until it is deleted.
    """
    url = transport_url.replace('rabbit://', 'amqp://', 1)
    with kombu.Connection(url) as connection:
        channel = connection.channel()
        for name in names:
            channel.queue_delete(name)


def _publish(transport, topic, count):
    notifier = oslo_messaging.Notifier(transport, driver='messagingv2',
                                       topics=[topic])
    started = time.monotonic()
    for event_type, payload, ctxt, publisher in samples.mix(count):
        notifier.prepare(publisher_id=publisher).info(
            ctxt, event_type, payload)
    return time.monotonic() - started


def configure(args):
    """Return the configuration of a benchmark run."""
    conf = st_conf.CONF
    conf([], project='stacktach_os', default_config_files=[])
    conf.set_override('batch_size', args.batch_size, group='notification')
    return conf


def handler_sets(args, conf):
    """Return the handler lists to measure, one full run each."""
    if not args.handlers:
        return [list(conf.notification.handlers)]
    return [[name.strip() for name in value.split(',') if name.strip()]
            for value in args.handlers]


def run(args):
    """Run the ingestion benchmark; print and return its figures."""
    conf = configure(args)
    databases = args.database or ['mysql', 'postgresql']
    runs = [(database, handlers) for database in databases
            for handlers in handler_sets(args, conf)]
    run_id = uuid.uuid4().hex[:8]
    topic = 'stacktach-bench-%s' % run_id
    pools = ['bench-%s-%d' % (run_id, index)
             for index in range(len(runs) + 1)]
    transport = st_listener.get_transport(conf, args.transport_url)
    # As in stacktach-os-notification, for both listeners.
    notification_service.tune_garbage_collector()
    _declare_queues(transport, topic, pools)
    try:
        return _measure(args, conf, transport, topic, pools, runs)
    finally:
        transport.cleanup()
        delete_queues(args.transport_url, pools + ['%s.info' % topic])


def _measure(args, conf, transport, topic, pools, runs):
    publish_time = _publish(transport, topic, args.count)
    print('published %d notifications in %.1fs (%.0f/s)'
          % (args.count, publish_time, args.count / publish_time))

    counter = _Counter(args.count)
    with cpu.CpuMeter() as meter:
        bare_time = _drain(conf, transport, topic, pools[0],
                           BareEndpoint(counter), counter, args.batch_size,
                           args.executor_threads)
    bare_rate = args.count / bare_time
    results = [Result('bare oslo.messaging listener', '-', bare_rate, 1.0,
                      meter.per_thousand(args.count))]
    print('bare: %.0f notifications/s' % bare_rate)

    profiler = cProfile.Profile() if args.profile else None
    for pool, (name, handlers) in zip(pools[1:], runs):
        conf.set_override('handlers', handlers, group='notification')
        with throwaway_database(name, admin_url(args, name)) as url:
            store = db_api.Store(url)
            migration.upgrade(store)
            pipeline = notification_service.build_pipeline(conf, store)
            counter = _Counter(args.count)
            endpoint = CountingEndpoint(counter, pipeline, profiler)
            with cpu.CpuMeter(name) as meter:
                full_time = _drain(conf, transport, topic, pool, endpoint,
                                   counter, args.batch_size,
                                   args.executor_threads)
            store.dispose()
        rate = args.count / full_time
        results.append(Result('stacktach-os-notification, %s' % name,
                              ','.join(handlers), rate, rate / bare_rate,
                              meter.per_thousand(args.count),
                              endpoint.pipeline_seconds * 1e6 / args.count))
        print('full (%s; %s): %.0f notifications/s, ratio %.2f'
              % (name, ','.join(handlers), rate, rate / bare_rate))
        if profiler is not None:
            _print_profile(profiler, full_time)
            profiler = None
    conf.clear_override('handlers', group='notification')
    _print_table(args, results)
    return results


def _print_profile(profiler, wall):
    stream = io.StringIO()
    stats = pstats.Stats(profiler, stream=stream)
    print('\nprofile: %.1fs inside the pipeline of %.1fs wall time'
          % (stats.total_tt, wall))
    stats.sort_stats('cumulative').print_stats(25)
    print(stream.getvalue())


def _milliseconds(value):
    return '?' if value is None else '%.0f' % value


def _print_table(args, results):
    print('\n%d notifications, batch_size %d, 1 worker; CPU in ms per '
          '1000 notifications\n' % (args.count, args.batch_size))
    print('| listener | handlers | notifications/s | ratio to bare '
          '| listener CPU | of it, pipeline | database CPU |')
    print('|---|---|---:|---:|---:|---:|---:|')
    for result in results:
        own, server = result.cpu
        print('| %s | %s | %.0f | %.2f | %s | %s | %s |'
              % (result.name, result.handlers, result.rate, result.ratio,
                 _milliseconds(own), _milliseconds(result.pipeline_cpu),
                 _milliseconds(server)))
    if len(results) > 2:  # the bare listener and two full runs or more
        print('\nMean rate and pipeline CPU of each handler set, and its '
              'ratio to the first set measured on the same database\n')
        print('| listener | handlers | runs | notifications/s | ratio '
              '| pipeline CPU |')
        print('|---|---|---:|---:|---:|---:|')
        for name, handlers, runs, rate, ratio, pipeline_cpu in \
                handler_set_summary(results[1:]):
            print('| %s | %s | %d | %.0f | %.2f | %s |'
                  % (name, handlers, runs, rate, ratio,
                     _milliseconds(pipeline_cpu)))


def handler_set_summary(results):
    """Return (name, handlers, runs, rate, ratio, pipeline CPU) per set.

    The rate and the pipeline CPU (per 1000 notifications, None when a
    run has none) are the means of the set's runs; the ratio is the
    set's mean rate over that of the first set measured with the same
    listener and database. Rates drift during a long run (the machine,
    the database's buffers): give the sets in ABBA order (``--handlers A
    --handlers B --handlers B --handlers A``...) and the drift weighs on
    both means alike.
    """
    runs = {}
    for result in results:
        runs.setdefault((result.name, result.handlers), []).append(result)
    first = {}
    summary = []
    for (name, handlers), measured in runs.items():
        mean = sum(result.rate for result in measured) / len(measured)
        first.setdefault(name, mean)
        cpus = [result.pipeline_cpu for result in measured]
        pipeline_cpu = (sum(cpus) / len(cpus)
                        if None not in cpus else None)
        summary.append((name, handlers, len(measured), mean,
                        mean / first[name], pipeline_cpu))
    return summary
