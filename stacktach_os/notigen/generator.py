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
"""A run of the simulator: events written as notifications, and a manifest.

:class:`Run` plans the injected faults (by a first, silent run of the same
simulation), runs the simulation, writes each event in the chosen nova
format(s) (glance's and cinder's have one), gives every notification its
message id, and yields them in time order as :class:`Notification`, in the
shape oslo.messaging's notification listener hands them over::

    {"ctxt": {...}, "publisher_id": ..., "event_type": ..., "priority": ...,
     "payload": {...}, "metadata": {"message_id": ..., "timestamp": ...}}

With both formats, a step's versioned notification follows its legacy one
by 100 µs, as nova sends the two back to back. Nothing here reads the
wall clock or draws from an unseeded random source: the same settings
give the same notifications, byte for byte.
"""

import collections
import datetime
import heapq
import itertools

from stacktach_os.notigen import clock
from stacktach_os.notigen import events
from stacktach_os.notigen import faults
from stacktach_os.notigen import images
from stacktach_os.notigen import legacy
from stacktach_os.notigen import model
from stacktach_os.notigen import simulation
from stacktach_os.notigen import versioned
from stacktach_os.notigen import volumes

LEGACY = 'legacy'
VERSIONED = 'versioned'
BOTH = 'both'
FORMATS = (LEGACY, VERSIONED, BOTH)
NOVA_KINDS = frozenset((events.UPDATE, events.ACTION, events.EXISTS,
                        events.SCHEDULER, events.BUILD_ERROR,
                        events.WRAPPER))
EXISTS_TYPES = (legacy.EXISTS, versioned.EXISTS)
VERSIONED_DELAY = datetime.timedelta(microseconds=100)

Notification = collections.namedtuple(
    'Notification', ('when', 'bus', 'versioned', 'body'))


class Run(object):
    """One run of the simulator, and what it sent."""

    def __init__(self, settings, nova_format=BOTH, faults_count=None,
                 faults_ratio=None):
        """Prepare a run; give at most one of the fault options."""
        if nova_format not in FORMATS:
            raise ValueError('format must be one of %s, not %r'
                             % (', '.join(FORMATS), nova_format))
        if faults_count is not None and faults_ratio is not None:
            raise ValueError('give a number of faults or a share of billing '
                             'errors, not both')
        if faults_count is not None and faults_count < 0:
            raise ValueError('the number of faults cannot be negative')
        settings.validate()
        self.settings = settings
        self.format = nova_format
        self.faults_count = faults_count
        self.faults_ratio = faults_ratio
        self.plan = None
        self.simulation = None
        self.counts = collections.Counter()
        self.exists_failing = 0
        self.exists_total = 0

    @property
    def formats(self):
        """The nova formats written: legacy, versioned or both."""
        if self.format == BOTH:
            return (LEGACY, VERSIONED)
        return (self.format,)

    def prepare(self):
        """Plan the faults; raise faults.FaultPlanError if impossible."""
        if self.plan is not None:
            return self.plan
        if self.faults_count or self.faults_ratio:
            self.plan = faults.plan(
                simulation.Simulation(self.settings),
                model.stream(self.settings.seed, 'faults'),
                count=self.faults_count, ratio=self.faults_ratio)
        else:
            self.plan = faults.Plan()
        return self.plan

    def notifications(self):
        """Run the simulation; yield its :class:`Notification` in order."""
        self.prepare()
        self.simulation = simulation.Simulation(self.settings, self.plan)
        ids = model.stream(self.settings.seed, 'message-ids')
        glance_url = self.simulation.cloud.glance_url
        formats = self.formats
        both = len(formats) == 2
        pending = []
        seq = itertools.count()
        for event in self.simulation.events():
            while pending and pending[0][0] < event.when:
                yield heapq.heappop(pending)[2]
            for item in self._render(event, formats, both, glance_url, ids):
                heapq.heappush(pending, (item.when, next(seq), item))
        while pending:
            yield heapq.heappop(pending)[2]

    def _render(self, event, formats, both, glance_url, ids):
        if event.kind in NOVA_KINDS:
            rendered = []
            if LEGACY in formats:
                rendered.extend(
                    (event.when, False, item)
                    for item in legacy.render(event, glance_url))
            if VERSIONED in formats:
                when = event.when + VERSIONED_DELAY if both else event.when
                rendered.extend((when, True, item)
                                for item in versioned.render(event))
        elif event.kind in (events.IMAGE, events.IMAGE_EXISTS):
            rendered = [(event.when, False, item)
                        for item in images.render(event)]
        else:
            rendered = [(event.when, False, item)
                        for item in volumes.render(event)]
        injected = event.extra.get('injected')
        result = []
        for when, is_versioned, (event_type, priority, publisher,
                                 payload) in rendered:
            message_id = ids.uuid()
            body = {
                'ctxt': event.context.as_dict(),
                'publisher_id': publisher,
                'event_type': event_type,
                'priority': priority,
                'payload': payload,
                'metadata': {'message_id': message_id,
                             'timestamp': clock.wire(when)},
            }
            self.counts[event_type] += 1
            if event_type in EXISTS_TYPES:
                self.exists_total += 1
                if injected is not None:
                    self.exists_failing += 1
                    injected.message_ids.append(message_id)
                    injected.event_types.append(event_type)
            result.append(Notification(when, event.bus, is_versioned, body))
        return result

    def manifest(self):
        """Return the run's manifest: settings, counts, injected faults."""
        settings = self.settings
        plan = self.plan or faults.Plan()
        sim = self.simulation
        return {
            'generator': 'stacktach-os-notigen',
            'settings': {
                'seed': settings.seed,
                'format': self.format,
                'tenants': settings.tenants,
                'hosts': settings.hosts,
                'cells': settings.cells,
                'instances': settings.instances,
                'volumes': settings.volume_count,
                'days': settings.days,
                'start': settings.start.isoformat(),
                'audit_period_seconds': settings.audit_period,
                'failure_rate': settings.failure_rate,
            },
            'buses': sorted({model.API_BUS} | {
                cell.name for cell in sim.cloud.cells}) if sim else [],
            'notifications': sum(self.counts.values()),
            'event_types': dict(sorted(self.counts.items())),
            'exists': {
                'event_types': list(EXISTS_TYPES),
                'total': self.exists_total,
                'expected_verified': self.exists_total - self.exists_failing,
                'expected_failed': self.exists_failing,
            },
            'codes': dict(faults.CODES),
            'check_order': list(faults.CHECK_ORDER),
            'faults': [injected.as_dict() for injected in plan.injected],
        }
