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
"""The simulation: instances, images and volumes living over simulated time.

A discrete-event simulation. The agenda holds what is due next (an
instance to boot, an instance's next operation, a volume to create, the
end of an audit period); running an item produces the events of a whole
operation at once, with times from its start on. Events wait in an outbox
until nothing still on the agenda can come before them, so that
:meth:`Simulation.events` yields them in time order.

At the end of every audit period each compute host sends an ``exists``
for every instance on it that was launched before the period ended and
not deleted before it began, reporting the instance as it was at the end
of the period; glance sends ``image.exists`` per owner and cinder a
``volume.exists`` per volume in the same way.
"""

import dataclasses
import heapq
import itertools

from stacktach_os.notigen import clock
from stacktach_os.notigen import events
from stacktach_os.notigen import lifecycle
from stacktach_os.notigen import model
from stacktach_os.notigen import states

# Relative weights of what a user does to an ACTIVE instance.
ACTIVE_OPERATIONS = (
    ('reboot', 20), ('reboot_hard', 4), ('power_off', 12), ('snapshot', 10),
    ('resize', 9), ('rebuild', 6), ('rescue', 4), ('rename', 6))


@dataclasses.dataclass
class Settings(object):
    """What to simulate."""

    seed: int = 1
    tenants: int = 10
    hosts: int = 8
    cells: int = 2
    instances: int = 100
    volumes: int | None = None
    days: float = 2.0
    start: object = clock.DEFAULT_START
    audit_period: int = clock.DEFAULT_AUDIT_PERIOD
    failure_rate: float = 0.05
    operation_interval: float = 6 * 3600.0
    global_request_rate: float = 0.15

    def validate(self):
        """Raise ValueError with a clear message on a bad setting."""
        for name in ('tenants', 'hosts', 'cells'):
            if getattr(self, name) < 1:
                raise ValueError('--%s must be at least 1' % name)
        if self.instances < 0:
            raise ValueError('--instances cannot be negative')
        if self.volumes is not None and self.volumes < 0:
            raise ValueError('--volumes cannot be negative')
        if self.cells > self.hosts:
            raise ValueError('%d cells need at least %d hosts (--hosts %d)'
                             % (self.cells, self.cells, self.hosts))
        if not 0 < self.days <= 3660:
            raise ValueError('--days must be more than 0 and at most 3660')
        if not 60 <= self.audit_period <= 31 * 86400:
            raise ValueError('--audit-period must be between 60 seconds and '
                             '31 days')
        if not 0 <= self.failure_rate <= 1:
            raise ValueError('--failure-rate must be between 0 and 1')
        if self.operation_interval <= 0:
            raise ValueError('the operation interval must be positive')

    @property
    def volume_count(self):
        """How many volumes to create."""
        if self.volumes is None:
            return self.instances // 3
        return self.volumes


class Simulation(object):
    """One run of the simulated cloud."""

    def __init__(self, settings, plan=None):
        """Prepare a run; ``plan`` holds the faults to inject, if any."""
        settings.validate()
        self.settings = settings
        self.plan = plan
        self.rng = model.stream(settings.seed, 'cloud')
        self.cloud = model.Cloud(self.rng, settings.tenants, settings.hosts,
                                 settings.cells)
        self.clock = clock.Clock(settings.start, settings.days,
                                 settings.audit_period)
        self.failure_rate = settings.failure_rate
        self.instances = []
        self.volumes = []
        self.images = []
        self._live = []
        self._live_images = []
        self._live_volumes = []
        self._snapshots = {}
        self._tenant_weights = [self.rng.paretovariate(1.2)
                                for _tenant in self.cloud.tenants]
        self._outbox = []
        self._agenda = []
        self._seq = itertools.count()

    # The engine.

    def emit(self, event):
        """Queue an event for output."""
        heapq.heappush(self._outbox, (event.when, next(self._seq), event))

    def _schedule(self, when, what, *args):
        heapq.heappush(self._agenda, (when, next(self._seq), what, args))

    def events(self):
        """Run the simulation; yield its events in time order."""
        self._bootstrap()
        agenda = self._agenda
        while agenda:
            when, _seq, what, args = heapq.heappop(agenda)
            yield from self._release(when)
            what(when, *args)
        yield from self._release(None)

    def _release(self, before):
        outbox = self._outbox
        while outbox and (before is None or outbox[0][0] < before):
            yield heapq.heappop(outbox)[2]

    # Contexts.

    def context(self, tenant, when, global_request_id=None):
        """Return the context of a request by one of a tenant's users."""
        rng = self.rng
        user_id, user_name = rng.choice(tenant.users)
        if (global_request_id is None
                and rng.random() < self.settings.global_request_rate / 3):
            global_request_id = rng.request_id()
        return events.Context(
            request_id=rng.request_id(), timestamp=when,
            project_id=tenant.project_id, project_name=tenant.name,
            user_id=user_id, user_name=user_name,
            roles=('admin', 'member', 'reader') if tenant.admin
            else ('member', 'reader'),
            is_admin=tenant.admin, global_request_id=global_request_id,
            remote_address='198.51.100.%d' % rng.randrange(1, 255))

    def admin_context(self, when):
        """Return the context of a periodic task (an admin, no user)."""
        return events.Context(request_id=self.rng.request_id(),
                              timestamp=when, roles=('admin',),
                              is_admin=True)

    def glance_context(self, nova_context, when):
        """Return glance's context of a call nova makes for a request."""
        return dataclasses.replace(
            nova_context, request_id=self.rng.request_id(), timestamp=when,
            global_request_id=(nova_context.global_request_id
                               or nova_context.request_id),
            remote_address='192.0.2.%d' % self.rng.randrange(10, 20))

    # The start.

    def _bootstrap(self):
        rng = self.rng
        clk = self.clock
        # The operator uploads the public images before anyone boots.
        first = min(900.0, clk.seconds * 0.05)
        for image in self.cloud.base_images:
            when = clk.at(rng.uniform(0.0, first * 0.5))
            self._schedule(when, self._upload_image, image)
        last = max(first + 1.0, clk.seconds * 0.9)
        created = 0
        total = self.settings.instances
        while created < total:
            when = clk.at(rng.uniform(first, last))
            tenant = rng.choices(self.cloud.tenants,
                                 weights=self._tenant_weights)[0]
            size, global_request_id = 1, None
            if rng.random() < self.settings.global_request_rate:
                # An orchestrator (heat, terraform...) boots several.
                size = min(rng.randint(2, 5), total - created)
                global_request_id = rng.request_id()
            for _number in range(size):
                self._schedule(when, self._boot, tenant, global_request_id)
                when = clock.after(when, rng.uniform(0.3, 4.0))
                created += 1
        for _number in range(self.settings.volume_count):
            when = clk.at(rng.uniform(first, clk.seconds * 0.95))
            tenant = rng.choices(self.cloud.tenants,
                                 weights=self._tenant_weights)[0]
            self._schedule(when, self._create_volume, tenant)
        for ending in clk.period_endings():
            self._schedule(ending, self._audit)

    # Images.

    def image_event(self, when, event_type, image, context):
        """Send one of glance's notifications about an image."""
        self.emit(events.Event(
            when=when, kind=events.IMAGE, service=events.GLANCE,
            host=self.rng.choice(self.cloud.api_hosts), bus=model.API_BUS,
            context=context,
            extra={'event_type': event_type,
                   'image': dataclasses.replace(image)}))

    def _upload_image(self, when, image):
        context = self.context(self.cloud.admin, when)
        image.created_at = clock.whole_second(when)
        self.image_event(when, 'image.create', image, context)
        first = min(900.0, self.clock.seconds * 0.05)
        when = clock.after(when, self.rng.uniform(first * 0.02, first * 0.2))
        image.status = 'active'
        image.activated_at = when
        self.image_event(when, 'image.upload', image, context)
        when = clock.after(when, self.rng.uniform(0.01, 0.3))
        self.image_event(when, 'image.activate', image, context)
        self.images.append(image)
        self._live_images.append(image)

    def _new_snapshot(self, when, instance):
        rng = self.rng
        base = instance.image
        image = model.Image(
            id=rng.uuid(),
            name='%s-snap-%s' % (instance.display_name, rng.hex(4)),
            owner=instance.tenant.project_id,
            size=base.size + rng.randrange(10 ** 9),
            os_distro=base.os_distro, os_version=base.os_version,
            architecture=base.architecture, os_type=base.os_type,
            min_disk=instance.flavor.root_gb,
            min_ram=base.min_ram, checksum=rng.hex(32),
            created_at=clock.whole_second(when), image_type='snapshot',
            base_image_ref=base.base_image_ref or base.id,
            visibility='private')
        self.images.append(image)
        self._live_images.append(image)
        if rng.random() < 0.4:
            self._schedule(clock.after(when, rng.uniform(
                3600.0, max(3601.0, self.clock.seconds))),
                self._delete_image, image)
        return image

    def _delete_image(self, when, image):
        if when >= self.clock.end or image.deleted_at is not None:
            return
        tenant = self._tenant(image.owner)
        image.status = 'deleted'
        image.deleted_at = clock.whole_second(when)
        self.image_event(when, 'image.delete', image,
                         self.context(tenant, when))
        snapshots = self._snapshots.get(image.owner, [])
        if image in snapshots:
            snapshots.remove(image)

    def _tenant(self, project_id):
        for tenant in [self.cloud.admin] + self.cloud.tenants:
            if tenant.project_id == project_id:
                return tenant
        raise KeyError(project_id)

    # Instances.

    def _fits(self, flavor, image):
        return (flavor.memory_mb >= image.min_ram
                and flavor.root_gb >= image.min_disk)

    def _pick_image(self, tenant, when):
        rng = self.rng
        snapshots = [image for image in self._snapshots.get(
            tenant.project_id, ()) if image.activated_at is not None
            and image.activated_at < when]
        if snapshots and rng.random() < 0.15:
            return rng.choice(snapshots)
        return rng.choices(self.cloud.base_images,
                           weights=model.BASE_IMAGE_WEIGHTS)[0]

    def _pick_flavor(self, image, exclude=None):
        fitting = [(flavor, weight) for flavor, weight
                   in zip(model.FLAVORS, model.FLAVOR_WEIGHTS)
                   if self._fits(flavor, image) and flavor != exclude]
        if not fitting:
            return None
        return self.rng.choices([flavor for flavor, _w in fitting],
                                weights=[w for _f, w in fitting])[0]

    def _boot(self, when, tenant, global_request_id):
        rng = self.rng
        image = self._pick_image(tenant, when)
        flavor = self._pick_flavor(image)
        user = rng.choice(tenant.users)
        instance = model.Instance(rng, tenant, user, flavor, image,
                                  clock.whole_second(when),
                                  len(self.instances) + 1)
        self.instances.append(instance)
        self._live.append(instance)
        context = self.context(tenant, when, global_request_id)
        op = lifecycle.Operation(self, instance, context, when)
        cell = rng.choice(self.cloud.cells)
        if lifecycle.create(op, cell.hosts):
            lifetime = rng.expovariate(1.0 / (self.clock.seconds * 0.8))
            instance.delete_at = clock.after(when, lifetime)
            self._schedule(self._next_time(op.when, instance), self._act,
                           instance)
        else:
            instance.delete_at = clock.after(op.when,
                                             rng.uniform(120.0, 21600.0))
            self._schedule(instance.delete_at, self._act, instance)

    def _next_time(self, after, instance):
        rng = self.rng
        state = instance.vm_state
        if state == states.STOPPED:
            gap = rng.uniform(600.0, 36000.0)
        elif state == states.RESIZED:
            gap = rng.uniform(120.0, 7200.0)
        elif state == states.RESCUED:
            gap = rng.uniform(300.0, 7200.0)
        elif state == states.ERROR:
            gap = rng.uniform(300.0, 10800.0)
        else:
            gap = rng.expovariate(1.0 / self.settings.operation_interval)
        when = clock.after(after, max(gap, 1.0))
        if instance.delete_at is not None and instance.delete_at < when:
            when = max(instance.delete_at, clock.after(after, 1.0))
        return when

    def _act(self, when, instance):
        if instance.deleted or when >= self.clock.end:
            return
        rng = self.rng
        context = self.context(instance.tenant, when)
        op = lifecycle.Operation(self, instance, context, when)
        if not instance.launched or (instance.delete_at is not None
                                     and when >= instance.delete_at):
            lifecycle.delete(op)
            return
        state = instance.vm_state
        if state == states.ACTIVE:
            self._active_operation(op)
        elif state == states.STOPPED:
            lifecycle.power_on(op)
        elif state == states.RESIZED:
            if rng.random() < 0.75:
                lifecycle.confirm_resize(op)
            else:
                lifecycle.revert_resize(op)
        elif state == states.RESCUED:
            lifecycle.unrescue(op)
        elif state == states.ERROR:
            if rng.random() < 0.65:
                lifecycle.reboot(op, hard=True)
            else:
                lifecycle.delete(op)
                return
        self._schedule(self._next_time(op.when, instance), self._act,
                       instance)

    def _active_operation(self, op):
        rng = self.rng
        instance = op.instance
        name = rng.choices([name for name, _w in ACTIVE_OPERATIONS],
                           weights=[w for _n, w in ACTIVE_OPERATIONS])[0]
        if name == 'resize':
            flavor = self._pick_flavor(instance.image,
                                       exclude=instance.flavor)
            if flavor is None:
                name = 'reboot'
            else:
                cell = self.cloud.cell(instance.compute.cell)
                others = [host for host in cell.hosts
                          if host != instance.compute]
                lifecycle.resize(op, flavor, rng.choice(
                    others or [instance.compute]))
                return
        if name == 'rebuild':
            images = [image for image in self.cloud.base_images
                      if self._fits(instance.flavor, image)]
            lifecycle.rebuild(op, rng.choice(images or [instance.image]))
        elif name == 'snapshot':
            image = self._new_snapshot(op.when, instance)
            lifecycle.snapshot(op, image)
            self._snapshots.setdefault(instance.tenant.project_id,
                                       []).append(image)
        elif name == 'power_off':
            lifecycle.power_off(op)
        elif name == 'rescue':
            lifecycle.rescue(op)
        elif name == 'rename':
            base = instance.display_name.split('~', 1)[0]
            lifecycle.rename(op, '%s~%s' % (base, rng.hex(4)))
        else:
            lifecycle.reboot(op, hard=(name == 'reboot_hard'))

    # Volumes.

    def _volume_event(self, when, kind, volume, context, **extra):
        extra['volume'] = dataclasses.replace(volume)
        self.emit(events.Event(
            when=when, kind=kind, service=events.CINDER, host=volume.host,
            bus=model.API_BUS, context=context, extra=extra))

    def _create_volume(self, when, tenant):
        rng = self.rng
        user_id, _user_name = rng.choice(tenant.users)
        volume = model.Volume(
            id=rng.uuid(), tenant=tenant, user_id=user_id,
            display_name='vol-%d' % (len(self.volumes) + 1),
            size=rng.choice((1, 5, 10, 20, 50, 100, 250)),
            volume_type=rng.choice(model.VOLUME_TYPES),
            created_at=clock.whole_second(when),
            host=rng.choice(self.cloud.cinder_hosts))
        self.volumes.append(volume)
        self._live_volumes.append(volume)
        context = self.context(tenant, when)
        self._volume_event(when, events.VOLUME, volume, context,
                           event_type='volume.create.start')
        when = clock.after(when, rng.uniform(2.0, 40.0))
        volume.status = 'available'
        volume.launched_at = clock.whole_second(when)
        self._volume_event(when, events.VOLUME, volume, context,
                           event_type='volume.create.end')
        if rng.random() < 0.4:
            self._schedule(clock.after(when, rng.uniform(
                1800.0, max(1801.0, self.clock.seconds))),
                self._delete_volume, volume)

    def _delete_volume(self, when, volume):
        if when >= self.clock.end:
            return
        context = self.context(volume.tenant, when)
        volume.status = 'deleting'
        self._volume_event(when, events.VOLUME, volume, context,
                           event_type='volume.delete.start')
        when = clock.after(when, self.rng.uniform(1.0, 20.0))
        volume.status = 'deleted'
        volume.deleted_at = clock.whole_second(when)
        self._volume_event(when, events.VOLUME, volume, context,
                           event_type='volume.delete.end')

    # Audits.

    def audit_exists(self, when, where, context, instance, view, beginning,
                     ending, bandwidth=None):
        """Send an instance's exists for a period (altered if planned)."""
        if bandwidth is None:
            rng = self.rng
            bandwidth = {
                'public': (rng.randrange(10 ** 9), rng.randrange(10 ** 9)),
                'private': (rng.randrange(10 ** 8), rng.randrange(10 ** 8)),
            }
        injected = None
        if self.plan is not None:
            injected = self.plan.by_key.get((instance.uuid, beginning,
                                             ending))
            if injected is not None:
                view = view._replace(**injected.changes)
        service, host, bus = where
        self.emit(events.Event(
            when=when, kind=events.EXISTS, service=service, host=host,
            bus=bus, context=context, view=view,
            extra={'beginning': beginning, 'ending': ending,
                   'bandwidth': bandwidth, 'injected': injected}))

    def _audit(self, ending):
        beginning = ending - self.clock.audit_period
        self._audit_instances(beginning, ending)
        self._audit_images(beginning, ending)
        self._audit_volumes(beginning, ending)

    def _audit_instances(self, beginning, ending):
        rng = self.rng
        by_host = {}
        live = []
        for instance in self._live:
            view = instance.view_at(ending)
            if view is None:
                live.append(instance)
                continue
            if view.deleted_at is not None and view.deleted_at < beginning:
                continue
            live.append(instance)
            if view.launched_at is not None and view.host is not None:
                by_host.setdefault(view.host, []).append((instance, view))
        self._live = live
        by_id = None
        for host in self.cloud.hosts:
            # Every host draws its time and request id, reporting or not,
            # so that injecting faults changes nothing else.
            when = clock.after(ending, rng.uniform(2.0, 240.0))
            context = self.admin_context(when)
            where = lifecycle.Operation.compute(host)
            for instance, view in by_host.get(host.name, ()):
                self.audit_exists(when, where, context, instance, view,
                                  beginning, ending)
                when = clock.after(when, rng.uniform(0.005, 0.05))
            if self.plan is None:
                continue
            for injected in self.plan.extra_at(ending, host.name):
                if by_id is None:
                    by_id = {instance.uuid: instance
                             for instance in self.instances}
                instance = by_id[injected.instance_id]
                when = clock.after(when, 0.001)
                self.audit_exists(when, where, context, instance,
                                  instance.view_at(ending), beginning,
                                  ending, bandwidth=injected.bandwidth)
        for instance in self._live:
            instance.forget_before(ending)

    def _audit_images(self, beginning, ending):
        rng = self.rng
        when = clock.after(ending, rng.uniform(60.0, 600.0))
        context = self.admin_context(when)
        owners = {}
        live = []
        for image in self._live_images:
            deleted = image.deleted_at
            if deleted is not None and deleted < beginning:
                continue
            live.append(image)
            if image.activated_at is None or image.activated_at >= ending:
                continue
            if deleted is not None and deleted >= ending:
                image = dataclasses.replace(image, deleted_at=None,
                                            status='active')
            owners.setdefault(image.owner, []).append(image)
        self._live_images = live
        for owner, images in owners.items():
            self.emit(events.Event(
                when=when, kind=events.IMAGE_EXISTS, service=events.GLANCE,
                host=self.cloud.api_hosts[0], bus=model.API_BUS,
                context=context,
                extra={'owner': owner, 'beginning': beginning,
                       'ending': ending, 'images': images}))
            when = clock.after(when, rng.uniform(0.005, 0.05))

    def _audit_volumes(self, beginning, ending):
        rng = self.rng
        when = clock.after(ending, rng.uniform(30.0, 900.0))
        context = self.admin_context(when)
        live = []
        for volume in self._live_volumes:
            deleted = volume.deleted_at
            if deleted is not None and deleted < beginning:
                continue
            live.append(volume)
            if volume.launched_at is None or volume.launched_at >= ending:
                continue
            if deleted is not None and deleted >= ending:
                volume = dataclasses.replace(volume, deleted_at=None,
                                             status='available')
            self._volume_event(when, events.VOLUME_EXISTS, volume, context,
                               beginning=beginning, ending=ending)
            when = clock.after(when, rng.uniform(0.005, 0.05))
        self._live_volumes = live
