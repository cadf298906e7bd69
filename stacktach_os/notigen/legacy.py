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
"""Nova's legacy (unversioned) notifications: ``compute.instance.*``.

Payloads are flat, as nova's ``info_from_instance`` builds them: the
instance's ids, flavor (``instance_type``, ``instance_flavor_id``...),
image (``image_ref_url``, ``image_meta``), dates (``launched_at``,
``deleted_at``... in ISO 8601 with microseconds, '' when unset) and state
(``state``, ``state_description``). ``compute.instance.update`` adds
``old_state``, ``old_task_state`` and ``new_task_state``;
``compute.instance.exists`` the audit period and the bandwidth. Publisher
ids are ``service.host``: ``compute.<host>`` for nova-api and nova-compute
(nova's compute API and manager both notify as ``compute``),
``scheduler.<host>``, and ``compute_task.<host>`` for the conductor.
"""

from stacktach_os.notigen import clock
from stacktach_os.notigen import events

INFO = 'INFO'
ERROR = 'ERROR'

_SERVICE = {
    events.NOVA_API: 'compute',
    events.NOVA_COMPUTE: 'compute',
    events.NOVA_SCHEDULER: 'scheduler',
    events.NOVA_CONDUCTOR: 'compute_task',
}

EVENT_TYPES = {
    'create': 'compute.instance.create',
    'delete': 'compute.instance.delete',
    'shutdown': 'compute.instance.shutdown',
    'power_off': 'compute.instance.power_off',
    'power_on': 'compute.instance.power_on',
    'reboot': 'compute.instance.reboot',
    'rebuild': 'compute.instance.rebuild',
    'rescue': 'compute.instance.rescue',
    'unrescue': 'compute.instance.unrescue',
    'snapshot': 'compute.instance.snapshot',
    'resize_prep': 'compute.instance.resize.prep',
    'resize': 'compute.instance.resize',
    'resize_finish': 'compute.instance.finish_resize',
    'resize_confirm': 'compute.instance.resize.confirm',
    'resize_revert': 'compute.instance.resize.revert',
}
UPDATE = 'compute.instance.update'
EXISTS = 'compute.instance.exists'
SCHEDULER = 'scheduler.select_destinations'
BUILD_ERROR = 'compute_task.build_instances'


def publisher(event):
    """Return the legacy publisher id of an event's service and host."""
    return '%s.%s' % (_SERVICE[event.service], event.host)


def image_url(glance_url, image):
    """Return nova's ``image_ref_url`` of an image."""
    return '%s/images/%s' % (glance_url, image.id)


def image_meta(view):
    """Return the ``image_meta`` nova keeps in the instance's metadata."""
    image = view.image
    meta = {key: str(value) for key, value in image.properties.items()
            if value is not None}
    meta.update({
        'base_image_ref': image.id,
        'min_disk': str(image.min_disk),
        'min_ram': str(image.min_ram),
        'disk_format': image.disk_format,
        'container_format': image.container_format,
    })
    return meta


def flavor_fields(flavor):
    """Return the flavor part of a legacy instance payload."""
    return {
        'instance_type': flavor.name,
        'instance_type_id': flavor.id,
        'instance_flavor_id': flavor.flavorid,
        'memory_mb': flavor.memory_mb,
        'disk_gb': flavor.root_gb + flavor.ephemeral_gb,
        'vcpus': flavor.vcpus,
        'root_gb': flavor.root_gb,
        'ephemeral_gb': flavor.ephemeral_gb,
    }


def instance_payload(view, glance_url):
    """Return nova's ``info_from_instance`` of an instance."""
    image = view.image
    payload = {
        'tenant_id': view.tenant_id,
        'user_id': view.user_id,
        'instance_id': view.uuid,
        'display_name': view.display_name,
        'reservation_id': view.reservation_id,
        'hostname': view.hostname,
        'host': view.host,
        'node': view.node,
        'availability_zone': 'nova' if view.host else None,
        'cell_name': '',
        'created_at': clock.legacy_str(view.created_at),
        'terminated_at': clock.legacy_iso(view.terminated_at),
        'deleted_at': clock.legacy_iso(view.deleted_at),
        'launched_at': clock.legacy_iso(view.launched_at),
        'image_ref_url': image_url(glance_url, image),
        'os_type': image.os_type,
        'architecture': image.architecture,
        'kernel_id': '',
        'ramdisk_id': '',
        'state': view.vm_state,
        'state_description': view.task_state or '',
        'progress': view.progress or '',
        'access_ip_v4': None,
        'access_ip_v6': None,
        'fixed_ips': [{
            'address': view.ip, 'floating_ips': [], 'label': 'private',
            'meta': {}, 'type': 'fixed', 'version': 4,
            'vif_mac': view.mac}] if view.host else [],
        'image_meta': image_meta(view),
        'metadata': {},
    }
    payload.update(flavor_fields(view.flavor))
    return payload


def _fault_fields(fault):
    # nova's exception_to_dict: the message and the HTTP code.
    return {'message': fault.message, 'code': fault.code}


def _update(event, glance_url):
    view = event.view
    payload = instance_payload(view, glance_url)
    beginning = event.extra.get('audit_period_beginning')
    payload.update({
        'old_state': event.extra['old_state'],
        'old_task_state': event.extra['old_task_state'],
        'new_task_state': view.task_state,
        'audit_period_beginning': clock.legacy_iso(beginning),
        'audit_period_ending': clock.legacy_iso(event.when),
        'bandwidth': {},
    })
    if 'old_display_name' in event.extra:
        payload['old_display_name'] = event.extra['old_display_name']
    return [(UPDATE, INFO, payload)]


def _action(event, glance_url):
    payload = instance_payload(event.view, glance_url)
    extra = event.extra
    if 'image_name' in extra:
        payload['image_name'] = extra['image_name']
    if 'rescue_image_name' in extra:
        payload['rescue_image_name'] = extra['rescue_image_name']
    if 'new_flavor' in extra:
        payload['new_instance_type'] = extra['new_flavor'].name
        payload['new_instance_type_id'] = extra['new_flavor'].id
    if 'message' in extra:
        payload['message'] = extra['message']
    priority = INFO
    if event.phase == events.ERROR:
        payload.update(_fault_fields(extra['fault']))
        priority = ERROR
    event_type = '%s.%s' % (EVENT_TYPES[event.action], event.phase)
    return [(event_type, priority, payload)]


def _bandwidth(extra):
    return {network: {'bw_in': bw_in, 'bw_out': bw_out}
            for network, (bw_in, bw_out) in extra['bandwidth'].items()}


def _exists(event, glance_url):
    payload = instance_payload(event.view, glance_url)
    payload.update({
        'audit_period_beginning': clock.plain(event.extra['beginning']),
        'audit_period_ending': clock.plain(event.extra['ending']),
        'bandwidth': _bandwidth(event.extra),
    })
    return [(EXISTS, INFO, payload)]


def request_spec(view):
    """Return a legacy request spec (``to_legacy_request_spec_dict``)."""
    flavor = view.flavor
    image = view.image
    return {
        'image': {
            'id': image.id, 'name': image.name, 'size': image.size,
            'min_disk': image.min_disk, 'min_ram': image.min_ram,
            'disk_format': image.disk_format,
            'container_format': image.container_format,
            'status': 'active', 'checksum': image.checksum,
            'properties': {key: value for key, value
                           in image.properties.items()
                           if value is not None},
        },
        'instance_properties': {
            'uuid': view.uuid,
            'project_id': view.tenant_id,
            'user_id': view.user_id,
            'availability_zone': None,
            'root_gb': flavor.root_gb,
            'ephemeral_gb': flavor.ephemeral_gb,
            'memory_mb': flavor.memory_mb,
            'vcpus': flavor.vcpus,
            'numa_topology': None,
            'pci_requests': None,
        },
        'instance_type': {
            'id': flavor.id, 'flavorid': flavor.flavorid,
            'name': flavor.name, 'memory_mb': flavor.memory_mb,
            'vcpus': flavor.vcpus, 'root_gb': flavor.root_gb,
            'ephemeral_gb': flavor.ephemeral_gb, 'swap': flavor.swap,
            'rxtx_factor': flavor.rxtx_factor,
            'extra_specs': dict(flavor.extra_specs),
        },
        'num_instances': 1,
    }


def _scheduler(event, glance_url):
    payload = {'request_spec': request_spec(event.view)}
    return [('%s.%s' % (SCHEDULER, event.phase), INFO, payload)]


def _instance_properties(view):
    return {
        'uuid': view.uuid, 'project_id': view.tenant_id,
        'user_id': view.user_id, 'display_name': view.display_name,
        'host': view.host, 'node': view.node, 'vm_state': view.vm_state,
        'task_state': view.task_state,
        'instance_type_id': view.flavor.id, 'image_ref': view.image.id,
        'launched_at': clock.legacy_iso(view.launched_at) or None,
        'created_at': clock.legacy_iso(view.created_at),
    }


def _build_error(event, glance_url):
    view = event.view
    fault = event.extra['fault']
    payload = {
        'instance_id': view.uuid,
        'instance_properties': _instance_properties(view),
        'request_spec': request_spec(view),
        'state': view.vm_state,
        'method': 'build_instances',
        'reason': {'kwargs': {'code': fault.code,
                              'reason': fault.message}},
    }
    return [(BUILD_ERROR, ERROR, payload)]


def _wrapper(event, glance_url):
    view = event.view
    fault = event.extra['fault']
    payload = {
        'exception': {'kwargs': {'code': fault.code,
                                 'instance_uuid': view.uuid,
                                 'reason': fault.message}},
        'args': {'instance': _instance_properties(view)},
    }
    return [(event.extra['function'], ERROR, payload)]


_RENDERERS = {
    events.UPDATE: _update,
    events.ACTION: _action,
    events.EXISTS: _exists,
    events.SCHEDULER: _scheduler,
    events.BUILD_ERROR: _build_error,
    events.WRAPPER: _wrapper,
}


def render(event, glance_url):
    """Return [(event_type, priority, publisher_id, payload)] of an event.

    Empty for events that are not nova's.
    """
    renderer = _RENDERERS.get(event.kind)
    if renderer is None:
        return []
    source = publisher(event)
    return [(event_type, priority, source, payload)
            for event_type, priority, payload in renderer(event, glance_url)]
