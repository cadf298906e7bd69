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
"""Reading nova notifications of both formats."""

import datetime

import pytest

from stacktach_os.notification import envelope
from stacktach_os.notification import nova
from tests.samples import nova_flows


def _notification(sample):
    return envelope.from_listener(sample.listener())


def _sample(flow, event_type, nth=0):
    return [sample for sample in flow.samples
            if sample.event_type == event_type][nth]


@pytest.mark.parametrize('event_type, priority, expected', [
    ('compute.instance.resize.prep.start', None, ('resize.prep', 'start')),
    ('compute.instance.finish_resize.end', 'info', ('finish_resize', 'end')),
    ('compute.instance.create.error', 'error', ('create', 'error')),
    ('compute.instance.update', 'info', ('update', None)),
    ('compute.instance.exists.verified', 'info', ('exists.verified', None)),
    ('instance.create.end', 'info', ('create', 'end')),
    ('instance.resize_prep.start', 'info', ('resize_prep', 'start')),
    ('instance.live_migration_rollback_dest.end', 'info',
     ('live_migration_rollback_dest', 'end')),
    ('scheduler.select_destinations.start', 'info',
     ('scheduler.select_destinations', 'start')),
    ('compute_task.build_instances.error', 'error',
     ('compute_task.build_instances', 'error')),
    ('compute_task.build_instances', 'error',
     ('compute_task.build_instances', 'error')),
    ('terminate_instance', 'error', ('delete', 'error')),
    ('rescue_instance', 'ERROR', ('rescue', 'error')),
    ('terminate_instance', 'info', ('terminate_instance', None)),
    ('instance.', 'info', ('instance.', None)),
    ('', 'info', (None, None)),
    (None, None, (None, None)),
])
def test_operation(event_type, priority, expected):
    assert nova.operation(event_type, priority) == expected


def test_legacy_update():
    flow = nova_flows.full_flow(nova_flows.LEGACY)
    facts = nova.read_instance(_notification(flow.samples[0]))
    assert facts.format == nova.LEGACY
    assert facts.instance_id == flow.expected.instance_id
    assert facts.project_id == nova_flows.PROJECT
    assert (facts.has_state, facts.reports_old) == (True, True)
    assert (facts.old_state, facts.state) == ('building', 'building')
    assert (facts.old_task_state, facts.task_state) == (None, 'scheduling')
    assert (facts.flavor_id, facts.flavor_name) == ('2', 'm1.small')
    assert facts.launched_at is None


def test_legacy_create_end_and_exists():
    flow = nova_flows.full_flow(nova_flows.LEGACY)
    end = nova.read_instance(_notification(
        _sample(flow, 'compute.instance.create.end')))
    assert (end.state, end.task_state, end.reports_old) == (
        'active', None, False)
    assert end.launched_at == nova_flows.LAUNCH_CREATE
    assert end.message == 'Success' and end.fault is None
    assert (end.image_id, end.os_architecture, end.os_distro,
            end.os_version) == (nova_flows.IMAGE, 'x86_64', 'ubuntu',
                                '22.04')
    exists = nova.read_instance(_notification(
        _sample(flow, 'compute.instance.exists', 2)))
    assert (exists.audit_period_beginning, exists.audit_period_ending) == (
        nova_flows.DAY_1, nova_flows.DAY_2)
    assert (exists.bandwidth_in, exists.bandwidth_out) == (1256, 3478)
    assert exists.deleted_at is None


def test_versioned_update_and_actions():
    flow = nova_flows.full_flow(nova_flows.VERSIONED)
    update = nova.read_instance(_notification(
        _sample(flow, 'instance.update')))
    assert update.format == nova.VERSIONED
    assert (update.reports_old, update.old_state, update.old_task_state,
            update.state, update.task_state) == (
        True, 'building', 'scheduling', 'building', None)
    finish = nova.read_instance(_notification(
        _sample(flow, 'instance.resize_finish.end')))
    assert (finish.flavor_id, finish.flavor_name) == ('4', 'm1.large')
    assert finish.launched_at == nova_flows.LAUNCH_RESIZE.replace(
        microsecond=0)
    assert (finish.state, finish.task_state, finish.host) == (
        'resized', None, 'compute-2')
    exists = nova.read_instance(_notification(
        _sample(flow, 'instance.exists', 3)))
    assert exists.deleted_at == nova_flows.DELETED.replace(microsecond=0)
    assert exists.audit_period_ending == nova_flows.DAY_3
    assert exists.bandwidth_in is None
    scheduling = nova.read_instance(_notification(
        _sample(flow, 'scheduler.select_destinations.start')))
    assert (scheduling.instance_id, scheduling.has_state,
            scheduling.project_id) == (
        flow.expected.instance_id, False, nova_flows.PROJECT)


@pytest.mark.parametrize('fmt', nova_flows.FORMATS)
def test_errors_carry_their_fault(fmt):
    flow = nova_flows.failed_create(fmt)
    prefix = 'compute.instance.' if fmt == nova_flows.LEGACY else 'instance.'
    error = nova.read_instance(_notification(
        _sample(flow, prefix + 'create.error')))
    assert 'disk image is corrupt' in error.fault
    gave_up = nova.read_instance(_notification(flow.samples[-1]))
    assert (gave_up.state, gave_up.task_state, gave_up.has_state) == (
        'error', None, True)
    assert gave_up.project_id == nova_flows.PROJECT
    assert 'Exceeded maximum number of retries' in gave_up.fault


def test_legacy_method_error():
    notification = envelope.normalize({
        'message_id': 'm-1', 'timestamp': '2026-01-01 00:00:00',
        'event_type': 'terminate_instance', 'priority': 'ERROR',
        'publisher_id': 'compute.host-1',
        'payload': {'exception': {'kwargs': {'uuid': 'i-1',
                                             'reason': 'boom'}},
                    'args': {}}})
    facts = nova.read_instance(notification)
    assert (facts.instance_id, facts.fault, facts.has_state) == (
        'i-1', 'boom', False)
    # The same name from another service is not nova's.
    notification.publisher_id = 'volume.host-1'
    assert nova.read_instance(notification) is None


@pytest.mark.parametrize('payload', [
    None, [], 'text', {}, {'instance_id': None},
    {'instance_id': ['a']}, {'instance_id': {'x': 1}},
    {'nova_object.name': 'InstanceActionPayload',
     'nova_object.namespace': 'nova', 'nova_object.data': 'broken'},
    {'nova_object.name': 'InstanceActionPayload',
     'nova_object.namespace': 'nova', 'nova_object.data': {'uuid': ''}},
])
def test_bad_payloads_give_nothing(payload):
    notification = envelope.normalize({
        'message_id': 'm-1', 'timestamp': '2026-01-01 00:00:00',
        'event_type': 'compute.instance.update', 'payload': payload})
    assert nova.read_instance(notification) is None


def test_bad_values_are_left_out():
    notification = envelope.normalize({
        'message_id': 'm-1', 'timestamp': '2026-01-01 00:00:00',
        'event_type': 'compute.instance.exists',
        'payload': {
            'instance_id': 'i-1', 'state': ['active'],
            'launched_at': 'yesterday', 'deleted_at': 12,
            'audit_period_beginning': '2026-02-30 00:00:00',
            'instance_type': {'name': 'm1.tiny'}, 'instance_flavor_id': 7,
            'image_meta': 'none', 'bandwidth': {'net': 'lots'},
            'tenant_id': 'x' * 300}})
    facts = nova.read_instance(notification)
    assert facts.instance_id == 'i-1'
    assert (facts.has_state, facts.launched_at, facts.deleted_at,
            facts.audit_period_beginning) == (False, None, None, None)
    assert (facts.flavor_id, facts.flavor_name) == ('7', None)
    assert (facts.bandwidth_in, facts.bandwidth_out) == (0, 0)
    assert len(facts.project_id) == 255


def test_versioned_payloads_of_other_services_are_not_nova():
    notification = envelope.normalize({
        'message_id': 'm-1', 'timestamp': '2026-01-01 00:00:00',
        'event_type': 'instance.create.end',
        'payload': {'nova_object.name': 'InstanceActionPayload',
                    'nova_object.namespace': 'cyborg',
                    'nova_object.data': {'uuid': 'i-1'}}})
    assert nova.read_instance(notification) is None


def test_timestamps_of_both_formats():
    flow = nova_flows.unseen_delete(nova_flows.LEGACY)
    facts = nova.read_instance(_notification(flow.samples[-1]))
    assert facts.launched_at == datetime.datetime(2025, 12, 24, 18, 30, 5)
    assert facts.deleted_at == nova_flows.at(5)
