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
"""Query latency against Panko: the same lookups among the same events.

The events of ``query``'s simulated cloud (default 1,000,000, 10 traits
each) are loaded into a new database of the same server for each side:

- stacktach_os: as the ``query`` scenario loads them (the events
  handler's bulk path, secondary indexes built at the end); each lookup
  goes through the whole REST API in-process (``auth_strategy = noauth``).
- Panko: the same events, plus the ``request_id`` trait that Ceilometer's
  definitions extract, written straight into Panko's tables with its
  schema and indexes (``record_events`` would take hours for a million);
  each lookup is one call of its storage driver's ``get_events`` with an
  ``EventFilter``, less than its API does.

The lookups are the same random keys for both (the events of an instance,
of a request, of a type in a one-hour window), first page of 100 events
each; p50 and p95 in milliseconds.
"""

import datetime
import json

from stacktach_os.api import app as api_app
from stacktach_os.bench import ingest
from stacktach_os.bench import peer_env
from stacktach_os.bench import query
from stacktach_os.bench import report
from stacktach_os.db import api as db_api
from stacktach_os.db import migration

KINDS = ('instance', 'request', 'type+hour')


def add_arguments(parser):
    """Add the peers-query benchmark's options to an argparse parser."""
    parser.add_argument('-n', '--count', type=int, default=1000000,
                        help='events to load (default 1000000)')
    parser.add_argument('--queries', type=int, default=200,
                        help='lookups of each kind (default 200)')
    parser.add_argument('--peer-queries', type=int, default=5,
                        help='of which Panko runs the first N of each kind '
                             '(default 5: its trait lookups scan every '
                             'trait, minutes each among a million events)')
    parser.add_argument('--warmup', type=int, default=1,
                        help='untimed lookups of each kind first, on each '
                             'side (default 1)')
    parser.add_argument('--batch-size', type=int, default=5000)
    parser.add_argument('--workers', type=int, default=2,
                        help='threads that load stacktach_os (default 2)')
    parser.add_argument('--projects', type=int, default=500)
    parser.add_argument('--deployments', type=int, default=4)
    parser.add_argument('--seed', type=int, default=20260501)
    parser.add_argument('--database', action='append',
                        choices=sorted(ingest.DATABASES),
                        help='databases (repeatable; default mysql)')
    parser.add_argument('--mysql-url', default=ingest.DATABASES['mysql'])
    parser.add_argument('--postgresql-url',
                        default=ingest.DATABASES['postgresql'])
    peer_env.add_arguments(parser)


def _text(value):
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    return value


def panko_document(row, traits):
    """Return one event as the peer driver's ``load`` reads it."""
    return {'message_id': row['message_id'],
            'event_type': row['event_type'],
            'generated': row['generated'].isoformat(),
            'traits': [[trait.name, trait.dtype, _text(trait.value)]
                       for trait in traits] +
            [['request_id', 'text', row['request_id']]]}


def panko_lookup(kind, filters, warmup=False):
    """Return one lookup as the peer driver's ``query`` reads it."""
    found = {}
    for name, value in filters.items():
        name = 'instance_id' if name == 'resource_id' else name
        found[name] = _text(value)
    document = {'kind': kind, 'filter': found}
    if warmup:
        document['warmup'] = True
    return document


def run_stacktach(args, conf, url, keys):
    """Load a new database and time the lookups through the API."""
    store = db_api.Store(url)
    try:
        migration.upgrade(store)
        cloud = query.Cloud(args.seed, args.projects, args.deployments)
        seconds = query.load(store, cloud, args.count, args.batch_size,
                             keys, args.workers)
        print('stacktach_os: loaded %d events in %.0fs'
              % (args.count, seconds), flush=True)
        application = api_app.load_app(conf, store=store)
        times = {}
        for kind, filters_list in query.lookups(
                keys, args.queries, args.seed + 2).items():
            query.measure_api(application, filters_list[:args.warmup])
            times[kind] = query.measure_api(application, filters_list)
        return times
    finally:
        store.dispose()


def run_panko(args, url, lookups):
    """Load the same events into Panko's tables and time the lookups."""
    cloud = query.Cloud(args.seed, args.projects, args.deployments)
    lines = (json.dumps(panko_document(row, traits)) + '\n'
             for row, traits in cloud.events(args.count))
    loaded = peer_env.run_driver(args.peer_venv, 'load', [
        '--url', url, '--batch-size', str(args.batch_size)], lines)
    print('Panko: loaded %d events in %.0fs'
          % (loaded['events'], loaded['seconds']), flush=True)
    count = args.peer_queries or args.queries
    documents = []
    for kind, filters_list in lookups.items():
        documents.extend(panko_lookup(kind, filters, warmup=True)
                         for filters in filters_list[:args.warmup])
        documents.extend(panko_lookup(kind, filters)
                         for filters in filters_list[:count])
    found = peer_env.run_driver(
        args.peer_venv, 'query', ['--url', url, '--limit', '100'],
        (json.dumps(document) + '\n' for document in documents))
    return {kind: (found['times_ms'][kind], found['rows'][kind])
            for kind in found['times_ms']}


def table(results):
    """Return a Markdown table of [(database, kind, ours, panko)].

    ``ours`` and ``panko`` are (times in ms, rows found).
    """
    rows = []
    for database, kind, ours, panko in results:
        ours_p = [query._percentile(ours[0], p) for p in (50, 95)]
        panko_p = [query._percentile(panko[0], p) for p in (50, 95)]
        rows.append((
            database, kind, len(ours[0]), '%.2f' % ours_p[0],
            '%.2f' % ours_p[1], len(panko[0]), '%.2f' % panko_p[0],
            '%.2f' % panko_p[1], report.ratio(panko_p[1], ours_p[1])))
    return report.markdown_table(
        ('database', 'lookup', 'stacktach_os API queries', 'p50 ms',
         'p95 ms', 'Panko get_events queries', 'p50 ms', 'p95 ms',
         'p95: stacktach_os faster by'), rows,
        numeric=(2, 3, 4, 5, 6, 7, 8))


def run(args):
    """Run the peers-query benchmark; print and return its figures."""
    if args.setup:
        print(json.dumps(peer_env.create(args.peer_venv), indent=2))
        return []
    peer_env.versions(args.peer_venv)
    conf = query.configure()
    results = []
    databases = args.database or ['mysql']
    for name in databases:
        admin = ingest.admin_url(args, name)
        keys = query.Keys(args.seed + 1)
        print('%s: loading %d events into stacktach_os...'
              % (name, args.count), flush=True)
        with ingest.throwaway_database(name, admin) as url:
            ours = run_stacktach(args, conf, url, keys)
        lookups = query.lookups(keys, args.queries, args.seed + 2)
        print('%s: loading the same events into Panko...' % name,
              flush=True)
        with ingest.throwaway_database(name, admin) as url:
            panko = run_panko(args, url, lookups)
        for kind in KINDS:
            results.append((name, kind, ours[kind], panko[kind]))
    print()
    report.print_machine({name: ingest.admin_url(args, name)
                          for name in databases})
    print('\n%d events, first page of 100 events per lookup\n' % args.count)
    print(table(results))
    return results
