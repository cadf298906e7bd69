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
"""Reading glance and cinder usage notifications, and payload values."""

import datetime

import pytest

from stacktach_os.notification import cinder
from stacktach_os.notification import envelope
from stacktach_os.notification import fields
from stacktach_os.notification import glance
from tests.samples import image_volume

DAY = datetime.datetime(2026, 4, 1)


def _notification(sample):
    return envelope.from_listener(sample.listener())


def test_image():
    image = glance.read_image(_notification(image_volume.image(
        'image.delete', 'img-1', DAY, size=123, created_at=DAY,
        deleted_at=DAY + datetime.timedelta(hours=1), status='deleted')))
    assert image == glance.ImageFacts(
        image_id='img-1', project_id=image_volume.PROJECT, size=123,
        status='deleted', created_at=DAY,
        deleted_at=DAY + datetime.timedelta(hours=1))


def test_image_exists():
    exists = glance.read_exists(_notification(image_volume.image_exists(
        DAY, DAY - datetime.timedelta(days=1), DAY,
        [('img-1', 10, DAY, None), ('img-2', 20, DAY, DAY)])))
    assert exists.project_id == image_volume.PROJECT
    assert exists.audit_period_ending == DAY
    assert [(image.image_id, image.size, image.deleted_at)
            for image in exists.images] == [('img-1', 10, None),
                                            ('img-2', 20, DAY)]


def test_bad_image_payloads():
    notification = envelope.normalize({
        'message_id': 'm', 'timestamp': '2026-01-01T00:00:00Z',
        'event_type': 'image.exists',
        'payload': {'images': [None, {'size': 1}, {'id': 'img-3'}]}})
    exists = glance.read_exists(notification)
    assert [image.image_id for image in exists.images] == ['img-3']
    notification.payload = 'text'
    assert glance.read_exists(notification) is None
    assert glance.read_image(notification) is None


def test_volume():
    volume = cinder.read_volume(_notification(image_volume.volume(
        'volume.exists', 'vol-1', DAY, size=30, created_at=DAY,
        beginning=DAY - datetime.timedelta(days=1), ending=DAY)))
    assert (volume.volume_id, volume.project_id, volume.size,
            volume.created_at, volume.launched_at, volume.deleted_at,
            volume.audit_period_ending) == (
        'vol-1', image_volume.PROJECT, 30, DAY, DAY, None, DAY)
    notification = envelope.normalize({
        'message_id': 'm', 'timestamp': '2026-01-01T00:00:00Z',
        'event_type': 'volume.create.end', 'payload': {'size': 'big'}})
    assert cinder.read_volume(notification) is None


@pytest.mark.parametrize('value, expected', [
    ('  abc ', 'abc'), (12, '12'), (1.5, '1.5'), ('', None), ('   ', None),
    (None, None), (True, None), ([], None), ({}, None),
    ('a\x00b', 'a\ufffdb'),
])
def test_text(value, expected):
    assert fields.text(value) == expected


@pytest.mark.parametrize('value, expected', [
    (3, 3), ('42', 42), ('4.0', 4), (2.9, 2), ('', None), ('x', None),
    (True, None), (float('nan'), None), (float('inf'), None),
    (2 ** 70, None), ('1e400', None), (None, None),
])
def test_integer(value, expected):
    assert fields.integer(value) == expected


@pytest.mark.parametrize('value, expected', [
    ('2026-03-02 10:00:29.500000', datetime.datetime(2026, 3, 2, 10, 0, 29,
                                                     500000)),
    ('2026-03-02T10:00:29Z', datetime.datetime(2026, 3, 2, 10, 0, 29)),
    ('2026-03-02T12:00:29+02:00', datetime.datetime(2026, 3, 2, 10, 0, 29)),
    ('', None), ('soon', None), (None, None), (5, None),
])
def test_timestamp(value, expected):
    assert fields.timestamp(value) == expected


def test_dig():
    payload = {'nova_object.data': {'flavor': {'nova_object.data': {
        'name': 'm1.tiny'}}}}
    assert fields.dig(payload, 'flavor', 'name') == 'm1.tiny'
    assert fields.dig(payload, 'flavor', 'missing', 'x') is None
    assert fields.dig({'a': 'text'}, 'a', 'b') is None
