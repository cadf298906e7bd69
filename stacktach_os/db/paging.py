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
"""Keyset pages and project scopes of the tracking tables' lists.

The same rules as :mod:`stacktach_os.db.search`: a ``scope`` (a project
id, or :data:`search.ALL_PROJECTS`) is always given; a page is a
:class:`search.Page`; rows come in the order of the sort keys, then the
primary key; a marker that names no row in scope raises
:class:`search.MarkerNotFound`.
"""

from sqlalchemy import select

from stacktach_os.db import search

ALL_PROJECTS = search.ALL_PROJECTS
ASC = search.ASC
DESC = search.DESC
MarkerNotFound = search.MarkerNotFound
Page = search.Page
scoped = search.scoped


def _marker_value(marker, column):
    """Convert a marker to the type of its column, or None if it cannot."""
    if column.type.python_type is int:
        try:
            return int(marker)
        except (TypeError, ValueError):
            return None
    return marker if isinstance(marker, str) else None


def page_of(session, model, conditions, scope, page, sort_keys,
            default_sort, marker_column=None):
    """Return a page of ``model`` rows matching ``conditions``.

    ``sort_keys`` maps the sort key names to NOT NULL column expressions;
    ``marker_column`` (the primary key by default) is what a marker names.
    """
    marker_column = marker_column if marker_column is not None else model.id
    sort = list(page.sort or default_sort)
    for key, direction in sort:
        if key not in sort_keys or direction not in (ASC, DESC):
            raise ValueError('cannot sort by %s:%s' % (key, direction))
    columns = [sort_keys[key] for key, _direction in sort] + [model.id]
    directions = [direction for _key, direction in sort]
    directions.append(directions[-1])
    query = scoped(select(model).where(*conditions), model.project_id, scope)
    if page.marker is not None:
        value = _marker_value(page.marker, marker_column)
        found = None
        if value is not None:
            found = session.execute(scoped(
                select(*columns).where(marker_column == value),
                model.project_id, scope)).first()
        if found is None:
            raise MarkerNotFound(page.marker)
        query = query.where(search.keyset_after(columns, directions,
                                                tuple(found)))
    query = search.ordered(query, columns, directions)
    return list(session.scalars(query.limit(page.limit)))


def time_conditions(column, since=None, until=None):
    """Bound ``column``: since inclusive, until exclusive."""
    conditions = []
    if since is not None:
        conditions.append(column >= since)
    if until is not None:
        conditions.append(column < until)
    return conditions


def equal_conditions(pairs):
    """``column == value`` for each (column, value) whose value is given."""
    return [column == value for column, value in pairs if value is not None]
