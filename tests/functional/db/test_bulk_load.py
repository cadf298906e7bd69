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
"""Bulk loads leave the migrated schema, and the rows, as they were."""

import datetime

import pytest
import sqlalchemy

from stacktach_os.db import bulk_load
from stacktach_os.db import events
from stacktach_os.db import search
from stacktach_os.notification.distiller import models as distilled

TABLES = ('events', 'trait_text', 'trait_int')


def _indexes(store):
    inspector = sqlalchemy.inspect(store.engine)
    return {table: sorted((index['name'], tuple(index['column_names']))
                          for index in inspector.get_indexes(table)
                          if not index.get('unique'))
            for table in TABLES}


def _event(number):
    row = {'message_id': 'm-%d' % number, 'event_type': 'compute.x.end',
           'generated': datetime.datetime(2026, 5, 1, 0, 0, number),
           'deployment': 'cell1', 'project_id': 'p', 'resource_id': 'i-1',
           'request_id': 'req-%d' % (number % 2), 'host': 'h'}
    return row, [distilled.Trait('memory_mb', 'int', number),
                 distilled.Trait('state', 'text', 'active')]


def test_indexes_are_built_again_after_the_load(store):
    before = _indexes(store)
    assert all(before.values())
    with bulk_load.indexes_built_after(store, TABLES):
        assert not any(_indexes(store).values())
        with store.writer() as session:
            events.add_events(session, [_event(n) for n in range(5)])
    assert _indexes(store) == before
    with store.writer() as session:
        bulk_load.analyze(session, TABLES)
    with store.reader() as session:
        found = search.search_events(session, search.ALL_PROJECTS,
                                     search.Page(limit=10),
                                     request_id='req-1')
    assert [row.message_id for row in found] == ['m-3', 'm-1']


def test_indexes_come_back_when_the_load_fails(store):
    before = _indexes(store)
    with pytest.raises(RuntimeError):
        with bulk_load.indexes_built_after(store, TABLES):
            raise RuntimeError('load failed')
    assert _indexes(store) == before


def test_unknown_tables_are_refused(store):
    with pytest.raises(ValueError):
        bulk_load.secondary_indexes(['events', 'nope'])
    with store.writer() as session, pytest.raises(ValueError):
        bulk_load.analyze(session, ['nope; DROP TABLE events'])
