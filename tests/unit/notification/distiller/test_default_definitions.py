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
"""The event definitions shipped in etc/stacktach_os."""

import datetime
import os

import pytest

from stacktach_os.notification.distiller import distiller
from tests.unit.notification.distiller import samples

SHIPPED = os.path.join(os.path.dirname(__file__), '..', '..', '..', '..',
                       'etc', 'stacktach_os', 'event_definitions.yaml')
DT = datetime.datetime
NOVA_OBJECT = 'nova_object.data'


@pytest.fixture(scope='module')
def d():
    return distiller.Distiller.from_file(SHIPPED)


def distil(d, *args, **kwargs):
    event = d.distill(samples.body(*args, **kwargs))
    assert event.problems == []
    return samples.traits(event)


def assert_has(traits, expected):
    for name, value in expected.items():
        assert traits.get(name) == value, name


def legacy_instance(**extra):
    payload = {
        'instance_id': 'i-100', 'tenant_id': 'proj-9', 'user_id': 'user-9',
        'display_name': 'web-1', 'host': 'cpu-12', 'node': 'cpu-12.dc1',
        'state': 'active', 'old_state': 'building',
        'new_task_state': None, 'old_task_state': 'spawning',
        'state_description': '', 'instance_type': 'm1.large',
        'instance_type_id': 5, 'instance_flavor_id': '4',
        'memory_mb': 8192, 'disk_gb': 80, 'root_gb': 80, 'ephemeral_gb': 0,
        'vcpus': 4, 'os_type': 'linux', 'architecture': 'x86_64',
        'image_ref_url': 'http://glance.dc1:9292/images/img-42',
        'image_meta': {'org.openstack__1__architecture': 'x64',
                       'org.openstack__1__os_distro': 'org.ubuntu',
                       'os_version': '24.04', 'base_image_ref': 'img-41'},
        'created_at': '2025-01-02 03:04:05.000006',
        'launched_at': '2025-01-02T03:05:00.000000',
        'deleted_at': '', 'terminated_at': '',
        'audit_period_beginning': '2025-01-02T00:00:00.000000',
        'audit_period_ending': '2025-01-02T03:05:00.000000',
    }
    payload.update(extra)
    return payload


def test_loads(d):
    assert not any(x.is_catchall for x in d.definitions[:-1])
    assert d.definitions[-1].is_catchall


def test_legacy_instance_update(d):
    traits = distil(d, 'compute.instance.update',
                    publisher_id='compute.cpu-12.dc1',
                    payload=legacy_instance(),
                    ctxt={'request_id': 'req-1', 'project_id': 'proj-9',
                          'global_request_id': 'req-g'})
    assert_has(traits, {
        'service': ('text', 'compute'), 'host': ('text', 'cpu-12.dc1'),
        'request_id': ('text', 'req-1'),
        'global_request_id': ('text', 'req-g'),
        'instance_id': ('text', 'i-100'),
        'tenant_id': ('text', 'proj-9'), 'project_id': ('text', 'proj-9'),
        'user_id': ('text', 'user-9'),
        'state': ('text', 'active'), 'old_state': ('text', 'building'),
        'old_task_state': ('text', 'spawning'),
        'instance_type': ('text', 'm1.large'),
        'instance_type_id': ('int', 5), 'instance_flavor_id': ('text', '4'),
        'memory_mb': ('int', 8192), 'disk_gb': ('int', 80),
        'root_gb': ('int', 80), 'ephemeral_gb': ('int', 0),
        'vcpus': ('int', 4),
        'os_architecture': ('text', 'x64'),
        'os_distro': ('text', 'org.ubuntu'), 'os_version': ('text', '24.04'),
        'image_id': ('text', 'img-42'),
        'created_at': ('datetime', DT(2025, 1, 2, 3, 4, 5, 6)),
        'launched_at': ('datetime', DT(2025, 1, 2, 3, 5)),
    })
    # Duplicates of other traits or of the event's own columns, and the
    # audit period outside .exists, are left out to keep events small.
    for absent in ('task_state', 'deleted_at', 'terminated_at',
                   'resource_id', 'instance_host', 'image_ref_url',
                   'audit_period_ending'):
        assert absent not in traits


def test_legacy_instance_exists(d):
    traits = distil(d, 'compute.instance.exists', payload=legacy_instance(
        deleted_at='2025-01-03T00:00:00', terminated_at='2025-01-03T00:00:01',
        bandwidth={'public': {'bw_in': 1000, 'bw_out': 2 ** 40},
                   'private': {'bw_in': 7, 'bw_out': 8}}))
    assert_has(traits, {
        'audit_period_beginning': ('datetime', DT(2025, 1, 2)),
        'audit_period_ending': ('datetime', DT(2025, 1, 2, 3, 5)),
        'deleted_at': ('datetime', DT(2025, 1, 3)),
        'terminated_at': ('datetime', DT(2025, 1, 3, 0, 0, 1)),
        'bandwidth_public_in': ('int', 1000),
        'bandwidth_public_out': ('int', 2 ** 40),
        'bandwidth_private_in': ('int', 7),
        'bandwidth_private_out': ('int', 8),
        'launched_at': ('datetime', DT(2025, 1, 2, 3, 5)),
    })


def test_legacy_instance_error(d):
    traits = distil(d, 'compute.instance.create.error', priority='error',
                    payload=legacy_instance(message='No valid host', code=500))
    assert_has(traits, {'exception_message': ('text', 'No valid host'),
                        'exception_code': ('text', '500'),
                        'instance_id': ('text', 'i-100')})


def test_legacy_method_error(d):
    traits = distil(d, 'resize_instance', priority='error',
                    publisher_id='compute.cpu-3',
                    payload={'args': {'instance': {
                        'uuid': 'i-7', 'project_id': 'proj-7',
                        'user_id': 'user-7', 'host': 'cpu-3',
                        'vm_state': 'error',
                        'task_state': 'resize_migrating'}},
                        'exception': {'kwargs': {'code': 409,
                                                 'reason': 'disk full'}}},
                    ctxt={'project_id': 'admin-proj'})
    assert_has(traits, {
        'instance_id': ('text', 'i-7'), 'tenant_id': ('text', 'proj-7'),
        'user_id': ('text', 'user-7'), 'state': ('text', 'error'),
        'task_state': ('text', 'resize_migrating'),
        'exception_message': ('text', 'disk full'),
        'exception_code': ('text', '409'), 'host': ('text', 'cpu-3')})


def test_legacy_scheduler(d):
    traits = distil(d, 'scheduler.run_instance.scheduled',
                    publisher_id='scheduler.sch-1',
                    payload={'weighted_host': {'host': 'cpu-5', 'weight': 1.0},
                             'request_spec': {
                                 'instance_uuids': ['i-8', 'i-9'],
                                 'num_instances': 2,
                                 'instance_properties': {
                                     'project_id': 'proj-8'},
                                 'instance_type': {'name': 'm1.tiny'},
                                 'image': {'id': 'img-8'}}})
    assert_has(traits, {
        'instance_id': ('text', 'i-8'), 'weighted_host': ('text', 'cpu-5'),
        'num_instances': ('int', 2), 'tenant_id': ('text', 'proj-8'),
        'instance_type': ('text', 'm1.tiny'), 'image_id': ('text', 'img-8'),
        'service': ('text', 'scheduler'), 'host': ('text', 'sch-1')})


def nova_object(name, data):
    return {'nova_object.name': name, 'nova_object.namespace': 'nova',
            'nova_object.version': '1.0', NOVA_OBJECT: data}


def versioned_instance(**extra):
    data = {
        'uuid': 'i-200', 'tenant_id': 'proj-2', 'user_id': 'user-2',
        'display_name': 'db-1', 'host': 'cpu-20', 'node': 'cpu-20',
        'state': 'active', 'task_state': None, 'power_state': 'running',
        'image_uuid': 'img-200', 'architecture': 'aarch64',
        'os_type': 'linux', 'request_id': 'req-payload',
        'flavor': nova_object('FlavorPayload', {
            'name': 'c2.medium', 'flavorid': 'fl-2', 'memory_mb': 4096,
            'vcpus': 2, 'root_gb': 40, 'ephemeral_gb': 10}),
        'created_at': '2025-02-01T00:00:00Z',
        'launched_at': '2025-02-01T00:01:00Z',
        'deleted_at': None, 'terminated_at': None,
    }
    data.update(extra)
    return nova_object('InstancePayload', data)


def test_versioned_instance_update(d):
    payload = versioned_instance(
        state_update=nova_object('InstanceStateUpdatePayload', {
            'old_state': 'building', 'state': 'active',
            'old_task_state': 'spawning', 'new_task_state': None}),
        audit_period=nova_object('AuditPeriodPayload', {
            'audit_period_beginning': '2025-02-01T00:00:00Z',
            'audit_period_ending': '2025-02-01T01:00:00Z'}))
    traits = distil(d, 'instance.update', payload=payload,
                    publisher_id='nova-compute:cpu-20')
    assert_has(traits, {
        'service': ('text', 'nova-compute'), 'host': ('text', 'cpu-20'),
        'request_id': ('text', 'req-payload'),
        'instance_id': ('text', 'i-200'),
        'tenant_id': ('text', 'proj-2'), 'project_id': ('text', 'proj-2'),
        'user_id': ('text', 'user-2'), 'state': ('text', 'active'),
        'old_state': ('text', 'building'),
        'old_task_state': ('text', 'spawning'),
        'instance_type': ('text', 'c2.medium'),
        'instance_flavor_id': ('text', 'fl-2'), 'memory_mb': ('int', 4096),
        'vcpus': ('int', 2), 'root_gb': ('int', 40),
        'ephemeral_gb': ('int', 10), 'image_id': ('text', 'img-200'),
        'os_architecture': ('text', 'aarch64'),
        'launched_at': ('datetime', DT(2025, 2, 1, 0, 1)),
        'audit_period_ending': ('datetime', DT(2025, 2, 1, 1)),
    })
    for absent in ('task_state', 'deleted_at', 'resource_id',
                   'instance_host', 'node', 'architecture'):
        assert absent not in traits


def test_versioned_context_wins_for_request_id(d):
    traits = distil(d, 'instance.power_on.end', payload=versioned_instance(),
                    publisher_id='nova-compute:cpu-20',
                    ctxt={'request_id': 'req-ctxt'})
    assert traits['request_id'] == ('text', 'req-ctxt')


def test_versioned_instance_exists(d):
    def bandwidth(network, received, sent):
        return nova_object('BandwidthPayload', {
            'network_name': network, 'in_bytes': received,
            'out_bytes': sent})
    payload = versioned_instance(
        deleted_at='2025-02-02T00:00:00Z',
        audit_period=nova_object('AuditPeriodPayload', {
            'audit_period_beginning': '2025-02-01T00:00:00Z',
            'audit_period_ending': '2025-02-02T00:00:00Z'}),
        bandwidth=[bandwidth('private', 11, 12), bandwidth('public', 21, 22)])
    traits = distil(d, 'instance.exists', payload=payload,
                    publisher_id='nova-compute:cpu-20')
    assert_has(traits, {
        'audit_period_beginning': ('datetime', DT(2025, 2, 1)),
        'audit_period_ending': ('datetime', DT(2025, 2, 2)),
        'deleted_at': ('datetime', DT(2025, 2, 2)),
        'bandwidth_public_in': ('int', 21),
        'bandwidth_public_out': ('int', 22),
        'bandwidth_private_in': ('int', 11),
        'bandwidth_private_out': ('int', 12)})


def test_versioned_instance_error(d):
    payload = versioned_instance(
        task_state='rebuilding',
        fault=nova_object('ExceptionPayload', {
            'exception': 'BuildAbortException',
            'exception_message': 'Build of instance aborted'}))
    traits = distil(d, 'instance.rebuild.error', payload=payload,
                    publisher_id='nova-compute:cpu-20', priority='error')
    assert_has(traits, {
        'exception': ('text', 'BuildAbortException'),
        'exception_message': ('text', 'Build of instance aborted'),
        'task_state': ('text', 'rebuilding')})


def test_versioned_resize(d):
    payload = versioned_instance(new_flavor=nova_object('FlavorPayload', {
        'name': 'c2.large', 'flavorid': 'fl-3', 'memory_mb': 8192,
        'vcpus': 4, 'root_gb': 80, 'ephemeral_gb': 0}))
    traits = distil(d, 'instance.resize_prep.end', payload=payload,
                    publisher_id='nova-compute:cpu-20')
    assert_has(traits, {
        'instance_type': ('text', 'c2.medium'),
        'new_instance_type': ('text', 'c2.large'),
        'new_instance_flavor_id': ('text', 'fl-3'),
        'new_memory_mb': ('int', 8192), 'new_vcpus': ('int', 4)})


def test_versioned_conductor_error(d):
    payload = nova_object('ComputeTaskPayload', {
        'instance_uuid': 'i-300', 'state': 'error',
        'reason': nova_object('ExceptionPayload', {
            'exception': 'NoValidHost',
            'exception_message': 'No valid host was found.'}),
        'request_spec': nova_object('RequestSpecPayload', {
            'project_id': 'proj-3', 'user_id': 'user-3',
            'flavor': nova_object('FlavorPayload', {'name': 'x1'})})})
    traits = distil(d, 'compute_task.build_instances.error', payload=payload,
                    publisher_id='nova-conductor:ctl-1', priority='error')
    assert_has(traits, {
        'instance_id': ('text', 'i-300'), 'state': ('text', 'error'),
        'tenant_id': ('text', 'proj-3'), 'user_id': ('text', 'user-3'),
        'exception': ('text', 'NoValidHost'),
        'exception_message': ('text', 'No valid host was found.'),
        'instance_type': ('text', 'x1'),
        'service': ('text', 'nova-conductor'), 'host': ('text', 'ctl-1')})


def test_glance_image(d):
    traits = distil(d, 'image.upload', publisher_id='image.glance-1',
                    payload={'id': 'img-5', 'owner': 'proj-5',
                             'name': 'ubuntu', 'status': 'active',
                             'size': 3 * 2 ** 30, 'disk_format': 'qcow2',
                             'visibility': 'private',
                             'created_at': '2025-04-01T10:00:00Z',
                             'deleted_at': None,
                             'properties': {'os_distro': 'ubuntu'}},
                    ctxt={'user_id': 'user-5'})
    assert_has(traits, {
        'image_id': ('text', 'img-5'), 'resource_id': ('text', 'img-5'),
        'owner': ('text', 'proj-5'), 'tenant_id': ('text', 'proj-5'),
        'user_id': ('text', 'user-5'), 'status': ('text', 'active'),
        'size': ('int', 3 * 2 ** 30), 'disk_format': ('text', 'qcow2'),
        'os_distro': ('text', 'ubuntu'),
        'created_at': ('datetime', DT(2025, 4, 1, 10)),
        'service': ('text', 'image'), 'host': ('text', 'glance-1')})
    assert 'deleted_at' not in traits


def test_glance_exists_and_send(d):
    traits = distil(d, 'image.exists', publisher_id='image.glance-1',
                    payload={'owner': 'proj-5', 'images': [{}, {}, {}],
                             'audit_period_beginning': '2025-04-01T00:00:00',
                             'audit_period_ending': '2025-04-02T00:00:00'})
    assert_has(traits, {'owner': ('text', 'proj-5'),
                        'image_count': ('int', 3),
                        'audit_period_ending': ('datetime', DT(2025, 4, 2))})
    traits = distil(d, 'image.send', publisher_id='image.glance-1',
                    payload={'image_id': 'img-5', 'owner_id': 'proj-5',
                             'receiver_tenant_id': 'proj-6',
                             'receiver_user_id': 'user-6',
                             'bytes_sent': 1234})
    assert_has(traits, {'image_id': ('text', 'img-5'),
                        'owner': ('text', 'proj-5'),
                        'tenant_id': ('text', 'proj-6'),
                        'bytes_sent': ('int', 1234)})


def test_cinder_volume(d):
    traits = distil(d, 'volume.create.end', publisher_id='volume.blk-1@lvm',
                    payload={'volume_id': 'vol-1', 'tenant_id': 'proj-7',
                             'user_id': 'user-7', 'size': 50,
                             'volume_type': 'ssd', 'status': 'available',
                             'host': 'blk-1@lvm#pool',
                             'created_at': '2025-05-01T00:00:00',
                             'volume_attachment': [
                                 {'instance_uuid': 'i-77'}],
                             'glance_metadata': [
                                 {'key': 'image_id', 'value': 'img-77'}]})
    assert_has(traits, {
        'volume_id': ('text', 'vol-1'), 'resource_id': ('text', 'vol-1'),
        'project_id': ('text', 'proj-7'), 'size': ('int', 50),
        'volume_type': ('text', 'ssd'), 'status': ('text', 'available'),
        'created_at': ('datetime', DT(2025, 5, 1)),
        'instance_id': ('text', 'i-77'), 'image_id': ('text', 'img-77'),
        'host': ('text', 'blk-1@lvm')})


def test_cinder_exists_and_snapshot(d):
    traits = distil(d, 'volume.exists', publisher_id='volume.blk-1',
                    payload={'volume_id': 'vol-1', 'tenant_id': 'proj-7',
                             'size': 50, 'deleted_at': '2025-05-03T00:00:00',
                             'audit_period_beginning': '2025-05-02T00:00:00',
                             'audit_period_ending': '2025-05-03T00:00:00'})
    assert_has(traits, {
        'audit_period_beginning': ('datetime', DT(2025, 5, 2)),
        'deleted_at': ('datetime', DT(2025, 5, 3)), 'size': ('int', 50)})
    traits = distil(d, 'snapshot.create.end', publisher_id='volume.blk-1',
                    payload={'snapshot_id': 'snap-1', 'volume_id': 'vol-1',
                             'tenant_id': 'proj-7', 'volume_size': 50})
    assert_has(traits, {'snapshot_id': ('text', 'snap-1'),
                        'resource_id': ('text', 'snap-1'),
                        'volume_id': ('text', 'vol-1'), 'size': ('int', 50)})


def test_neutron(d):
    ctxt = {'project_id': 'proj-8', 'tenant_id': 'proj-8',
            'user_id': 'user-8', 'request_id': 'req-8'}
    traits = distil(d, 'port.create.end', publisher_id='network.net-1',
                    payload={'port': {
                        'id': 'port-1', 'project_id': 'proj-80',
                        'network_id': 'net-1', 'device_id': 'i-8',
                        'device_owner': 'compute:nova', 'status': 'DOWN',
                        'mac_address': 'fa:16:3e:00:00:01',
                        'binding:host_id': 'cpu-8',
                        'fixed_ips': [{'ip_address': '192.0.2.8'}]}},
                    ctxt=ctxt)
    assert_has(traits, {
        'resource_id': ('text', 'port-1'), 'port_id': ('text', 'port-1'),
        'project_id': ('text', 'proj-80'), 'user_id': ('text', 'user-8'),
        'network_id': ('text', 'net-1'), 'device_id': ('text', 'i-8'),
        'ip_address': ('text', '192.0.2.8'),
        'binding_host': ('text', 'cpu-8'), 'request_id': ('text', 'req-8')})
    traits = distil(d, 'port.delete.end', publisher_id='network.net-1',
                    payload={'port_id': 'port-1'}, ctxt=ctxt)
    assert_has(traits, {'resource_id': ('text', 'port-1'),
                        'project_id': ('text', 'proj-8')})
    traits = distil(d, 'floatingip.update.end', publisher_id='network.net-1',
                    payload={'floatingip': {
                        'id': 'fip-1', 'floating_ip_address': '203.0.113.5',
                        'fixed_ip_address': '192.0.2.8', 'port_id': 'port-1',
                        'tenant_id': 'proj-81'}}, ctxt=ctxt)
    assert_has(traits, {
        'resource_id': ('text', 'fip-1'),
        'floating_ip_address': ('text', '203.0.113.5'),
        'port_id': ('text', 'port-1'), 'tenant_id': ('text', 'proj-81')})
    for kind in ('network', 'subnet', 'router'):
        traits = distil(d, '%s.create.end' % kind,
                        publisher_id='network.net-1',
                        payload={kind: {'id': '%s-9' % kind, 'name': 'n'}},
                        ctxt=ctxt)
        assert_has(traits, {'resource_id': ('text', '%s-9' % kind),
                            'name': ('text', 'n')})


def test_keystone(d):
    cadf = {'typeURI': 'http://schemas.dmtf.org/cloud/audit/1.0/event',
            'eventTime': '2025-06-01T12:00:00.000001+0000',
            'action': 'created.project', 'outcome': 'success',
            'resource_info': 'proj-new',
            'initiator': {'id': 'user-1', 'project_id': 'proj-admin',
                          'host': {'address': '198.51.100.1',
                                   'agent': 'curl'}},
            'target': {'id': 'openstack:proj-new', 'typeURI': 'data/project'},
            'observer': {'id': 'openstack:keystone'}}
    traits = distil(d, 'identity.project.created',
                    publisher_id='identity.ks-1', payload=cadf)
    assert_has(traits, {
        'resource_id': ('text', 'proj-new'),
        'project_id': ('text', 'proj-admin'), 'user_id': ('text', 'user-1'),
        'initiator_host_address': ('text', '198.51.100.1'),
        'action': ('text', 'created.project'),
        'outcome': ('text', 'success'),
        'event_time': ('datetime', DT(2025, 6, 1, 12, 0, 0, 1)),
        'target_type': ('text', 'data/project'),
        'service': ('text', 'identity'), 'host': ('text', 'ks-1')})
    traits = distil(d, 'identity.role_assignment.created',
                    publisher_id='identity.ks-1',
                    payload={'role': 'r-1', 'user': 'user-2',
                             'project': 'proj-2',
                             'inherited_to_projects': False})
    assert_has(traits, {'role': ('text', 'r-1'),
                        'assigned_user': ('text', 'user-2'),
                        'assigned_project': ('text', 'proj-2'),
                        'inherited_to_projects': ('text', 'False')})


def test_unknown_event_types_get_the_default_traits(d):
    traits = distil(d, 'magnum.cluster.create', publisher_id='magnum.m-1',
                    payload={'tenant_id': 'proj-10'},
                    ctxt={'request_id': 'req-10', 'user_id': 'user-10'})
    assert traits == {
        'project_id': ('text', 'proj-10'), 'request_id': ('text', 'req-10'),
        'service': ('text', 'magnum.m-1'), 'tenant_id': ('text', 'proj-10'),
        'user_id': ('text', 'user-10')}
    d_strict = distiller.Distiller.from_file(SHIPPED, catchall=False)
    assert d_strict.distill(samples.body('magnum.cluster.create')) is None
