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
"""Nova's versioned notifications: ``instance.*`` with ``nova_object`` data.

Payloads are serialised oslo.versionedobjects (``nova_object.name``,
``.namespace``, ``.version``, ``.data``) with nested objects for the
flavor, the IP addresses, the fault, the audit period and the state
update. Dates are ISO 8601 in whole seconds with a ``Z``, as
``DateTimeField`` writes them. Publisher ids are ``binary:host``
(``nova-compute:compute-cell1-001``).
"""

from stacktach_os.notigen import clock
from stacktach_os.notigen import events

INFO = 'INFO'
ERROR = 'ERROR'

EVENT_TYPES = {
    'create': 'instance.create',
    'delete': 'instance.delete',
    'shutdown': 'instance.shutdown',
    'power_off': 'instance.power_off',
    'power_on': 'instance.power_on',
    'reboot': 'instance.reboot',
    'rebuild': 'instance.rebuild',
    'rescue': 'instance.rescue',
    'unrescue': 'instance.unrescue',
    'snapshot': 'instance.snapshot',
    'resize_prep': 'instance.resize_prep',
    'resize': 'instance.resize',
    'resize_finish': 'instance.resize_finish',
    'resize_confirm': 'instance.resize_confirm',
    'resize_revert': 'instance.resize_revert',
}
UPDATE = 'instance.update'
EXISTS = 'instance.exists'
SCHEDULER = 'scheduler.select_destinations'
BUILD_ERROR = 'compute_task.build_instances.error'
EXCEPTION = 'compute.exception'

# The payload class of each operation, when not InstanceActionPayload.
_ACTION_PAYLOADS = {
    'create': ('InstanceCreatePayload', '1.12'),
    'rebuild': ('InstanceActionRebuildPayload', '1.10'),
    'rescue': ('InstanceActionRescuePayload', '1.3'),
    'snapshot': ('InstanceActionSnapshotPayload', '1.10'),
    'resize_prep': ('InstanceActionResizePrepPayload', '1.4'),
}
_ACTION_PAYLOAD = ('InstanceActionPayload', '1.9')


def nova_object(name, version, data):
    """Return a serialised nova versioned object."""
    return {
        'nova_object.name': name,
        'nova_object.namespace': 'nova',
        'nova_object.version': version,
        'nova_object.data': data,
    }


def publisher(event):
    """Return the versioned publisher id of an event's service and host."""
    return '%s:%s' % (event.service, event.host)


def flavor_payload(flavor):
    """Return a FlavorPayload."""
    return nova_object('FlavorPayload', '1.4', {
        'description': None,
        'disabled': False,
        'ephemeral_gb': flavor.ephemeral_gb,
        'extra_specs': dict(flavor.extra_specs),
        'flavorid': flavor.flavorid,
        'is_public': True,
        'memory_mb': flavor.memory_mb,
        'name': flavor.name,
        'projects': None,
        'root_gb': flavor.root_gb,
        'rxtx_factor': flavor.rxtx_factor,
        'swap': flavor.swap,
        'vcpu_weight': 0,
        'vcpus': flavor.vcpus,
    })


def fault_payload(fault):
    """Return an ExceptionPayload."""
    return nova_object('ExceptionPayload', '1.1', {
        'exception': fault.exception,
        'exception_message': fault.message,
        'function_name': fault.function,
        'module_name': fault.module,
        'traceback': 'Traceback (most recent call last):\n'
                     '  File "%s.py", in %s\n%s: %s\n'
                     % (fault.module.replace('.', '/'), fault.function,
                        fault.exception, fault.message),
    })


def _ip_addresses(view):
    if not view.host:
        return []
    return [nova_object('IpPayload', '1.0', {
        'address': view.ip,
        'device_name': 'tap' + view.port_id[:11],
        'label': 'private',
        'mac': view.mac,
        'meta': {},
        'port_uuid': view.port_id,
        'version': 4,
    })]


def instance_data(event, view=None):
    """Return the InstancePayload fields of an event's instance."""
    view = view or event.view
    context = event.context
    image = view.image
    return {
        'uuid': view.uuid,
        'user_id': view.user_id,
        'tenant_id': view.tenant_id,
        'reservation_id': view.reservation_id,
        'display_name': view.display_name,
        'display_description': view.display_name,
        'host_name': view.hostname,
        'host': view.host,
        'node': view.node,
        'os_type': image.os_type,
        'architecture': image.architecture,
        'availability_zone': 'nova' if view.host else None,
        'image_uuid': image.id,
        'key_name': view.key_name,
        'kernel_id': '',
        'ramdisk_id': '',
        'created_at': clock.versioned(view.created_at),
        'launched_at': clock.versioned(view.launched_at),
        'terminated_at': clock.versioned(view.terminated_at),
        'deleted_at': clock.versioned(view.deleted_at),
        'updated_at': clock.versioned(event.when),
        'state': view.vm_state,
        'power_state': view.power_state,
        'task_state': view.task_state,
        'progress': view.progress,
        'ip_addresses': _ip_addresses(view),
        'block_devices': [],
        'metadata': {},
        'locked': view.locked,
        'locked_reason': None,
        'auto_disk_config': 'MANUAL',
        'request_id': context.request_id,
        'action_initiator_user': context.user_id,
        'action_initiator_project': context.project_id,
        'shares': [],
        'flavor': flavor_payload(view.flavor),
    }


def _audit_period(beginning, ending):
    return nova_object('AuditPeriodPayload', '1.0', {
        'audit_period_beginning': clock.versioned(beginning),
        'audit_period_ending': clock.versioned(ending),
    })


def _update(event):
    data = instance_data(event)
    view = event.view
    data.update({
        'state_update': nova_object('InstanceStateUpdatePayload', '1.0', {
            'old_state': event.extra['old_state'],
            'state': view.vm_state,
            'old_task_state': event.extra['old_task_state'],
            'new_task_state': view.task_state,
        }),
        'audit_period': _audit_period(
            event.extra['audit_period_beginning'], event.when),
        'old_display_name': event.extra.get('old_display_name'),
        'tags': [],
    })
    return [(UPDATE, INFO,
             nova_object('InstanceUpdatePayload', '2.1', data))]


def _action(event):
    data = instance_data(event)
    extra = event.extra
    fault = extra.get('fault') if event.phase == events.ERROR else None
    data['fault'] = fault_payload(fault) if fault else None
    action = event.action
    if action == 'create':
        data.update({'keypairs': [], 'tags': [],
                     'trusted_image_certificates': None,
                     'instance_name': 'instance-' + event.view.uuid[:8]})
    elif action == 'rebuild':
        data['trusted_image_certificates'] = None
    elif action == 'rescue':
        data['rescue_image_ref'] = event.view.image.id
    elif action == 'snapshot':
        data['snapshot_image_id'] = extra['snapshot_image_id']
    elif action == 'resize_prep':
        data['new_flavor'] = flavor_payload(extra['new_flavor'])
    name, version = _ACTION_PAYLOADS.get(action, _ACTION_PAYLOAD)
    event_type = '%s.%s' % (EVENT_TYPES[action], event.phase)
    priority = ERROR if event.phase == events.ERROR else INFO
    return [(event_type, priority, nova_object(name, version, data))]


def _exists(event):
    data = instance_data(event)
    data['audit_period'] = _audit_period(event.extra['beginning'],
                                         event.extra['ending'])
    return [(EXISTS, INFO,
             nova_object('InstanceExistsPayload', '2.1', data))]


def request_spec(view):
    """Return a RequestSpecPayload for an instance."""
    image = view.image
    properties = {'hw_architecture': image.architecture,
                  'hw_disk_bus': 'virtio', 'os_distro': image.os_distro,
                  'os_type': image.os_type}
    return nova_object('RequestSpecPayload', '1.1', {
        'availability_zone': None,
        'flavor': flavor_payload(view.flavor),
        'force_hosts': None,
        'force_nodes': None,
        'ignore_hosts': None,
        'image': nova_object('ImageMetaPayload', '1.0', {
            'checksum': image.checksum,
            'container_format': image.container_format,
            'created_at': clock.versioned(image.created_at),
            'direct_url': None,
            'disk_format': image.disk_format,
            'id': image.id,
            'min_disk': image.min_disk,
            'min_ram': image.min_ram,
            'name': image.name,
            'owner': image.owner,
            'properties': nova_object('ImageMetaPropsPayload', '1.12',
                                      properties),
            'protected': False,
            'size': image.size,
            'status': 'active',
            'tags': [],
            'updated_at': clock.versioned(image.created_at),
            'virtual_size': None,
            'visibility': image.visibility,
        }),
        'instance_group': None,
        'instance_uuid': view.uuid,
        'num_instances': 1,
        'numa_topology': None,
        'pci_requests': nova_object('InstancePCIRequestsPayload', '1.0', {
            'instance_uuid': view.uuid, 'requests': []}),
        'project_id': view.tenant_id,
        'requested_destination': None,
        'retry': None,
        'scheduler_hints': {},
        'security_groups': ['default'],
        'user_id': view.user_id,
    })


def _scheduler(event):
    return [('%s.%s' % (SCHEDULER, event.phase), INFO,
             request_spec(event.view))]


def _build_error(event):
    return [(BUILD_ERROR, ERROR, nova_object('ComputeTaskPayload', '1.0', {
        'instance_uuid': event.view.uuid,
        'reason': fault_payload(event.extra['fault']),
        'request_spec': request_spec(event.view),
        'state': event.view.vm_state,
    }))]


def _wrapper(event):
    return [(EXCEPTION, ERROR, fault_payload(event.extra['fault']))]


_RENDERERS = {
    events.UPDATE: _update,
    events.ACTION: _action,
    events.EXISTS: _exists,
    events.SCHEDULER: _scheduler,
    events.BUILD_ERROR: _build_error,
    events.WRAPPER: _wrapper,
}


def render(event, glance_url=None):
    """Return [(event_type, priority, publisher_id, payload)] of an event.

    Empty for events that are not nova's.
    """
    renderer = _RENDERERS.get(event.kind)
    if renderer is None:
        return []
    source = publisher(event)
    return [(event_type, priority, source, payload)
            for event_type, priority, payload in renderer(event)]
