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
"""Nova notifications shaped like a production cloud's, for benchmarks.

Both formats: the legacy ``compute.instance.*`` payload with its image
metadata and the versioned ``instance.*`` payload with nested nova
objects, at the sizes real ones have (2 to 4 KB of JSON).
"""

import datetime
import random
import uuid

LEGACY_EVENT_TYPES = (
    'compute.instance.update', 'compute.instance.update',
    'compute.instance.update', 'compute.instance.create.start',
    'compute.instance.create.end', 'compute.instance.resize.prep.start',
    'compute.instance.resize.prep.end', 'compute.instance.delete.start',
    'compute.instance.delete.end', 'compute.instance.exists')
VERSIONED_EVENT_TYPES = (
    'instance.update', 'instance.create.start', 'instance.create.end',
    'instance.power_off.start', 'instance.power_off.end',
    'instance.delete.start', 'instance.delete.end')
STATES = ('building', 'active', 'stopped', 'resized', 'deleted')
TASK_STATES = (None, 'scheduling', 'spawning', 'resize_prep', 'deleting')


def _when(rng):
    start = datetime.datetime(2026, 11, 1)
    return start + datetime.timedelta(seconds=rng.randrange(86400 * 20),
                                      microseconds=rng.randrange(1000000))


def _stamp(when):
    return when.strftime('%Y-%m-%d %H:%M:%S.%f')


def legacy(rng):
    """Return (event_type, payload, ctxt, publisher_id) of a legacy one."""
    instance = str(uuid.UUID(int=rng.getrandbits(128)))
    tenant = '%06d' % rng.randrange(1000)
    host = 'compute-%03d' % rng.randrange(200)
    launched = _when(rng)
    payload = {
        'access_ip_v4': '10.%d.%d.%d' % (rng.randrange(256),
                                         rng.randrange(256),
                                         rng.randrange(256)),
        'access_ip_v6': None, 'architecture': 'x64',
        'audit_period_beginning': _stamp(launched.replace(hour=0)),
        'audit_period_ending': _stamp(launched),
        'availability_zone': 'az-%d' % rng.randrange(3),
        'bandwidth': {'public': {'bw_in': rng.randrange(10 ** 9),
                                 'bw_out': rng.randrange(10 ** 9)}},
        'created_at': _stamp(launched), 'deleted_at': '',
        'disk_gb': rng.choice((20, 40, 80, 160)), 'ephemeral_gb': 0,
        'host': host, 'hostname': 'server-%d' % rng.randrange(10 ** 6),
        'image_meta': {
            'auto_disk_config': 'disabled',
            'base_image_ref': str(uuid.UUID(int=rng.getrandbits(128))),
            'container_format': 'ovf', 'disk_format': 'vhd',
            'image_type': 'base', 'min_disk': '20', 'min_ram': '512',
            'org.openstack__1__architecture': 'x64',
            'org.openstack__1__os_distro': 'org.ubuntu',
            'org.openstack__1__os_version': '24.04',
            'os_distro': 'ubuntu', 'os_type': 'linux'},
        'image_ref_url': 'http://glance.example.com:9292/images/%s'
                         % uuid.UUID(int=rng.getrandbits(128)),
        'instance_flavor_id': str(rng.randrange(2, 9)),
        'instance_id': instance,
        'instance_type': '%dGB Standard Instance' % rng.choice((1, 2, 4)),
        'instance_type_id': rng.randrange(2, 9),
        'kernel_id': '', 'launched_at': _stamp(launched),
        'memory_mb': rng.choice((512, 1024, 2048, 4096)),
        'metadata': {}, 'new_task_state': rng.choice(TASK_STATES),
        'node': host + '.example.com', 'old_state': rng.choice(STATES),
        'old_task_state': rng.choice(TASK_STATES),
        'os_type': 'linux', 'progress': '', 'ramdisk_id': '',
        'reservation_id': 'r-%08x' % rng.getrandbits(32),
        'root_gb': 20, 'state': rng.choice(STATES),
        'state_description': '', 'tenant_id': tenant,
        'terminated_at': '', 'user_id': uuid.UUID(
            int=rng.getrandbits(128)).hex, 'vcpus': rng.choice((1, 2, 4))}
    ctxt = {'request_id': 'req-%s' % uuid.UUID(int=rng.getrandbits(128)),
            'project_id': tenant, 'user_id': payload['user_id'],
            'roles': ['member'], 'remote_address': '10.0.0.1',
            'auth_token': uuid.UUID(int=rng.getrandbits(128)).hex,
            'timestamp': _stamp(launched), 'is_admin': False,
            'read_deleted': 'no'}
    return (rng.choice(LEGACY_EVENT_TYPES), payload, ctxt,
            'compute.%s' % host)


def _object(name, data, version='1.0'):
    return {'nova_object.name': name, 'nova_object.namespace': 'nova',
            'nova_object.version': version, 'nova_object.data': data}


def versioned(rng):
    """Return (event_type, payload, ctxt, publisher_id) of a versioned one."""
    instance = str(uuid.UUID(int=rng.getrandbits(128)))
    tenant = uuid.UUID(int=rng.getrandbits(128)).hex
    host = 'compute-%03d' % rng.randrange(200)
    created = _when(rng)
    flavor = _object('FlavorPayload', {
        'description': None, 'disabled': False,
        'ephemeral_gb': 0, 'extra_specs': {'hw:watchdog_action': 'disabled'},
        'flavorid': str(uuid.UUID(int=rng.getrandbits(128))),
        'is_public': True, 'memory_mb': rng.choice((512, 1024, 2048)),
        'name': rng.choice(('m1.small', 'm1.medium', 'm1.large')),
        'projects': None, 'root_gb': 1, 'rxtx_factor': 1.0, 'swap': 0,
        'vcpu_weight': 0, 'vcpus': rng.choice((1, 2, 4))}, '1.4')
    ip = _object('IpPayload', {
        'address': '192.168.1.%d' % rng.randrange(1, 255),
        'device_name': 'tap88dae9fa-0d', 'label': 'private-network',
        'mac': 'fa:16:3e:4c:2c:30', 'meta': {},
        'port_uuid': str(uuid.UUID(int=rng.getrandbits(128))),
        'version': 4})
    data = {
        'action_initiator_project': tenant,
        'action_initiator_user': 'admin',
        'architecture': 'x86_64', 'auto_disk_config': 'MANUAL',
        'availability_zone': 'nova', 'block_devices': [],
        'created_at': created.isoformat() + 'Z', 'deleted_at': None,
        'display_description': 'some-server', 'display_name': 'some-server',
        'fault': None, 'flavor': flavor, 'host': host,
        'host_name': 'some-server', 'image_uuid': str(
            uuid.UUID(int=rng.getrandbits(128))),
        'ip_addresses': [ip], 'kernel_id': '', 'key_name': 'my-key',
        'launched_at': created.isoformat() + 'Z', 'locked': False,
        'locked_reason': None, 'metadata': {},
        'node': 'fake-mini', 'os_type': None, 'power_state': 'running',
        'progress': 0, 'ramdisk_id': '', 'request_id': 'req-%s' % uuid.UUID(
            int=rng.getrandbits(128)),
        'reservation_id': 'r-%08x' % rng.getrandbits(32),
        'shared_targets': None, 'state': rng.choice(STATES),
        'task_state': rng.choice(TASK_STATES), 'tenant_id': tenant,
        'terminated_at': None, 'updated_at': None,
        'user_id': uuid.UUID(int=rng.getrandbits(128)).hex,
        'uuid': instance}
    ctxt = {'request_id': data['request_id'], 'project_id': tenant,
            'user_id': data['user_id'], 'roles': ['member'],
            'global_request_id': None}
    return (rng.choice(VERSIONED_EVENT_TYPES),
            _object('InstanceActionPayload', data, '1.8'), ctxt,
            'nova-compute:%s' % host)


def mix(count, seed=42):
    """Yield ``count`` notifications, half legacy, half versioned."""
    rng = random.Random(seed)
    for number in range(count):
        yield legacy(rng) if number % 2 else versioned(rng)
