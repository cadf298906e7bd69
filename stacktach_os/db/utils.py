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
"""Helpers shared by the query modules."""

import operator

import sqlalchemy

# Bound on the number of values in one IN (...) clause.
IN_CHUNK_SIZE = 500
# The name of the list that :func:`in_values` binds.
VALUES = 'values'


def chunks(values, size=IN_CHUNK_SIZE):
    """Split ``values`` into lists of at most ``size`` items."""
    values = list(values)
    for start in range(0, len(values), size):
        yield values[start:start + size]


def row_tuples(rows, columns):
    """Return the values of ``columns`` of each row (a dict), as tuples."""
    columns = tuple(columns)
    if len(columns) == 1:
        name = columns[0]
        return [(row[name],) for row in rows]
    values_of = operator.itemgetter(*columns)
    return [values_of(row) for row in rows]


def in_values(column):
    """``column IN`` the list bound as :data:`VALUES` when executed.

    A statement built with it once serves every list (an expanding
    parameter), which spares building a statement per batch.
    """
    return column.in_(sqlalchemy.bindparam(VALUES, expanding=True))


def with_mysql_hint(query, table, hint):
    """Add an index hint to ``query`` that only MySQL and MariaDB read."""
    for dialect in ('mysql', 'mariadb'):
        query = query.with_hint(table, hint, dialect_name=dialect)
    return query


def execute_in_chunks(session, statement, values):
    """Run a statement of :func:`in_values` per chunk of ``values``.

    The distinct values go sorted, at most :data:`IN_CHUNK_SIZE` a
    statement; yields the result of each.
    """
    for chunk in chunks(sorted(set(values))):
        yield session.execute(statement, {VALUES: chunk})
