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
"""Read the facts of cinder volume notifications.

Cinder's volume usage payload (``volume.create.end``,
``volume.delete.end``, ``volume.exists``...) names the volume
(``volume_id``), its project (``tenant_id``), ``size`` in GiB, its
``volume_type`` (the type's id), ``created_at`` and ``launched_at``;
``volume.exists`` adds the audit period.
"""

import dataclasses
import datetime

from stacktach_os.notification import fields

USAGE_EVENT = 'volume.create.end'
DELETE_EVENT = 'volume.delete.end'
EXISTS_EVENT = 'volume.exists'


@dataclasses.dataclass
class VolumeFacts(object):
    """What a notification says about one volume."""

    volume_id: str
    project_id: str | None = None
    size: int | None = None
    volume_type: str | None = None
    status: str | None = None
    created_at: datetime.datetime | None = None
    launched_at: datetime.datetime | None = None
    deleted_at: datetime.datetime | None = None
    audit_period_beginning: datetime.datetime | None = None
    audit_period_ending: datetime.datetime | None = None


def read_volume(notification):
    """Return the :class:`VolumeFacts` of a volume notification, or None."""
    payload = notification.payload
    if not isinstance(payload, dict):
        return None
    volume_id = fields.first_text(payload, 'volume_id', 'id')
    if volume_id is None:
        return None
    return VolumeFacts(
        volume_id=volume_id,
        project_id=fields.first_text(payload, 'tenant_id', 'project_id'),
        size=fields.integer(payload.get('size')),
        volume_type=(fields.first_text(payload, 'volume_type',
                                       'volume_type_id')),
        status=fields.first_text(payload, 'status'),
        created_at=fields.timestamp(payload.get('created_at')),
        launched_at=fields.timestamp(payload.get('launched_at')),
        deleted_at=fields.timestamp(payload.get('deleted_at')),
        audit_period_beginning=fields.timestamp(
            payload.get('audit_period_beginning')),
        audit_period_ending=fields.timestamp(
            payload.get('audit_period_ending')))
