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
"""The simulated flows are consistent, as nova's are."""

import collections
import datetime

import pytest

from stacktach_os.notification import envelope
from stacktach_os.notification import nova
from stacktach_os.notigen import faults
from stacktach_os.notigen import generator
from stacktach_os.notigen import states
from tests.unit.notigen import history
from tests.unit.notigen import runs

FORMATS = (generator.LEGACY, generator.VERSIONED, generator.BOTH)
HOUR = datetime.timedelta(hours=1)


def read(notifications):
    """Return [(Notification, envelope.Notification, InstanceFacts)]."""
    result = []
    for item in notifications:
        notification = envelope.from_listener(item.body)
        result.append((item, notification, nova.read_instance(notification)))
    return result


@pytest.fixture(scope='module', params=FORMATS)
def made(request):
    notifications, manifest = runs.run(request.param)
    return request.param, notifications, manifest, read(notifications)


def by_instance(rows):
    grouped = collections.defaultdict(list)
    for item, notification, facts in rows:
        if facts is not None:
            grouped[facts.instance_id].append((item, notification, facts))
    return grouped


def is_versioned(notification):
    return nova.format_of(notification.payload) == nova.VERSIONED


def test_every_operation_is_simulated():
    notifications, _manifest = runs.run()
    types = {item.body['event_type'] for item in notifications}
    for operation in ('create', 'delete', 'power_off', 'power_on', 'reboot',
                      'rebuild', 'rescue', 'unrescue', 'snapshot',
                      'resize.prep', 'resize', 'finish_resize',
                      'resize.confirm', 'resize.revert'):
        assert 'compute.instance.%s.end' % operation in types, operation
    for event_type in ('instance.resize_confirm.end',
                       'instance.resize_revert.end', 'instance.update',
                       'instance.exists', 'compute.instance.create.error',
                       'instance.create.error',
                       'scheduler.select_destinations.start',
                       'compute_task.build_instances',
                       'compute_task.build_instances.error',
                       'compute.exception', 'image.create', 'image.upload',
                       'image.activate', 'image.delete', 'image.exists',
                       'volume.create.start', 'volume.create.end',
                       'volume.delete.end', 'volume.exists'):
        assert event_type in types, event_type
    # nova's wrap_exception notifications, named after the method.
    assert types & {'rescue_instance', 'rebuild_instance'}


def test_formats_are_what_was_asked(made):
    nova_format, _notifications, _manifest, rows = made
    seen = {is_versioned(notification) for _item, notification, facts
            in rows if facts is not None}
    expected = {generator.LEGACY: {False}, generator.VERSIONED: {True},
                generator.BOTH: {False, True}}[nova_format]
    assert seen == expected


def test_notifications_come_in_time_order(made):
    _format, notifications, _manifest, _rows = made
    times = [item.body['metadata']['timestamp'] for item in notifications]
    assert times == sorted(times)
    assert len(set(item.body['metadata']['message_id']
                   for item in notifications)) == len(notifications)


def test_each_instance_events_strictly_in_time_order(made):
    _format, _notifications, _manifest, rows = made
    for instance_id, events in by_instance(rows).items():
        times = [notification.timestamp for _i, notification, _f in events]
        assert times == sorted(times), instance_id
        assert len(set(times)) == len(times), instance_id


def test_states_are_nova_states(made):
    _format, _notifications, _manifest, rows = made
    for _item, notification, facts in rows:
        if facts is None or not facts.has_state:
            continue
        assert facts.state in states.VM_STATES, notification.event_type
        assert facts.task_state in states.TASK_STATES | {None}
        if facts.reports_old:
            assert facts.old_state in states.VM_STATES | {None}
            assert facts.old_task_state in states.TASK_STATES | {None}
        power = (notification.payload.get('nova_object.data') or {}).get(
            'power_state')
        if power is not None:
            assert power in states.POWER_STATES


def test_updates_chain_and_actions_report_the_current_state(made):
    _format, _notifications, _manifest, rows = made
    for instance_id, events in by_instance(rows).items():
        for versioned in (False, True):
            current = None
            for _item, notification, facts in events:
                if is_versioned(notification) != versioned:
                    continue
                if not facts.has_state or notification.event_type in \
                        nova.EXISTS_EVENTS:
                    continue
                state = (facts.state, facts.task_state)
                if facts.reports_old:
                    assert (facts.old_state, facts.old_task_state) == (
                        current or (None, None)), (instance_id,
                                                   notification.event_type)
                    current = state
                else:
                    assert state == current, (instance_id,
                                              notification.event_type)


def test_every_start_has_its_end_or_error(made):
    _format, _notifications, _manifest, rows = made
    counts = collections.defaultdict(collections.Counter)
    failed_requests = set()
    for item, notification, facts in rows:
        request_id = item.body['ctxt']['request_id']
        operation, phase = nova.operation(notification.event_type,
                                          notification.priority)
        event_type = notification.event_type
        if nova.is_error_priority(notification.priority) and (
                event_type in nova.FUNCTION_OPERATIONS
                or event_type == 'compute.exception'
                or event_type.startswith('compute_task.')):
            # wrap_exception's notifications, the conductor's give-up.
            failed_requests.add(request_id)
        if facts is None or phase is None:
            continue
        counts[(request_id, facts.instance_id, operation)][phase] += 1
    starts = 0
    for (request_id, instance_id, operation), phases in counts.items():
        closed = phases['end'] + phases['error']
        starts += phases['start']
        if phases['start'] == closed:
            continue
        # A start that raised: nova sends wrap_exception's notification
        # (or the conductor's build error) instead of an .error.
        assert request_id in failed_requests, (operation, instance_id)
        assert phases['start'] - closed <= 1 or operation == \
            'scheduler.select_destinations'
    assert starts > 100


def test_requests_span_services_and_hosts(made):
    _format, _notifications, _manifest, rows = made
    publishers = collections.defaultdict(set)
    instances = collections.defaultdict(set)
    for item, notification, facts in rows:
        request_id = item.body['ctxt']['request_id']
        publishers[request_id].add(notification.publisher_id)
        if facts is not None:
            instances[request_id].add(facts.instance_id)
    creates = [item.body['ctxt']['request_id'] for item, notification, _f
               in rows if notification.event_type in (
                   'compute.instance.create.end', 'instance.create.end')]
    assert creates
    for request_id in creates:
        services = {publisher.split('.')[0].split(':')[0]
                    for publisher in publishers[request_id]}
        hosts = {publisher.replace(':', '.').split('.', 1)[1]
                 for publisher in publishers[request_id]}
        # The API, the scheduler and the compute host.
        assert len(services) >= 3 or services >= {'compute', 'scheduler'}
        assert any(host.startswith('controller') for host in hosts)
        assert any(host.startswith('compute-') for host in hosts)
        assert len(instances[request_id]) == 1


def test_global_request_ids(made):
    _format, notifications, _manifest, _rows = made
    shared = collections.defaultdict(set)
    for item in notifications:
        ctxt = item.body['ctxt']
        if ctxt['global_request_id']:
            assert ctxt['global_request_id'].startswith('req-')
            assert ctxt['global_request_id'] != ctxt['request_id']
            shared[ctxt['global_request_id']].add(ctxt['request_id'])
    assert shared
    assert any(len(requests) > 1 for requests in shared.values())
    nova_requests = {item.body['ctxt']['request_id'] for item in
                     notifications if item.body['event_type'] in (
                         'compute.instance.snapshot.start',
                         'instance.snapshot.start')}
    uploads = [item.body['ctxt'] for item in notifications
               if item.body['event_type'] == 'image.upload'
               and item.body['payload']['visibility'] == 'private']
    assert uploads
    for ctxt in uploads:
        assert ctxt['global_request_id'] in nova_requests or \
            ctxt['global_request_id'] in shared


def test_buses(made):
    _format, notifications, _manifest, _rows = made
    for item in notifications:
        publisher = item.body['publisher_id']
        host = publisher.split(':', 1)[-1].split('.', 1)[-1] \
            if ':' in publisher else publisher.split('.', 1)[-1]
        if host.startswith('compute-'):
            assert item.bus == host.split('-')[1], publisher
        else:
            assert item.bus == 'api', publisher


def test_exists_match_history_except_the_injected(made):
    _format, notifications, manifest, _rows = made
    found = history.History(item.body for item in notifications)
    expected = {message_id: fault['code'] for fault in manifest['faults']
                for message_id in fault['message_ids']}
    assert len(manifest['faults']) == runs.FAULTS
    assert {fault['fault'] for fault in manifest['faults']} == set(
        faults.KINDS)
    assert found.failures() == expected
    assert manifest['exists']['expected_failed'] == len(expected)
    assert manifest['exists']['total'] == len(found.exists)


def test_every_instance_that_existed_has_its_exists(made):
    _format, notifications, _manifest, _rows = made
    settings = runs.settings()
    endings = history.period_endings(
        settings.start, settings.start + datetime.timedelta(
            days=settings.days), HOUR)
    found = history.History(item.body for item in notifications)
    assert found.missing_exists(endings, HOUR) == []


def test_image_and_volume_exists_match_history(made):
    _format, notifications, _manifest, _rows = made
    found = history.History(item.body for item in notifications)
    assert found.image_exists and found.volume_exists
    assert found.image_problems() == []
    assert found.volume_problems() == []


def test_codes_are_documented():
    assert set(faults.KINDS.values()) == set(faults.CODES)
    assert set(faults.CHECK_ORDER) == set(faults.CODES)
    for code in faults.CODES:
        assert code in faults.__doc__


def test_audit_period_is_configurable():
    half_hour = datetime.timedelta(minutes=30)
    settings = runs.settings(audit_period=1800, days=0.5, instances=20)
    made = generator.Run(settings, nova_format=generator.LEGACY,
                         faults_count=4)
    notifications = list(made.notifications())
    manifest = made.manifest()
    found = history.History(item.body for item in notifications)
    periodic = [facts for _id, facts in found.exists
                if facts.audit_period_ending.minute in (0, 30)
                and facts.audit_period_ending.second == 0
                and not facts.audit_period_ending.microsecond]
    assert periodic
    for facts in periodic:
        assert facts.audit_period_ending - facts.audit_period_beginning \
            == half_hour
    endings = history.period_endings(
        settings.start, settings.start + datetime.timedelta(days=0.5),
        half_hour)
    assert found.missing_exists(endings, half_hour) == []
    assert found.failures() == {
        message_id: fault['code'] for fault in manifest['faults']
        for message_id in fault['message_ids']}
