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
"""Tests of reading notification envelopes."""

import datetime
import json

from stacktach_os.notification import describe
from stacktach_os.notification import envelope

LEGACY = {
    'message_id': 'a1b2c3d4-0000-4000-8000-000000000001',
    'timestamp': '2026-03-01 10:00:00.123456',
    'priority': 'INFO',
    'event_type': 'compute.instance.create.end',
    'publisher_id': 'compute.cpu-07',
    '_context_request_id': 'req-5e1f',
    '_context_project_id': 'p-ctx',
    '_context_auth_token': 'very-secret',
    '_unique_id': 'u1',
    'payload': {'instance_id': 'i-1', 'tenant_id': 'p-1', 'host': 'cpu-07'},
}

VERSIONED = {
    'ctxt': {'request_id': 'req-9', 'global_request_id': 'req-g',
             'project_id': 'p-ctx'},
    'publisher_id': 'nova-compute:cpu-08',
    'event_type': 'instance.power_off.end',
    'payload': {'nova_object.name': 'InstanceActionPayload',
                'nova_object.data': {'uuid': 'i-2', 'tenant_id': 'p-2'}},
    'metadata': {'message_id': 'm-2',
                 'timestamp': '2026-03-01T10:00:01.000002+01:00'},
}


def test_legacy_flat_envelope():
    notification = envelope.normalize(dict(LEGACY))
    assert notification.problems == []
    assert notification.message_id == LEGACY['message_id']
    assert notification.priority == 'info'
    assert notification.timestamp == datetime.datetime(
        2026, 3, 1, 10, 0, 0, 123456)
    assert notification.ctxt['request_id'] == 'req-5e1f'
    assert notification.extra == {'_unique_id': 'u1'}
    body = notification.body()
    assert body['metadata'] == {'message_id': LEGACY['message_id'],
                                'timestamp': '2026-03-01T10:00:00.123456'}
    assert body['payload'] == LEGACY['payload']


def test_listener_message_timezone_is_normalised_to_utc():
    notification = envelope.from_listener(dict(VERSIONED), 'info')
    assert notification.problems == []
    assert notification.priority == 'info'
    assert notification.timestamp == datetime.datetime(
        2026, 3, 1, 9, 0, 1, 2)


def test_wire_format_is_unwrapped():
    wire = {'oslo.version': '2.0', 'oslo.message': json.dumps(LEGACY)}
    notification = envelope.normalize(wire)
    assert notification.problems == []
    assert notification.event_type == LEGACY['event_type']


def test_missing_fields_are_problems_not_errors():
    notification = envelope.normalize({'payload': {}})
    assert set(notification.problems) == {
        'message_id is missing', 'event_type is missing',
        'timestamp is missing'}
    assert notification.malformed
    # A made-up id is stable, so a redelivered copy is stored once.
    again = envelope.normalize({'payload': {}})
    assert again.message_id == notification.message_id


def test_payload_that_is_not_an_object():
    raw = dict(LEGACY, payload=[1, 2])
    notification = envelope.normalize(raw)
    assert notification.problems == ['payload is not a JSON object but list']
    assert notification.body()['payload'] == [1, 2]


def test_notification_that_is_not_an_object():
    notification = envelope.normalize('just a string')
    assert notification.malformed
    assert notification.payload == 'just a string'


def test_unparseable_timestamp_is_kept_raw():
    notification = envelope.normalize(dict(LEGACY, timestamp='yesterday'))
    assert notification.timestamp is None
    assert "'yesterday'" in notification.problems[0]
    assert notification.body()['metadata']['timestamp'] == 'yesterday'


def test_unknown_priority_is_a_problem():
    notification = envelope.normalize(dict(LEGACY, priority='LOUD'))
    assert notification.problems == ["unknown priority 'LOUD'"]


def test_describe_legacy():
    description = describe.describe(envelope.normalize(dict(LEGACY)))
    assert description == {
        'host': 'cpu-07', 'request_id': 'req-5e1f',
        'global_request_id': None, 'project_id': 'p-1',
        'resource_id': 'i-1'}


def test_describe_versioned():
    description = describe.describe(
        envelope.from_listener(dict(VERSIONED)))
    assert description == {
        'host': 'cpu-08', 'request_id': 'req-9',
        'global_request_id': 'req-g', 'project_id': 'p-2',
        'resource_id': 'i-2'}


def test_describe_nested_neutron_resource():
    raw = dict(LEGACY, event_type='port.create.end',
               publisher_id='network.net-1',
               payload={'port': {'id': 'port-1', 'tenant_id': 'p-3'}})
    description = describe.describe(envelope.normalize(raw))
    assert description['resource_id'] == 'port-1'
    assert description['project_id'] == 'p-ctx'


def test_describe_legacy_scheduler_and_exception_wrappers():
    scheduler = dict(LEGACY, event_type='scheduler.run_instance.start',
                     payload={'request_spec': {
                         'instance_uuids': ['i-7'],
                         'instance_properties': {'uuid': 'i-7'}}})
    wrapped = dict(LEGACY, event_type='terminate_instance',
                   payload={'args': {'instance': {'uuid': 'i-8'}},
                            'exception': {}})
    assert describe.describe(
        envelope.normalize(scheduler))['resource_id'] == 'i-7'
    assert describe.describe(
        envelope.normalize(wrapped))['resource_id'] == 'i-8'
