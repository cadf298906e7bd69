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
"""Read the facts of nova notifications, in either of nova's formats.

Nova publishes two formats, alone or side by side
(``[notifications] notification_format``):

- legacy (unversioned): ``compute.instance.*`` event types, flat payloads
  (``instance_id``, ``tenant_id``, ``state``, ``old_state``,
  ``new_task_state``, ``instance_type``, ``image_meta``...), plus error
  notifications named after the failing compute manager method
  (``terminate_instance``) and conductor/scheduler ones;
- versioned: ``instance.*`` event types whose payload is an oslo versioned
  object (``nova_object.data``) with nested objects (``flavor``,
  ``fault``, ``audit_period``, ``state_update``...).

:func:`read_instance` gives the same :class:`InstanceFacts` for both, and
:func:`operation` the operation and phase of an event type.
"""

import dataclasses
import functools

from stacktach_os.notification import fields

LEGACY = 'legacy'
VERSIONED = 'versioned'

LEGACY_PREFIX = 'compute.instance.'
VERSIONED_PREFIX = 'instance.'
# Other legacy nova event types that are about instances.
_LEGACY_NOVA_PREFIXES = (LEGACY_PREFIX, 'compute_task.', 'scheduler.')
_NOVA_NAMESPACE = 'nova'

START = 'start'
END = 'end'
ERROR = 'error'
PHASES = (START, END, ERROR)
_ERROR_PRIORITIES = ('error', 'critical')

# Legacy error notifications are named after the compute manager method
# that failed (nova's wrap_exception); the operation each one belongs to.
FUNCTION_OPERATIONS = {
    'build_and_run_instance': 'create',
    'run_instance': 'create',
    'terminate_instance': 'delete',
    'soft_delete_instance': 'soft_delete',
    'restore_instance': 'restore',
    'rebuild_instance': 'rebuild',
    'reboot_instance': 'reboot',
    'prep_resize': 'resize.prep',
    'resize_instance': 'resize',
    'finish_resize': 'finish_resize',
    'confirm_resize': 'resize.confirm',
    'revert_resize': 'resize.revert',
    'finish_revert_resize': 'resize.revert',
    'rescue_instance': 'rescue',
    'unrescue_instance': 'unrescue',
    'snapshot_instance': 'snapshot',
    'backup_instance': 'snapshot',
    'stop_instance': 'power_off',
    'start_instance': 'power_on',
    'suspend_instance': 'suspend',
    'resume_instance': 'resume',
    'pause_instance': 'pause',
    'unpause_instance': 'unpause',
    'shelve_instance': 'shelve',
    'shelve_offload_instance': 'shelve_offload',
    'unshelve_instance': 'unshelve',
    'live_migration': 'live_migration',
    'attach_volume': 'volume.attach',
    'detach_volume': 'volume.detach',
    'attach_interface': 'interface_attach',
    'detach_interface': 'interface_detach',
}

# Text columns that hold messages are capped at this many characters.
MESSAGE_LENGTH = 4000

# Event types that tell when an instance was (re)launched, and with what.
# An END fact is what the operation made; a START fact is the launch the
# operation began from, so that an audit period that ends while the
# operation runs still finds its launch.
LAUNCH_EVENTS = {
    'compute.instance.create.end': END,
    'compute.instance.rebuild.start': START,
    'compute.instance.rebuild.end': END,
    'compute.instance.resize.prep.start': START,
    'compute.instance.finish_resize.end': END,
    'compute.instance.resize.revert.start': START,
    'compute.instance.resize.revert.end': END,
    'compute.instance.rescue.start': START,
    'compute.instance.rescue.end': END,
    'instance.create.end': END,
    'instance.rebuild.start': START,
    'instance.rebuild.end': END,
    'instance.resize_prep.start': START,
    'instance.resize_finish.end': END,
    'instance.resize_revert.start': START,
    'instance.resize_revert.end': END,
    'instance.rescue.start': START,
    'instance.rescue.end': END,
}
DELETE_EVENTS = frozenset(('compute.instance.delete.end',
                           'instance.delete.end'))
EXISTS_EVENTS = frozenset(('compute.instance.exists', 'instance.exists'))


# What InstanceFacts reads only when asked: the usage, fault and message
# fields, which most notifications' readers never look at.
DETAIL_FIELDS = frozenset((
    'launched_at', 'deleted_at', 'terminated_at', 'flavor_id',
    'flavor_name', 'image_id', 'os_architecture', 'os_distro', 'os_version',
    'audit_period_beginning', 'audit_period_ending', 'bandwidth_in',
    'bandwidth_out', 'fault', 'message'))


@dataclasses.dataclass
class InstanceFacts(object):
    """What a nova notification says about one instance.

    ``has_state`` tells whether the notification reports the instance's
    state; ``reports_old`` whether it also reports the state before (the
    ``instance.update`` notifications do). Every other field is None when
    the notification does not carry it. The fields of
    :data:`DETAIL_FIELDS` (launched_at, deleted_at, terminated_at,
    flavor_id, flavor_name, image_id, os_architecture, os_distro,
    os_version, audit_period_beginning, audit_period_ending, bandwidth_in,
    bandwidth_out, fault, message) are read from the payload the first
    time one of them is asked for.
    """

    instance_id: str
    format: str
    project_id: str | None = None
    host: str | None = None
    has_state: bool = False
    state: str | None = None
    task_state: str | None = None
    reports_old: bool = False
    old_state: str | None = None
    old_task_state: str | None = None
    read_details: object = dataclasses.field(default=None, repr=False,
                                             compare=False)

    def __getattr__(self, name):
        """Read the detail fields when the first of them is asked for."""
        if name not in DETAIL_FIELDS:
            raise AttributeError(name)
        details = dict.fromkeys(DETAIL_FIELDS)
        if self.read_details is not None:
            details.update(self.read_details())
        self.__dict__.update(details)
        return details[name]


def is_error_priority(priority):
    """Return True for the priorities of error notifications."""
    return isinstance(priority, str) and priority.lower() in _ERROR_PRIORITIES


def format_of(payload):
    """Return VERSIONED for a versioned object payload, else LEGACY."""
    return VERSIONED if fields.object_name(payload) else LEGACY


def is_nova(notification):
    """Return True when the notification is one of nova's."""
    payload = notification.payload
    if not isinstance(payload, dict):
        return False
    if fields.object_name(payload):
        return payload.get('nova_object.namespace') == _NOVA_NAMESPACE
    event_type = notification.event_type or ''
    if event_type.startswith(_LEGACY_NOVA_PREFIXES):
        return True
    # wrap_exception: the method name, published by the compute service.
    publisher = notification.publisher_id or ''
    return (event_type in FUNCTION_OPERATIONS
            and is_error_priority(notification.priority)
            and publisher.split('.', 1)[0].split(':', 1)[0] in (
                'compute', 'nova-compute'))


def operation(event_type, priority=None):
    """Return (operation, phase) of a nova event type.

    The operation is the event type without the instance prefix and the
    phase: ``compute.instance.resize.prep.start`` gives ``('resize.prep',
    'start')``, ``instance.create.end`` ``('create', 'end')``,
    ``compute.instance.create.error`` ``('create', 'error')``. A legacy
    error named after a compute manager method (``terminate_instance``)
    gives its operation (``('delete', 'error')``); other error
    notifications without a phase give ``(name, 'error')``. Event types
    without a phase give ``(name, None)``; no event type ``(None, None)``.
    """
    if not isinstance(event_type, str) or not event_type:
        return None, None
    return _operation(event_type, is_error_priority(priority))


@functools.lru_cache(maxsize=4096)
def _operation(event_type, error):
    """:func:`operation` of an event type; there are few of them."""
    if error and event_type in FUNCTION_OPERATIONS:
        return FUNCTION_OPERATIONS[event_type], ERROR
    name = event_type
    for prefix in (LEGACY_PREFIX, VERSIONED_PREFIX):
        if event_type.startswith(prefix) and len(event_type) > len(prefix):
            name = event_type[len(prefix):]
            break
    base, _dot, phase = name.rpartition('.')
    if base and phase in PHASES:
        return base, phase
    if error:
        return name, ERROR
    return name, None


def _single(values):
    if isinstance(values, list) and len(values) == 1:
        return fields.text(values[0])
    return None


def _legacy_instance_id(payload):
    return (fields.first_text(payload, 'instance_id', 'instance_uuid')
            or fields.text(fields.dig(payload, 'instance', 'uuid'))
            or fields.text(fields.dig(payload, 'args', 'instance', 'uuid'))
            or fields.text(fields.dig(payload, 'exception', 'kwargs', 'uuid'))
            or fields.text(fields.dig(payload, 'exception', 'kwargs',
                                      'instance_uuid'))
            or fields.text(fields.dig(payload, 'request_spec',
                                      'instance_properties', 'uuid'))
            or _single(fields.dig(payload, 'request_spec',
                                  'instance_uuids')))


def _legacy_bandwidth(bandwidth):
    """Sum the ``{network: {bw_in, bw_out}}`` of legacy exists."""
    if not isinstance(bandwidth, dict) or not bandwidth:
        return None, None
    total_in = total_out = 0
    for usage in bandwidth.values():
        if isinstance(usage, dict):
            total_in += fields.integer(usage.get('bw_in')) or 0
            total_out += fields.integer(usage.get('bw_out')) or 0
    return total_in, total_out


def _versioned_bandwidth(bandwidth):
    """Sum the BandwidthPayload list of versioned exists (before 2.0)."""
    if not isinstance(bandwidth, list) or not bandwidth:
        return None, None
    total_in = total_out = 0
    for usage in bandwidth:
        data = fields.object_data(usage)
        total_in += fields.integer(data.get('in_bytes')) or 0
        total_out += fields.integer(data.get('out_bytes')) or 0
    return total_in, total_out


def _image_id_from_url(url):
    url = fields.text(url, MESSAGE_LENGTH)
    if url is None:
        return None
    return fields.text(url.rstrip('/').rsplit('/', 1)[-1])


def _exception_text(exception):
    """Describe a serialised exception of a legacy error notification."""
    if isinstance(exception, str):
        return fields.text(exception, MESSAGE_LENGTH)
    if not isinstance(exception, dict):
        return None
    found = fields.first_text(exception, 'message', 'msg', 'reason',
                              length=MESSAGE_LENGTH)
    if found is None:
        found = fields.first_text(exception.get('kwargs'), 'reason',
                                  'message', length=MESSAGE_LENGTH)
    return found


def _read_legacy(notification, payload):
    instance_id = _legacy_instance_id(payload)
    if instance_id is None:
        return None
    facts = InstanceFacts(instance_id=instance_id, format=LEGACY)
    facts.project_id = (
        fields.first_text(payload, 'tenant_id', 'project_id')
        or fields.text(fields.dig(payload, 'request_spec',
                                  'instance_properties', 'project_id'))
        or fields.text(fields.dig(payload, 'args', 'instance',
                                  'project_id')))
    facts.host = fields.first_text(payload, 'host')
    state = fields.text(payload.get('state'))
    if state is not None:
        facts.has_state = True
        facts.state = state
        if 'new_task_state' in payload:
            facts.task_state = fields.text(payload.get('new_task_state'))
        else:
            facts.task_state = fields.text(payload.get('state_description'))
        if 'old_state' in payload:
            facts.reports_old = True
            facts.old_state = fields.text(payload.get('old_state'))
            facts.old_task_state = fields.text(payload.get('old_task_state'))
    facts.read_details = lambda: _legacy_details(notification, payload)
    return facts


def _legacy_details(notification, payload):
    """Return the detail fields of a legacy notification's payload."""
    image_meta = payload.get('image_meta')
    image_meta = image_meta if isinstance(image_meta, dict) else {}
    bandwidth_in, bandwidth_out = _legacy_bandwidth(payload.get('bandwidth'))
    message = fields.first_text(payload, 'message', length=MESSAGE_LENGTH)
    if 'exception' in payload:
        fault = _exception_text(payload.get('exception'))
    elif 'reason' in payload:
        fault = _exception_text(payload.get('reason'))
    elif (notification.event_type or '').endswith('.error'):
        fault = message
    else:
        fault = None
    return {
        **_lifetime(payload),
        'flavor_id': fields.first_text(payload, 'instance_flavor_id'),
        'flavor_name': fields.first_text(payload, 'instance_type'),
        'image_id': (
            fields.first_text(image_meta, 'base_image_ref')
            or _image_id_from_url(payload.get('image_ref_url'))),
        'os_architecture': (
            fields.first_text(image_meta, 'architecture',
                              'org.openstack__1__architecture')
            or fields.first_text(payload, 'architecture')),
        'os_distro': fields.first_text(
            image_meta, 'os_distro', 'org.openstack__1__os_distro'),
        'os_version': fields.first_text(
            image_meta, 'os_version', 'org.openstack__1__os_version'),
        'audit_period_beginning': fields.timestamp(
            payload.get('audit_period_beginning')),
        'audit_period_ending': fields.timestamp(
            payload.get('audit_period_ending')),
        'bandwidth_in': bandwidth_in,
        'bandwidth_out': bandwidth_out,
        'message': message,
        'fault': fault,
    }


def _lifetime(values):
    """Return the launch, delete and termination times in ``values``.

    Legacy payloads and versioned instance payloads name them alike.
    """
    return {name: fields.timestamp(values.get(name))
            for name in ('launched_at', 'deleted_at', 'terminated_at')}


def _read_versioned(payload):
    name = fields.object_name(payload) or ''
    data = fields.object_data(payload)
    if name.startswith('Instance'):
        instance_id = fields.text(data.get('uuid'))
    else:
        instance_id = fields.text(data.get('instance_uuid'))
    if instance_id is None:
        return None
    facts = InstanceFacts(instance_id=instance_id, format=VERSIONED)
    request_spec = fields.object_data(data.get('request_spec'))
    facts.project_id = (fields.first_text(data, 'tenant_id', 'project_id')
                        or fields.first_text(request_spec, 'project_id'))
    facts.host = fields.first_text(data, 'host')
    state = fields.text(data.get('state'))
    if state is not None:
        facts.has_state = True
        facts.state = state
        facts.task_state = fields.text(data.get('task_state'))
    update = fields.object_data(data.get('state_update'))
    if update:
        facts.has_state = True
        facts.reports_old = True
        facts.state = fields.text(update.get('state')) or facts.state
        if 'new_task_state' in update:
            facts.task_state = fields.text(update.get('new_task_state'))
        facts.old_state = fields.text(update.get('old_state'))
        facts.old_task_state = fields.text(update.get('old_task_state'))
    facts.read_details = lambda: _versioned_details(data, request_spec)
    return facts


def _versioned_details(data, request_spec):
    """Return the detail fields of a versioned notification's payload."""
    flavor = fields.object_data(data.get('flavor') or
                                request_spec.get('flavor'))
    audit = fields.object_data(data.get('audit_period'))
    bandwidth_in, bandwidth_out = _versioned_bandwidth(data.get('bandwidth'))
    fault = fields.object_data(data.get('fault') or data.get('reason'))
    return {
        **_lifetime(data),
        'flavor_id': fields.first_text(flavor, 'flavorid'),
        'flavor_name': fields.first_text(flavor, 'name'),
        'image_id': fields.first_text(data, 'image_uuid'),
        'os_architecture': fields.first_text(data, 'architecture'),
        'audit_period_beginning': fields.timestamp(
            audit.get('audit_period_beginning')),
        'audit_period_ending': fields.timestamp(
            audit.get('audit_period_ending')),
        'bandwidth_in': bandwidth_in,
        'bandwidth_out': bandwidth_out,
        'fault': (fields.first_text(fault, 'exception_message', 'exception',
                                    length=MESSAGE_LENGTH)
                  if fault else None),
    }


def read_instance(notification):
    """Return the :class:`InstanceFacts` of a nova notification, or None.

    None when the notification is not nova's or names no instance.
    """
    if not is_nova(notification):
        return None
    payload = notification.payload
    if fields.object_name(payload):
        return _read_versioned(payload)
    return _read_legacy(notification, payload)
