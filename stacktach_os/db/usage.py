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
"""SQL of usage records: launches, deletes and exists, for billing.

Instances: a launch is keyed by (instance, launched_at); deletes and
exists are one row per notification. An exists refers to the launch of
the same instance whose ``launched_at`` is in the same second (nova's
formats differ in precision) and, when it reports ``deleted_at``, to the
delete of that launch. Images and volumes: one usage and one delete per
image or volume; an exists refers to them by id. The references are set
when an exists is stored if its launch/usage and delete are known, and
otherwise once the batch that brings them is committed
(:func:`find_exists_links`).
"""

import collections
import dataclasses
import datetime
import functools

import sqlalchemy
from sqlalchemy import and_
from sqlalchemy import func
from sqlalchemy import or_
from sqlalchemy import select

from stacktach_os.db import merge
from stacktach_os.db import models
from stacktach_os.db import paging
from stacktach_os.db import utils

PENDING = 'pending'
_SECOND = datetime.timedelta(seconds=1)


def second_of(when):
    """Return the [start, end) of the second ``when`` falls in."""
    start = when.replace(microsecond=0)
    return start, start + _SECOND


@functools.lru_cache(maxsize=None)
def _select_by(table, column, columns):
    selected = [table.c.id, table.c[column]] + [table.c[name]
                                                for name in columns]
    return (select(*selected).where(utils.in_values(table.c[column]))
            .order_by(table.c.id))


def _rows_by(session, table, column, values, *columns):
    """Return the rows whose ``column`` is in ``values``, by value.

    {value: [(id, value, *columns), ...]}, in id order.
    """
    found = collections.defaultdict(list)
    for result in utils.execute_in_chunks(
            session, _select_by(table, column, columns), values):
        for row in result:
            found[row[1]].append(row)
    return found


def _same_second(first, second):
    if first is None or second is None:
        return first is None and second is None
    return second_of(first) == second_of(second)


# Instances.

LAUNCH_VERSION = ('rank', 'generated', 'message_id')


def add_instance_usage(session, launches, deletes, exists):
    """Store an instance batch's launches, deletes and exists.

    ``launches`` are dicts of InstanceLaunch columns: rows with the same
    instance and ``launched_at`` are one launch, the higher ``rank``,
    then the later notification, winning. ``deletes`` are dicts of
    InstanceDelete columns, ``exists`` of InstanceExists columns without
    status and references; new exists are linked to what is known.
    Returns the ids of the instances whose exists may wait for a link
    this batch brings or lacks: give them to :func:`find_exists_links`
    once the batch is committed.
    """
    launch_keys = merge.upsert_latest(
        session, models.InstanceLaunch.__table__,
        ('instance_id', 'launched_at'), launches, LAUNCH_VERSION, 'launch')
    merge.insert_rows(session, models.InstanceDelete.__table__, deletes)
    unlinked = _insert_exists(session, INSTANCES, exists) if exists else set()
    return ({instance_id for instance_id, _launched in launch_keys}
            | {row['instance_id'] for row in deletes} | unlinked)


def _insert_exists(session, resource, rows):
    """Insert exists rows linked to what is known; return the unlinked.

    An exists takes the first usage row of its resource (for instances,
    the first launch in the same second as its ``launched_at``, if it
    tells one) and, when it reports ``deleted_at``, the first delete (of
    that launch, for instances). Returns the resource ids of
    :func:`_unlinked`.
    """
    key = resource.key
    times = ('launched_at',) if resource.by_launch else ()
    usages = _rows_by(session, resource.usage.__table__, key,
                      [row[key] for row in rows], *times)
    deletes = _rows_by(session, resource.delete.__table__, key, [
        row[key] for row in rows if row['deleted_at'] is not None], *times)
    stored = []
    for row in rows:
        row = dict(row, status=PENDING, reason=None, verified_at=None,
                   delete_id=None, **{resource.usage_link: None})
        launched_at = row.get('launched_at')
        if not resource.by_launch or launched_at is not None:
            row[resource.usage_link] = _first_match(
                resource, usages.get(row[key], ()), launched_at)
        if row['deleted_at'] is not None:
            row['delete_id'] = _first_match(
                resource, deletes.get(row[key], ()), launched_at)
        stored.append(row)
    merge.insert_rows(session, resource.exists.__table__, stored)
    return _unlinked(resource, stored)


def _refers_to(resource, launched_at, candidate_launched_at):
    """True when an exists may refer to a usage or delete row.

    The row is of the exists' resource; for instances, it must also be
    of the launch in the same second as the exists' ``launched_at``.
    """
    return not resource.by_launch or _same_second(candidate_launched_at,
                                                  launched_at)


def _first_match(resource, candidates, launched_at):
    """The id of the first of ``candidates`` an exists refers to, or None.

    ``candidates`` are rows of :func:`_rows_by`: (id, resource id) and,
    for instances, their ``launched_at``.
    """
    for candidate in candidates:
        if _refers_to(resource, launched_at,
                      candidate[2] if resource.by_launch else None):
            return candidate[0]
    return None


def _unlinked(resource, rows):
    """The resource ids of exists rows still waiting for a reference.

    The same waits as :func:`_candidates` looks for: a usage row (for
    instances, only when the exists tells its launch), and a delete when
    the exists reports one.
    """
    def waits_for_usage(row):
        return row[resource.usage_link] is None and (
            not resource.by_launch or row['launched_at'] is not None)

    return {row[resource.key] for row in rows
            if waits_for_usage(row)
            or (row['delete_id'] is None and row['deleted_at'] is not None)}


# Images and volumes.

VERSION = ('generated', 'message_id')


@dataclasses.dataclass(frozen=True)
class _Resource(object):
    """The usage tables of a kind of resource, and how exists link."""

    usage: type
    delete: type
    exists: type
    key: str
    # The exists' reference to its usage (launch) row.
    usage_link: str = 'usage_id'
    # True when an exists refers to the usage row launched in the same
    # second (instances), not merely to the resource's (images, volumes).
    by_launch: bool = False


INSTANCES = _Resource(models.InstanceLaunch, models.InstanceDelete,
                      models.InstanceExists, 'instance_id', 'launch_id',
                      True)
IMAGES = _Resource(models.ImageUsage, models.ImageDelete,
                   models.ImageExists, 'image_id')
VOLUMES = _Resource(models.VolumeUsage, models.VolumeDelete,
                    models.VolumeExists, 'volume_id')


def _add_resource_usage(session, resource, usages, deletes, exists):
    key = resource.key
    usage_keys = merge.upsert_latest(session, resource.usage.__table__,
                                     (key,), usages, VERSION, 'usage')
    delete_keys = merge.upsert_latest(session, resource.delete.__table__,
                                      (key,), deletes, VERSION, 'delete')
    unlinked = (_insert_exists(session, resource, exists)
                if exists else set())
    return ({found for (found,) in usage_keys}
            | {found for (found,) in delete_keys} | unlinked)


def add_image_usage(session, usages, deletes, exists):
    """Store a batch's image usage, deletes and exists.

    ``usages`` and ``deletes`` (dicts of ImageUsage and ImageDelete
    columns) keep one row per image, the later notification winning;
    ``exists`` are dicts of ImageExists columns without status and
    references. Returns the image ids for :func:`find_exists_links`, as
    :func:`add_instance_usage` does.
    """
    return _add_resource_usage(session, IMAGES, usages, deletes, exists)


def add_volume_usage(session, usages, deletes, exists):
    """Store a batch's volume usage, deletes and exists; link them.

    As :func:`add_image_usage`, for VolumeUsage, VolumeDelete and
    VolumeExists columns.
    """
    return _add_resource_usage(session, VOLUMES, usages, deletes, exists)


# Reading.

@dataclasses.dataclass(frozen=True)
class Kind(object):
    """A kind of usage record: its model, resource and time columns."""

    model: type
    resource: str
    time: str


#: The kinds of usage records, by name.
KINDS = {
    'instance_launches': Kind(models.InstanceLaunch, 'instance_id',
                              'launched_at'),
    'instance_deletes': Kind(models.InstanceDelete, 'instance_id',
                             'deleted_at'),
    'instance_exists': Kind(models.InstanceExists, 'instance_id',
                            'audit_period_ending'),
    'image_usage': Kind(models.ImageUsage, 'image_id', 'created_at'),
    'image_deletes': Kind(models.ImageDelete, 'image_id', 'deleted_at'),
    'image_exists': Kind(models.ImageExists, 'image_id',
                         'audit_period_ending'),
    'volume_usage': Kind(models.VolumeUsage, 'volume_id', 'created_at'),
    'volume_deletes': Kind(models.VolumeDelete, 'volume_id', 'deleted_at'),
    'volume_exists': Kind(models.VolumeExists, 'volume_id',
                          'audit_period_ending'),
}
DEFAULT_SORT = (('time', paging.DESC),)


def _kind(name):
    try:
        return KINDS[name]
    except KeyError:
        raise ValueError('no such usage record kind: %r' % (name,))


def list_records(session, scope, page, kind, resource_id=None,
                 deployment=None, status=None, since=None, until=None):
    """Return a page of usage records of ``kind`` (a key of :data:`KINDS`).

    ``resource_id`` is the instance, image or volume id; ``status``
    (exists only) ``pending`` or a verifier's verdict; ``since``
    (inclusive) and ``until`` (exclusive) bound the kind's time column:
    ``launched_at``, ``deleted_at``, ``created_at`` or
    ``audit_period_ending``. Sort keys: ``time`` (that column, or the
    notification's time where it is unknown; the default, newest
    first), ``generated`` and ``id``; the marker is a record id.
    """
    spec = _kind(kind)
    model = spec.model
    time = getattr(model, spec.time)
    conditions = paging.equal_conditions((
        (getattr(model, spec.resource), resource_id),
        (model.deployment, deployment)))
    if status is not None:
        if not hasattr(model, 'status'):
            raise ValueError('%s records have no status' % kind)
        conditions.append(model.status == status)
    conditions.extend(paging.time_conditions(time, since, until))
    sort_keys = {'time': func.coalesce(time, model.generated),
                 'generated': model.generated, 'id': model.id}
    return paging.page_of(session, model, conditions, scope, page,
                          sort_keys, DEFAULT_SORT)


def get_record(session, scope, kind, record_id):
    """Return the usage record of ``kind`` with this id in scope, or None."""
    model = _kind(kind).model
    return session.scalars(paging.scoped(
        select(model).where(model.id == record_id), model.project_id,
        scope)).first()


def find_exists_links(session, instance_ids=(), image_ids=(),
                      volume_ids=()):
    """Return the links waiting exists of these resources can now take.

    Run after a batch is committed, with the ids its ``add_*_usage``
    returned: an exists may arrive before its launch or delete, or in a
    batch that commits concurrently with theirs, so that neither batch
    saw the other's rows. Whichever commits last finds the links here
    (one read per kind of resource, usually empty) and sets them with
    :func:`set_exists_links`. Returns (table, column, {row id: target
    id}) triples, only those with links. ``session`` may be a Core
    connection (that of :meth:`stacktach_os.db.api.Store.batch`).
    """
    found = []
    for resource, ids in ((INSTANCES, instance_ids), (IMAGES, image_ids),
                          (VOLUMES, volume_ids)):
        for result in utils.execute_in_chunks(
                session, _candidates(resource), ids):
            found.extend(_links(resource, result))
    return [(table, column, links) for table, column, links in found
            if links]


def set_exists_links(session, found):
    """Set the links found by :func:`find_exists_links`."""
    for table, column, links in found:
        merge.set_links(session, table, column, links)


@functools.lru_cache(maxsize=None)
def _candidates(resource):
    """SELECT the waiting exists of some resources, with what may link.

    One row per waiting exists and candidate usage and delete row (both
    None when there is none): (exists id, its launched_at, usage id,
    usage launched_at, delete id, delete launched_at), the times only for
    instances, in id order; the resource ids are bound as
    :data:`stacktach_os.db.utils.VALUES`.
    """
    exists = resource.exists.__table__
    usage = resource.usage.__table__
    delete = resource.delete.__table__
    key = resource.key
    waits_for_usage = exists.c[resource.usage_link].is_(None)
    waits_for_delete = and_(exists.c.delete_id.is_(None),
                            exists.c.deleted_at.is_not(None))
    if resource.by_launch:
        times = (exists.c.launched_at, usage.c.launched_at,
                 delete.c.launched_at)
        waits_for_usage = and_(waits_for_usage,
                               exists.c.launched_at.is_not(None))
    else:
        times = (sqlalchemy.null(),) * 3
    joined = exists.outerjoin(
        usage, and_(usage.c[key] == exists.c[key], waits_for_usage),
    ).outerjoin(
        delete, and_(delete.c[key] == exists.c[key], waits_for_delete))
    return (select(exists.c.id, times[0], usage.c.id, times[1],
                   delete.c.id, times[2])
            .select_from(joined)
            .where(utils.in_values(exists.c[key]),
                   or_(waits_for_usage, waits_for_delete))
            .order_by(exists.c.id, usage.c.id, delete.c.id))


def _links(resource, candidates):
    """The (table, column, links) of the rows :func:`_candidates` found."""
    usage_links, delete_links = {}, {}
    for row_id, launched_at, usage_id, usage_launched, delete_id, \
            delete_launched in candidates:
        if (usage_id is not None and row_id not in usage_links
                and _refers_to(resource, launched_at, usage_launched)):
            usage_links[row_id] = usage_id
        if (delete_id is not None and row_id not in delete_links
                and _refers_to(resource, launched_at, delete_launched)):
            delete_links[row_id] = delete_id
    exists_table = resource.exists.__table__
    return [(exists_table, resource.usage_link, usage_links),
            (exists_table, 'delete_id', delete_links)]
