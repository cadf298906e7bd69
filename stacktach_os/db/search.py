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
"""Read-only queries of the REST API: events, their types and origins.

Every list is a keyset page: rows come in a stable order (the requested
sort keys, then the primary key), at most ``limit`` of them, after the row
named by ``marker``. A marker that names no visible row raises
:class:`MarkerNotFound`, never returns an arbitrary page.

Every query takes a project ``scope``: a project id, whose rows are the
only ones returned, or :data:`ALL_PROJECTS`. There is no default, so that
no caller gets every project's rows by omission.
"""

import dataclasses

from sqlalchemy import and_
from sqlalchemy import literal
from sqlalchemy import or_
from sqlalchemy import select
from sqlalchemy import union_all

from stacktach_os.db import archive
from stacktach_os.db import codec
from stacktach_os.db import models
from stacktach_os.db import utils


class _AllProjects(object):
    """The scope of a caller allowed to see every project's rows."""

    def __repr__(self):
        return 'ALL_PROJECTS'


#: The scope that returns the rows of every project.
ALL_PROJECTS = _AllProjects()

ASC = 'asc'
DESC = 'desc'
DIRECTIONS = (ASC, DESC)

#: The comparison operators of trait filters.
OPERATORS = ('eq', 'ne', 'lt', 'le', 'gt', 'ge')

#: The keys events may be sorted by (all NOT NULL, so that the order is
#: the same on every backend); the primary key always breaks ties.
EVENT_SORT_KEYS = {
    'generated': models.Event.generated,
    'event_type': models.Event.event_type,
    'deployment': models.Event.deployment,
    'message_id': models.Event.message_id,
}
EVENT_DEFAULT_SORT = (('generated', DESC),)

#: Lists of names (event types, trait names, deployments, hosts) are
#: sorted by the name only.
NAME_SORT_KEYS = ('name',)
NAME_DEFAULT_SORT = (('name', ASC),)


class MarkerNotFound(Exception):
    """The marker of a page names no row the caller can see."""

    def __init__(self, marker):
        super().__init__('marker %r not found' % (marker,))
        self.marker = marker


@dataclasses.dataclass(frozen=True)
class Page(object):
    """Which slice of a list to return.

    ``sort`` is a sequence of (key, direction) pairs, direction being
    ``asc`` or ``desc``; ``marker`` the key of the last row of the
    previous page (a message id for events, a name for lists of names).
    """

    limit: int
    marker: str | None = None
    sort: tuple = ()


@dataclasses.dataclass(frozen=True)
class TraitFilter(object):
    """Events with a trait ``name`` whose value compares true with ``op``.

    ``values`` maps each trait type to look in (text, int, float,
    datetime) to the value, already converted to that type; an event
    matches when its trait matches in any of them. ``ne`` matches events
    that have the trait with another value, not those without it.
    """

    name: str
    op: str
    values: dict


def scoped(query, column, scope):
    """Restrict ``query`` to the rows of ``scope`` (``column`` = project)."""
    if scope is ALL_PROJECTS:
        return query
    if not isinstance(scope, str):
        raise TypeError('scope must be a project id or ALL_PROJECTS, not %r'
                        % (scope,))
    return query.where(column == scope)


def _compare(column, op, value):
    return {
        'eq': column.__eq__, 'ne': column.__ne__,
        'lt': column.__lt__, 'le': column.__le__,
        'gt': column.__gt__, 'ge': column.__ge__,
    }[op](value)


def _trait_condition(trait_filter):
    matches = []
    for dtype, value in sorted(trait_filter.values.items()):
        model = models.TRAIT_MODELS[dtype]
        query = select(model.event_id).where(
            model.name == trait_filter.name,
            _compare(model.value, trait_filter.op, value))
        if dtype == 'text' and trait_filter.op == 'eq':
            # The indexed prefix narrows the search; the value decides.
            query = query.where(
                model.value_key == value[:models.TEXT_KEY_LENGTH])
        matches.append(models.Event.id.in_(query))
    return or_(*matches)


def _glob_to_like(pattern):
    escaped = (pattern.replace('\\', '\\\\').replace('%', '\\%')
               .replace('_', '\\_'))
    return escaped.replace('*', '%')


def keyset_after(columns, directions, values):
    """The keyset condition: rows strictly after ``values`` in the order."""
    alternatives = []
    for index, (column, direction) in enumerate(zip(columns, directions)):
        equal = [columns[i] == values[i] for i in range(index)]
        beyond = (column > values[index] if direction == ASC
                  else column < values[index])
        alternatives.append(and_(*equal, beyond))
    # The redundant bound on the first key lets the database use an index
    # range instead of evaluating the alternatives on every row.
    first = (columns[0] >= values[0] if directions[0] == ASC
             else columns[0] <= values[0])
    return and_(first, or_(*alternatives))


def ordered(query, columns, directions):
    """Order ``query`` by ``columns``, each in its direction."""
    return query.order_by(*[
        column.asc() if direction == ASC else column.desc()
        for column, direction in zip(columns, directions)])


# MariaDB (10.11 at least) may choose the index on the time alone for an
# exact event type in time order, and then read every event of the type
# up to the window: seconds for a window a month back among a million
# events (measured with ``python -m stacktach_os.bench query``).
# (event_type, generated) always beats (generated) when the type is
# given; the other backends find that alone.
_TIME_ONLY_HINT = 'IGNORE INDEX (ix_events_generated)'


def _without_time_index(query):
    """Keep MySQL and MariaDB off the index on the time alone."""
    return utils.with_mysql_hint(query, models.Event, _TIME_ONLY_HINT)


def search_events(session, scope, page, event_type=None, since=None,
                  until=None, deployment=None, resource_id=None,
                  request_id=None, traits=()):
    """Return a page of events (Event rows) matching every filter given.

    ``event_type`` is a name or a glob where ``*`` matches any text;
    ``since`` (inclusive) and ``until`` (exclusive) bound the generated
    time, naive UTC datetimes; ``traits`` is a list of
    :class:`TraitFilter`. ``page.sort`` keys are :data:`EVENT_SORT_KEYS`
    (default newest first); the marker is a message id.
    """
    event = models.Event
    conditions = []
    if event_type is not None:
        if '*' in event_type:
            conditions.append(event.event_type.like(
                _glob_to_like(event_type), escape='\\'))
        else:
            conditions.append(event.event_type == event_type)
    if since is not None:
        conditions.append(event.generated >= since)
    if until is not None:
        conditions.append(event.generated < until)
    for column, value in ((event.deployment, deployment),
                          (event.resource_id, resource_id),
                          (event.request_id, request_id)):
        if value is not None:
            conditions.append(column == value)
    conditions.extend(_trait_condition(trait) for trait in traits)

    sort = list(page.sort or EVENT_DEFAULT_SORT)
    columns = [EVENT_SORT_KEYS[key] for key, _direction in sort]
    directions = [direction for _key, direction in sort]
    columns.append(event.id)
    directions.append(directions[-1])

    query = scoped(select(event).where(*conditions), event.project_id,
                   scope)
    if event_type is not None and '*' not in event_type:
        query = _without_time_index(query)
    if page.marker is not None:
        marker_query = scoped(
            select(*columns).where(event.message_id == page.marker),
            event.project_id, scope)
        values = session.execute(marker_query).first()
        if values is None:
            raise MarkerNotFound(page.marker)
        query = query.where(keyset_after(columns, directions, tuple(values)))
    query = ordered(query, columns, directions).limit(page.limit)
    return list(session.scalars(query))


def get_event(session, message_id):
    """Return the Event with this message id, or None, in any project."""
    return session.scalar(select(models.Event).where(
        models.Event.message_id == message_id))


def decode_body(blob):
    """Return the notification body stored compressed in the archive."""
    return codec.decode_body(blob)


def get_notification(session, message_id):
    """Return (RawNotification, decoded body) in any project, or None."""
    row = archive.get_notification(session, message_id)
    if row is None:
        return None
    return row, decode_body(row.body)


def _name_page(session, column, scope, page, conditions=()):
    """A page of the distinct non-null values of ``column``."""
    direction = (page.sort or NAME_DEFAULT_SORT)[0][1]
    query = scoped(select(column).where(column.is_not(None), *conditions),
                   models.Event.project_id, scope)
    if page.marker is not None:
        exists = query.where(column == page.marker).limit(1)
        if session.execute(exists).first() is None:
            raise MarkerNotFound(page.marker)
        query = query.where(column > page.marker if direction == ASC
                            else column < page.marker)
    query = ordered(query.group_by(column), [column], [direction])
    return list(session.scalars(query.limit(page.limit)))


def list_event_types(session, scope, page):
    """Return a page of the event types of the events in scope."""
    return _name_page(session, models.Event.event_type, scope, page)


def list_deployments(session, scope, page):
    """Return a page of the deployment names of the events in scope."""
    return _name_page(session, models.Event.deployment, scope, page)


def list_hosts(session, scope, page, deployment=None):
    """Return a page of the host names of the events in scope."""
    conditions = []
    if deployment is not None:
        conditions.append(models.Event.deployment == deployment)
    return _name_page(session, models.Event.host, scope, page, conditions)


def event_type_exists(session, scope, event_type):
    """Return True when an event of this type is in scope."""
    query = scoped(
        select(models.Event.id).where(models.Event.event_type == event_type),
        models.Event.project_id, scope)
    return session.execute(query.limit(1)).first() is not None


def list_trait_names(session, scope, event_type, page):
    """Return a page of (name, [types]) of the traits of an event type.

    A trait name usually has one type; the list holds every type the
    events in scope stored it with.
    """
    selects = []
    for dtype, model in models.TRAIT_MODELS.items():
        selects.append(scoped(
            select(model.name.label('name'),
                   literal(dtype).label('dtype'))
            .join(models.Event, models.Event.id == model.event_id)
            .where(models.Event.event_type == event_type),
            models.Event.project_id, scope).distinct())
    pairs = session.execute(union_all(*selects)).all()
    types = {}
    for name, dtype in pairs:
        types.setdefault(name, set()).add(dtype)
    descending = (page.sort or NAME_DEFAULT_SORT)[0][1] == DESC
    names = sorted(types, reverse=descending)
    if page.marker is not None:
        if page.marker not in types:
            raise MarkerNotFound(page.marker)
        names = names[names.index(page.marker) + 1:]
    return [(name, sorted(types[name])) for name in names[:page.limit]]
