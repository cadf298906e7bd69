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
"""SQL of instance lifecycles: state transitions and current states.

Every nova notification that reports an instance's state is kept as a
transition row; the state before it is the one the notification reported
(``instance.update``) or else that of the previous row in event time,
worked out when reading, so that a late notification takes its place.
The current state is the latest in event time: one upsert per batch,
whose UPDATE is conditional on event time, never lets an older
notification overwrite a newer one, however workers interleave.
"""

import dataclasses
import datetime

from sqlalchemy import and_
from sqlalchemy import case
from sqlalchemy import func
from sqlalchemy import or_
from sqlalchemy import select

from stacktach_os.db import merge
from stacktach_os.db import models
from stacktach_os.db import paging

#: The most transitions :func:`get_lifecycle` returns at once.
MAX_TRANSITIONS = 1000

STATE_SORT_KEYS = {
    'last_generated': models.InstanceState.last_generated,
    'instance_id': models.InstanceState.instance_id,
}
STATE_DEFAULT_SORT = (('last_generated', paging.DESC),)

# A later notification that does not tell these keeps the known ones.
_KEPT_WHEN_UNKNOWN = ('host', 'project_id')
# The columns a later notification updates, in the order MySQL needs.
_STATE_COLUMNS = ('deployment', 'project_id', 'state', 'task_state', 'host',
                  'last_event_type', 'last_message_id', 'last_generated')


@dataclasses.dataclass
class Transition(object):
    """One step of an instance's life, old and new state in event time.

    ``reported_old`` tells whether ``old_state``/``old_task_state`` came
    from the notification itself or from the step before it.
    """

    message_id: str
    instance_id: str
    generated: datetime.datetime
    event_type: str
    deployment: str
    project_id: str | None
    request_id: str | None
    host: str | None
    old_state: str | None
    state: str | None
    old_task_state: str | None
    task_state: str | None
    reported_old: bool


def add_transitions(session, rows):
    """Insert transition rows (dicts of InstanceTransition columns)."""
    merge.insert_rows(session, models.InstanceTransition.__table__, rows)


def _version(row):
    return (row['last_generated'], row['last_message_id'])


def update_states(session, rows):
    """Make each instance's state the latest one, in event time.

    ``rows`` are dicts of InstanceState columns. A row replaces the stored
    one only when it is at least as late (``last_generated``, then
    ``last_message_id``), so arrival order does not matter; its unknown
    (None) host and project keep the stored ones.
    """
    latest = {}
    for row in sorted(rows, key=_version):
        known = latest.get(row['instance_id'])
        if known is not None:
            row = dict(row)
            for name in _KEPT_WHEN_UNKNOWN:
                if row[name] is None:
                    row[name] = known[name]
        latest[row['instance_id']] = row
    if not latest:
        return
    # Rows in key order: concurrent workers lock in the same order.
    merge.upsert(session, models.InstanceState.__table__, ('instance_id',),
                 [latest[key] for key in sorted(latest)], 'latest',
                 _state_assignments, _later)


def _later(row, new):
    """True when the proposed state is at least as late as the stored."""
    return or_(row.last_generated < new.last_generated,
               and_(row.last_generated == new.last_generated,
                    row.last_message_id <= new.last_message_id))


def _state_assignments(row, new):
    """The conditional UPDATE of :func:`update_states`' upsert.

    Every column takes the new value only when the new row is at least
    as late; ``last_message_id`` and ``last_generated`` come last because
    MySQL assigns in order (when the first of them changed, the condition
    still holds for the second).
    """
    later = _later(row, new)
    pairs = []
    for name in _STATE_COLUMNS:
        value = new[name]
        if name in _KEPT_WHEN_UNKNOWN:
            value = func.coalesce(value, row[name])
        pairs.append((name, case((later, value), else_=row[name])))
    return pairs


def _transition(row, previous):
    if row.reported_old:
        old_state, old_task_state = row.old_state, row.old_task_state
    elif previous is not None:
        old_state, old_task_state = previous.state, previous.task_state
    else:
        old_state = old_task_state = None
    return Transition(
        message_id=row.message_id, instance_id=row.instance_id,
        generated=row.generated, event_type=row.event_type,
        deployment=row.deployment, project_id=row.project_id,
        request_id=row.request_id, host=row.host, old_state=old_state,
        state=row.state, old_task_state=old_task_state,
        task_state=row.task_state, reported_old=row.reported_old)


def get_lifecycle(session, scope, instance_id, since=None, until=None,
                  changes_only=True, limit=MAX_TRANSITIONS):
    """Return the :class:`Transition` list of an instance, oldest first.

    With ``changes_only``, the steps that changed neither the state nor
    the task state are left out. ``since`` (inclusive) and ``until``
    (exclusive) bound the event time; at most ``limit`` transitions (capped
    at :data:`MAX_TRANSITIONS`) are returned: to read on, call again with
    ``since`` just after the last one's time.
    """
    model = models.InstanceTransition
    limit = max(1, min(limit, MAX_TRANSITIONS))
    conditions = [model.instance_id == instance_id]
    previous = None
    if since is not None:
        previous = session.scalars(paging.scoped(
            select(model).where(model.instance_id == instance_id,
                                model.generated < since),
            model.project_id, scope)
            .order_by(model.generated.desc(), model.message_id.desc())
            .limit(1)).first()
    conditions.extend(paging.time_conditions(model.generated, since, until))
    query = paging.scoped(select(model).where(*conditions),
                          model.project_id, scope)
    query = query.order_by(model.generated, model.message_id)
    transitions = []
    # Rows that change nothing are skipped, so read in chunks until full.
    offset = 0
    chunk = MAX_TRANSITIONS
    while len(transitions) < limit:
        rows = list(session.scalars(query.offset(offset).limit(chunk)))
        for row in rows:
            transition = _transition(row, previous)
            previous = row
            if changes_only and (
                    transition.old_state == transition.state
                    and transition.old_task_state == transition.task_state):
                continue
            transitions.append(transition)
            if len(transitions) == limit:
                break
        if len(rows) < chunk:
            break
        offset += chunk
    return transitions


def get_state(session, scope, instance_id):
    """Return the InstanceState of an instance in scope, or None."""
    model = models.InstanceState
    return session.scalars(paging.scoped(
        select(model).where(model.instance_id == instance_id),
        model.project_id, scope)).first()


def list_states(session, scope, page, state=None, task_state=None,
                deployment=None, host=None, since=None, until=None):
    """Return a page of InstanceState rows (current states).

    ``since``/``until`` bound the time of the latest notification. Sort
    keys are :data:`STATE_SORT_KEYS` (default newest first); the marker is
    an instance id.
    """
    model = models.InstanceState
    conditions = paging.equal_conditions((
        (model.state, state), (model.task_state, task_state),
        (model.deployment, deployment), (model.host, host)))
    conditions.extend(paging.time_conditions(model.last_generated, since,
                                             until))
    return paging.page_of(session, model, conditions, scope, page,
                          STATE_SORT_KEYS, STATE_DEFAULT_SORT,
                          marker_column=model.instance_id)
