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
"""Glance's image notifications, and the ``image.exists`` of image audits.

``image.create``, ``image.upload``, ``image.activate`` and
``image.delete`` carry the image as glance formats it (``id``, ``owner``,
``status``, ``size``, ``created_at``, ``deleted_at``...); ``image.exists``,
sent by an image usage audit at the end of each audit period, names an
owner, the period and the owner's images that existed in it. Glance
publishes as ``image.localhost`` (its default publisher id).
"""

from stacktach_os.notigen import clock
from stacktach_os.notigen import events
from stacktach_os.notigen import model

INFO = 'INFO'
EXISTS = 'image.exists'


def image_payload(image, deleted=False):
    """Return glance's ``format_image_notification`` of an image."""
    return {
        'id': image.id,
        'name': image.name,
        'status': image.status,
        'created_at': clock.versioned(image.created_at),
        'updated_at': clock.versioned(image.deleted_at or image.created_at),
        'min_disk': image.min_disk,
        'min_ram': image.min_ram,
        'protected': False,
        'checksum': image.checksum if image.status != 'queued' else None,
        'owner': image.owner,
        'disk_format': image.disk_format,
        'container_format': image.container_format,
        'size': image.size if image.status != 'queued' else None,
        'virtual_size': None,
        'is_public': image.visibility == 'public',
        'visibility': image.visibility,
        'properties': {key: str(value) for key, value
                       in image.properties.items() if value is not None},
        'tags': [],
        'deleted': deleted,
        'deleted_at': clock.versioned(image.deleted_at),
    }


def exists_payload(owner, beginning, ending, images):
    """Return an ``image.exists`` payload."""
    return {
        'owner': owner,
        'audit_period_beginning': clock.versioned(beginning),
        'audit_period_ending': clock.versioned(ending),
        'images': [{
            'id': image.id,
            'owner': image.owner,
            'size': image.size,
            'created_at': clock.versioned(image.created_at),
            'deleted_at': clock.versioned(image.deleted_at),
        } for image in images],
    }


def render(event):
    """Return [(event_type, priority, publisher_id, payload)] of an event."""
    if event.kind == events.IMAGE:
        image = event.extra['image']
        payload = image_payload(image,
                                deleted=event.extra['event_type']
                                == 'image.delete')
        return [(event.extra['event_type'], INFO, model.GLANCE_PUBLISHER,
                 payload)]
    if event.kind == events.IMAGE_EXISTS:
        extra = event.extra
        return [(EXISTS, INFO, model.GLANCE_PUBLISHER, exists_payload(
            extra['owner'], extra['beginning'], extra['ending'],
            extra['images']))]
    return []
