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
"""Each format the simulator writes is read whole by the ingestion pipeline."""

import collections
import os

import pytest

from stacktach_os.notification.distiller import distiller
from stacktach_os.notification import envelope
from stacktach_os.notification import nova
from stacktach_os.notification import pipeline
from stacktach_os.notigen import generator
from tests.unit.notigen import runs

DEFINITIONS = os.path.join(
    os.path.dirname(__file__), '..', '..', '..', 'etc', 'stacktach_os',
    'event_definitions.yaml')


@pytest.fixture(scope='module')
def reader():
    return pipeline.Pipeline(
        None, distiller.Distiller.from_file(DEFINITIONS), [])


@pytest.fixture(scope='module', params=generator.FORMATS)
def prepared(request, reader):
    notifications, _manifest = runs.run(request.param)
    items = reader.prepare('cell1', [item.body for item in notifications])
    return notifications, items


def test_no_problems_and_an_event_for_each(prepared):
    notifications, items = prepared
    assert len(items) == len(notifications)
    problems = collections.Counter()
    for item in items:
        for problem in item.problems:
            problems[(item.notification.event_type, problem)] += 1
    assert not problems
    assert all(item.event is not None for item in items)
    assert all(not item.malformed for item in items)


def test_envelopes_read_whole(prepared):
    notifications, _items = prepared
    for item in notifications:
        notification = envelope.normalize(item.body)
        assert notification.problems == []
        assert notification.message_id == item.body['metadata'][
            'message_id']
        assert envelope.format_timestamp(notification.timestamp).replace(
            'T', ' ') == item.body['metadata']['timestamp']
        assert notification.body()['payload'] == item.body['payload']


def test_what_each_notification_is_about(prepared):
    _notifications, items = prepared
    for item in items:
        description = item.description
        event_type = item.notification.event_type
        assert description['host'], event_type
        assert description['request_id'].startswith('req-'), event_type
        if event_type.startswith(('compute.instance.', 'instance.')):
            facts = nova.read_instance(item.notification)
            assert description['resource_id'] == facts.instance_id
            assert description['project_id'] == facts.project_id
        if event_type.startswith(('image.', 'volume.')):
            assert description['project_id'], event_type


def test_distilled_exists_traits(prepared):
    _notifications, items = prepared
    exists = [item for item in items
              if item.notification.event_type in nova.EXISTS_EVENTS]
    assert exists
    for item in exists:
        traits = {trait.name: trait.value for trait in item.event.traits}
        facts = nova.read_instance(item.notification)
        assert traits['instance_id'] == facts.instance_id
        assert traits['tenant_id'] == facts.project_id
        assert traits['launched_at'] == facts.launched_at
        assert traits['audit_period_beginning'] == \
            facts.audit_period_beginning
        assert traits['instance_flavor_id'] == facts.flavor_id
