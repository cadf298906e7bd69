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
"""Verdict notifications: event types, ids, payloads, the driver."""

import datetime
import threading

from oslo_config import cfg
import oslo_messaging

from stacktach_os.conf import verifier as verifier_conf
from stacktach_os.verifier import notifier
from stacktach_os.verifier import verifier

VERIFIED_AT = datetime.datetime(2026, 3, 3, 0, 12, 0, 250000)


def verification(**changes):
    row = dict(id=1, resource_type='instance', exists_id=7,
               message_id='m-1', resource_id='inst-1', status='verified',
               code=None, reason=None, verified_at=VERIFIED_AT,
               event_type='compute.instance.exists.verified')
    row.update(changes)
    return row


def test_event_types():
    assert notifier.event_type('instance', False) == \
        'compute.instance.exists.verified'
    assert notifier.event_type('instance', True) == \
        'compute.instance.exists.failed'
    assert notifier.event_type('image', False) == 'image.exists.verified'
    assert notifier.event_type('volume', True) == 'volume.exists.failed'


def test_notification_ids_are_derived():
    first = notifier.notification_id(verification())
    assert first == notifier.notification_id(verification())
    assert len({first,
                notifier.notification_id(verification(message_id='m-2')),
                notifier.notification_id(verification(resource_id='i-2')),
                notifier.notification_id(verification(
                    event_type='compute.instance.exists.failed'))}) == 4


def test_verified_payload_is_the_original_plus_the_verdict():
    original = {'tenant_id': 'p', 'instance_id': 'inst-1'}
    payload = notifier.payload(verification(), original)
    assert payload == {'tenant_id': 'p', 'instance_id': 'inst-1',
                       'original_message_id': 'm-1',
                       'verification_status': 'verified',
                       'verified_at': '2026-03-03T00:12:00.250000Z'}
    assert original == {'tenant_id': 'p', 'instance_id': 'inst-1'}


def test_failed_payload_carries_code_and_reason():
    payload = notifier.payload(verification(
        status='failed', code='launch_mismatch_flavor',
        reason='flavor_id: exists 3 != launch 2'), {'state': 'active'})
    assert payload['code'] == 'launch_mismatch_flavor'
    assert payload['reason'] == 'flavor_id: exists 3 != launch 2'
    assert payload['verification_status'] == 'failed'


def test_image_payload_keeps_the_image_verified():
    original = {'owner': 'o', 'images': [{'id': 'a', 'size': 1},
                                         {'id': 'b', 'size': 2}]}
    payload = notifier.payload(verification(
        resource_type='image', resource_id='b'), original)
    assert payload['images'] == [{'id': 'b', 'size': 2}]
    assert payload['image_id'] == 'b'
    assert len(original['images']) == 2


class _Receiver(object):
    def __init__(self):
        self.received = []
        self.arrived = threading.Event()

    def info(self, ctxt, publisher_id, event_type, payload, metadata):
        self.received.append((publisher_id, event_type, payload, metadata))
        self.arrived.set()


def test_emitter_sends_with_the_derived_message_id():
    conf = cfg.ConfigOpts()
    verifier_conf.register_opts(conf)
    conf([], project='stacktach_os')
    transport = oslo_messaging.get_notification_transport(conf,
                                                          url='fake://')
    receiver = _Receiver()
    listener = oslo_messaging.get_notification_listener(
        transport, [oslo_messaging.Target(topic='billing')], [receiver],
        executor='threading', pool='test')
    listener.start()
    try:
        emitter = notifier.Emitter(conf, transport=transport,
                                   topics=['billing'])
        row = verification()
        emitter.emit(row, {'instance_id': 'inst-1'})
        assert receiver.arrived.wait(10)
    finally:
        listener.stop()
        listener.wait()
    [(publisher, event_type, payload, metadata)] = receiver.received
    assert publisher.startswith('stacktach-os-verifier.')
    assert event_type == 'compute.instance.exists.verified'
    assert metadata['message_id'] == notifier.notification_id(row)
    assert metadata['timestamp'] == '2026-03-03 00:12:00.250000'
    assert payload['original_message_id'] == 'm-1'


def test_a_payload_of_the_record_when_the_notification_is_gone():
    record = {'id': 9, 'message_id': 'm-9', 'instance_id': 'inst-9',
              'status': 'verifying', 'reason': None, 'verified_at': None,
              'launched_at': datetime.datetime(2026, 3, 1, 10, 0, 29, 5),
              'flavor_id': '2'}
    assert verifier.record_payload('instance', record) == {
        'message_id': 'm-9', 'instance_id': 'inst-9',
        'launched_at': '2026-03-01T10:00:29.000005', 'flavor_id': '2',
        'resource_type': 'instance'}
