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
"""Reads of the tracking tables that the REST API needs.

What :mod:`lifecycle`, :mod:`timings` and :mod:`requests` do not offer
themselves: pages of a lifecycle after a marker, whether an instance was
seen at all, timing statistics grouped by several fields at once, and
the requests that have a KPI. The same rules as theirs: a ``scope`` is
always given, a marker that names nothing in scope raises
:class:`paging.MarkerNotFound`.
"""

import dataclasses

from sqlalchemy import and_
from sqlalchemy import case
from sqlalchemy import exists
from sqlalchemy import func
from sqlalchemy import or_
from sqlalchemy import select

from stacktach_os.db import lifecycle
from stacktach_os.db import models
from stacktach_os.db import paging
from stacktach_os.db import requests
from stacktach_os.db import timings

#: The percentiles of every timing summary.
PERCENTILES = (50, 95, 99)


@dataclasses.dataclass
class LifecyclePage(object):
    """A page of transitions and the limit it was read with."""

    transitions: list
    limit: int


def _transition_key(transition):
    return (transition.generated, transition.message_id)


def lifecycle_page(session, scope, instance_id, limit, marker=None,
                   since=None, until=None, changes_only=True):
    """Return a :class:`LifecyclePage` of an instance, oldest first.

    ``marker`` is the message id of the last transition of the previous
    page. The page's ``limit`` may be lower than asked when many
    transitions share the marker's time (at most
    :data:`lifecycle.MAX_TRANSITIONS` are read at once); a page shorter
    than its ``limit`` is the last.
    """
    model = models.InstanceTransition
    limit = max(1, min(limit, lifecycle.MAX_TRANSITIONS))
    if marker is None:
        return LifecyclePage(lifecycle.get_lifecycle(
            session, scope, instance_id, since=since, until=until,
            changes_only=changes_only, limit=limit), limit)
    found = session.execute(paging.scoped(
        select(model.generated, model.message_id).where(
            model.instance_id == instance_id, model.message_id == marker),
        model.project_id, scope)).first()
    if found is None or (since is not None and found.generated < since) \
            or (until is not None and found.generated >= until):
        raise paging.MarkerNotFound(marker)
    after = (found.generated, found.message_id)
    # The transitions at the marker's time up to the marker itself come
    # again: read that many more, and leave them out.
    again = session.scalar(paging.scoped(
        select(func.count()).select_from(model).where(
            model.instance_id == instance_id,
            model.generated == found.generated,
            model.message_id <= found.message_id),
        model.project_id, scope))
    limit = max(1, min(limit, lifecycle.MAX_TRANSITIONS - again))
    transitions = lifecycle.get_lifecycle(
        session, scope, instance_id, since=found.generated, until=until,
        changes_only=changes_only, limit=min(
            limit + again, lifecycle.MAX_TRANSITIONS))
    return LifecyclePage([transition for transition in transitions
                          if _transition_key(transition) > after][:limit],
                         limit)


def instance_seen(session, scope, instance_id):
    """Return True when anything of the instance is stored in scope."""
    for model in (models.InstanceState, models.InstanceTransition,
                  models.Timing):
        query = paging.scoped(
            select(model.id).where(model.instance_id == instance_id),
            model.project_id, scope)
        if session.execute(query.limit(1)).first() is not None:
            return True
    return False


def _timing_conditions(instance_id=None, request_id=None, operation=None,
                       host=None, deployment=None, outcome=None, since=None,
                       until=None):
    model = models.Timing
    conditions = paging.equal_conditions((
        (model.instance_id, instance_id), (model.request_id, request_id),
        (model.operation, operation), (model.host, host),
        (model.deployment, deployment), (model.outcome, outcome)))
    conditions.extend(paging.time_conditions(model.generated, since, until))
    return conditions


def _sort_key(key):
    return tuple((value is None, value or '') for value in key)


def summarize_timings(session, scope, group_by=('operation',),
                      percentiles=PERCENTILES, **filters):
    """Return duration statistics of every matching timing, per group.

    ``group_by`` names one or more keys of :data:`timings.GROUPS`
    (``operation``, ``host``, ``deployment``, ``project_id``); ``filters``
    are those of :func:`timings.list_timings`. One dict per group, ordered
    by the group's values: the grouped fields, ``count`` (timings),
    ``ok``/``errors``/``unmatched`` (by outcome), ``timed`` (those with a
    duration) and, over the durations in seconds, ``min``, ``max``,
    ``mean`` and one ``pNN`` per percentile (nearest rank). The database
    computes them over all matching rows: nothing is sampled or paged.
    """
    names = tuple(group_by)
    if not names or len(set(names)) != len(names):
        raise ValueError('group_by must name distinct fields')
    unknown = [name for name in names if name not in timings.GROUPS]
    if unknown:
        raise ValueError('cannot group timings by %s' % ', '.join(unknown))
    percentiles = sorted({int(p) for p in percentiles})
    if any(not 0 < p <= 100 for p in percentiles):
        raise ValueError('percentiles must be within 1..100')
    model = models.Timing
    columns = [timings.GROUPS[name] for name in names]
    conditions = _timing_conditions(**filters)
    duration = model.duration
    totals = paging.scoped(select(
        *columns, func.count(),
        func.sum(case((model.outcome == timings.ERROR, 1), else_=0)),
        func.sum(case((model.outcome == timings.UNMATCHED, 1), else_=0)),
        func.count(duration), func.min(duration), func.max(duration),
        func.avg(duration)).where(*conditions), model.project_id, scope)
    summary = {}
    width = len(columns)
    for row in session.execute(totals.group_by(*columns)):
        key = tuple(row[:width])
        count, errors, unmatched, timed, low, high, mean = row[width:]
        errors, unmatched = int(errors or 0), int(unmatched or 0)
        summary[key] = dict(
            zip(names, key), count=int(count),
            ok=int(count) - errors - unmatched, errors=errors,
            unmatched=unmatched, timed=int(timed),
            min=None if low is None else float(low),
            max=None if high is None else float(high),
            mean=None if mean is None else float(mean),
            **{'p%d' % p: None for p in percentiles})
    if percentiles and any(group['timed'] for group in summary.values()):
        _add_percentiles(session, scope, summary, columns, conditions,
                         percentiles)
    return [summary[key] for key in sorted(summary, key=_sort_key)]


def _add_percentiles(session, scope, summary, columns, conditions,
                     percentiles):
    model = models.Timing
    labels = ['g%d' % index for index in range(len(columns))]
    ranked = paging.scoped(select(
        *[column.label(label) for column, label in zip(columns, labels)],
        model.duration.label('duration'),
        func.row_number().over(partition_by=columns,
                               order_by=model.duration).label('rank'),
        func.count().over(partition_by=columns).label('total'),
    ).where(model.duration.is_not(None), *conditions), model.project_id,
        scope).subquery()

    def nearest(p):
        # rank = ceil(p * total / 100), in integers on every backend.
        return and_(100 * ranked.c.rank >= p * ranked.c.total,
                    100 * (ranked.c.rank - 1) < p * ranked.c.total)

    query = select(*[ranked.c[label] for label in labels], ranked.c.rank,
                   ranked.c.total, ranked.c.duration).where(
        or_(*[nearest(p) for p in percentiles]))
    width = len(labels)
    for row in session.execute(query):
        group = summary.get(tuple(row[:width]))
        rank, total, value = row[width:]
        if group is None:
            continue
        for p in percentiles:
            if 100 * rank >= p * total and 100 * (rank - 1) < p * total:
                group['p%d' % p] = float(value)


def list_kpis(session, scope, page, deployment=None, outcome=None,
              end_event_type=None, since=None, until=None):
    """Return a page of the Request rows that have a KPI.

    A request's KPI runs from its first notification by an API service to
    its last ``.end``. ``deployment`` matches any deployment the request
    went through; ``end_event_type`` the type of its last ``.end``;
    ``since`` (inclusive) and ``until`` (exclusive) bound the time of its
    first notification. Sort keys and marker are those of
    :func:`requests.list_requests`.
    """
    model = models.Request
    conditions = [model.kpi.is_not(None)]
    conditions.extend(paging.equal_conditions((
        (model.outcome, outcome), (model.end_event_type, end_event_type))))
    if deployment is not None:
        raw = models.RawNotification
        conditions.append(or_(
            model.deployment == deployment,
            exists().where(raw.request_id == model.request_id,
                           raw.deployment == deployment)))
    conditions.extend(paging.time_conditions(model.first_generated, since,
                                             until))
    return paging.page_of(session, model, conditions, scope, page,
                          requests.SORT_KEYS, requests.DEFAULT_SORT,
                          marker_column=model.request_id)
