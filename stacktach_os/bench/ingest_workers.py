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
"""Ingestion through RabbitMQ with 1 and 2 worker processes.

The ``ingest`` scenario's comparison (a bare oslo.messaging batch listener
that only counts, against the listener, endpoint and pipeline of
``stacktach-os-notification`` storing into a new database), with the
listeners in W forked processes sharing one pool, as
``[notification] workers = W`` runs them. N notifications are published
once to a topic with one queue per (listener, W) pool beforehand; each
rate is notifications per second from the start of the listeners to the
last acknowledged batch.
"""

import multiprocessing
import time
import uuid

from stacktach_os.bench import ingest
from stacktach_os.bench import report
from stacktach_os.db import api as db_api
from stacktach_os.db import migration
from stacktach_os.notification import listener as st_listener
from stacktach_os.notification import service as notification_service


def _counts(text):
    return [int(number) for number in text.split(',')]


def add_arguments(parser):
    """Add the ingest-workers benchmark's options to an argparse parser."""
    parser.add_argument('-n', '--count', type=int, default=20000,
                        help='notifications to publish (default 20000)')
    parser.add_argument('--workers', type=_counts, default=[1, 2],
                        help='comma-separated worker counts (default 1,2)')
    parser.add_argument('--batch-size', type=int, default=100)
    parser.add_argument('--transport-url',
                        default='rabbit://guest:guest@127.0.0.1:5672/')
    parser.add_argument('--database', choices=sorted(ingest.DATABASES),
                        default='mysql')
    parser.add_argument('--mysql-url', default=ingest.DATABASES['mysql'])
    parser.add_argument('--postgresql-url',
                        default=ingest.DATABASES['postgresql'])
    parser.add_argument('--timeout', type=int, default=3600)


class SharedCounter(object):
    """Counts acknowledged notifications across processes."""

    def __init__(self, total, context=multiprocessing):
        self.total = total
        self.value = context.Value('q', 0)
        self.done = context.Event()

    @property
    def count(self):
        """How many were counted so far."""
        return self.value.value

    def add(self, number):
        """Count a batch; set ``done`` once the total is reached."""
        with self.value.get_lock():
            self.value.value += number
            if self.value.value >= self.total:
                self.done.set()


def _worker(conf, args, topic, pool, db_url, counter, ready, go):
    transport = st_listener.get_transport(conf, args.transport_url)
    store = None
    if db_url is None:
        endpoint = ingest.BareEndpoint(counter)
    else:
        store = db_api.Store(db_url)
        endpoint = ingest.CountingEndpoint(
            counter, notification_service.build_pipeline(conf, store))
    notification_service.tune_garbage_collector()
    listener = ingest.bench_listener(conf, transport, topic, pool, endpoint,
                                     args.batch_size)
    ready.release()
    go.wait()
    listener.start()
    counter.done.wait(args.timeout)
    listener.stop()
    listener.wait()
    if store is not None:
        store.dispose()
    transport.cleanup()


def drain(conf, args, topic, pool, workers, db_url=None):
    """Drain a pool with ``workers`` processes; return the seconds."""
    context = multiprocessing.get_context('fork')
    counter = SharedCounter(args.count, context)
    ready, go = context.Semaphore(0), context.Event()
    processes = [context.Process(
        target=_worker,
        args=(conf, args, topic, pool, db_url, counter, ready, go))
        for _ in range(workers)]
    for process in processes:
        process.start()
    for _ in processes:
        ready.acquire()
    started = time.monotonic()
    go.set()
    finished = counter.done.wait(args.timeout)
    elapsed = time.monotonic() - started
    counter.done.set()
    for process in processes:
        process.join(120)
    if not finished:
        raise RuntimeError('pool %s drained only %d of %d'
                           % (pool, counter.count, args.count))
    return elapsed


def table(count, results):
    """Return [(listener, workers, rate)] as a Markdown table."""
    bare = {workers: rate for name, workers, rate in results
            if name.startswith('bare')}
    rows = [(name, workers, '%.0f' % rate,
             '%.2f' % (rate / bare[workers]) if bare.get(workers) else 'n/a')
            for name, workers, rate in results]
    return report.markdown_table(
        ('listener', 'workers', 'notifications/s', 'ratio to bare'), rows,
        numeric=(1, 2, 3))


def _measure(conf, args, transport, topic, pools):
    seconds = ingest._publish(transport, topic, args.count)
    transport.cleanup()
    print('published %d notifications in %.1fs' % (args.count, seconds),
          flush=True)
    results = []
    for workers in args.workers:
        elapsed = drain(conf, args, topic, pools['bare', workers], workers)
        results.append(('bare oslo.messaging listener', workers,
                        args.count / elapsed))
        print('bare, %d workers: %.0f/s' % (workers, args.count / elapsed),
              flush=True)
        admin = ingest.admin_url(args, args.database)
        with ingest.throwaway_database(args.database, admin) as url:
            migration.upgrade(db_api.Store(url))
            elapsed = drain(conf, args, topic, pools['full', workers],
                            workers, url)
        results.append(('stacktach-os-notification, %s' % args.database,
                        workers, args.count / elapsed))
        print('full, %d workers: %.0f/s' % (workers, args.count / elapsed),
              flush=True)
    return results


def run(args):
    """Run the benchmark; print and return its figures."""
    args.handlers = None
    conf = ingest.configure(args)
    run_id = uuid.uuid4().hex[:8]
    topic = 'stacktach-bench-%s' % run_id
    pools = {(kind, workers): 'bench-%s-%s-%d' % (run_id, kind, workers)
             for kind in ('bare', 'full') for workers in args.workers}
    transport = st_listener.get_transport(conf, args.transport_url)
    ingest._declare_queues(transport, topic, pools.values())
    try:
        results = _measure(conf, args, transport, topic, pools)
    finally:
        ingest.delete_queues(args.transport_url,
                             list(pools.values()) + ['%s.info' % topic])
    print()
    report.print_machine({args.database: ingest.admin_url(args,
                                                          args.database)})
    print('\n%d notifications, batch size %d\n'
          % (args.count, args.batch_size))
    print(table(args.count, results))
    return results
