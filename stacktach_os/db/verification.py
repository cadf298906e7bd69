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
"""SQL of the usage verifier: claims, verdicts, the outbox, the API's lists.

An exists record (``instance_exists``, ``image_exists``,
``volume_exists``) goes ``pending`` -> ``verifying`` -> a verdict
(``verified``, ``failed`` or ``reconciled``); its row in
``verifications`` follows it:

- :func:`claim` takes a batch of pending records whose audit period has
  ended, in one transaction: it selects them ``FOR UPDATE SKIP LOCKED``
  (MySQL/MariaDB, PostgreSQL; SQLite has one writer at a time), sets them
  ``verifying`` on the condition that they are still pending, and
  inserts one ``verifications`` row per record, naming the claimant
  (``claimed_by``, a token per batch) and the time. The unique key
  (resource type, record) makes a second claim of a record fail, whatever
  the isolation level: no record is ever verified by two verifiers at
  once.
- :func:`store_verdicts` locks the batch's rows still claimed with the
  token and writes the verdicts there and on the exists records,
  unemitted, in one transaction (verified records a few statements per
  batch, failures one row each);
- :func:`take_back` returns the records of claims older than a timeout
  (their verifier died) to ``pending``;
- :func:`unemitted` and :func:`mark_emitted` are the outbox: a verdict is
  emitted after it is committed, then marked.
"""

import collections
import dataclasses
import datetime
import uuid

from sqlalchemy import bindparam
from sqlalchemy import false
from sqlalchemy import func
from sqlalchemy import insert
from sqlalchemy import literal
from sqlalchemy import select
from sqlalchemy import true
from sqlalchemy import update

from stacktach_os.db import codec
from stacktach_os.db import merge
from stacktach_os.db import models
from stacktach_os.db import paging
from stacktach_os.db import utils

PENDING = 'pending'
VERIFYING = 'verifying'
VERIFIED = 'verified'
FAILED = 'failed'
RECONCILED = 'reconciled'
#: The statuses of a verdict.
VERDICTS = (VERIFIED, FAILED, RECONCILED)
#: Every status of an exists record.
STATUSES = (PENDING, VERIFYING) + VERDICTS

_VERIFICATIONS = models.Verification.__table__
_EARLIEST = datetime.datetime.min


@dataclasses.dataclass(frozen=True)
class ResourceType(object):
    """A kind of exists record: its table and the resource it is about."""

    name: str
    model: type
    key: str


#: The kinds of exists records, by resource type.
RESOURCE_TYPES = {
    'instance': ResourceType('instance', models.InstanceExists,
                             'instance_id'),
    'image': ResourceType('image', models.ImageExists, 'image_id'),
    'volume': ResourceType('volume', models.VolumeExists, 'volume_id'),
}


class ClaimConflict(Exception):
    """Another verifier claimed some of the records at the same moment.

    Raised inside the claim's transaction, which is then rolled back; the
    claim may be tried again at once.
    """


@dataclasses.dataclass(frozen=True)
class Verdict(object):
    """The verdict on one claimed exists record, to store.

    ``message_id`` and ``resource_id`` are the record's; ``event_type``
    that of the verdict's notification.
    """

    exists_id: int
    message_id: str
    resource_id: str
    status: str
    code: str | None
    reason: str | None
    event_type: str


_NOTIFICATION_NAMESPACE = uuid.UUID('5d1f3c9e-8a47-4b62-9e0d-7c2b1a4f6e83')


def notification_id(message_id, resource_id, event_type):
    """Return the message id of a verdict's notification.

    Derived (uuid5) from the exists notification's id, the resource (one
    ``image.exists`` lists several images) and the verdict's event type,
    so that a verdict sent again is the same message: receivers drop
    repeats by id.
    """
    return str(uuid.uuid5(_NOTIFICATION_NAMESPACE, '%s\n%s\n%s' % (
        message_id, resource_id, event_type)))


def get_resource_type(name):
    """Return the :class:`ResourceType` called ``name``."""
    try:
        return RESOURCE_TYPES[name]
    except KeyError:
        raise ValueError('no such resource type: %r (known: %s)'
                         % (name, ', '.join(RESOURCE_TYPES)))


def _exists_table(name):
    return get_resource_type(name).model.__table__


# Claims.

def _pending(table, columns, limit, *conditions):
    return (select(*columns).where(table.c.status == PENDING, *conditions)
            .limit(limit).with_for_update(skip_locked=True))


def claim(session, kind, token, claimed_at, ended_before, limit,
          columns=None):
    """Claim up to ``limit`` pending exists records of ``kind``.

    Records qualify when their audit period ended before
    ``ended_before`` (a record without audit period, when it was stored
    before then), oldest first. Returns the records' rows (dicts of
    ``columns``, every column by default; ``id`` always), now
    ``verifying``. Raises :class:`ClaimConflict` when another verifier
    took some of them first.
    """
    table = _exists_table(kind)
    names = ['id'] + [name for name in (columns or table.c.keys())
                      if name != 'id']
    selected = [table.c[name] for name in names]
    ending = table.c.audit_period_ending
    rows = [dict(row) for row in session.execute(
        _pending(table, selected, limit, ending.is_(None),
                 table.c.generated < ended_before)
        .order_by(table.c.id)).mappings()]
    if len(rows) < limit:
        rows.extend(dict(row) for row in session.execute(
            _pending(table, selected, limit - len(rows),
                     ending < ended_before)
            .order_by(ending, table.c.id)).mappings())
    if not rows:
        return []
    ids = [row['id'] for row in rows]
    changed = 0
    for chunk in utils.chunks(ids):
        changed += session.execute(
            update(table).where(table.c.id.in_(chunk),
                                table.c.status == PENDING)
            .values(status=VERIFYING)).rowcount
    if changed != len(ids):
        raise ClaimConflict('%d of %d %s exists records were claimed by '
                            'another verifier' % (len(ids) - changed,
                                                  len(ids), kind))
    key = get_resource_type(kind).key
    v = _VERIFICATIONS.c
    for chunk in utils.chunks(ids):
        # The server copies the records' columns: nothing to send back.
        session.execute(insert(_VERIFICATIONS).from_select(
            [v.resource_type, v.exists_id, v.message_id, v.resource_id,
             v.deployment, v.project_id, v.audit_period_beginning,
             v.audit_period_ending, v.status, v.claimed_by, v.claimed_at,
             v.emitted],
            select(literal(kind), table.c.id, table.c.message_id,
                   table.c[key], table.c.deployment, table.c.project_id,
                   table.c.audit_period_beginning, ending,
                   literal(VERIFYING), literal(token),
                   literal(claimed_at, type_=v.claimed_at.type),
                   false())
            .where(table.c.id.in_(chunk))))
    for row in rows:
        if 'status' in row:
            row['status'] = VERIFYING
    return rows


def take_back(session, claimed_before):
    """Return the records of claims made before ``claimed_before``.

    Their verifier died or hangs: the records are ``pending`` again and
    their claims are removed (the late verifier's verdicts are then
    refused). Claims being written right now are skipped. Returns how
    many records were taken back.
    """
    found = session.execute(
        select(_VERIFICATIONS.c.id, _VERIFICATIONS.c.resource_type,
               _VERIFICATIONS.c.exists_id)
        .where(_VERIFICATIONS.c.status == VERIFYING,
               _VERIFICATIONS.c.claimed_at < claimed_before)
        .order_by(_VERIFICATIONS.c.id)
        .with_for_update(skip_locked=True)).all()
    by_kind = collections.defaultdict(list)
    for _id, kind, exists_id in found:
        by_kind[kind].append(exists_id)
    for kind, exists_ids in by_kind.items():
        table = _exists_table(kind)
        for chunk in utils.chunks(exists_ids):
            session.execute(
                update(table).where(table.c.id.in_(chunk),
                                    table.c.status == VERIFYING)
                .values(status=PENDING))
    merge.delete_by_id(session, _VERIFICATIONS, [row[0] for row in found])
    return len(found)


# Verdicts.

def store_verdicts(session, kind, token, verdicts, verified_at):
    """Store the verdicts of records claimed with ``token``.

    Records no longer claimed with it (taken back since) are left alone.
    Returns the stored verdicts as ``verifications`` rows (dicts of the
    columns the outbox needs), unemitted.
    """
    if not verdicts:
        return []
    table = _exists_table(kind)
    v = _VERIFICATIONS.c
    claimed = {}
    for chunk in utils.chunks(sorted(verdict.exists_id
                                     for verdict in verdicts)):
        claimed.update(session.execute(
            select(v.exists_id, v.id)
            .where(v.resource_type == kind, v.exists_id.in_(chunk),
                   v.claimed_by == token, v.status == VERIFYING)
            .order_by(v.id).with_for_update()).all())
    stored = [dict(id=claimed[verdict.exists_id], resource_type=kind,
                   exists_id=verdict.exists_id,
                   message_id=verdict.message_id,
                   resource_id=verdict.resource_id, status=verdict.status,
                   code=verdict.code, reason=verdict.reason,
                   verified_at=verified_at, event_type=verdict.event_type)
              for verdict in verdicts if verdict.exists_id in claimed]
    plain = collections.defaultdict(list)
    explained = []
    for row in stored:
        if row['code'] is None and row['reason'] is None:
            plain[(row['status'], row['event_type'])].append(row)
        else:
            explained.append(row)
    for (status, event_type), rows in plain.items():
        for chunk in utils.chunks(rows):
            session.execute(
                update(_VERIFICATIONS)
                .where(v.id.in_([row['id'] for row in chunk]))
                .values(status=status, event_type=event_type,
                        verified_at=verified_at))
            session.execute(
                update(table)
                .where(table.c.id.in_([row['exists_id'] for row in chunk]),
                       table.c.status == VERIFYING)
                .values(status=status, reason=None,
                        verified_at=verified_at))
    if explained:
        connection = session.connection()
        connection.execute(
            update(_VERIFICATIONS).where(v.id == bindparam('b_id'))
            .values(status=bindparam('b_status'), code=bindparam('b_code'),
                    reason=bindparam('b_reason'),
                    event_type=bindparam('b_event_type'),
                    verified_at=verified_at),
            [{'b_id': row['id'], 'b_status': row['status'],
              'b_code': row['code'], 'b_reason': row['reason'],
              'b_event_type': row['event_type']} for row in explained])
        connection.execute(
            update(table).where(table.c.id == bindparam('b_id'),
                                table.c.status == VERIFYING)
            .values(status=bindparam('b_status'),
                    reason=bindparam('b_reason'), verified_at=verified_at),
            [{'b_id': row['exists_id'], 'b_status': row['status'],
              'b_reason': _exists_reason(row)} for row in explained])
    return stored


def _exists_reason(row):
    if row['code'] is None:
        return row['reason']
    return '%s: %s' % (row['code'], row['reason'])


# The outbox.

#: The columns of a verdict its notification is made of.
OUTBOX_COLUMNS = ('id', 'resource_type', 'exists_id', 'message_id',
                  'resource_id', 'status', 'code', 'reason', 'verified_at',
                  'event_type', 'claimed_by')


def unemitted(session, limit, verified_before=None, lock=False):
    """Return verdicts not yet emitted, oldest first (dicts).

    ``verified_before`` keeps those stored before then (their verifier
    should have emitted them long ago); ``lock`` locks the rows returned,
    skipping those another verifier holds.
    """
    verified_at = _VERIFICATIONS.c.verified_at
    columns = [_VERIFICATIONS.c[name] for name in OUTBOX_COLUMNS]
    query = select(*columns).where(
        _VERIFICATIONS.c.emitted == false(), verified_at.is_not(None))
    if verified_before is not None:
        query = query.where(verified_at < verified_before)
    query = query.order_by(verified_at, _VERIFICATIONS.c.id).limit(limit)
    if lock:
        query = query.with_for_update(skip_locked=True)
    return [dict(row) for row in session.execute(query).mappings()]


def mark_emitted(session, ids, emitted_at):
    """Mark the verdicts with these ``verifications`` ids emitted."""
    for chunk in utils.chunks(sorted(ids)):
        session.execute(
            update(_VERIFICATIONS).where(_VERIFICATIONS.c.id.in_(chunk))
            .values(emitted=True, emitted_at=emitted_at))


def archived_bodies(session, message_ids):
    """Return {message id: body} of the archived notifications."""
    raw = models.RawNotification.__table__
    bodies = {}
    for chunk in utils.chunks(sorted(set(message_ids))):
        for message_id, blob in session.execute(
                select(raw.c.message_id, raw.c.body)
                .where(raw.c.message_id.in_(chunk))):
            bodies[message_id] = codec.decode_body(blob)
    return bodies


def exists_rows(session, kind, ids):
    """Return {id: row dict} of exists records of ``kind``."""
    table = _exists_table(kind)
    found = {}
    for chunk in utils.chunks(sorted(set(ids))):
        for row in session.execute(
                select(table).where(table.c.id.in_(chunk))).mappings():
            found[row['id']] = dict(row)
    return found


# What the rules compare the records with.

def _grouped(session, table, column, values, columns):
    selected = [table.c[name] for name in dict.fromkeys(
        ('id', column) + tuple(columns))]
    found = collections.defaultdict(list)
    for chunk in utils.chunks(sorted(set(values))):
        for row in session.execute(
                select(*selected).where(table.c[column].in_(chunk))
                .order_by(table.c.id)).mappings():
            found[row[column]].append(dict(row))
    return found


def instance_history(session, instance_ids, launch_columns,
                     delete_columns):
    """Return ({instance: [launch rows]}, {instance: [delete rows]}).

    The rows are dicts of the columns asked for (and ``id``).
    """
    return (_grouped(session, models.InstanceLaunch.__table__,
                     'instance_id', instance_ids, launch_columns),
            _grouped(session, models.InstanceDelete.__table__,
                     'instance_id', instance_ids, delete_columns))


def _single(session, model, key, values, columns):
    return {value: rows[-1] for value, rows in _grouped(
        session, model.__table__, key, values, columns).items()}


def image_history(session, image_ids, usage_columns, delete_columns):
    """Return ({image: usage row}, {image: delete row})."""
    return (_single(session, models.ImageUsage, 'image_id', image_ids,
                    usage_columns),
            _single(session, models.ImageDelete, 'image_id', image_ids,
                    delete_columns))


def volume_history(session, volume_ids, usage_columns, delete_columns):
    """Return ({volume: usage row}, {volume: delete row})."""
    return (_single(session, models.VolumeUsage, 'volume_id', volume_ids,
                    usage_columns),
            _single(session, models.VolumeDelete, 'volume_id', volume_ids,
                    delete_columns))


# The API's lists.

_V = models.Verification
#: The keys verdicts may be sorted by; the id breaks ties.
SORT_KEYS = {
    'id': _V.id,
    'verified_at': func.coalesce(_V.verified_at, _V.claimed_at),
    'audit_period_ending': func.coalesce(_V.audit_period_ending,
                                         _V.claimed_at),
}
DEFAULT_SORT = (('id', paging.DESC),)


def list_verifications(session, scope, page, status=None, code=None,
                       resource_type=None, resource_id=None,
                       deployment=None, audit_period_beginning=None,
                       audit_period_ending=None):
    """Return a page of ``verifications`` rows (Verification objects).

    Filters are equalities; ``status`` is ``verifying`` or a verdict.
    Sort keys: :data:`SORT_KEYS` (``verified_at`` is the claim's time
    while verifying); the marker is a verification id.
    """
    conditions = paging.equal_conditions((
        (_V.status, status), (_V.code, code),
        (_V.resource_type, resource_type), (_V.resource_id, resource_id),
        (_V.deployment, deployment),
        (_V.audit_period_beginning, audit_period_beginning),
        (_V.audit_period_ending, audit_period_ending)))
    return paging.page_of(session, _V, conditions, scope, page, SORT_KEYS,
                          DEFAULT_SORT)


@dataclasses.dataclass(frozen=True)
class Count(object):
    """How many exists of an audit period have a status (and code)."""

    audit_period_beginning: object
    audit_period_ending: object
    resource_type: str
    status: str
    code: str | None
    count: int


def _filtered(query, model, scope, kinds_column, resource_type, deployment,
              beginning, ending):
    query = paging.scoped(query, model.project_id, scope)
    if kinds_column is not None and resource_type is not None:
        query = query.where(kinds_column == resource_type)
    for column, value in ((model.deployment, deployment),
                          (model.audit_period_beginning, beginning),
                          (model.audit_period_ending, ending)):
        if value is not None:
            query = query.where(column == value)
    return query


def summarize(session, scope, limit, before=None, resource_type=None,
              deployment=None, audit_period_beginning=None,
              audit_period_ending=None):
    """Count the exists per audit period, resource type, status and code.

    Covers the newest ``limit`` audit periods (by their ending) that end
    before ``before`` when given; pending records are counted from the
    exists tables, the others from their verdicts. Returns (counts, the
    endings of the periods covered, newest first).
    """
    kinds = [resource_type] if resource_type else list(RESOURCE_TYPES)
    filters = dict(scope=scope, deployment=deployment,
                   beginning=audit_period_beginning,
                   ending=audit_period_ending)

    def periods(model, kinds_column, *conditions):
        ending = model.audit_period_ending
        query = select(ending).where(ending.is_not(None), *conditions)
        if before is not None:
            query = query.where(ending < before)
        query = _filtered(query, model, kinds_column=kinds_column,
                          resource_type=resource_type, **filters)
        return set(session.scalars(
            query.group_by(ending).order_by(ending.desc()).limit(limit)))

    endings = periods(_V, _V.resource_type)
    for kind in kinds:
        model = RESOURCE_TYPES[kind].model
        endings |= periods(model, None, model.status == PENDING)
    endings = sorted(endings, reverse=True)[:limit]
    if not endings:
        return [], []
    counts = []
    group = (_V.audit_period_beginning, _V.audit_period_ending,
             _V.resource_type, _V.status, _V.code)
    query = _filtered(
        select(*group, func.count()).where(
            _V.audit_period_ending.in_(endings)),
        _V, kinds_column=_V.resource_type, resource_type=resource_type,
        **filters)
    counts.extend(Count(*row) for row in session.execute(
        query.group_by(*group)))
    for kind in kinds:
        model = RESOURCE_TYPES[kind].model
        group = (model.audit_period_beginning, model.audit_period_ending)
        query = _filtered(select(*group, func.count()).where(
            model.status == PENDING, model.audit_period_ending.in_(endings)),
            model, kinds_column=None, resource_type=None, **filters)
        counts.extend(Count(beginning, ending, kind, PENDING, None, number)
                      for beginning, ending, number in session.execute(
                          query.group_by(*group)))
    counts.sort(key=lambda count: (
        count.resource_type, count.audit_period_beginning or _EARLIEST,
        count.status, count.code or ''))
    counts.sort(key=lambda count: count.audit_period_ending, reverse=True)
    return counts, endings


def count_statuses(session, kind):
    """Return {status: count} of the exists records of ``kind``."""
    table = _exists_table(kind)
    return dict(session.execute(
        select(table.c.status, func.count()).group_by(table.c.status)).all())


def count_unemitted(session):
    """Return how many verdicts are not emitted yet."""
    return session.scalar(
        select(func.count()).select_from(_VERIFICATIONS).where(
            _VERIFICATIONS.c.emitted == false(),
            _VERIFICATIONS.c.verified_at.is_not(None)))


def count_emitted(session):
    """Return how many verdicts were emitted."""
    return session.scalar(
        select(func.count()).select_from(_VERIFICATIONS).where(
            _VERIFICATIONS.c.emitted == true()))
