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
"""Hand-written nova notification flows, in both of nova's formats.

:func:`full_flow` is the life of one instance as nova tells it: create
(API, scheduler, compute), resize to a bigger flavor (prep on the
destination, resize on the source, finish on the destination), revert,
rebuild, the nightly audit's exists, delete, and the next night's exists
of the deleted instance. :func:`failed_create` is a build that fails on
two hosts and ends in NoValidHost; :func:`unseen_delete` the delete of an
instance created before anything listened.

Each :class:`Sample` can be handed to the pipeline as oslo.messaging's
batch listener delivers it (:meth:`Sample.listener`), in the legacy flat
envelope (:meth:`Sample.flat`), or published with an oslo.messaging
Notifier (``ctxt``, ``event_type``, ``payload``, ``publisher_id``,
``priority``). Each :class:`Flow` says what the tracking tables must hold
once all of it is stored (:class:`Expected`), whatever the order.
"""

import copy
import dataclasses
import datetime
import uuid

LEGACY = 'legacy'
VERSIONED = 'versioned'
FORMATS = (LEGACY, VERSIONED)

DEPLOYMENT = 'cell1'
PROJECT = '5e0d7c2a93f64b0c8a1f2d3e4b5c6d7e'
USER = '9a8b7c6d5e4f40312a1b2c3d4e5f6a7b'
IMAGE = '3f1c9a52-7d24-4e8b-b0a6-2c5d8e9f1a37'
IMAGE_META = {
    'architecture': 'x86_64',
    'os_distro': 'ubuntu',
    'os_version': '22.04',
    'container_format': 'bare',
    'disk_format': 'qcow2',
    'min_disk': '10',
    'min_ram': '512',
}
SMALL = {'flavorid': '2', 'name': 'm1.small', 'id': 5, 'memory_mb': 2048,
         'vcpus': 1, 'root_gb': 20, 'ephemeral_gb': 0}
LARGE = {'flavorid': '4', 'name': 'm1.large', 'id': 7, 'memory_mb': 8192,
         'vcpus': 4, 'root_gb': 80, 'ephemeral_gb': 0}

API = {LEGACY: 'api.api-1', VERSIONED: 'nova-api:api-1'}
SCHEDULER = {LEGACY: 'scheduler.sched-1',
             VERSIONED: 'nova-scheduler:sched-1'}
CONDUCTOR = {LEGACY: 'conductor.cond-1', VERSIONED: 'nova-conductor:cond-1'}
COMPUTE_1 = {LEGACY: 'compute.compute-1', VERSIONED: 'nova-compute:compute-1'}
COMPUTE_2 = {LEGACY: 'compute.compute-2', VERSIONED: 'nova-compute:compute-2'}

# The first notification of the full flow.
START = datetime.datetime(2026, 3, 2, 10, 0, 0)
_IDS = uuid.UUID('0c6a4f1e-5b7d-4c2a-9e3f-8d1b2a4c6e80')


def at(seconds):
    """The time ``seconds`` after :data:`START`."""
    return START + datetime.timedelta(seconds=seconds)


def legacy_time(when):
    """A datetime as legacy nova writes it (``str(datetime)``)."""
    return str(when) if when is not None else ''


def versioned_time(when):
    """A datetime as nova's versioned payloads write it."""
    return when.strftime('%Y-%m-%dT%H:%M:%SZ') if when is not None else None


@dataclasses.dataclass
class Sample(object):
    """One notification, as nova publishes it."""

    message_id: str
    timestamp: datetime.datetime
    event_type: str
    publisher_id: str
    priority: str
    ctxt: dict
    payload: dict

    def listener(self):
        """The notification as oslo.messaging's batch listener hands it."""
        return {
            'ctxt': copy.deepcopy(self.ctxt),
            'publisher_id': self.publisher_id,
            'event_type': self.event_type,
            'priority': self.priority,
            'payload': copy.deepcopy(self.payload),
            'metadata': {'message_id': self.message_id,
                         'timestamp': str(self.timestamp)},
        }

    def flat(self):
        """The notification in the legacy flat envelope (``_context_*``)."""
        body = {
            'message_id': self.message_id,
            'timestamp': str(self.timestamp),
            'event_type': self.event_type,
            'publisher_id': self.publisher_id,
            'priority': self.priority.upper(),
            'payload': copy.deepcopy(self.payload),
        }
        for key, value in self.ctxt.items():
            body['_context_' + key] = copy.deepcopy(value)
        return body


@dataclasses.dataclass
class Expected(object):
    """What the tracking tables hold once a flow is stored.

    ``timings`` maps each operation to its outcomes, in event time;
    ``requests`` maps request ids to (notification count, outcome, KPI in
    seconds or None); ``launches`` lists (launched_at, flavor id);
    ``deletes`` (launched_at, deleted_at); ``exists`` (launched_at,
    deleted_at, launch found, delete found).
    """

    instance_id: str
    project_id: str
    state: str | None
    task_state: str | None
    states: list
    timings: dict
    requests: dict
    launches: list
    deletes: list
    exists: list


@dataclasses.dataclass
class Flow(object):
    """A sequence of notifications and what storing them must give."""

    name: str
    format: str
    samples: list
    expected: Expected

    def listener_messages(self):
        """Every sample as the batch listener hands it, in event order."""
        return [sample.listener() for sample in self.samples]


class _Builder(object):
    """Writes the notifications of one instance in one format."""

    def __init__(self, name, fmt, instance_id, host='compute-1'):
        self.name = name
        self.format = fmt
        self.instance_id = instance_id
        self.host = host
        self.flavor = SMALL
        self.state = 'building'
        self.task_state = None
        self.launched_at = None
        self.deleted_at = None
        self.samples = []

    # Envelopes.

    def _message_id(self):
        return str(uuid.uuid5(_IDS, '%s/%s/%d' % (
            self.name, self.format, len(self.samples))))

    def _ctxt(self, request_id):
        ctxt = {'request_id': request_id, 'project_id': PROJECT,
                'user_id': USER, 'auth_token': 'gAAAAABsample-token',
                'is_admin': False, 'roles': ['member', 'reader']}
        if self.format == VERSIONED:
            ctxt['global_request_id'] = None
        return ctxt

    def emit(self, when, event_type, request_id, publisher, payload,
             priority='info'):
        """Add one notification."""
        self.samples.append(Sample(
            message_id=self._message_id(), timestamp=when,
            event_type=event_type, publisher_id=publisher[self.format],
            priority=priority, ctxt=self._ctxt(request_id),
            payload=payload))

    # Payloads.

    def legacy_payload(self, **extra):
        """nova's legacy instance payload (info_from_instance)."""
        payload = {
            'tenant_id': PROJECT, 'user_id': USER,
            'instance_id': self.instance_id,
            'display_name': 'web-%s' % self.name, 'hostname': 'web',
            'reservation_id': 'r-%s' % self.name[:8],
            'instance_type': self.flavor['name'],
            'instance_type_id': self.flavor['id'],
            'instance_flavor_id': self.flavor['flavorid'],
            'memory_mb': self.flavor['memory_mb'],
            'vcpus': self.flavor['vcpus'],
            'root_gb': self.flavor['root_gb'],
            'ephemeral_gb': self.flavor['ephemeral_gb'],
            'disk_gb': self.flavor['root_gb'],
            'host': self.host, 'node': self.host,
            'availability_zone': 'nova',
            'state': self.state,
            'state_description': self.task_state or '',
            'progress': '',
            'created_at': legacy_time(START),
            'launched_at': legacy_time(self.launched_at),
            'terminated_at': legacy_time(self.deleted_at),
            'deleted_at': legacy_time(self.deleted_at),
            'image_ref_url': 'http://glance.example:9292/images/%s' % IMAGE,
            'image_meta': dict(IMAGE_META, base_image_ref=IMAGE),
            'architecture': 'x86_64', 'os_type': 'linux',
            'kernel_id': '', 'ramdisk_id': '', 'metadata': {},
            'access_ip_v4': None, 'access_ip_v6': None,
        }
        payload.update(extra)
        return payload

    def _flavor_object(self, flavor):
        return {
            'nova_object.name': 'FlavorPayload',
            'nova_object.namespace': 'nova',
            'nova_object.version': '1.4',
            'nova_object.data': {
                'flavorid': flavor['flavorid'], 'name': flavor['name'],
                'memory_mb': flavor['memory_mb'], 'vcpus': flavor['vcpus'],
                'root_gb': flavor['root_gb'],
                'ephemeral_gb': flavor['ephemeral_gb'], 'swap': 0,
                'rxtx_factor': 1.0, 'vcpu_weight': 0, 'disabled': False,
                'is_public': True, 'extra_specs': {}, 'projects': None,
                'description': None},
        }

    def versioned_payload(self, name='InstanceActionPayload',
                          version='1.9', request_id=None, **extra):
        """nova's versioned instance payload (InstancePayload family)."""
        data = {
            'uuid': self.instance_id, 'tenant_id': PROJECT,
            'user_id': USER, 'display_name': 'web-%s' % self.name,
            'display_description': None, 'host_name': 'web',
            'reservation_id': 'r-%s' % self.name[:8],
            'host': self.host, 'node': self.host,
            'availability_zone': 'nova',
            'state': self.state, 'task_state': self.task_state,
            'power_state': 'running' if self.launched_at else 'pending',
            'progress': 0,
            'created_at': versioned_time(START),
            'updated_at': versioned_time(START),
            'launched_at': versioned_time(self.launched_at),
            'terminated_at': versioned_time(self.deleted_at),
            'deleted_at': versioned_time(self.deleted_at),
            'flavor': self._flavor_object(self.flavor),
            'image_uuid': IMAGE, 'architecture': 'x86_64',
            'os_type': 'linux', 'kernel_id': '', 'ramdisk_id': '',
            'key_name': 'ops', 'locked': False, 'locked_reason': None,
            'auto_disk_config': 'MANUAL', 'metadata': {},
            'ip_addresses': [], 'block_devices': [], 'shares': [],
            'request_id': request_id,
            'action_initiator_user': USER,
            'action_initiator_project': PROJECT,
        }
        if name.startswith('InstanceAction'):
            data['fault'] = None
        data.update(extra)
        return {'nova_object.name': name, 'nova_object.namespace': 'nova',
                'nova_object.version': version, 'nova_object.data': data}

    # Notifications.

    def update(self, when, request_id, publisher, state=None,
               task_state=None, **changes):
        """An instance.update: the state or task state changes."""
        old_state, old_task_state = self.state, self.task_state
        if state is not None:
            self.state = state
        self.task_state = task_state
        for key, value in changes.items():
            setattr(self, key, value)
        if self.format == LEGACY:
            payload = self.legacy_payload(
                old_state=old_state, old_task_state=old_task_state,
                new_task_state=self.task_state,
                audit_period_beginning=legacy_time(at(-36000)),
                audit_period_ending=legacy_time(when), bandwidth={})
            self.emit(when, 'compute.instance.update', request_id,
                      publisher, payload)
        else:
            payload = self.versioned_payload(
                name='InstanceUpdatePayload', version='2.1',
                request_id=request_id,
                state_update={
                    'nova_object.name': 'InstanceStateUpdatePayload',
                    'nova_object.namespace': 'nova',
                    'nova_object.version': '1.0',
                    'nova_object.data': {
                        'old_state': old_state, 'state': self.state,
                        'old_task_state': old_task_state,
                        'new_task_state': self.task_state}},
                audit_period={
                    'nova_object.name': 'AuditPeriodPayload',
                    'nova_object.namespace': 'nova',
                    'nova_object.version': '1.0',
                    'nova_object.data': {
                        'audit_period_beginning': versioned_time(at(-36000)),
                        'audit_period_ending': versioned_time(when)}},
                old_display_name=None, tags=[])
            self.emit(when, 'instance.update', request_id, publisher,
                      payload)

    def action(self, when, operation, phase, request_id, publisher,
               fault=None, **extra):
        """An instance action notification: ``operation.phase``.

        ``operation`` is given as (legacy name, versioned name).
        """
        legacy_name, versioned_name = operation
        priority = 'error' if phase == 'error' else 'info'
        if self.format == LEGACY:
            payload = self.legacy_payload(**extra)
            if fault is not None:
                payload.update(message=fault, code=500)
            self.emit(when, 'compute.instance.%s.%s' % (legacy_name, phase),
                      request_id, publisher, payload, priority)
        else:
            name = 'InstanceActionPayload'
            if 'new_flavor' in extra:
                name = 'InstanceActionResizePrepPayload'
                extra['new_flavor'] = self._flavor_object(extra['new_flavor'])
            payload = self.versioned_payload(name=name,
                                             request_id=request_id, **extra)
            if fault is not None:
                payload['nova_object.data']['fault'] = {
                    'nova_object.name': 'ExceptionPayload',
                    'nova_object.namespace': 'nova',
                    'nova_object.version': '1.1',
                    'nova_object.data': {
                        'exception': 'RescheduledException',
                        'exception_message': fault,
                        'function_name': '_build_and_run_instance',
                        'module_name': 'nova.compute.manager',
                        'traceback': 'Traceback (most recent call last)'}}
            self.emit(when, 'instance.%s.%s' % (versioned_name, phase),
                      request_id, publisher, payload, priority)

    def exists(self, when, request_id, publisher, beginning, ending):
        """The usage of the instance over an audit period."""
        if self.format == LEGACY:
            payload = self.legacy_payload(
                audit_period_beginning=legacy_time(beginning),
                audit_period_ending=legacy_time(ending),
                bandwidth={'private': {'bw_in': 1200, 'bw_out': 3400},
                           'public': {'bw_in': 56, 'bw_out': 78}})
            self.emit(when, 'compute.instance.exists', request_id,
                      publisher, payload)
        else:
            payload = self.versioned_payload(
                name='InstanceExistsPayload', version='2.1',
                request_id=request_id,
                audit_period={
                    'nova_object.name': 'AuditPeriodPayload',
                    'nova_object.namespace': 'nova',
                    'nova_object.version': '1.0',
                    'nova_object.data': {
                        'audit_period_beginning': versioned_time(beginning),
                        'audit_period_ending': versioned_time(ending)}})
            self.emit(when, 'instance.exists', request_id, publisher,
                      payload)

    def scheduling(self, when, phase, request_id):
        """scheduler.select_destinations.start/end."""
        if self.format == LEGACY:
            payload = {'request_spec': {
                'instance_properties': {'uuid': self.instance_id,
                                        'project_id': PROJECT},
                'instance_type': {'flavorid': self.flavor['flavorid'],
                                  'name': self.flavor['name']},
                'instance_uuids': [self.instance_id], 'num_instances': 1}}
        else:
            payload = {
                'nova_object.name': 'RequestSpecPayload',
                'nova_object.namespace': 'nova',
                'nova_object.version': '1.1',
                'nova_object.data': {
                    'instance_uuid': self.instance_id,
                    'project_id': PROJECT, 'user_id': USER,
                    'num_instances': 1,
                    'flavor': self._flavor_object(self.flavor),
                    'availability_zone': None, 'scheduler_hints': {}}}
        self.emit(when, 'scheduler.select_destinations.%s' % phase,
                  request_id, SCHEDULER, payload)

    def build_failed(self, when, request_id, reason):
        """The conductor gives up the build: compute_task error."""
        if self.format == LEGACY:
            payload = {'instance_id': self.instance_id, 'state': 'error',
                       'method': 'build_instances', 'reason': reason,
                       'request_spec': {'instance_properties': {
                           'uuid': self.instance_id,
                           'project_id': PROJECT}}}
            self.emit(when, 'compute_task.build_instances', request_id,
                      CONDUCTOR, payload, 'error')
        else:
            payload = {
                'nova_object.name': 'ComputeTaskPayload',
                'nova_object.namespace': 'nova',
                'nova_object.version': '1.0',
                'nova_object.data': {
                    'instance_uuid': self.instance_id, 'state': 'error',
                    'reason': {
                        'nova_object.name': 'ExceptionPayload',
                        'nova_object.namespace': 'nova',
                        'nova_object.version': '1.1',
                        'nova_object.data': {
                            'exception': 'MaxRetriesExceeded',
                            'exception_message': reason,
                            'function_name': '_schedule_instances',
                            'module_name': 'nova.conductor.manager',
                            'traceback': 'Traceback'}},
                    'request_spec': {
                        'nova_object.name': 'RequestSpecPayload',
                        'nova_object.namespace': 'nova',
                        'nova_object.version': '1.1',
                        'nova_object.data': {
                            'instance_uuid': self.instance_id,
                            'project_id': PROJECT}}}}
            self.emit(when, 'compute_task.build_instances.error',
                      request_id, CONDUCTOR, payload, 'error')


def _ops(fmt, legacy, versioned):
    return legacy if fmt == LEGACY else versioned


CREATE = ('create', 'create')
RESIZE_PREP = ('resize.prep', 'resize_prep')
RESIZE = ('resize', 'resize')
RESIZE_FINISH = ('finish_resize', 'resize_finish')
RESIZE_REVERT = ('resize.revert', 'resize_revert')
REBUILD = ('rebuild', 'rebuild')
DELETE = ('delete', 'delete')
SHUTDOWN = ('shutdown', 'shutdown')

# The times the full flow launches, and deletes, its instance.
LAUNCH_CREATE = at(29.5)
LAUNCH_RESIZE = at(139.25)
LAUNCH_REVERT = at(219.125)
LAUNCH_REBUILD = at(329.75)
DAY_1 = datetime.datetime(2026, 3, 2)
DAY_2 = datetime.datetime(2026, 3, 3)
DAY_3 = datetime.datetime(2026, 3, 4)
DELETED = DAY_2 + datetime.timedelta(hours=9, seconds=11.5)


def request_id(name, fmt, step):
    """The request id of one step of a flow."""
    return 'req-%s' % uuid.uuid5(_IDS, '%s/%s/%s' % (name, fmt, step))


def full_flow(fmt, name='full', instance_id=None):
    """Create, resize, revert, rebuild, audit, delete, audit: one instance.

    Versioned nova sends no API notification for a create, so only the
    legacy create request has a KPI.
    """
    instance_id = instance_id or str(uuid.uuid5(_IDS, '%s/%s/instance' % (
        name, fmt)))
    flow = _Builder(name, fmt, instance_id)
    req = {step: request_id(name, fmt, step) for step in (
        'create', 'resize', 'revert', 'rebuild', 'audit-1', 'delete',
        'audit-2')}

    # Create.
    rid = req['create']
    if fmt == LEGACY:
        flow.update(at(0), rid, API, state='building',
                    task_state='scheduling')
    else:
        flow.task_state = 'scheduling'
    flow.scheduling(at(1), 'start', rid)
    flow.scheduling(at(2), 'end', rid)
    flow.update(at(3), rid, COMPUTE_1, task_state=None)
    flow.action(at(4), CREATE, 'start', rid, COMPUTE_1)
    flow.update(at(5), rid, COMPUTE_1, task_state='networking')
    flow.update(at(6), rid, COMPUTE_1, task_state='spawning')
    flow.update(at(30), rid, COMPUTE_1, state='active', task_state=None,
                launched_at=LAUNCH_CREATE)
    flow.action(at(31), CREATE, 'end', rid, COMPUTE_1,
                **({'message': 'Success'} if fmt == LEGACY else {}))

    # Resize to the large flavor: prep on compute-2, resize on compute-1,
    # finish on compute-2.
    rid = req['resize']
    flow.update(at(100), rid, API, task_state='resize_prep')
    flow.exists(at(101), rid, COMPUTE_2, DAY_1, at(101))
    prep = ({'new_instance_type': LARGE['name'],
             'new_instance_type_id': LARGE['id']} if fmt == LEGACY
            else {'new_flavor': LARGE})
    flow.action(at(102), RESIZE_PREP, 'start', rid, COMPUTE_2, **prep)
    flow.action(at(103), RESIZE_PREP, 'end', rid, COMPUTE_2, **prep)
    flow.update(at(104), rid, COMPUTE_1, task_state='resize_migrating')
    flow.action(at(105), RESIZE, 'start', rid, COMPUTE_1)
    flow.update(at(120), rid, COMPUTE_1, task_state='resize_migrated')
    flow.action(at(121), RESIZE, 'end', rid, COMPUTE_1)
    flow.host = 'compute-2'
    flow.update(at(122), rid, COMPUTE_2, task_state='resize_finish')
    flow.action(at(123), RESIZE_FINISH, 'start', rid, COMPUTE_2)
    flow.update(at(140), rid, COMPUTE_2, state='resized', task_state=None,
                flavor=LARGE, launched_at=LAUNCH_RESIZE)
    flow.action(at(141), RESIZE_FINISH, 'end', rid, COMPUTE_2)

    # Revert: starts on the destination, ends on the source.
    rid = req['revert']
    flow.update(at(200), rid, API, task_state='resize_reverting')
    flow.action(at(201), RESIZE_REVERT, 'start', rid, COMPUTE_2)
    flow.host = 'compute-1'
    flow.update(at(220), rid, COMPUTE_1, state='active', task_state=None,
                flavor=SMALL, launched_at=LAUNCH_REVERT)
    flow.action(at(221), RESIZE_REVERT, 'end', rid, COMPUTE_1)

    # Rebuild.
    rid = req['rebuild']
    flow.update(at(300), rid, API, task_state='rebuilding')
    flow.exists(at(301), rid, COMPUTE_1, DAY_1, at(301))
    flow.action(at(302), REBUILD, 'start', rid, COMPUTE_1)
    flow.update(at(303), rid, COMPUTE_1,
                task_state='rebuild_block_device_mapping')
    flow.update(at(304), rid, COMPUTE_1, task_state='rebuild_spawning')
    flow.update(at(330), rid, COMPUTE_1, task_state=None,
                launched_at=LAUNCH_REBUILD)
    flow.action(at(331), REBUILD, 'end', rid, COMPUTE_1)

    # The nightly audit.
    flow.exists(DAY_2 + datetime.timedelta(minutes=10), req['audit-1'],
                COMPUTE_1, DAY_1, DAY_2)

    # Delete.
    rid = req['delete']
    base = DAY_2 + datetime.timedelta(hours=9)
    flow.update(base, rid, API, task_state='deleting')
    flow.action(base + datetime.timedelta(seconds=1), DELETE, 'start', rid,
                COMPUTE_1)
    flow.action(base + datetime.timedelta(seconds=2), SHUTDOWN, 'start', rid,
                COMPUTE_1)
    flow.action(base + datetime.timedelta(seconds=10), SHUTDOWN, 'end', rid,
                COMPUTE_1)
    flow.update(base + datetime.timedelta(seconds=11.5), rid, COMPUTE_1,
                state='deleted', task_state=None, deleted_at=DELETED)
    flow.action(base + datetime.timedelta(seconds=12), DELETE, 'end', rid,
                COMPUTE_1)

    # The next night's audit reports the deleted instance.
    flow.exists(DAY_3 + datetime.timedelta(minutes=10), req['audit-2'],
                COMPUTE_1, DAY_2, DAY_3)

    def op(names):
        return names[0] if fmt == LEGACY else names[1]

    expected = Expected(
        instance_id=instance_id, project_id=PROJECT,
        state='deleted', task_state=None,
        states=[
            ('building', 'scheduling'), ('building', None),
            ('building', 'networking'), ('building', 'spawning'),
            ('active', None), ('active', 'resize_prep'),
            ('active', 'resize_migrating'), ('active', 'resize_migrated'),
            ('active', 'resize_finish'), ('resized', None),
            ('resized', 'resize_reverting'), ('active', None),
            ('active', 'rebuilding'),
            ('active', 'rebuild_block_device_mapping'),
            ('active', 'rebuild_spawning'), ('active', None),
            ('active', 'deleting'), ('deleted', None)],
        timings={
            op(CREATE): ['ok'], 'scheduler.select_destinations': ['ok'],
            op(RESIZE_PREP): ['ok'], op(RESIZE): ['ok'],
            op(RESIZE_FINISH): ['ok'], op(RESIZE_REVERT): ['ok'],
            op(REBUILD): ['ok'], op(DELETE): ['ok'], op(SHUTDOWN): ['ok']},
        requests={
            req['create']: (9 if fmt == LEGACY else 8, 'ok',
                            31.0 if fmt == LEGACY else None),
            req['resize']: (12, 'ok', 41.0),
            req['revert']: (4, 'ok', 21.0),
            req['rebuild']: (7, 'ok', 31.0),
            req['audit-1']: (1, 'unfinished', None),
            req['delete']: (6, 'ok', 12.0),
            req['audit-2']: (1, 'unfinished', None)},
        launches=[(LAUNCH_CREATE, SMALL['flavorid']),
                  (LAUNCH_RESIZE, LARGE['flavorid']),
                  (LAUNCH_REVERT, SMALL['flavorid']),
                  (LAUNCH_REBUILD, SMALL['flavorid'])],
        deletes=[(LAUNCH_REBUILD, DELETED)],
        exists=[(LAUNCH_CREATE, None, True, False),
                (LAUNCH_REVERT, None, True, False),
                (LAUNCH_REBUILD, None, True, False),
                (LAUNCH_REBUILD, DELETED, True, True)])
    if fmt == VERSIONED:
        # No instance.update from the API on create: the first change
        # seen is compute's.
        expected.states = expected.states[1:]
        # Versioned payloads carry whole seconds only.
        expected.launches = [(when.replace(microsecond=0), flavor)
                             for when, flavor in expected.launches]
        expected.deletes = [(launched.replace(microsecond=0),
                             deleted.replace(microsecond=0))
                            for launched, deleted in expected.deletes]
        expected.exists = [
            (launched.replace(microsecond=0),
             deleted.replace(microsecond=0) if deleted else None, launch,
             delete) for launched, deleted, launch, delete in expected.exists]
    return Flow(name, fmt, flow.samples, expected)


def failed_create(fmt, name='failed-create', instance_id=None):
    """A build that fails on compute-1, then compute-2, then gives up."""
    instance_id = instance_id or str(uuid.uuid5(_IDS, '%s/%s/instance' % (
        name, fmt)))
    flow = _Builder(name, fmt, instance_id)
    rid = request_id(name, fmt, 'create')
    flow.task_state = 'scheduling'
    flow.scheduling(at(1), 'start', rid)
    flow.scheduling(at(2), 'end', rid)
    flow.update(at(3), rid, COMPUTE_1, task_state=None)
    flow.action(at(4), CREATE, 'start', rid, COMPUTE_1)
    flow.update(at(5), rid, COMPUTE_1, task_state='spawning')
    flow.action(at(9), CREATE, 'error', rid, COMPUTE_1,
                fault='Build of instance %s was re-scheduled: '
                      'disk image is corrupt' % instance_id)
    flow.update(at(10), rid, COMPUTE_1, task_state='scheduling')
    flow.scheduling(at(11), 'start', rid)
    flow.scheduling(at(12), 'end', rid)
    flow.host = 'compute-2'
    flow.update(at(13), rid, COMPUTE_2, task_state=None)
    flow.action(at(14), CREATE, 'start', rid, COMPUTE_2)
    flow.update(at(15), rid, COMPUTE_2, task_state='spawning')
    flow.action(at(19), CREATE, 'error', rid, COMPUTE_2,
                fault='Build of instance %s was re-scheduled: '
                      'not enough memory' % instance_id)
    flow.build_failed(at(21), rid, 'Exceeded maximum number of retries. '
                      'Exhausted all hosts available for retrying build '
                      'failures for instance %s.' % instance_id)
    operation = 'compute_task.build_instances'
    expected = Expected(
        instance_id=instance_id, project_id=PROJECT,
        state='error', task_state=None,
        states=[('building', None), ('building', 'spawning'),
                ('building', 'scheduling'), ('building', None),
                ('building', 'spawning'), ('error', None)],
        timings={'create': ['error', 'error'],
                 'scheduler.select_destinations': ['ok', 'ok'],
                 operation: ['error']},
        requests={rid: (14, 'error', None)},
        launches=[], deletes=[], exists=[])
    return Flow(name, fmt, flow.samples, expected)


def unseen_delete(fmt, name='unseen-delete', instance_id=None):
    """The delete of an instance whose create nothing saw."""
    instance_id = instance_id or str(uuid.uuid5(_IDS, '%s/%s/instance' % (
        name, fmt)))
    flow = _Builder(name, fmt, instance_id)
    flow.state = 'active'
    flow.launched_at = datetime.datetime(2025, 12, 24, 18, 30, 5)
    rid = request_id(name, fmt, 'delete')
    flow.action(at(1), DELETE, 'start', rid, COMPUTE_1)
    deleted = at(5)
    flow.state = 'deleted'
    flow.deleted_at = deleted
    flow.action(at(6), DELETE, 'end', rid, COMPUTE_1)
    expected = Expected(
        instance_id=instance_id, project_id=PROJECT,
        state='deleted', task_state=None,
        states=[('active', None), ('deleted', None)],
        timings={'delete': ['ok']},
        requests={rid: (2, 'ok', None)},
        launches=[], deletes=[(flow.launched_at, deleted)], exists=[])
    return Flow(name, fmt, flow.samples, expected)


def audit_exists(fmt, instance_id, launched_at, beginning, ending,
                 deleted_at=None, name='audit'):
    """The nightly audit's exists of one instance, alone."""
    flow = _Builder(name, fmt, instance_id)
    flow.state = 'deleted' if deleted_at else 'active'
    flow.launched_at = launched_at
    flow.deleted_at = deleted_at
    flow.exists(ending + datetime.timedelta(minutes=10),
                request_id(name, fmt, instance_id), COMPUTE_1, beginning,
                ending)
    return flow.samples[0]
