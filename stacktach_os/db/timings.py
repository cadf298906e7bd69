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
"""SQL of operation timings: starts paired with ends, in event time.

The starts, ends and errors of one instance, operation, request and
notification format make a slot. Whenever a batch brings marks of a
slot, the slot's rows are locked and the whole slot is paired again in
event time (each start with the next end or error), so a start that
arrives after its end still completes the row; only the rows whose pair
changed are written.
"""

import collections
import dataclasses
import datetime
import hashlib

from sqlalchemy import and_
from sqlalchemy import case
from sqlalchemy import func
from sqlalchemy import literal
from sqlalchemy import or_
from sqlalchemy import select

from stacktach_os.db import merge
from stacktach_os.db import models
from stacktach_os.db import paging

START = 'start'
END = 'end'
ERROR = 'error'

OK = 'ok'
UNMATCHED = 'unmatched'
OUTCOMES = (OK, ERROR, UNMATCHED)

SORT_KEYS = {
    'generated': models.Timing.generated,
    'duration': func.coalesce(models.Timing.duration, -1.0),
    'operation': models.Timing.operation,
}
DEFAULT_SORT = (('generated', paging.DESC),)

#: What :func:`summarize` may group by.
GROUPS = {
    'operation': models.Timing.operation,
    'host': models.Timing.host,
    'deployment': models.Timing.deployment,
    'project_id': models.Timing.project_id,
}
DEFAULT_PERCENTILES = (50, 95, 99)


@dataclasses.dataclass
class Mark(object):
    """A start, end or error notification of an operation on an instance.

    ``family`` keeps the notification formats apart (nova may publish
    both); ``phase`` is ``start``, ``end`` or ``error``.
    """

    family: str
    instance_id: str
    operation: str
    request_id: str | None
    phase: str
    generated: datetime.datetime
    message_id: str
    deployment: str
    project_id: str | None = None
    host: str | None = None
    error_message: str | None = None


def slot_of(family, instance_id, operation, request_id):
    """Return the hash that names the slot of a mark."""
    text = '\x1f'.join((family, instance_id, operation, request_id or ''))
    return hashlib.sha256(text.encode('utf-8')).hexdigest()


def _order(mark):
    return (mark.generated, 0 if mark.phase == START else 1, mark.message_id)


def pair(marks):
    """Pair marks in event time: [(start or None, end or None), ...].

    Each start is closed by the next end or error; a start followed by
    another start, or never closed, stays alone, as does an end or error
    with no open start.
    """
    pairs = []
    opened = None
    for mark in sorted(marks, key=_order):
        if mark.phase == START:
            if opened is not None:
                pairs.append((opened, None))
            opened = mark
        else:
            pairs.append((opened, mark))
            opened = None
    if opened is not None:
        pairs.append((opened, None))
    return pairs


def _row(slot, seq, start, end, template):
    first = start or end
    if end is not None and end.phase == ERROR:
        outcome = ERROR
    elif start is not None and end is not None:
        outcome = OK
    else:
        outcome = UNMATCHED
    return {
        'slot': slot,
        'seq': seq,
        'instance_id': template.instance_id,
        'operation': template.operation,
        'deployment': first.deployment,
        'project_id': (start.project_id if start is not None
                       and start.project_id is not None
                       else end.project_id if end is not None else None),
        'request_id': template.request_id,
        'host': first.host,
        'end_host': end.host if end is not None else None,
        'generated': first.generated,
        'start_message_id': start.message_id if start else None,
        'start_generated': start.generated if start else None,
        'end_message_id': end.message_id if end else None,
        'end_generated': end.generated if end else None,
        'duration': ((end.generated - start.generated).total_seconds()
                     if start is not None and end is not None else None),
        'outcome': outcome,
        'error_message': end.error_message if outcome == ERROR else None,
    }


def _marks_of(row):
    common = dict(family='', instance_id=row['instance_id'],
                  operation=row['operation'], request_id=row['request_id'],
                  deployment=row['deployment'],
                  project_id=row['project_id'])
    marks = []
    if row['start_message_id'] is not None:
        marks.append(Mark(phase=START, generated=row['start_generated'],
                          message_id=row['start_message_id'],
                          host=row['host'], **common))
    if row['end_message_id'] is not None:
        marks.append(Mark(
            phase=ERROR if row['outcome'] == ERROR else END,
            generated=row['end_generated'],
            message_id=row['end_message_id'], host=row['end_host'],
            error_message=row['error_message'], **common))
    return marks


def record(session, marks):
    """Store marks: pair every slot they touch again, write what changed."""
    table = models.Timing.__table__
    by_slot = collections.defaultdict(list)
    for mark in marks:
        by_slot[slot_of(mark.family, mark.instance_id, mark.operation,
                        mark.request_id)].append(mark)
    if not by_slot:
        return
    stored = collections.defaultdict(list)
    for row in merge.lock_rows(session, table, 'slot', by_slot):
        stored[row['slot']].append(row)
    inserts, updates, deletes = [], [], []
    for slot in sorted(by_slot):
        rows = sorted(stored[slot], key=lambda row: row['seq'])
        known = {}
        for row in rows:
            for mark in _marks_of(row):
                known[mark.message_id] = mark
        for mark in by_slot[slot]:
            known.setdefault(mark.message_id, mark)
        template = by_slot[slot][0]
        wanted = [_row(slot, seq, start, end, template)
                  for seq, (start, end) in enumerate(pair(known.values()))]
        for seq, row in enumerate(wanted):
            if seq >= len(rows):
                inserts.append(row)
                continue
            old = {name: value for name, value in rows[seq].items()
                   if name != 'id'}
            if old != row:
                updates.append(dict(row, id=rows[seq]['id']))
        deletes.extend(row['id'] for row in rows[len(wanted):])
    merge.delete_by_id(session, table, deletes)
    merge.update_by_id(session, table, updates)
    merge.insert_rows(session, table, inserts)


def _conditions(instance_id=None, request_id=None, operation=None,
                host=None, deployment=None, outcome=None, since=None,
                until=None):
    model = models.Timing
    conditions = paging.equal_conditions((
        (model.instance_id, instance_id), (model.request_id, request_id),
        (model.operation, operation), (model.host, host),
        (model.deployment, deployment), (model.outcome, outcome)))
    conditions.extend(paging.time_conditions(model.generated, since, until))
    return conditions


def list_timings(session, scope, page, instance_id=None, request_id=None,
                 operation=None, host=None, deployment=None, outcome=None,
                 since=None, until=None):
    """Return a page of Timing rows matching every filter given.

    ``since`` (inclusive) and ``until`` (exclusive) bound ``generated``
    (the start's time, or the end's without start). Sort keys are
    :data:`SORT_KEYS` (default newest first; ``duration`` puts timings
    without one first); the marker is a timing id.
    """
    conditions = _conditions(instance_id, request_id, operation, host,
                             deployment, outcome, since, until)
    return paging.page_of(session, models.Timing, conditions, scope, page,
                          SORT_KEYS, DEFAULT_SORT)


def get_timing(session, scope, timing_id):
    """Return the Timing with this id in scope, or None."""
    model = models.Timing
    return session.scalars(paging.scoped(
        select(model).where(model.id == timing_id), model.project_id,
        scope)).first()


def summarize(session, scope, group_by='operation', instance_id=None,
              request_id=None, operation=None, host=None, deployment=None,
              outcome=None, since=None, until=None,
              percentiles=DEFAULT_PERCENTILES):
    """Return duration statistics of every matching timing, per group.

    One dict per value of ``group_by`` (a key of :data:`GROUPS`, or None
    for one group of everything): ``key``, ``count`` (timings),
    ``ok``/``errors``/``unmatched`` (by outcome), ``timed`` (those with a
    duration) and, over the durations in seconds, ``min``, ``max``,
    ``mean`` and ``p50``, ``p95``, ``p99`` (nearest rank; one ``pNN`` per
    integer percentile asked). Statistics are computed by the database
    over all matching rows, not a page of them.
    """
    model = models.Timing
    percentiles = sorted({int(p) for p in percentiles})
    if any(not 0 < p <= 100 for p in percentiles):
        raise ValueError('percentiles must be within 1..100')
    if group_by is not None and group_by not in GROUPS:
        raise ValueError('cannot group timings by %r' % (group_by,))
    group = GROUPS[group_by] if group_by is not None else literal('*')
    conditions = _conditions(instance_id, request_id, operation, host,
                             deployment, outcome, since, until)
    duration = model.duration
    totals = paging.scoped(select(
        group.label('key'),
        func.count().label('count'),
        func.sum(case((model.outcome == ERROR, 1), else_=0)),
        func.sum(case((model.outcome == UNMATCHED, 1), else_=0)),
        func.count(duration), func.min(duration), func.max(duration),
        func.avg(duration)).where(*conditions), model.project_id, scope)
    if group_by is not None:
        totals = totals.group_by(group)
    summary = {}
    for key, count, errors, unmatched, timed, low, high, mean in \
            session.execute(totals):
        if not count:
            continue
        errors, unmatched = int(errors or 0), int(unmatched or 0)
        summary[key] = dict(
            key=key if group_by is not None else None, count=count,
            ok=count - errors - unmatched, errors=errors,
            unmatched=unmatched, timed=timed,
            min=low, max=high,
            mean=float(mean) if mean is not None else None,
            **{'p%d' % p: None for p in percentiles})
    if percentiles and any(row['timed'] for row in summary.values()):
        _add_percentiles(session, scope, summary, group, group_by,
                         conditions, percentiles)
    return [summary[key] for key in sorted(
        summary, key=lambda key: (key is None, key or ''))]


def _add_percentiles(session, scope, summary, group, group_by, conditions,
                     percentiles):
    model = models.Timing
    partition = [group] if group_by is not None else None
    ranked = paging.scoped(select(
        group.label('key'), model.duration.label('duration'),
        func.row_number().over(partition_by=partition,
                               order_by=model.duration).label('rank'),
        func.count().over(partition_by=partition).label('total'),
    ).where(model.duration.is_not(None), *conditions), model.project_id,
        scope).subquery()

    def nearest(p):
        # rank = ceil(p * total / 100), in integers on every backend.
        return and_(100 * ranked.c.rank >= p * ranked.c.total,
                    100 * (ranked.c.rank - 1) < p * ranked.c.total)

    query = select(ranked.c.key, ranked.c.rank, ranked.c.total,
                   ranked.c.duration).where(
        or_(*[nearest(p) for p in percentiles]))
    for key, rank, total, value in session.execute(query):
        row = summary.get(key)
        if row is None:
            continue
        for p in percentiles:
            if 100 * rank >= p * total and 100 * (rank - 1) < p * total:
                row['p%d' % p] = value
