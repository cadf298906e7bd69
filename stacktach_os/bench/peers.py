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
"""Distill and store against Ceilometer + Panko: events per second.

The same N notifications of a simulated cloud (``stacktach_os.notigen``:
nova's legacy and versioned formats, glance, cinder), read with the same
``event_definitions.yaml`` (Ceilometer's own, by default the copy in the
peers' virtualenv), in batches of the same size, into a new database of
the same server for each side:

- Ceilometer + Panko: ``ceilometer.event.converter`` makes an event of
  each notification, Panko's SQLAlchemy driver stores each batch
  (``record_events``), as Ceilometer's event pipeline publishing to Panko
  does; in the peers' virtualenv (``--setup`` makes it).
- stacktach_os: the pipeline of ``stacktach-os-notification`` with the
  ``archive`` and ``events`` handlers (envelope, scrubbing, distiller,
  the raw notification archived, the event and its typed traits), one
  transaction per batch.

Both are timed from decoded notifications in memory to the last commit.
"""

import itertools
import json
import time

from stacktach_os.bench import ingest
from stacktach_os.bench import peer_env
from stacktach_os.bench import report
from stacktach_os.db import api as db_api
from stacktach_os.db import events as db_events
from stacktach_os.db import migration
from stacktach_os.notification import service as notification_service
from stacktach_os.notigen import generator
from stacktach_os.notigen import simulation

#: Notifications a simulated instance makes over the simulated days, about.
PER_INSTANCE = 50
#: The handlers of the stacktach_os side: the archive and the event store,
#: what Ceilometer + Panko do (and the raw notification besides).
HANDLERS = ('archive', 'events')


def add_arguments(parser):
    """Add the peers benchmark's options to an argparse parser."""
    parser.add_argument('-n', '--count', type=int, default=10000,
                        help='notifications (default 10000)')
    parser.add_argument('--batch-size', type=int, default=100)
    parser.add_argument('--seed', type=int, default=1)
    parser.add_argument('--definitions', default=None,
                        help="event definitions for both sides (default: "
                             "Ceilometer's, from the peers' virtualenv)")
    parser.add_argument('--database', action='append',
                        choices=sorted(ingest.DATABASES),
                        help='databases to store into (repeatable; '
                             'default mysql)')
    parser.add_argument('--mysql-url', default=ingest.DATABASES['mysql'])
    parser.add_argument('--postgresql-url',
                        default=ingest.DATABASES['postgresql'])
    parser.add_argument('--skip-peer', action='store_true',
                        help='measure stacktach_os only (no virtualenv '
                             'needed; --definitions is then required)')
    peer_env.add_arguments(parser)


def notifications(count, seed=1):
    """Return ``count`` notifications of a simulated cloud, both formats.

    Each is a dict in the shape the batch listener hands over.
    """
    settings = simulation.Settings(
        seed=seed, tenants=max(10, count // 2000),
        hosts=max(8, count // 1000), cells=2,
        instances=max(10, count // PER_INSTANCE), days=2.0)
    run = generator.Run(settings, nova_format=generator.BOTH)
    return [item.body for item in itertools.islice(run.notifications(),
                                                   count)]


def configure(args, definitions):
    """Return the configuration of the stacktach_os side."""
    conf = ingest.configure(args)
    conf.set_override('handlers', list(HANDLERS), group='notification')
    conf.set_override('event_definitions', definitions,
                      group='notification')
    conf.set_override('store_unmatched_events', True, group='notification')
    return conf


def run_stacktach(conf, url, messages, batch_size):
    """Distill and store ``messages``; return (events stored, seconds)."""
    store = db_api.Store(url)
    try:
        migration.upgrade(store)
        pipeline = notification_service.build_pipeline(conf, store)
        started = time.perf_counter()
        for start in range(0, len(messages), batch_size):
            batch = messages[start:start + batch_size]
            pipeline.process('bench', batch, batch[0].get('priority'))
        seconds = time.perf_counter() - started
        with store.reader() as session:
            stored = db_events.count_events(session)
    finally:
        store.dispose()
    return stored, seconds


def run_peer(venv, url, lines, definitions, batch_size):
    """Convert and record in the peers' virtualenv; return its result."""
    return peer_env.run_driver(
        venv, 'record', ['--url', url, '--definitions', definitions,
                         '--batch-size', str(batch_size)], lines)


def table(count, results):
    """Return the results as a Markdown table.

    ``results`` is a list of (database, system, events, seconds); each
    database's Panko rate is the ratio's denominator.
    """
    peer = {database: events / seconds
            for database, system, events, seconds in results
            if system.startswith('Ceilometer')}
    rows = []
    for database, system, events, seconds in results:
        rate = events / seconds
        rows.append((database, system, count, events, '%.1f' % seconds,
                     '%.0f' % rate, report.ratio(rate, peer.get(database))))
    return report.markdown_table(
        ('database', 'system', 'notifications', 'events', 'seconds',
         'events/s', 'vs Panko'), rows, numeric=(2, 3, 4, 5, 6))


def run(args):
    """Run the peers benchmark; print and return its figures."""
    if args.setup:
        print(json.dumps(peer_env.create(args.peer_venv), indent=2))
        return []
    definitions = args.definitions
    if not args.skip_peer:
        peer_versions = peer_env.versions(args.peer_venv)
        definitions = definitions or peer_versions['event_definitions']
        print('peers: %s' % ', '.join(
            '%s %s' % item
            for item in sorted(peer_versions['packages'].items())))
    if not definitions:
        raise SystemExit('--skip-peer needs --definitions')
    conf = configure(args, definitions)
    print('event definitions: %s' % definitions)
    messages = notifications(args.count, args.seed)
    lines = [json.dumps(message) + '\n' for message in messages]
    results = []
    databases = args.database or ['mysql']
    for name in databases:
        admin = ingest.admin_url(args, name)
        if not args.skip_peer:
            with ingest.throwaway_database(name, admin) as url:
                found = run_peer(args.peer_venv, url, lines, definitions,
                                 args.batch_size)
            results.append((name, 'Ceilometer + Panko', found['events'],
                            found['seconds']))
            print('%s, Ceilometer + Panko: %d events in %.1fs'
                  % (name, found['events'], found['seconds']), flush=True)
        with ingest.throwaway_database(name, admin) as url:
            stored, seconds = run_stacktach(conf, url, messages,
                                            args.batch_size)
        results.append((name, 'stacktach_os', stored, seconds))
        print('%s, stacktach_os: %d events in %.1fs'
              % (name, stored, seconds), flush=True)
    print()
    report.print_machine({name: ingest.admin_url(args, name)
                          for name in databases})
    print('\n%d notifications, batch size %d\n'
          % (len(messages), args.batch_size))
    print(table(len(messages), results))
    return results
