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
"""Read the facts of glance image notifications.

``image.upload``, ``image.activate`` and ``image.delete`` carry one image
(``id``, ``owner``, ``size``, ``created_at``, ``deleted_at``...);
``image.exists``, the audit notification that billing verifies, carries
the owner, the audit period and the list of the owner's ``images``.
"""

import dataclasses
import datetime

from stacktach_os.notification import fields

USAGE_EVENTS = frozenset(('image.upload', 'image.activate'))
DELETE_EVENT = 'image.delete'
EXISTS_EVENT = 'image.exists'


@dataclasses.dataclass
class ImageFacts(object):
    """What a notification says about one image."""

    image_id: str
    project_id: str | None = None
    size: int | None = None
    status: str | None = None
    created_at: datetime.datetime | None = None
    deleted_at: datetime.datetime | None = None


@dataclasses.dataclass
class ImageExists(object):
    """An ``image.exists`` notification: its period and its images."""

    project_id: str | None
    audit_period_beginning: datetime.datetime | None
    audit_period_ending: datetime.datetime | None
    images: list


def _image(data, owner=None):
    image_id = fields.first_text(data, 'id', 'image_id')
    if image_id is None:
        return None
    return ImageFacts(
        image_id=image_id,
        project_id=fields.first_text(data, 'owner') or owner,
        size=fields.integer(data.get('size')),
        status=fields.first_text(data, 'status'),
        created_at=fields.timestamp(data.get('created_at')),
        deleted_at=fields.timestamp(data.get('deleted_at')))


def read_image(notification):
    """Return the :class:`ImageFacts` of an image notification, or None."""
    payload = notification.payload
    if not isinstance(payload, dict):
        return None
    return _image(payload)


def read_exists(notification):
    """Return the :class:`ImageExists` of ``image.exists``, or None."""
    payload = notification.payload
    if not isinstance(payload, dict):
        return None
    owner = fields.first_text(payload, 'owner', 'tenant_id')
    images = payload.get('images')
    images = images if isinstance(images, list) else []
    return ImageExists(
        project_id=owner,
        audit_period_beginning=fields.timestamp(
            payload.get('audit_period_beginning')),
        audit_period_ending=fields.timestamp(
            payload.get('audit_period_ending')),
        images=[image for image in (
            _image(entry, owner) for entry in images
            if isinstance(entry, dict)) if image is not None])
