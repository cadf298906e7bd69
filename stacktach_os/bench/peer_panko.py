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
"""The peer side of the benchmarks: Ceilometer's event converter and Panko.

Run by the interpreter of the peer virtualenv (``python -m stacktach_os.bench
peers --setup`` makes it), never imported by stacktach_os's processes: it
imports only the standard library at module level, and Ceilometer and Panko
inside the commands. Input is JSON lines on standard input, output one JSON
document on standard output::

    python peer_panko.py versions
    python peer_panko.py record --url URL [--definitions FILE]
                                [--batch-size N]   < notifications
    python peer_panko.py load --url URL [--batch-size N]  < events
    python peer_panko.py query --url URL [--limit N]     < lookups

``record`` converts each notification (the listener's shape) with
``ceilometer.event.converter`` and stores the events of each batch with
Panko's SQLAlchemy driver (``record_events``), as Ceilometer's event
pipeline and Panko's publisher do. ``load`` writes events straight into
Panko's tables with multi-row INSERTs (for the query benchmark: a million
events through ``record_events`` would take hours). ``query`` times
``get_events`` for each lookup (``{"kind": ..., "filter": {...}}``; one
with ``"warmup": true`` is run but not timed).
"""

import argparse
import datetime
import json
import sys
import time

#: The types of Panko's trait tables, by the names of the JSON documents.
TRAIT_TYPES = {'text': 1, 'int': 2, 'float': 3, 'datetime': 4}


def parse_datetime(text):
    """Return the naive UTC datetime of an ISO 8601 text."""
    return datetime.datetime.fromisoformat(text.rstrip('Z'))


def event_filter_arguments(lookup):
    """Return the EventFilter keyword arguments of one lookup.

    A lookup is ``{"instance_id": ...}``, ``{"request_id": ...}`` or
    ``{"event_type": ..., "since": ISO, "until": ISO}``; the first two are
    trait filters, as Panko's API makes of ``q=instance_id&...``.
    """
    arguments, traits = {}, []
    for key in ('instance_id', 'request_id'):
        if key in lookup:
            traits.append({'key': key, 'string': lookup[key], 'op': 'eq'})
    if traits:
        arguments['traits_filter'] = traits
    if 'event_type' in lookup:
        arguments['event_type'] = lookup['event_type']
    if 'since' in lookup:
        arguments['start_timestamp'] = parse_datetime(lookup['since'])
    if 'until' in lookup:
        arguments['end_timestamp'] = parse_datetime(lookup['until'])
    return arguments


def read_lines(stream):
    """Return the JSON documents of a stream of JSON lines."""
    return [json.loads(line) for line in stream if line.strip()]


def batches(items, size):
    """Yield successive lists of at most ``size`` items."""
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _connection(url):
    from panko import service
    from panko import storage

    conf = service.prepare_service([], config_files=[], share=True)
    conf.set_override('connection', url, group='database')
    if url.startswith('mysql'):
        _cast_floats_as_double()
    connection = storage.get_connection(url, conf)
    connection.upgrade()
    return connection


def _cast_floats_as_double():
    """Make Panko's get_events run on MariaDB.

    It casts NULL to a float, which SQLAlchemy 1.4 writes FLOAT(53), a
    syntax error on MariaDB (10.11 included); DOUBLE is what it means.
    """
    from sqlalchemy.ext.compiler import compiles
    from sqlalchemy.sql import elements
    from sqlalchemy import types

    @compiles(elements.Cast, 'mysql')
    def _cast(element, compiler, **kw):
        if (isinstance(element.type, types.Float)
                and compiler.dialect.is_mariadb):
            return 'CAST(%s AS DOUBLE)' % compiler.process(element.clause,
                                                           **kw)
        return compiler.visit_cast(element, **kw)


def _converter(definitions):
    from ceilometer.event import converter
    from ceilometer import service
    from stevedore import extension

    conf = service.prepare_service([], config_files=[])
    if definitions:
        conf.set_override('definitions_cfg_file', definitions,
                          group='event')
    return converter.setup_events(conf, extension.ExtensionManager(
        namespace='ceilometer.event.trait_plugin'))


def versions(args):
    """Return the versions of the peer's packages and its definitions."""
    from importlib import metadata
    import os

    import ceilometer

    names = ('ceilometer', 'panko', 'SQLAlchemy', 'oslo.db', 'PyMySQL',
             'psycopg2-binary')
    found = {}
    for name in names:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            pass
    return {'python': sys.version.split()[0], 'packages': found,
            'event_definitions': os.path.join(
                os.path.dirname(ceilometer.__file__), 'pipeline', 'data',
                'event_definitions.yaml')}


def record(args):
    """Convert and store notifications; return the counts and seconds."""
    messages = read_lines(sys.stdin)
    event_converter = _converter(args.definitions)
    connection = _connection(args.url)
    events = 0
    started = time.perf_counter()
    for batch in batches(messages, args.batch_size):
        converted = []
        for message in batch:
            priority = (message.get('priority') or 'info').lower()
            event = event_converter.to_event(priority, message)
            if event is not None:
                converted.append(event)
        connection.record_events(converted)
        events += len(converted)
    seconds = time.perf_counter() - started
    return {'notifications': len(messages), 'events': events,
            'seconds': seconds}


def load(args):
    """Write events straight into Panko's tables; return the seconds."""
    from panko.storage.sqlalchemy import models

    connection = _connection(args.url)
    engine = connection._engine_facade.get_engine()
    tables = {1: models.TraitText.__table__, 2: models.TraitInt.__table__,
              3: models.TraitFloat.__table__,
              4: models.TraitDatetime.__table__}
    event_types = {}
    started = time.perf_counter()
    count = 0
    chunk = []
    for line in sys.stdin:
        if line.strip():
            chunk.append(json.loads(line))
        if len(chunk) == args.batch_size:
            count += _load_chunk(engine, models, tables, event_types,
                                 chunk, count)
            chunk = []
    if chunk:
        count += _load_chunk(engine, models, tables, event_types, chunk,
                             count)
    seconds = time.perf_counter() - started
    with engine.begin() as db:
        if engine.dialect.name == 'postgresql':
            for table in models.Base.metadata.sorted_tables:
                db.exec_driver_sql('ANALYZE %s' % table.name)
        elif engine.dialect.name == 'mysql':
            for table in models.Base.metadata.sorted_tables:
                db.exec_driver_sql('ANALYZE TABLE %s' % table.name)
    return {'events': count, 'seconds': seconds}


def _load_chunk(engine, models, tables, event_types, chunk, first):
    events, traits = [], {key: [] for key in tables}
    new_types = []
    for number, document in enumerate(chunk, first + 1):
        name = document['event_type']
        if name not in event_types:
            event_types[name] = len(event_types) + 1
            new_types.append({'id': event_types[name], 'desc': name})
        events.append({'id': number, 'message_id': document['message_id'],
                       'event_type_id': event_types[name],
                       'generated': parse_datetime(document['generated']),
                       'raw': {}})
        for name, dtype, value in document['traits']:
            kind = TRAIT_TYPES[dtype]
            if kind == 4:
                value = parse_datetime(value)
            traits[kind].append({'event_id': number, 'key': name,
                                 'value': value})
    with engine.begin() as db:
        if new_types:
            db.execute(models.EventType.__table__.insert(), new_types)
        db.execute(models.Event.__table__.insert(), events)
        for kind, rows in traits.items():
            if rows:
                db.execute(tables[kind].insert(), rows)
    return len(chunk)


def query(args):
    """Time get_events for each lookup; return the times by kind."""
    from panko import storage

    lookups = read_lines(sys.stdin)
    connection = _connection(args.url)
    times, rows = {}, {}
    for lookup in lookups:
        kind = lookup['kind']
        arguments = event_filter_arguments(lookup['filter'])
        started = time.perf_counter()
        found = list(connection.get_events(
            storage.EventFilter(**arguments),
            pagination={'limit': args.limit}))
        elapsed = (time.perf_counter() - started) * 1000
        if lookup.get('warmup'):
            continue
        times.setdefault(kind, []).append(elapsed)
        rows[kind] = rows.get(kind, 0) + len(found)
    return {'times_ms': times, 'rows': rows}


COMMANDS = {'versions': versions, 'record': record, 'load': load,
            'query': query}


def parser():
    """Return the command line parser of the driver."""
    parser = argparse.ArgumentParser(prog='peer_panko.py')
    parser.add_argument('command', choices=sorted(COMMANDS))
    parser.add_argument('--url', help='the database of Panko')
    parser.add_argument('--definitions', default=None,
                        help="event definitions (default: Ceilometer's)")
    parser.add_argument('--batch-size', type=int, default=100)
    parser.add_argument('--limit', type=int, default=100)
    return parser


def main(argv=None):
    """Run one command; print its result as one JSON document."""
    args = parser().parse_args(argv)
    result = COMMANDS[args.command](args)
    json.dump(result, sys.stdout)
    sys.stdout.write('\n')
    return 0


if __name__ == '__main__':
    sys.exit(main())
