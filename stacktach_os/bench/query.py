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
"""Query benchmark: event lookups among a million stored events.

Bulk-loads N events (default 1,000,000, 10 traits each) into a new
database per backend (MariaDB/MySQL and PostgreSQL by default), the way
the events handler stores them (``stacktach_os.db.events``, whose trait
rows go through ``stacktach_os.db.bulk``), in large batches from a few
threads, the secondary indexes being built once at the end
(``stacktach_os.db.bulk_load``): the schema queried is the migrated
one. The events
are those of a cloud over 30 days: instances of many projects in several
deployments, each living through requests (create, reboot, resize,
delete...) of several notifications, and the nightly audit.

Then it measures three lookups, each with random keys, directly through
``stacktach_os.db.search`` and through the REST API (the whole WSGI
application in-process, ``auth_strategy = noauth``), and prints their
p50 and p95 as a Markdown table:

- ``instance``: the events of an instance (``instance_id=``);
- ``request``: the events of a request id (``request_id=``);
- ``type+hour``: the events of one type in a one-hour window
  (``event_type=&since=&until=``).

Each lookup returns the first page (the API's default limit, newest
first).
"""

import collections
import datetime
import heapq
import itertools
import queue
import random
import threading
import time
import uuid

from oslo_utils import timeutils
import webob

from stacktach_os.api import app as api_app
from stacktach_os.bench import ingest
from stacktach_os import conf as st_conf
from stacktach_os.db import api as db_api
from stacktach_os.db import bulk_load
from stacktach_os.db import events
from stacktach_os.db import migration
from stacktach_os.db import search

#: What a lookup must take at most, at the 95th percentile.
TARGET_P95_MS = 50.0
#: The window the events are spread over.
DAYS = 30
START = datetime.datetime(2026, 5, 1)

Trait = collections.namedtuple('Trait', 'name dtype value')

# The requests an instance goes through: (operation, notifications
# as (event type, publisher service, seconds after the request began)).
CREATE = ('create', (
    ('compute.instance.update', 'api', 0.0),
    ('scheduler.select_destinations.start', 'scheduler', 0.4),
    ('scheduler.select_destinations.end', 'scheduler', 0.9),
    ('compute.instance.update', 'compute', 1.2),
    ('compute.instance.create.start', 'compute', 1.5),
    ('compute.instance.update', 'compute', 2.0),
    ('compute.instance.update', 'compute', 25.0),
    ('compute.instance.create.end', 'compute', 26.0)))
OPERATIONS = (
    ('reboot', (('compute.instance.update', 'api', 0.0),
                ('compute.instance.reboot.start', 'compute', 0.5),
                ('compute.instance.reboot.end', 'compute', 12.0))),
    ('power_off', (('compute.instance.update', 'api', 0.0),
                   ('compute.instance.power_off.start', 'compute', 0.3),
                   ('compute.instance.update', 'compute', 5.0),
                   ('compute.instance.power_off.end', 'compute', 5.2))),
    ('power_on', (('compute.instance.update', 'api', 0.0),
                  ('compute.instance.power_on.start', 'compute', 0.3),
                  ('compute.instance.update', 'compute', 4.0),
                  ('compute.instance.power_on.end', 'compute', 4.1))),
    ('resize', (('compute.instance.update', 'api', 0.0),
                ('compute.instance.resize.prep.start', 'compute', 0.5),
                ('compute.instance.resize.prep.end', 'compute', 1.0),
                ('compute.instance.resize.start', 'compute', 1.5),
                ('compute.instance.resize.end', 'compute', 30.0),
                ('compute.instance.finish_resize.start', 'compute', 31.0),
                ('compute.instance.finish_resize.end', 'compute', 45.0))),
    ('snapshot', (('compute.instance.update', 'api', 0.0),
                  ('compute.instance.snapshot.start', 'compute', 0.5),
                  ('image.upload', 'image', 40.0),
                  ('compute.instance.snapshot.end', 'compute', 60.0))),
)
DELETE = ('delete', (
    ('compute.instance.update', 'api', 0.0),
    ('compute.instance.delete.start', 'compute', 0.5),
    ('compute.instance.shutdown.start', 'compute', 1.0),
    ('compute.instance.shutdown.end', 'compute', 9.0),
    ('compute.instance.update', 'compute', 10.0),
    ('compute.instance.delete.end', 'compute', 11.0)))
EXISTS = ('audit', (('compute.instance.exists', 'compute', 0.0),))
FLAVORS = (('m1.small', 2048, 20), ('m1.medium', 4096, 40),
           ('m1.large', 8192, 80), ('m1.xlarge', 16384, 160))
STATES = {'create': 'active', 'reboot': 'active', 'power_off': 'stopped',
          'power_on': 'active', 'resize': 'active', 'snapshot': 'active',
          'delete': 'deleted', 'audit': 'active'}


def add_arguments(parser):
    """Add the query benchmark's options to an argparse parser."""
    parser.add_argument('-n', '--count', type=int, default=1000000,
                        help='events to load (default 1000000)')
    parser.add_argument('--queries', type=int, default=300,
                        help='lookups of each kind, each way (default 300)')
    parser.add_argument('--batch-size', type=int, default=5000,
                        help='events per load transaction (default 5000)')
    parser.add_argument('--workers', type=int, default=3,
                        help='threads that load batches (default 3)')
    parser.add_argument('--projects', type=int, default=500)
    parser.add_argument('--deployments', type=int, default=4)
    parser.add_argument('--seed', type=int, default=20260501)
    parser.add_argument('--database', action='append',
                        choices=sorted(ingest.DATABASES),
                        help='databases to load and query (repeatable; '
                             'default mysql and postgresql)')
    parser.add_argument('--mysql-url', default=ingest.DATABASES['mysql'])
    parser.add_argument('--postgresql-url',
                        default=ingest.DATABASES['postgresql'])


class Cloud(object):
    """Makes the events of a cloud's instances, deterministically."""

    def __init__(self, seed, projects, deployments):
        self.rng = random.Random(seed)
        self.projects = ['%032x' % self.rng.getrandbits(128)
                         for _ in range(projects)]
        self.users = ['%032x' % self.rng.getrandbits(128)
                      for _ in range(projects * 3)]
        self.deployments = ['cell%d' % (number + 1)
                            for number in range(deployments)]

    def _uuid(self):
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def instance(self):
        """Return the plan of one instance's life: (event, ...) tuples.

        Each event is (generated, event type, request id, publisher
        host, state), in event time; :meth:`events` makes rows of them.
        """
        rng = self.rng
        deployment = rng.choice(self.deployments)
        host = '%s-compute-%03d' % (deployment, rng.randrange(250))
        flavor, memory, disk = rng.choice(FLAVORS)
        began = START + datetime.timedelta(
            seconds=rng.uniform(0, DAYS * 86400 - 3600))
        life = {'instance_id': self._uuid(),
                'project_id': rng.choice(self.projects),
                'user_id': rng.choice(self.users),
                'deployment': deployment, 'host': host, 'flavor': flavor,
                'memory_mb': memory, 'root_gb': disk,
                'launched_at': began + datetime.timedelta(seconds=26)}
        requests = [CREATE] + [rng.choice(OPERATIONS)
                               for _ in range(rng.randrange(4))]
        end = START + datetime.timedelta(days=DAYS)
        when = began
        plan = []
        for request in requests:
            plan.append((when, request))
            when += datetime.timedelta(seconds=rng.uniform(600, 86400 * 2))
        # The nightly audit of every day the instance lived.
        night = began.replace(hour=0, minute=0, second=0,
                              microsecond=0) + datetime.timedelta(days=1)
        deleted = when if rng.random() < 0.5 and when < end else None
        while night < (deleted or end):
            plan.append((night + datetime.timedelta(
                seconds=rng.uniform(0, 1800)), EXISTS))
            night += datetime.timedelta(days=1)
        if deleted is not None:
            plan.append((deleted, DELETE))
        made = []
        for started, (operation, steps) in sorted(plan, key=lambda p: p[0]):
            if started >= end:
                break
            request_id = 'req-' + self._uuid()
            for event_type, service, offset in steps:
                made.append((
                    started + datetime.timedelta(
                        seconds=offset + rng.random() / 10),
                    event_type, request_id,
                    self._source(service, deployment, host),
                    STATES[operation], life))
        made.sort(key=lambda event: event[0])
        return made

    def _source(self, service, deployment, host):
        rng = self.rng
        if service == 'api':
            return '%s-api-%d' % (deployment, rng.randrange(3))
        if service == 'scheduler':
            return '%s-scheduler-%d' % (deployment, rng.randrange(2))
        if service == 'image':
            return 'glance-%d' % rng.randrange(3)
        return host

    def _event(self, planned):
        generated, event_type, request_id, source, state, life = planned
        row = {'message_id': self._uuid(), 'event_type': event_type,
               'generated': generated, 'deployment': life['deployment'],
               'project_id': life['project_id'],
               'resource_id': life['instance_id'],
               'request_id': request_id, 'host': source}
        traits = [
            Trait('tenant_id', 'text', life['project_id']),
            Trait('user_id', 'text', life['user_id']),
            Trait('instance_id', 'text', life['instance_id']),
            Trait('display_name', 'text', 'vm-' + life['instance_id'][:8]),
            Trait('state', 'text', state),
            Trait('host', 'text', life['host']),
            Trait('instance_type', 'text', life['flavor']),
            Trait('memory_mb', 'int', life['memory_mb']),
            Trait('root_gb', 'int', life['root_gb']),
            Trait('launched_at', 'datetime', life['launched_at']),
        ]
        return row, traits

    def events(self, count):
        """Yield ``count`` (row, traits) pairs in event time.

        As a cloud's notifications arrive: the instances' lives
        interleaved, so that rows stored close together are close in
        time, not of the same instance.
        """
        lives, planned = [], 0
        while planned < count:
            life = self.instance()
            lives.append(life)
            planned += len(life)
        merged = heapq.merge(*lives, key=lambda event: event[0])
        for planned_event in itertools.islice(merged, count):
            yield self._event(planned_event)


def _batches(iterable, size):
    batch = []
    for item in iterable:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


class Keys(object):
    """A reservoir of the keys the lookups pick from at random."""

    def __init__(self, seed, size=20000):
        self.rng = random.Random(seed)
        self.size = size
        self.seen = 0
        self.instances, self.requests, self.windows = [], [], []

    def _keep(self, found, value):
        if len(found) < self.size:
            found.append(value)
        else:
            index = self.rng.randrange(self.seen)
            if index < self.size:
                found[index] = value

    def add(self, row):
        """Consider the keys of one event."""
        self.seen += 1
        self._keep(self.instances, row['resource_id'])
        self._keep(self.requests, row['request_id'])
        self._keep(self.windows, (row['event_type'], row['generated']))


class _Writers(object):
    """Threads that store batches of events, one transaction each.

    While one waits for the database, another serializes its batch.
    """

    def __init__(self, store, count):
        self.store = store
        self.batches = queue.Queue(maxsize=count * 2)
        self.errors = []
        self.stored = 0
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self._work, daemon=True)
                        for _ in range(count)]
        for thread in self.threads:
            thread.start()

    def _work(self):
        while True:
            batch = self.batches.get()
            if batch is None:
                return
            if self.errors:
                continue
            try:
                with self.store.writer() as session:
                    events.add_events(session, batch)
            except Exception as error:
                self.errors.append(error)
                continue
            with self.lock:
                self.stored += len(batch)

    def put(self, batch):
        """Hand a batch to the next free thread."""
        if self.errors:
            raise self.errors[0]
        self.batches.put(batch)

    def finish(self):
        """Wait for every batch to be stored."""
        for _thread in self.threads:
            self.batches.put(None)
        for thread in self.threads:
            thread.join()
        if self.errors:
            raise self.errors[0]


#: The tables a load fills.
TABLES = ('events', 'trait_text', 'trait_int', 'trait_float',
          'trait_datetime')


def load(store, cloud, count, batch_size, keys, workers=2):
    """Store ``count`` events of ``cloud``; return the seconds it took.

    The secondary indexes are built once the rows are in.
    """
    started = time.perf_counter()
    with bulk_load.indexes_built_after(store, TABLES):
        writers = _Writers(store, workers)
        try:
            handed = 0
            for batch in _batches(cloud.events(count), batch_size):
                for row, _traits in batch:
                    keys.add(row)
                writers.put(batch)
                handed += len(batch)
                if handed % (batch_size * 40) == 0:
                    elapsed = time.perf_counter() - started
                    print('  %d events stored in %.0fs'
                          % (writers.stored, elapsed), flush=True)
        finally:
            writers.finish()
        print('  %d events stored in %.0fs; building the indexes'
              % (writers.stored, time.perf_counter() - started), flush=True)
    with store.writer() as session:
        bulk_load.analyze(session, TABLES)
    return time.perf_counter() - started


def _hour(generated, rng):
    start = generated - datetime.timedelta(seconds=rng.uniform(0, 3600))
    return start.replace(microsecond=0), (
        start.replace(microsecond=0) + datetime.timedelta(hours=1))


def lookups(keys, count, seed):
    """Return {kind: [filters]} of ``count`` random lookups of each kind."""
    rng = random.Random(seed)
    found = {'instance': [], 'request': [], 'type+hour': []}
    for _ in range(count):
        found['instance'].append({'resource_id': rng.choice(keys.instances)})
        found['request'].append({'request_id': rng.choice(keys.requests)})
        event_type, generated = rng.choice(keys.windows)
        since, until = _hour(generated, rng)
        found['type+hour'].append({'event_type': event_type, 'since': since,
                                   'until': until})
    return found


def _url(filters):
    params = []
    for name, value in sorted(filters.items()):
        if isinstance(value, datetime.datetime):
            value = value.isoformat() + 'Z'
        params.append('%s=%s' % ('instance_id' if name == 'resource_id'
                                 else name, value))
    return '/v1/events?' + '&'.join(params)


def _percentile(values, p):
    ordered = sorted(values)
    rank = max(1, -(-p * len(ordered) // 100))
    return ordered[rank - 1]


def measure_db(store, filters_list, limit):
    """Time each lookup through stacktach_os.db.search; return ms."""
    times, found = [], 0
    page = search.Page(limit=limit)
    for filters in filters_list:
        started = time.perf_counter()
        with store.reader() as session:
            rows = search.search_events(session, search.ALL_PROJECTS, page,
                                        **filters)
        times.append((time.perf_counter() - started) * 1000)
        found += len(rows)
    return times, found


def measure_api(application, filters_list):
    """Time each lookup through the WSGI application; return ms."""
    times, found = [], 0
    for filters in filters_list:
        request = webob.Request.blank(_url(filters))
        started = time.perf_counter()
        response = request.get_response(application)
        body = response.json
        times.append((time.perf_counter() - started) * 1000)
        if response.status_int != 200:
            raise RuntimeError('%s answered %s: %s' % (
                request.path_qs, response.status, body))
        found += len(body['events'])
    return times, found


def configure():
    """Return the configuration of the API under test (noauth)."""
    conf = st_conf.CONF
    conf([], project='stacktach_os', default_config_files=[])
    conf.set_override('auth_strategy', 'noauth', group='api')
    return conf


def run_backend(args, conf, name, url):
    """Load a new database and measure; return the result rows."""
    store = db_api.Store(url)
    try:
        migration.upgrade(store)
        cloud = Cloud(args.seed, args.projects, args.deployments)
        keys = Keys(args.seed + 1)
        print('%s: loading %d events...' % (name, args.count), flush=True)
        seconds = load(store, cloud, args.count, args.batch_size, keys,
                       args.workers)
        print('%s: loaded %d events in %.0fs (%.0f events/s)'
              % (name, args.count, seconds, args.count / seconds),
              flush=True)
        application = api_app.load_app(conf, store=store)
        limit = conf.api.default_limit
        results = []
        for kind, filters_list in lookups(keys, args.queries,
                                          args.seed + 2).items():
            # Warm the connection pool and the caches a little first.
            measure_db(store, filters_list[:10], limit)
            measure_api(application, filters_list[:10])
            for way, (times, found) in (
                    ('db.search', measure_db(store, filters_list, limit)),
                    ('API', measure_api(application, filters_list))):
                results.append((name, kind, way, len(times),
                                found / len(times), _percentile(times, 50),
                                _percentile(times, 95)))
        return results
    finally:
        store.dispose()


def table(results):
    """Return the results as a Markdown table."""
    lines = ['| database | lookup | through | queries | rows/query | '
             'p50 ms | p95 ms | p95 < %d ms |' % TARGET_P95_MS,
             '|---|---|---|---:|---:|---:|---:|---|']
    for name, kind, way, count, rows, p50, p95 in results:
        lines.append('| %s | %s | %s | %d | %.1f | %.2f | %.2f | %s |' % (
            name, kind, way, count, rows, p50, p95,
            'yes' if p95 < TARGET_P95_MS else 'NO'))
    return '\n'.join(lines)


def run(args):
    """Run the query benchmark; print and return its figures."""
    conf = configure()
    results = []
    print('query benchmark at %s: %d events, %d lookups of each kind'
          % (timeutils.utcnow().isoformat(timespec='seconds'), args.count,
             args.queries), flush=True)
    for name in args.database or ['mysql', 'postgresql']:
        with ingest.throwaway_database(
                name, ingest.admin_url(args, name)) as url:
            results.extend(run_backend(args, conf, name, url))
    print(table(results))
    return results
