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
otherwise as soon as they arrive.
"""

import collections
import dataclasses
import datetime

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


def _rows_by(session, table, column, values, *columns):
    found = collections.defaultdict(list)
    selected = [table.c.id, table.c[column]] + [table.c[name]
                                                for name in columns]
    for chunk in utils.chunks(sorted(set(values))):
        for row in session.execute(
                select(*selected).where(table.c[column].in_(chunk))
                .order_by(table.c.id)):
            found[row[1]].append(row)
    return found


def _same_second(first, second):
    if first is None or second is None:
        return first is None and second is None
    return second_of(first) == second_of(second)


# Instances.

LAUNCH_VERSION = ('rank', 'generated', 'message_id')


def _waiting_exists(session, table, key, keys, usage_column):
    """The exists rows of ``keys`` still waiting for a usage or delete.

    Rows are (id, key, launched_at or None, deleted_at, usage id,
    delete id); one query per chunk of keys.
    """
    launched = (table.c.launched_at if 'launched_at' in table.c
                else sqlalchemy.null())
    found = []
    for chunk in utils.chunks(sorted(set(keys))):
        found.extend(session.execute(
            select(table.c.id, table.c[key], launched, table.c.deleted_at,
                   table.c[usage_column], table.c.delete_id)
            .where(table.c[key].in_(chunk),
                   or_(table.c[usage_column].is_(None),
                       and_(table.c.delete_id.is_(None),
                            table.c.deleted_at.is_not(None))))
            .order_by(table.c.id)).all())
    return found


def add_instance_usage(session, launches, deletes, exists):
    """Store an instance batch's launches, deletes and exists; link them.

    ``launches`` are dicts of InstanceLaunch columns: rows with the same
    instance and ``launched_at`` are one launch, the higher ``rank``,
    then the later notification, winning. ``deletes`` are dicts of
    InstanceDelete columns, ``exists`` of InstanceExists columns without
    status and references. Exists stored before their launch or delete
    are linked to them now; new exists to what is known.
    """
    launch_table = models.InstanceLaunch.__table__
    delete_table = models.InstanceDelete.__table__
    launch_keys = merge.upsert_latest(
        session, launch_table, ('instance_id', 'launched_at'), launches,
        LAUNCH_VERSION, 'launch')
    merge.insert_rows(session, delete_table, deletes)
    if launch_keys or deletes:
        _link_instance_exists(session, launch_keys, deletes)
    if exists:
        _insert_instance_exists(session, exists)


def _link_instance_exists(session, launch_keys, deletes):
    launch_times = collections.defaultdict(list)
    for instance_id, launched_at in launch_keys:
        launch_times[instance_id].append(launched_at)
    waiting = _waiting_exists(
        session, models.InstanceExists.__table__, 'instance_id',
        list(launch_times) + [row['instance_id'] for row in deletes],
        'launch_id')
    launch_links, delete_links = {}, {}
    for row_id, instance_id, launched_at, deleted_at, launch_id, \
            delete_id in waiting:
        if launch_id is None and launched_at is not None:
            for when in sorted(launch_times.get(instance_id, ())):
                if _same_second(when, launched_at):
                    launch_links[row_id] = (instance_id, when)
                    break
        if delete_id is None and deleted_at is not None:
            for row in deletes:
                if (row['instance_id'] == instance_id
                        and _same_second(row['launched_at'], launched_at)):
                    delete_links[row_id] = (row['message_id'],)
                    break
    if launch_links:
        ids = merge.ids_by_key(session, models.InstanceLaunch.__table__,
                               ('instance_id', 'launched_at'),
                               launch_links.values())
        merge.set_links(session, models.InstanceExists.__table__,
                        'launch_id', {row_id: ids[key] for row_id, key
                                      in launch_links.items()})
    if delete_links:
        ids = merge.ids_by_key(session, models.InstanceDelete.__table__,
                               ('message_id',), delete_links.values())
        merge.set_links(session, models.InstanceExists.__table__,
                        'delete_id', {row_id: ids[key] for row_id, key
                                      in delete_links.items()})


def _insert_instance_exists(session, rows):
    instances = [row['instance_id'] for row in rows]
    launches = _rows_by(session, models.InstanceLaunch.__table__,
                        'instance_id', instances, 'launched_at')
    deleted = [row['instance_id'] for row in rows
               if row['deleted_at'] is not None]
    deletes = _rows_by(session, models.InstanceDelete.__table__,
                       'instance_id', deleted, 'launched_at')
    stored = []
    for row in rows:
        row = dict(row, status=PENDING, reason=None, verified_at=None,
                   launch_id=None, delete_id=None)
        if row['launched_at'] is not None:
            for launch in launches.get(row['instance_id'], ()):
                if _same_second(launch[2], row['launched_at']):
                    row['launch_id'] = launch[0]
                    break
        if row['deleted_at'] is not None:
            for delete in deletes.get(row['instance_id'], ()):
                if _same_second(delete[2], row['launched_at']):
                    row['delete_id'] = delete[0]
                    break
        stored.append(row)
    merge.insert_rows(session, models.InstanceExists.__table__, stored)


# Images and volumes.

VERSION = ('generated', 'message_id')


@dataclasses.dataclass(frozen=True)
class _Resource(object):
    usage: type
    delete: type
    exists: type
    key: str


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
    if usage_keys or delete_keys:
        _link_resource_exists(session, resource, {k for (k,) in usage_keys},
                              {k for (k,) in delete_keys})
    if exists:
        _insert_resource_exists(session, resource, exists)


def _link_resource_exists(session, resource, used, deleted):
    usage_links, delete_links = {}, {}
    for row_id, resource_id, _launched, deleted_at, usage_id, delete_id \
            in _waiting_exists(session, resource.exists.__table__,
                               resource.key, used | deleted, 'usage_id'):
        if usage_id is None and resource_id in used:
            usage_links[row_id] = (resource_id,)
        if (delete_id is None and deleted_at is not None
                and resource_id in deleted):
            delete_links[row_id] = (resource_id,)
    for column, model, links in (('usage_id', resource.usage, usage_links),
                                 ('delete_id', resource.delete,
                                  delete_links)):
        if links:
            ids = merge.ids_by_key(session, model.__table__,
                                   (resource.key,), links.values())
            merge.set_links(session, resource.exists.__table__, column, {
                row_id: ids[found] for row_id, found in links.items()})


def _insert_resource_exists(session, resource, rows):
    key = resource.key
    resources = [row[key] for row in rows]
    usages = _rows_by(session, resource.usage.__table__, key, resources)
    deletes = _rows_by(session, resource.delete.__table__, key, [
        row[key] for row in rows if row['deleted_at'] is not None])
    stored = []
    for row in rows:
        row = dict(row, status=PENDING, reason=None, verified_at=None,
                   usage_id=None, delete_id=None)
        usage = usages.get(row[key])
        if usage:
            row['usage_id'] = usage[0][0]
        delete = deletes.get(row[key])
        if delete and row['deleted_at'] is not None:
            row['delete_id'] = delete[0][0]
        stored.append(row)
    merge.insert_rows(session, resource.exists.__table__, stored)


def add_image_usage(session, usages, deletes, exists):
    """Store a batch's image usage, deletes and exists; link them.

    ``usages`` and ``deletes`` (dicts of ImageUsage and ImageDelete
    columns) keep one row per image, the later notification winning;
    ``exists`` are dicts of ImageExists columns without status and
    references.
    """
    _add_resource_usage(session, IMAGES, usages, deletes, exists)


def add_volume_usage(session, usages, deletes, exists):
    """Store a batch's volume usage, deletes and exists; link them.

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


def find_exists_links(session, instance_ids=(), image_ids=(),
                      volume_ids=()):
    """Return the links waiting exists of these resources can now take.

    Run after a batch is committed: an exists and the launch or delete
    it refers to may arrive in batches that commit concurrently, so that
    neither batch saw the other's rows. Whichever commits last finds the
    links here (a read, usually empty) and sets them with
    :func:`set_exists_links`. Returns (table, column, {row id: target
    id}) triples, only those with links.
    """
    found = _instance_links(session, instance_ids)
    for resource, ids in ((IMAGES, image_ids), (VOLUMES, volume_ids)):
        found.extend(_resource_links(session, resource, ids))
    return [(table, column, links) for table, column, links in found
            if links]


def set_exists_links(session, found):
    """Set the links found by :func:`find_exists_links`."""
    for table, column, links in found:
        merge.set_links(session, table, column, links)


def _instance_links(session, instance_ids):
    exists_table = models.InstanceExists.__table__
    waiting = _waiting_exists(session, exists_table, 'instance_id',
                              instance_ids, 'launch_id')
    if not waiting:
        return []
    wanted = {row[1] for row in waiting}
    launches = _rows_by(session, models.InstanceLaunch.__table__,
                        'instance_id', wanted, 'launched_at')
    deletes = _rows_by(session, models.InstanceDelete.__table__,
                       'instance_id', wanted, 'launched_at')
    launch_links, delete_links = {}, {}
    for row_id, instance_id, launched_at, deleted_at, launch_id, \
            delete_id in waiting:
        if launch_id is None and launched_at is not None:
            for launch in launches.get(instance_id, ()):
                if _same_second(launch[2], launched_at):
                    launch_links[row_id] = launch[0]
                    break
        if delete_id is None and deleted_at is not None:
            for delete in deletes.get(instance_id, ()):
                if _same_second(delete[2], launched_at):
                    delete_links[row_id] = delete[0]
                    break
    return [(exists_table, 'launch_id', launch_links),
            (exists_table, 'delete_id', delete_links)]


def _resource_links(session, resource, resource_ids):
    exists_table = resource.exists.__table__
    waiting = _waiting_exists(session, exists_table, resource.key,
                              resource_ids, 'usage_id')
    if not waiting:
        return []
    wanted = {row[1] for row in waiting}
    used = _rows_by(session, resource.usage.__table__, resource.key, wanted)
    deleted = _rows_by(session, resource.delete.__table__, resource.key,
                       wanted)
    usage_links, delete_links = {}, {}
    for row_id, resource_id, _launched, deleted_at, usage_id, delete_id \
            in waiting:
        if usage_id is None and used.get(resource_id):
            usage_links[row_id] = used[resource_id][0][0]
        if (delete_id is None and deleted_at is not None
                and deleted.get(resource_id)):
            delete_links[row_id] = deleted[resource_id][0][0]
    return [(exists_table, 'usage_id', usage_links),
            (exists_table, 'delete_id', delete_links)]
