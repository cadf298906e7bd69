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
"""The usage handler: the launches, deletes and exists billing relies on.

- nova: a launch per (instance, ``launched_at``) from the create,
  rebuild, resize and rescue notifications, a delete per ``delete.end``
  and an exists per ``exists`` (legacy and versioned alike);
- glance: image usage (``image.upload``/``image.activate``), deletes
  (``image.delete``) and one exists per image of ``image.exists``;
- cinder: volume usage (``volume.create.end``), deletes
  (``volume.delete.end``) and exists (``volume.exists``).

Exists are stored ``pending``, for the verifier; what each refers to is
worked out when it is read.
"""

from stacktach_os.db import usage
from stacktach_os.notification import cinder
from stacktach_os.notification import glance
from stacktach_os.notification.handlers import base
from stacktach_os.notification.handlers import reading
from stacktach_os.notification import nova

_RANKS = {nova.START: 1, nova.END: 2}


class _Batch(object):
    """The usage rows of one batch, by table."""

    def __init__(self):
        self.launches = []
        self.deletes = []
        self.exists = []
        self.image_usage = []
        self.image_deletes = []
        self.image_exists = []
        self.volume_usage = []
        self.volume_deletes = []
        self.volume_exists = []


def _common(item, project_id):
    return {
        'deployment': item.deployment,
        'project_id': project_id,
        'message_id': item.message_id,
        'generated': item.notification.timestamp,
    }


def _read_nova(batch, item):
    event_type = item.notification.event_type
    facts = reading.instance_facts(item)
    if facts is None:
        return
    row = _common(item, reading.project_of(item, facts))
    row['instance_id'] = facts.instance_id
    request_id = item.description.get('request_id')
    image = {
        'image_id': facts.image_id,
        'os_architecture': facts.os_architecture,
        'os_distro': facts.os_distro,
        'os_version': facts.os_version,
    }
    flavor = {'flavor_id': facts.flavor_id, 'flavor_name': facts.flavor_name}
    if event_type in nova.LAUNCH_EVENTS:
        if facts.launched_at is None:
            return  # never launched: a failed create, nothing to bill
        batch.launches.append(dict(
            row, launched_at=facts.launched_at, request_id=request_id,
            event_type=event_type, rank=_RANKS[nova.LAUNCH_EVENTS[event_type]],
            **flavor, **image))
    elif event_type in nova.DELETE_EVENTS:
        batch.deletes.append(dict(
            row, launched_at=facts.launched_at, request_id=request_id,
            deleted_at=(facts.deleted_at or facts.terminated_at
                        or item.notification.timestamp)))
    elif event_type in nova.EXISTS_EVENTS:
        batch.exists.append(dict(
            row, request_id=request_id,
            audit_period_beginning=facts.audit_period_beginning,
            audit_period_ending=facts.audit_period_ending,
            launched_at=facts.launched_at, deleted_at=facts.deleted_at,
            state=facts.state, bandwidth_in=facts.bandwidth_in,
            bandwidth_out=facts.bandwidth_out, **flavor, **image))


def _read_glance(batch, item):
    event_type = item.notification.event_type
    if event_type == glance.EXISTS_EVENT:
        exists = glance.read_exists(item.notification)
        if exists is None:
            return
        seen = set()
        for image in exists.images:
            if image.image_id in seen:
                continue
            seen.add(image.image_id)
            batch.image_exists.append(dict(
                _common(item, image.project_id
                        or reading.project_of(item)),
                image_id=image.image_id,
                audit_period_beginning=exists.audit_period_beginning,
                audit_period_ending=exists.audit_period_ending,
                size=image.size, created_at=image.created_at,
                deleted_at=image.deleted_at))
        return
    image = glance.read_image(item.notification)
    if image is None:
        return
    row = dict(_common(item, image.project_id or reading.project_of(item)),
               image_id=image.image_id)
    if event_type in glance.USAGE_EVENTS:
        batch.image_usage.append(dict(
            row, size=image.size, status=image.status,
            created_at=image.created_at, event_type=event_type))
    else:
        batch.image_deletes.append(dict(
            row, deleted_at=image.deleted_at or item.notification.timestamp))


def _read_cinder(batch, item):
    event_type = item.notification.event_type
    volume = cinder.read_volume(item.notification)
    if volume is None:
        return
    row = dict(_common(item, volume.project_id or reading.project_of(item)),
               volume_id=volume.volume_id)
    if event_type == cinder.USAGE_EVENT:
        batch.volume_usage.append(dict(
            row, size=volume.size, volume_type=volume.volume_type,
            created_at=volume.created_at, launched_at=volume.launched_at))
    elif event_type == cinder.DELETE_EVENT:
        batch.volume_deletes.append(dict(
            row,
            deleted_at=volume.deleted_at or item.notification.timestamp))
    else:
        batch.volume_exists.append(dict(
            row, size=volume.size, volume_type=volume.volume_type,
            created_at=volume.created_at, launched_at=volume.launched_at,
            deleted_at=volume.deleted_at,
            audit_period_beginning=volume.audit_period_beginning,
            audit_period_ending=volume.audit_period_ending))


_NOVA_EVENTS = (frozenset(nova.LAUNCH_EVENTS) | nova.DELETE_EVENTS
                | nova.EXISTS_EVENTS)
_GLANCE_EVENTS = glance.USAGE_EVENTS | {glance.DELETE_EVENT,
                                        glance.EXISTS_EVENT}
_CINDER_EVENTS = frozenset((cinder.USAGE_EVENT, cinder.DELETE_EVENT,
                            cinder.EXISTS_EVENT))


def _read_batch(items):
    """Return the usage rows that ``items`` report."""
    batch = _Batch()

    def read(item):
        if not reading.usable(item):
            return
        event_type = item.notification.event_type
        if event_type in _NOVA_EVENTS:
            _read_nova(batch, item)
        elif event_type in _GLANCE_EVENTS:
            _read_glance(batch, item)
        elif event_type in _CINDER_EVENTS:
            _read_cinder(batch, item)

    reading.each(items, read, 'usage')
    return batch


class UsageHandler(base.Handler):
    """Stores the usage records of nova, glance and cinder."""

    def handle(self, session, items):
        """Store the launches, deletes and exists that ``items`` report."""
        batch = _read_batch(items)
        usage.add_instance_usage(session, batch.launches, batch.deletes,
                                 batch.exists)
        usage.add_image_usage(session, batch.image_usage,
                              batch.image_deletes, batch.image_exists)
        usage.add_volume_usage(session, batch.volume_usage,
                               batch.volume_deletes, batch.volume_exists)
