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
"""Hand-written glance and cinder usage notifications.

Glance's ``image.upload``/``image.activate``/``image.delete`` carry one
image; ``image.exists`` (the audit of a project's images) lists them.
Cinder's ``volume.create.end``/``volume.delete.end``/``volume.exists``
carry cinder's volume usage payload.
"""

import uuid

from tests.samples import nova_flows

PROJECT = nova_flows.PROJECT
GLANCE = 'image.glance-1'
CINDER = 'volume.cinder-1@lvm'
_IDS = uuid.UUID('7f3e2d1c-0b9a-4876-a5b4-c3d2e1f0a9b8')


def _message_id(*parts):
    return str(uuid.uuid5(_IDS, '/'.join(str(part) for part in parts)))


def _ctxt(request_id):
    return {'request_id': request_id, 'project_id': PROJECT,
            'user_id': nova_flows.USER, 'auth_token': 'gAAAAABsample'}


def image(event_type, image_id, when, size=41126400, created_at=None,
          deleted_at=None, status='active', owner=PROJECT,
          request_id='req-image'):
    """A glance notification about one image."""
    payload = {
        'id': image_id, 'name': 'cirros-%s' % image_id[:4],
        'owner': owner, 'status': status, 'size': size,
        'virtual_size': None, 'visibility': 'private', 'protected': False,
        'checksum': 'ee1eca47dc88f4879d8a229cc70a07c6',
        'container_format': 'bare', 'disk_format': 'qcow2',
        'min_disk': 0, 'min_ram': 0,
        'created_at': nova_flows.versioned_time(created_at or when),
        'updated_at': nova_flows.versioned_time(when),
        'deleted_at': nova_flows.versioned_time(deleted_at),
        'deleted': deleted_at is not None, 'properties': {}, 'tags': [],
    }
    return nova_flows.Sample(
        message_id=_message_id(event_type, image_id, when),
        timestamp=when, event_type=event_type, publisher_id=GLANCE,
        priority='info', ctxt=_ctxt(request_id), payload=payload)


def image_exists(when, beginning, ending, images, owner=PROJECT):
    """``image.exists``: ``images`` are (id, size, created, deleted)."""
    payload = {
        'owner': owner,
        'audit_period_beginning': str(beginning),
        'audit_period_ending': str(ending),
        'images': [{'id': image_id, 'size': size, 'status': (
            'deleted' if deleted else 'active'),
            'created_at': str(created), 'deleted_at': (
                str(deleted) if deleted else None), 'properties': {}}
            for image_id, size, created, deleted in images],
    }
    return nova_flows.Sample(
        message_id=_message_id('image.exists', owner, when),
        timestamp=when, event_type='image.exists', publisher_id=GLANCE,
        priority='info', ctxt=_ctxt('req-audit-%s' % when.date()),
        payload=payload)


def volume(event_type, volume_id, when, size=10, created_at=None,
           deleted_at=None, status='available', beginning=None, ending=None,
           request_id='req-volume'):
    """A cinder volume usage notification."""
    payload = {
        'tenant_id': PROJECT, 'user_id': nova_flows.USER,
        'volume_id': volume_id, 'display_name': 'data-%s' % volume_id[:4],
        'host': 'cinder-1@lvm#lvm', 'availability_zone': 'nova',
        'volume_type': '8a3f1e2d-4c5b-4a69-8e7f-6d5c4b3a2910',
        'size': size, 'status': status, 'snapshot_id': None,
        'created_at': str(created_at or when),
        'launched_at': str(created_at or when),
        'replication_status': None, 'metadata': [],
    }
    if deleted_at is not None:
        payload['deleted_at'] = str(deleted_at)
    if beginning is not None:
        payload['audit_period_beginning'] = str(beginning)
        payload['audit_period_ending'] = str(ending)
    return nova_flows.Sample(
        message_id=_message_id(event_type, volume_id, when),
        timestamp=when, event_type=event_type, publisher_id=CINDER,
        priority='info', ctxt=_ctxt(request_id), payload=payload)
