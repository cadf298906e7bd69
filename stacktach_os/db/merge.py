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
"""Set-based writes shared by the tracking tables.

The tracking handlers run once per batch, in the batch's transaction.
Each write here is a handful of statements for the whole batch, never one
per notification, and means the same on SQLite, MySQL and PostgreSQL:

- :func:`upsert_latest` keeps the latest version of a row per key, the
  database merging each batch into what it holds (one statement);
- :func:`lock_rows` locks the rows a batch touches (``SELECT ... FOR
  UPDATE``; SQLite has one writer at a time anyway) for the writes that
  must merge in Python (timings). Two workers that insert the same new
  key then collide on its unique constraint; the pipeline stores the
  batch again, and finds the other's row.
- :func:`upsert` is one multi-row INSERT ... ON CONFLICT / ON DUPLICATE
  KEY UPDATE, sent through the driver's bulk path like
  :mod:`stacktach_os.db.bulk`'s inserts; :func:`update_by_id` overwrites
  locked rows with it (an UPDATE executemany costs a round trip per row
  on the servers).
"""

import functools

import sqlalchemy
from sqlalchemy import and_
from sqlalchemy import case
from sqlalchemy.dialects import mysql
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects import sqlite
from sqlalchemy import func
from sqlalchemy import or_
from sqlalchemy import select

from stacktach_os.db import bulk
from stacktach_os.db import utils

# Rows keep the columns they were read with; this is the primary key.
ID = 'id'
# The ON CONFLICT / ON DUPLICATE KEY UPDATE clauses rendered so far, by
# dialect, table, columns and kind of upsert.
_CLAUSES = {}


def _index_on(table, column):
    """The name of the unique key or index that ``column`` leads."""
    candidates = [constraint for constraint in table.constraints
                  if isinstance(constraint, sqlalchemy.UniqueConstraint)]
    for candidate in candidates + list(table.indexes):
        columns = list(candidate.columns)
        if columns and columns[0].name == column:
            return candidate.name
    raise ValueError('no index of %s starts with %s' % (table.name, column))


@functools.lru_cache(maxsize=None)
def _locking_select(table, column):
    # MariaDB and MySQL scan a small table by its primary key instead of
    # the index, locking (and waiting for) every row, those of batches
    # not committed yet included; the index keeps the read to its keys.
    query = select(table).where(utils.in_values(table.c[column]))
    query = utils.with_mysql_hint(
        query, table, 'FORCE INDEX (%s)' % _index_on(table, column))
    return query.order_by(table.c.id).with_for_update()


def lock_rows(session, table, column, values):
    """Return the rows of ``table`` whose ``column`` is in ``values``.

    The rows are locked until the end of the transaction, and returned
    as dicts in primary key order. ``column`` must lead an index of the
    table, which the read goes through on every backend, however small
    the table.
    """
    rows = []
    # On the session's connection: a Core statement needs none of the
    # ORM's work per execution.
    for result in utils.execute_in_chunks(
            session.connection(), _locking_select(table, column), values):
        rows.extend(dict(row) for row in result.mappings())
    return rows


def insert_rows(session, table, rows):
    """Insert rows (dicts with the same keys) in one bulk statement."""
    if rows:
        columns = bulk.document_order(table, rows)
        bulk.insert_rows(session, table, columns,
                         utils.row_tuples(rows, columns))


def _conflict_clause(dialect, table, key_columns, set_values, where):
    """Render the ON CONFLICT / ON DUPLICATE KEY UPDATE clause once."""
    if dialect.name == 'mysql':
        statement = mysql.insert(table)
        statement = statement.on_duplicate_key_update(
            set_values(table.c, statement.inserted))
        marker = ' ON DUPLICATE KEY UPDATE '
    else:
        module = postgresql if dialect.name == 'postgresql' else sqlite
        statement = module.insert(table)
        new = statement.excluded
        statement = statement.on_conflict_do_update(
            index_elements=list(key_columns),
            set_=dict(set_values(table.c, new)),
            where=where(table.c, new) if where is not None else None)
        marker = ' ON CONFLICT '
    sql = ' '.join(str(statement.compile(dialect=dialect)).split())
    clause = sql[sql.index(marker):]
    if '%(' in clause or '?' in clause:
        raise ValueError('an upsert clause of %s has parameters: %s'
                         % (table.name, clause))
    return clause


def upsert(session, table, key_columns, rows, name, set_values,
           where=None):
    """INSERT rows, or UPDATE the row with the same key: one statement.

    ``set_values(row, new)`` returns the ordered (column, expression)
    pairs of the UPDATE: ``row`` is the table's current row, ``new`` the
    proposed one (PostgreSQL's and SQLite's ``excluded``, MySQL's
    ``VALUES()``); they must hold no parameters (write constants with
    ``literal_column``). MySQL assigns in order, each assignment seeing
    the ones before it, and has no WHERE: ``where(row, new)``, if given,
    only spares PostgreSQL and SQLite writes that change nothing, so
    ``set_values`` must keep the row as it is where ``where`` is false.
    ``name`` names this kind of upsert of ``table``, for the cache of
    rendered clauses. Every row must hold the same columns, and each key
    appear once.

    The rows go through :func:`stacktach_os.db.bulk.insert_rows`, the
    clause ending its statements: one JSON document on PostgreSQL,
    MySQL 8 and MariaDB 10.6 (older ones: one multi-row statement, which
    PyMySQL makes of the executemany), sqlite3's executemany in process.
    """
    if not rows:
        return
    connection = session.connection()
    dialect = connection.dialect
    columns = bulk.document_order(table, rows)
    cache_key = (dialect.name, table.name, tuple(columns), name)
    clause = _CLAUSES.get(cache_key)
    if clause is None:
        clause = _CLAUSES[cache_key] = _conflict_clause(
            dialect, table, key_columns, set_values, where)
    bulk.insert_rows(session, table, columns,
                     utils.row_tuples(rows, columns), clause)


def update_by_id(session, table, rows):
    """Overwrite rows by primary key: one statement for the batch.

    Each row is a dict of every column, ``id`` included, of a row that
    exists and that this transaction holds locked. The UPDATE is written
    as an upsert on the primary key, which every backend runs as one
    (multi-row) statement, where an UPDATE executemany costs a round trip
    per row on the servers.
    """
    if not rows:
        return
    columns = [name for name in rows[0] if name != ID]
    upsert(session, table, (ID,), rows, 'overwrite', lambda row, new: [
        (name, new[name]) for name in columns])


def delete_by_id(session, table, ids):
    """Delete rows by primary key."""
    for chunk in utils.chunks(sorted(ids)):
        session.execute(table.delete().where(table.c.id.in_(chunk)))


def _later(row, new, version_columns):
    """SQL: the new row's version is at least the stored one's."""
    condition = None
    for name in reversed(version_columns):
        if condition is None:
            condition = new[name] >= row[name]
        else:
            condition = or_(new[name] > row[name],
                            and_(new[name] == row[name], condition))
    return condition


def upsert_latest(session, table, key_columns, rows, version_columns,
                  name):
    """Keep one row per key: the latest version, gaps filled from others.

    ``version_columns`` (most significant first) order the versions of a
    row; the latest wins, and a column it lacks (None) is taken from the
    other. The batch's own rows with the same key are folded in Python,
    then one upsert merges them with the stored ones in SQL, so that no
    row is read back and concurrent workers merge correctly.
    """
    if not rows:
        return
    combine = latest_wins(
        lambda row: tuple(row[name] for name in version_columns))
    incoming = {}
    for row in rows:
        key = tuple(row[column] for column in key_columns)
        incoming[key] = (combine(incoming[key], row) if key in incoming
                         else row)
    others = [column for column in rows[0]
              if column not in key_columns and column not in version_columns]

    def set_values(row, new):
        later = _later(row, new, version_columns)
        pairs = [(column, case(
            (later, func.coalesce(new[column], row[column])),
            else_=func.coalesce(row[column], new[column])))
            for column in others]
        # Least significant first: MySQL assigns in order (see
        # lifecycle.update_states), and each assignment keeps the
        # condition true for the next when it was.
        pairs.extend((column, case((later, new[column]), else_=row[column]))
                     for column in reversed(version_columns))
        return pairs

    upsert(session, table, key_columns,
           [incoming[key] for key in sorted(incoming)], name, set_values)


def latest_wins(version):
    """Return ``combine(old, new)``: the later version of a row wins.

    ``version(row)`` is a comparable tuple; the columns the winner lacks
    (None) are taken from the other.
    """
    def combine(old, new):
        winner, other = (new, old) if version(new) >= version(old) \
            else (old, new)
        merged = dict(winner)
        for name, value in other.items():
            if merged.get(name) is None and value is not None:
                merged[name] = value
        return merged
    return combine
