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
"""Instance operations as nova runs them, step by step.

Each operation is a small state machine over nova's ``vm_state`` and
``task_state``: the API saves the first task state, the scheduler picks a
host when one is needed, then the compute host moves the instance through
the operation's task states between its ``.start`` and ``.end`` (or
``.error``). Every state saved is an ``instance.update``; every step emits
an :class:`events.Event` at its simulated time, in the service and on the
bus (top level or cell) nova would publish it from. All the notifications
of one operation share the request id of the API request that began it.

The operations follow nova's compute manager: launching (create, rebuild,
rescue, finish_resize, finish_revert_resize) sets ``launched_at``; rebuild,
rescue and resize first send the current period's ``exists`` (nova's
``notify_usage_exists(current_period=True)``).
"""

from stacktach_os.notigen import clock
from stacktach_os.notigen import events
from stacktach_os.notigen import model
from stacktach_os.notigen import states

# Reasons builds fail and get rescheduled to another host.
RESCHEDULE_FAULTS = (
    events.Fault('ComputeResourcesUnavailable',
                 'Insufficient compute resources: Free memory 1536.00 MB < '
                 'requested 2048 MB.'),
    events.Fault('PortBindingFailed',
                 'Binding failed for port {port}, please check neutron logs '
                 'for more information.'),
    events.Fault('VirtualInterfaceCreateException',
                 'Virtual Interface creation failed'),
)
NO_VALID_HOST = events.Fault(
    'NoValidHost',
    'No valid host was found. There are not enough hosts available.',
    function='_schedule_instances', module='nova.conductor.manager')
REBOOT_FAULT = events.Fault(
    'InstanceRebootFailure',
    'Failed to reboot instance: Timeout waiting for guest to shut down',
    function='_reboot_instance')
RESCUE_FAULT = events.Fault(
    'InstanceNotRescuable',
    'Instance {uuid} cannot be rescued: Driver Error: rescue disk could '
    'not be attached', code=400, function='rescue_instance')
REBUILD_FAULT = events.Fault(
    'BuildAbortException',
    'Build of instance {uuid} aborted: Failure prepping block device.',
    function='_do_rebuild_instance')

MAX_BUILD_ATTEMPTS = 3


def _fault(fault, instance):
    """Return ``fault`` with the instance's ids in its message."""
    message = fault.message.format(uuid=instance.uuid, port=instance.port_id)
    return events.Fault(fault.exception, message, fault.code, fault.function,
                        fault.module)


class Operation(object):
    """One API request's run through the services, as a cursor in time."""

    def __init__(self, sim, instance, context, when):
        """Start at ``when`` for ``instance`` with the request's context."""
        self.sim = sim
        self.rng = sim.rng
        self.instance = instance
        self.context = context
        self.when = when

    # Where steps run.

    def api(self):
        """Return (service, host, bus) of an API worker."""
        return (events.NOVA_API, self.rng.choice(self.sim.cloud.api_hosts),
                model.API_BUS)

    def scheduler(self):
        """Return (service, host, bus) of a scheduler."""
        return (events.NOVA_SCHEDULER,
                self.rng.choice(self.sim.cloud.scheduler_hosts),
                model.API_BUS)

    def conductor(self):
        """Return (service, host, bus) of a top-level conductor."""
        return (events.NOVA_CONDUCTOR,
                self.rng.choice(self.sim.cloud.conductor_hosts),
                model.API_BUS)

    @staticmethod
    def compute(host):
        """Return (service, host, bus) of a compute host."""
        return events.NOVA_COMPUTE, host.name, host.cell

    # Steps.

    def wait(self, low, high):
        """Let between ``low`` and ``high`` seconds pass."""
        self.when = clock.after(self.when, self.rng.uniform(low, high))

    def save(self, where, **changes):
        """Save changes to the instance, as instance.save() does.

        Like nova with ``notify_on_state_change = vm_and_task_state``, a
        save sends an ``instance.update`` with the states before and after.
        """
        instance = self.instance
        old_state, old_task_state = instance.vm_state, instance.task_state
        old_display_name = instance.display_name
        for name, value in changes.items():
            setattr(instance, name, value)
        view = instance.record(self.when)
        extra = {'old_state': old_state, 'old_task_state': old_task_state,
                 'audit_period_beginning':
                     self.sim.clock.period_of(self.when)[0]}
        if instance.display_name != old_display_name:
            extra['old_display_name'] = old_display_name
        self._emit(events.UPDATE, where, view, extra=extra)
        return view

    def action(self, where, action, phase, **extra):
        """Send an operation's .start, .end or .error."""
        self._emit(events.ACTION, where, self.instance.view(), action,
                   phase, extra)

    def wrapper(self, where, function, fault):
        """Send nova's wrap_exception notification of a failed method."""
        self._emit(events.WRAPPER, where, self.instance.view(),
                   extra={'function': function, 'fault': fault})

    def scheduler_pass(self, candidates):
        """Schedule the instance; return the host picked (or None)."""
        where = self.scheduler()
        self._emit(events.SCHEDULER, where, self.instance.view(),
                   phase=events.START)
        self.wait(0.05, 0.6)
        if not candidates:
            return None
        host = self.rng.choice(candidates)
        self._emit(events.SCHEDULER, where, self.instance.view(),
                   phase=events.END, extra={'host': host.name})
        return host

    def exists(self, where):
        """Send the current audit period's exists, before an operation."""
        beginning, _ending = self.sim.clock.period_of(self.when)
        self.sim.audit_exists(self.when, where, self.context, self.instance,
                              self.instance.view(), beginning, self.when)
        self.when = clock.after(self.when, self.rng.uniform(0.0005, 0.004))

    def _emit(self, kind, where, view, action=None, phase=None, extra=None):
        service, host, bus = where
        self.sim.emit(events.Event(
            when=self.when, kind=kind, service=service, host=host, bus=bus,
            context=self.context, view=view, action=action, phase=phase,
            extra=extra or {}))
        # Two steps never share a microsecond.
        self.when = clock.after(self.when, self.rng.uniform(0.0005, 0.004))

    def failed(self):
        """Decide whether this operation fails, at the run's failure rate."""
        return self.rng.random() < self.sim.failure_rate


# The operations. Each runs from op.when and leaves op.when at its end.

def create(op, hosts):
    """Boot an instance: schedule, build, maybe reschedule, launch.

    Returns True when the instance was launched, False when no host could
    build it (it is then in ERROR, never launched, in no cell).
    """
    instance = op.instance
    op.save(op.api(), vm_state=states.BUILDING, task_state=states.SCHEDULING)
    op.wait(0.2, 1.5)
    tried = []
    for attempt in range(1, MAX_BUILD_ATTEMPTS + 1):
        no_host = op.failed() and op.rng.random() < 0.3
        candidates = [] if no_host else [h for h in hosts if h not in tried]
        host = op.scheduler_pass(candidates)
        if host is None:
            op.wait(0.05, 0.4)
            where = op.conductor()
            op.save(where, vm_state=states.ERROR, task_state=None)
            op._emit(events.BUILD_ERROR, where, instance.view(),
                     extra={'fault': NO_VALID_HOST, 'attempts': attempt})
            return False
        tried.append(host)
        where = op.compute(host)
        op.wait(0.3, 2.0)
        op.save(where, host=host.name, cell=host.cell, task_state=None)
        op.wait(0.02, 0.3)
        op.action(where, 'create', events.START,
                  image_name=instance.image.name)
        op.wait(0.1, 1.0)
        op.save(where, task_state=states.NETWORKING)
        op.wait(1.0, 6.0)
        op.save(where, task_state=states.BLOCK_DEVICE_MAPPING)
        op.wait(0.5, 3.0)
        op.save(where, task_state=states.SPAWNING)
        if attempt < MAX_BUILD_ATTEMPTS and op.failed():
            op.wait(2.0, 30.0)
            fault = _fault(op.rng.choice(RESCHEDULE_FAULTS), instance)
            op.action(where, 'create', events.ERROR, fault=fault)
            op.wait(0.05, 0.5)
            op.save(where, task_state=states.SCHEDULING, host=None,
                    cell=None)
            op.wait(0.2, 1.5)
            continue
        op.wait(8.0, 90.0)
        op.save(where, vm_state=states.ACTIVE, task_state=None,
                power_state=states.POWER_RUNNING,
                launched_at=clock.whole_second(op.when), progress=100)
        instance.compute = host
        instance.launched = True
        op.wait(0.01, 0.3)
        op.action(where, 'create', events.END, message='Success')
        return True
    return False  # not reached: the last attempt never reschedules


def delete(op):
    """Delete an instance: on its host, or locally when it has none."""
    instance = op.instance
    api = op.api()
    if instance.host is None:
        op.save(api, task_state=states.DELETING)
        op.wait(0.05, 0.4)
        op.action(api, 'delete', events.START)
        op.wait(0.1, 0.8)
        gone = clock.whole_second(op.when)
        op.save(api, vm_state=states.DELETED, task_state=None,
                terminated_at=gone, power_state=states.POWER_PENDING)
        instance.deleted_at = gone
        instance.record(op.when)
        op.wait(0.01, 0.2)
        op.action(api, 'delete', events.END)
        return
    op.save(api, task_state=states.DELETING)
    where = op.compute(instance.compute)
    op.wait(0.3, 2.0)
    op.action(where, 'delete', events.START)
    op.wait(0.01, 0.2)
    op.action(where, 'shutdown', events.START)
    op.wait(1.0, 20.0)
    op.action(where, 'shutdown', events.END)
    op.wait(0.5, 4.0)
    terminated = clock.whole_second(op.when)
    op.save(where, vm_state=states.DELETED, task_state=None,
            power_state=states.POWER_PENDING, terminated_at=terminated)
    op.wait(0.05, 1.0)
    # instance.destroy() sets deleted_at; delete.end reports it.
    instance.deleted_at = clock.whole_second(op.when)
    instance.record(op.when)
    op.action(where, 'delete', events.END)


def power_off(op):
    """Stop an instance."""
    op.save(op.api(), task_state=states.POWERING_OFF)
    where = op.compute(op.instance.compute)
    op.wait(0.2, 1.5)
    op.action(where, 'power_off', events.START)
    op.wait(2.0, 60.0)
    op.save(where, vm_state=states.STOPPED, task_state=None,
            power_state=states.POWER_SHUTDOWN)
    op.wait(0.01, 0.2)
    op.action(where, 'power_off', events.END)


def power_on(op):
    """Start a stopped instance."""
    op.save(op.api(), task_state=states.POWERING_ON)
    where = op.compute(op.instance.compute)
    op.wait(0.2, 1.5)
    op.action(where, 'power_on', events.START)
    op.wait(2.0, 30.0)
    op.save(where, vm_state=states.ACTIVE, task_state=None,
            power_state=states.POWER_RUNNING)
    op.wait(0.01, 0.2)
    op.action(where, 'power_on', events.END)


def reboot(op, hard=False):
    """Reboot an instance (hard also recovers one in ERROR).

    A failed soft reboot whose guest still runs ends in ``reboot.error``
    and the instance stays ACTIVE, as in nova.
    """
    if hard:
        asked, pending, started = (states.REBOOTING_HARD,
                                   states.REBOOT_PENDING_HARD,
                                   states.REBOOT_STARTED_HARD)
    else:
        asked, pending, started = (states.REBOOTING, states.REBOOT_PENDING,
                                   states.REBOOT_STARTED)
    op.save(op.api(), task_state=asked)
    where = op.compute(op.instance.compute)
    op.wait(0.2, 1.5)
    op.save(where, task_state=pending)
    op.wait(0.01, 0.2)
    op.action(where, 'reboot', events.START)
    op.wait(0.01, 0.3)
    op.save(where, task_state=started)
    op.wait(3.0, 90.0)
    if not hard and op.failed():
        op.action(where, 'reboot', events.ERROR,
                  fault=_fault(REBOOT_FAULT, op.instance))
        op.wait(0.01, 0.2)
        op.save(where, vm_state=states.ACTIVE, task_state=None)
        return
    op.save(where, vm_state=states.ACTIVE, task_state=None,
            power_state=states.POWER_RUNNING)
    op.wait(0.01, 0.2)
    op.action(where, 'reboot', events.END)


def rebuild(op, image):
    """Rebuild an instance from ``image``; a failure leaves it in ERROR."""
    instance = op.instance
    op.save(op.api(), task_state=states.REBUILDING)
    where = op.compute(instance.compute)
    op.wait(0.3, 2.0)
    op.exists(where)
    op.action(where, 'rebuild', events.START, image_name=image.name,
              new_image=image)
    op.wait(2.0, 20.0)
    op.save(where, task_state=states.REBUILD_BLOCK_DEVICE_MAPPING)
    op.wait(0.5, 5.0)
    op.save(where, task_state=states.REBUILD_SPAWNING)
    op.wait(8.0, 90.0)
    if op.failed():
        fault = _fault(REBUILD_FAULT, instance)
        op.action(where, 'rebuild', events.ERROR, fault=fault,
                  image_name=image.name, new_image=image)
        op.wait(0.01, 0.2)
        op.save(where, vm_state=states.ERROR, task_state=None)
        op.wait(0.001, 0.05)
        op.wrapper(where, 'rebuild_instance', fault)
        return
    op.save(where, vm_state=states.ACTIVE, task_state=None, image=image,
            power_state=states.POWER_RUNNING,
            launched_at=clock.whole_second(op.when))
    op.wait(0.01, 0.3)
    op.action(where, 'rebuild', events.END, image_name=image.name)


def rescue(op):
    """Rescue an instance; a failure leaves it in ERROR."""
    instance = op.instance
    op.save(op.api(), task_state=states.RESCUING)
    where = op.compute(instance.compute)
    op.wait(0.3, 2.0)
    op.exists(where)
    rescue_image = instance.image.name
    op.action(where, 'rescue', events.START, rescue_image_name=rescue_image)
    op.wait(5.0, 60.0)
    if op.failed():
        fault = _fault(RESCUE_FAULT, instance)
        op.save(where, vm_state=states.ERROR, task_state=None)
        op.wait(0.001, 0.05)
        op.wrapper(where, 'rescue_instance', fault)
        return
    op.save(where, vm_state=states.RESCUED, task_state=None,
            power_state=states.POWER_RUNNING,
            launched_at=clock.whole_second(op.when))
    op.wait(0.01, 0.3)
    op.action(where, 'rescue', events.END, rescue_image_name=rescue_image)


def unrescue(op):
    """Bring a rescued instance back."""
    op.save(op.api(), task_state=states.UNRESCUING)
    where = op.compute(op.instance.compute)
    op.wait(0.2, 1.5)
    op.action(where, 'unrescue', events.START)
    op.wait(3.0, 40.0)
    op.save(where, vm_state=states.ACTIVE, task_state=None,
            power_state=states.POWER_RUNNING)
    op.wait(0.01, 0.2)
    op.action(where, 'unrescue', events.END)


def snapshot(op, image):
    """Snapshot an instance into the new glance ``image``."""
    instance = op.instance
    glance_context = op.sim.glance_context(op.context, op.when)
    op.sim.image_event(op.when, 'image.create', image, glance_context)
    op.wait(0.05, 0.4)
    op.save(op.api(), task_state=states.IMAGE_SNAPSHOT_PENDING)
    where = op.compute(instance.compute)
    op.wait(0.3, 2.0)
    op.save(where, task_state=states.IMAGE_SNAPSHOT)
    op.wait(0.01, 0.2)
    op.action(where, 'snapshot', events.START, snapshot_image_id=image.id)
    op.wait(2.0, 20.0)
    op.save(where, task_state=states.IMAGE_PENDING_UPLOAD)
    op.wait(0.2, 2.0)
    op.save(where, task_state=states.IMAGE_UPLOADING)
    op.wait(10.0, 240.0)
    upload_context = op.sim.glance_context(op.context, op.when)
    image.status = 'active'
    image.activated_at = op.when
    op.sim.image_event(op.when, 'image.upload', image, upload_context)
    op.wait(0.01, 0.2)
    op.sim.image_event(op.when, 'image.activate', image, upload_context)
    op.wait(0.1, 1.5)
    op.save(where, task_state=None)
    op.wait(0.01, 0.2)
    op.action(where, 'snapshot', events.END, snapshot_image_id=image.id)


def resize(op, flavor, destination):
    """Resize an instance to ``flavor`` on ``destination``.

    The instance ends RESIZED on the destination with the new flavor and
    a new ``launched_at``, waiting for a confirm or a revert.
    """
    instance = op.instance
    source = instance.compute
    old_flavor = instance.flavor
    op.save(op.api(), task_state=states.RESIZE_PREP)
    op.wait(0.2, 1.5)
    op.scheduler_pass([destination])
    dest = op.compute(destination)
    src = op.compute(source)
    op.wait(0.3, 2.0)
    op.exists(dest)
    extra = {'new_flavor': flavor}
    op.action(dest, 'resize_prep', events.START, **extra)
    op.wait(0.2, 2.0)
    op.action(dest, 'resize_prep', events.END, **extra)
    op.wait(0.2, 2.0)
    op.save(src, task_state=states.RESIZE_MIGRATING)
    op.wait(0.01, 0.2)
    op.action(src, 'resize', events.START, **extra)
    op.wait(10.0, 300.0)
    op.save(src, task_state=states.RESIZE_MIGRATED)
    op.wait(0.01, 0.2)
    op.action(src, 'resize', events.END, **extra)
    op.wait(0.3, 2.0)
    op.action(dest, 'resize_finish', events.START, **extra)
    op.wait(0.01, 0.3)
    op.save(dest, task_state=states.RESIZE_FINISH)
    op.wait(5.0, 60.0)
    op.save(dest, vm_state=states.RESIZED, task_state=None, flavor=flavor,
            host=destination.name, cell=destination.cell,
            power_state=states.POWER_RUNNING,
            launched_at=clock.whole_second(op.when))
    instance.compute = destination
    instance.resize_source = (source, old_flavor)
    op.wait(0.01, 0.3)
    op.action(dest, 'resize_finish', events.END)


def confirm_resize(op):
    """Confirm a resize: the source host drops the old instance."""
    instance = op.instance
    source, _old_flavor = instance.resize_source
    where = op.compute(source)
    op.action(where, 'resize_confirm', events.START)
    op.wait(2.0, 30.0)
    op.save(where, vm_state=states.ACTIVE, task_state=None)
    op.wait(0.01, 0.2)
    op.action(where, 'resize_confirm', events.END)
    instance.resize_source = None


def revert_resize(op):
    """Revert a resize: back to the source host and the old flavor."""
    instance = op.instance
    source, old_flavor = instance.resize_source
    op.save(op.api(), task_state=states.RESIZE_REVERTING)
    dest = op.compute(instance.compute)
    src = op.compute(source)
    op.wait(0.3, 2.0)
    op.action(dest, 'resize_revert', events.START)
    op.wait(5.0, 60.0)
    op.save(src, vm_state=states.ACTIVE, task_state=None, flavor=old_flavor,
            host=source.name, cell=source.cell,
            power_state=states.POWER_RUNNING,
            launched_at=clock.whole_second(op.when))
    instance.compute = source
    instance.resize_source = None
    op.wait(0.01, 0.3)
    op.action(src, 'resize_revert', events.END)


def rename(op, name):
    """Rename an instance (PUT /servers/{id}): one update, no state."""
    op.save(op.api(), display_name=name)
