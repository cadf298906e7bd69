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
"""Bulk loads: secondary indexes built once at the end, fresh statistics.

Inserting millions of rows into tables whose secondary indexes do not fit
in the database's cache costs a random page read per index and row;
building each index once, sorted, after the load costs a fraction of
that. The indexes are dropped and created again from the models'
definitions, which a functional test holds equal to the migrated schema,
so the schema after a load is the one the migrations made.
"""

import contextlib

from sqlalchemy import text

from stacktach_os.db import models


def _tables(names):
    known = models.Base.metadata.tables
    for name in names:
        if name not in known:
            raise ValueError('no such table: %r' % (name,))
    return [known[name] for name in names]


def secondary_indexes(tables):
    """Return the non-unique indexes of ``tables`` (table names)."""
    return [index for table in _tables(tables)
            for index in sorted(table.indexes, key=lambda i: i.name)
            if not index.unique]


@contextlib.contextmanager
def indexes_built_after(store, tables):
    """Drop the secondary indexes of ``tables``; create them on the way out.

    For loading an empty database only: nothing may read the tables
    meanwhile. The indexes are created again even when the load fails.
    """
    engine = store.engine
    indexes = secondary_indexes(tables)
    for index in indexes:
        index.drop(bind=engine)
    try:
        yield
    finally:
        for index in indexes:
            index.create(bind=engine)


def analyze(session, tables):
    """Refresh the planner's statistics of ``tables`` (table names).

    The databases do it by themselves as tables grow (PostgreSQL's
    autovacuum, InnoDB's persistent statistics), in the background; a
    bulk load asks for it at once. A no-op on SQLite.
    """
    tables = [table.name for table in _tables(tables)]
    dialect = session.get_bind().dialect.name
    if dialect == 'postgresql':
        for name in tables:
            session.execute(text('ANALYZE %s' % name))
    elif dialect == 'mysql':
        session.execute(text('ANALYZE TABLE %s' % ', '.join(tables)))
