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
"""Memory: the listener's peak RSS while it ingests N notifications.

For each count (default 100,000 then 1,000,000), a real
``stacktach-os-notification`` (``--workers`` processes, all the default
handlers) listens to a vhost of its own on RabbitMQ and stores into a new
database, while N notifications (``samples.mix``: half legacy, half
versioned nova, production-sized) are published to it. The RSS of its
worker processes is read from /proc every ``--interval`` seconds until
every notification is archived. The peak must not grow with the count:
the last line compares the largest count's peak with the smallest's.
"""

import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid

import oslo_messaging

from stacktach_os.bench import ingest
from stacktach_os.bench import report
from stacktach_os.bench import rss
from stacktach_os.db import api as db_api
from stacktach_os.db import archive
from stacktach_os.db import migration
from stacktach_os.notification import listener as st_listener

#: How much the peak may grow between the smallest and the largest count.
TOLERANCE = 0.10
MIB = 1024.0 * 1024.0


def add_arguments(parser):
    """Add the memory benchmark's options to an argparse parser."""
    parser.add_argument('--counts', default='100000,1000000',
                        type=lambda text: [int(n) for n in text.split(',')],
                        help='comma-separated notification counts '
                             '(default 100000,1000000)')
    parser.add_argument('--workers', type=int, default=1,
                        help='[notification] workers (default 1)')
    parser.add_argument('--batch-size', type=int, default=100)
    parser.add_argument('--interval', type=float, default=0.5,
                        help='seconds between RSS samples (default 0.5)')
    parser.add_argument('--database', choices=sorted(ingest.DATABASES),
                        default='mysql')
    parser.add_argument('--mysql-url', default=ingest.DATABASES['mysql'])
    parser.add_argument('--postgresql-url',
                        default=ingest.DATABASES['postgresql'])
    parser.add_argument('--rabbit-url',
                        default='rabbit://guest:guest@127.0.0.1:5672/',
                        help='the broker; a vhost is made for each run')
    parser.add_argument('--prefetch', type=int, default=None,
                        help='[oslo_messaging_rabbit] '
                             'rabbit_qos_prefetch_count of the listener '
                             "(default: stacktach-os-notification's, "
                             '10 batches; 0: unlimited)')
    parser.add_argument('--timeout', type=int, default=7200)


def _rabbitmqctl(*args):
    return subprocess.run(['rabbitmqctl', '-q'] + list(args), check=True,
                          capture_output=True, text=True,
                          timeout=60).stdout


@contextlib.contextmanager
def vhost(rabbit_url):
    """Yield the transport URL of a new RabbitMQ vhost; delete it after."""
    name = 'stacktach-bench-%s' % uuid.uuid4().hex[:8]
    _rabbitmqctl('add_vhost', name)
    try:
        _rabbitmqctl('set_permissions', '-p', name, 'guest',
                     '.*', '.*', '.*')
        yield '%s/%s' % (rabbit_url.rstrip('/'), name)
    finally:
        _rabbitmqctl('delete_vhost', name)


def consumers(url, queue):
    """Return how many consumers a queue of a vhost has."""
    for line in _rabbitmqctl('list_queues', '-p', url.rsplit('/', 1)[1],
                             'name', 'consumers').splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0] == queue and parts[1].isdigit():
            return int(parts[1])
    return 0


def config_file(directory, database_url, bus_url, workers, batch_size,
                prefetch=None):
    """Write the listener's configuration file; return its path."""
    path = os.path.join(directory, 'stacktach_os.conf')
    with open(path, 'w', encoding='utf-8') as stream:
        stream.write(
            '[DEFAULT]\nlog_file = %s\n\n[database]\nconnection = %s\n\n'
            '[notification]\nmessaging_urls = bench=%s\nworkers = %d\n'
            'batch_size = %d\n' % (
                os.path.join(directory, 'notification.log'), database_url,
                bus_url, workers, batch_size))
        if prefetch is not None:
            stream.write('\n[oslo_messaging_rabbit]\n'
                         'rabbit_qos_prefetch_count = %d\n' % prefetch)
    return path


def _command():
    script = os.path.join(os.path.dirname(sys.executable),
                          'stacktach-os-notification')
    if os.path.exists(script):
        return [script]
    return [sys.executable, '-c',
            'import sys; from stacktach_os.cmd import notification; '
            'sys.exit(notification.main())']


def _wait_for(predicate, timeout, what, interval=0.5):
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise RuntimeError('timed out waiting for %s' % what)
        time.sleep(interval)


def run_one(args, conf, count):
    """Ingest ``count`` notifications; return the figures of the run."""
    admin = ingest.admin_url(args, args.database)
    with vhost(args.rabbit_url) as bus_url, \
            ingest.throwaway_database(args.database, admin) as db_url, \
            tempfile.TemporaryDirectory() as directory:
        store = db_api.Store(db_url)
        migration.upgrade(store)
        path = config_file(directory, db_url, bus_url, args.workers,
                           args.batch_size, args.prefetch)
        service = subprocess.Popen(_command() + ['--config-file', path],
                                   stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        sampler = rss.Sampler(service.pid, args.interval)
        try:
            _wait_for(lambda: consumers(bus_url, 'stacktach') >=
                      args.workers, 120, 'the listener to consume')
            sampler.start()
            idle = dict(sampler.first)
            transport = oslo_messaging.get_notification_transport(
                conf, url=bus_url)
            started = time.monotonic()
            ingest._publish(transport, 'notifications', count)
            transport.cleanup()

            def archived():
                with store.reader() as session:
                    return archive.count_notifications(session) >= count
            _wait_for(archived, args.timeout, '%d notifications' % count,
                      interval=2)
            elapsed = time.monotonic() - started
        finally:
            sampler.stop()
            service.send_signal(signal.SIGTERM)
            try:
                service.wait(60)
            except subprocess.TimeoutExpired:
                service.kill()
                service.wait()
            store.dispose()
    workers = sorted(sampler.peaks, key=sampler.peaks.get)[-args.workers:]
    return {'count': count, 'seconds': elapsed,
            'idle': max(idle.get(pid, 0) for pid in workers),
            'peak': max(sampler.peaks[pid] for pid in workers),
            'total': sum(sampler.peaks[pid] for pid in workers),
            'samples': sampler.samples}


def verdict(results):
    """Return (growth, flat) between the smallest and largest count."""
    ordered = sorted(results, key=lambda result: result['count'])
    change = rss.growth(ordered[0]['peak'], ordered[-1]['peak'])
    return change, change <= TOLERANCE


def table(results, workers):
    """Return the results as a Markdown table."""
    rows = [('{:,}'.format(result['count']), workers,
             '%.0f' % result['seconds'],
             '%.0f' % (result['count'] / result['seconds']),
             '%.1f' % (result['idle'] / MIB), '%.1f' % (result['peak'] / MIB),
             '%.1f' % (result['total'] / MIB), result['samples'])
            for result in sorted(results, key=lambda r: r['count'])]
    return report.markdown_table(
        ('notifications', 'workers', 'seconds', 'notifications/s',
         'worker RSS idle MiB', 'worker peak RSS MiB',
         'all workers peak MiB', 'samples'), rows,
        numeric=(0, 1, 2, 3, 4, 5, 6, 7))


def run(args):
    """Run the memory benchmark; print and return its figures."""
    args.handlers = None
    conf = ingest.configure(args)
    results = []
    for count in args.counts:
        print('ingesting %d notifications...' % count, flush=True)
        result = run_one(args, conf, count)
        print('%d notifications in %.0fs, worker peak RSS %.1f MiB'
              % (count, result['seconds'], result['peak'] / MIB),
              flush=True)
        results.append(result)
    print()
    report.print_machine({args.database: ingest.admin_url(args,
                                                          args.database)})
    print('\nbatch size %d, rabbit_qos_prefetch_count %s\n'
          % (args.batch_size, 'default (%d)' % (
              args.batch_size * st_listener.PREFETCH_BATCHES)
             if args.prefetch is None else args.prefetch))
    print(table(results, args.workers))
    if len(results) > 1:
        change, flat = verdict(results)
        print('\npeak RSS growth from %s to %s notifications: %+.1f%% '
              '(%s 10%%)' % ('{:,}'.format(min(args.counts)),
                             '{:,}'.format(max(args.counts)), change * 100,
                             'within' if flat else 'NOT within'))
    return results
