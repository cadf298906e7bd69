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
image or volume; an exists refers to them by id. The references are
worked out when exists are read (:func:`exists_links`), from the rows
stored by then: they are never stale, whatever order the notifications
arrived in, and storing an exists costs no lookup.
"""

import collections
import dataclasses
import datetime
import functools

from sqlalchemy import func
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
    status; exists are stored pending.
    """
    merge.upsert_latest(
        session, models.InstanceLaunch.__table__,
        ('instance_id', 'launched_at'), launches, LAUNCH_VERSION, 'launch')
    merge.insert_rows(session, models.InstanceDelete.__table__, deletes)
    _insert_exists(session, INSTANCES, exists)


def _insert_exists(session, resource, rows):
    """Insert exists rows, pending verification."""
    merge.insert_rows(session, resource.exists.__table__, [
        dict(row, status=PENDING, reason=None, verified_at=None)
        for row in rows])


def _first_match(resource, candidates, launched_at):
    """The id of the first of ``candidates`` an exists refers to, or None.

    ``candidates`` are rows of :func:`_rows_by`: (id, resource id) and,
    for instances, their ``launched_at``, which must then be in the same
    second as the exists' ``launched_at``.
    """
    for candidate in candidates:
        if not resource.by_launch or _same_second(candidate[2],
                                                  launched_at):
            return candidate[0]
    return None


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
    merge.upsert_latest(session, resource.usage.__table__, (key,), usages,
                        VERSION, 'usage')
    merge.upsert_latest(session, resource.delete.__table__, (key,), deletes,
                        VERSION, 'delete')
    _insert_exists(session, resource, exists)


def add_image_usage(session, usages, deletes, exists):
    """Store a batch's image usage, deletes and exists.

    ``usages`` and ``deletes`` (dicts of ImageUsage and ImageDelete
    columns) keep one row per image, the later notification winning;
    ``exists`` are dicts of ImageExists columns without status, stored
    pending.
    """
    _add_resource_usage(session, IMAGES, usages, deletes, exists)


def add_volume_usage(session, usages, deletes, exists):
    """Store a batch's volume usage, deletes and exists.

    As :func:`add_image_usage`, for VolumeUsage, VolumeDelete and
    VolumeExists columns.
    """
    _add_resource_usage(session, VOLUMES, usages, deletes, exists)


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


#: The resource of each kind of exists record (named as its table, as in
#: :data:`KINDS`).
EXISTS_RESOURCES = {resource.exists.__tablename__: resource
                    for resource in (INSTANCES, IMAGES, VOLUMES)}


def exists_links(session, kind, records):
    """Return what each exists record refers to, from the rows stored now.

    ``records`` are exists of ``kind`` (a key of
    :data:`EXISTS_RESOURCES`). Returns {record id: {usage link: id or
    None, 'delete_id': id or None}}, the usage link being ``launch_id``
    for instances and ``usage_id`` for images and volumes. An exists
    refers to the first usage row of its resource (for instances, the
    first launch in the same second as its ``launched_at``, if it tells
    one) and, when it reports ``deleted_at``, to the first delete (of
    that launch, for instances). Two reads, whatever the number of
    records.
    """
    resource = EXISTS_RESOURCES[kind]
    key = resource.key
    times = ('launched_at',) if resource.by_launch else ()
    usages = _rows_by(session, resource.usage.__table__, key,
                      [getattr(record, key) for record in records], *times)
    deletes = _rows_by(session, resource.delete.__table__, key, [
        getattr(record, key) for record in records
        if record.deleted_at is not None], *times)
    links = {}
    for record in records:
        resource_id = getattr(record, key)
        launched_at = record.launched_at if resource.by_launch else None
        usage_id = delete_id = None
        if not resource.by_launch or launched_at is not None:
            usage_id = _first_match(resource, usages.get(resource_id, ()),
                                    launched_at)
        if record.deleted_at is not None:
            delete_id = _first_match(resource, deletes.get(resource_id, ()),
                                     launched_at)
        links[record.id] = {resource.usage_link: usage_id,
                            'delete_id': delete_id}
    return links
