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
"""A reference reading of a simulated run, to check the simulator with.

Reads the notifications the simulator wrote with stacktach_os's own
readers (envelope, nova, glance, cinder), rebuilds each instance's,
image's and volume's history from them, and verifies every exists against
that history with the rules and codes of stacktach_os.notigen.faults.
"""

import collections
import datetime

from stacktach_os.notification import cinder
from stacktach_os.notification import envelope
from stacktach_os.notification import glance
from stacktach_os.notification import nova

Launch = collections.namedtuple('Launch', 'launched_at flavor_id project_id')
PHASE_END = 'end'


def _second(when):
    return when.replace(microsecond=0) if when is not None else None


class History(object):
    """What a run's notifications say happened, and the exists' verdicts."""

    def __init__(self, bodies):
        """Read every notification of a run (listener-shape dicts)."""
        self.launches = collections.defaultdict(list)
        self.deletes = {}
        self.exists = []  # (message_id, InstanceFacts)
        self.images = {}  # id -> {'facts', 'activated', 'deleted_at'}
        self.image_exists = []
        self.volumes = {}
        self.volume_exists = []
        for body in bodies:
            self._read(envelope.from_listener(body))

    def _read(self, notification):
        event_type = notification.event_type
        if event_type.startswith('image.'):
            self._read_image(notification)
            return
        if event_type.startswith('volume.'):
            self._read_volume(notification)
            return
        facts = nova.read_instance(notification)
        if facts is None:
            return
        if event_type in nova.EXISTS_EVENTS:
            self.exists.append((notification.message_id, facts))
        elif nova.LAUNCH_EVENTS.get(event_type) == PHASE_END:
            self.launches[facts.instance_id].append(Launch(
                _second(facts.launched_at), facts.flavor_id,
                facts.project_id))
        elif event_type in nova.DELETE_EVENTS:
            self.deletes[facts.instance_id] = _second(facts.deleted_at)

    def _read_image(self, notification):
        if notification.event_type == glance.EXISTS_EVENT:
            self.image_exists.append(glance.read_exists(notification))
            return
        facts = glance.read_image(notification)
        record = self.images.setdefault(facts.image_id, {
            'facts': facts, 'activated': False, 'deleted_at': None})
        if notification.event_type == 'image.activate':
            record['activated'] = True
            record['facts'] = facts
        elif notification.event_type == glance.DELETE_EVENT:
            record['deleted_at'] = facts.deleted_at

    def _read_volume(self, notification):
        facts = cinder.read_volume(notification)
        if notification.event_type == cinder.EXISTS_EVENT:
            self.volume_exists.append(facts)
            return
        record = self.volumes.setdefault(facts.volume_id, {
            'created': None, 'deleted_at': None})
        if notification.event_type == cinder.USAGE_EVENT:
            record['created'] = facts
        elif notification.event_type == cinder.DELETE_EVENT:
            record['deleted_at'] = facts.deleted_at

    # Instances.

    def verdict(self, facts):
        """Return the failure code of an exists, or None when it verifies.

        The checks run in the order of faults.CHECK_ORDER.
        """
        launches = self.launches.get(facts.instance_id)
        if not launches:
            return 'no_launch'
        launched_at = _second(facts.launched_at)
        deleted_at = _second(facts.deleted_at)
        if deleted_at is not None and deleted_at < launched_at:
            return 'deleted_at_before_launched_at'
        matches = [launch for launch in launches
                   if launch.launched_at == launched_at
                   and launched_at < facts.audit_period_ending]
        if not matches:
            return 'launch_mismatch_launched_at'
        if all(launch.flavor_id != facts.flavor_id for launch in matches):
            return 'launch_mismatch_flavor'
        if all(launch.project_id != facts.project_id for launch in matches):
            return 'launch_mismatch_tenant'
        deleted = self.deletes.get(facts.instance_id)
        if deleted_at is not None:
            if deleted != deleted_at:
                return 'delete_mismatch'
        elif (deleted is not None
                and facts.audit_period_beginning <= deleted
                < facts.audit_period_ending):
            return 'delete_mismatch'
        return None

    def failures(self):
        """Return {message_id: code} of the exists that do not verify."""
        found = {}
        for message_id, facts in self.exists:
            code = self.verdict(facts)
            if code is not None:
                found[message_id] = code
        return found

    def missing_exists(self, period_endings, length):
        """Return the (instance, ending) of periodic exists never sent.

        An instance launched before a period's end and not deleted before
        its beginning must have one exists for it.
        """
        sent = set()
        for _message_id, facts in self.exists:
            if (facts.audit_period_ending - facts.audit_period_beginning
                    == length):
                sent.add((facts.instance_id, facts.audit_period_ending))
        missing = []
        for instance_id, launches in self.launches.items():
            first = min(launch.launched_at for launch in launches)
            deleted = self.deletes.get(instance_id)
            for ending in period_endings:
                beginning = ending - length
                if first < ending and (deleted is None
                                       or deleted >= beginning):
                    if (instance_id, ending) not in sent:
                        missing.append((instance_id, ending))
        return missing

    # Images and volumes.

    def image_problems(self):
        """Return what in the image.exists disagrees with the images."""
        problems = []
        for exists in self.image_exists:
            for image in exists.images:
                record = self.images.get(image.image_id)
                if record is None or not record['activated']:
                    problems.append(('never activated', image.image_id))
                    continue
                if record['facts'].size != image.size:
                    problems.append(('size', image.image_id))
                deleted = record['deleted_at']
                if image.deleted_at != (
                        deleted if deleted is not None
                        and deleted < exists.audit_period_ending else None):
                    problems.append(('deleted_at', image.image_id))
        return problems

    def volume_problems(self):
        """Return what in the volume.exists disagrees with the volumes."""
        problems = []
        for exists in self.volume_exists:
            record = self.volumes.get(exists.volume_id)
            created = record and record['created']
            if created is None:
                problems.append(('never created', exists.volume_id))
                continue
            for field in ('launched_at', 'size', 'volume_type', 'project_id'):
                if getattr(created, field) != getattr(exists, field):
                    problems.append((field, exists.volume_id))
            deleted = record['deleted_at']
            if deleted is not None and deleted < exists.audit_period_ending:
                if exists.deleted_at != deleted:
                    problems.append(('deleted_at', exists.volume_id))
            elif exists.deleted_at is not None:
                problems.append(('deleted_at', exists.volume_id))
        return problems


def period_endings(start, end, length):
    """Return the aligned audit period endings within [start, end]."""
    epoch = datetime.datetime(1970, 1, 1)
    ending = epoch + ((start - epoch) // length) * length + length
    endings = []
    while ending <= end:
        endings.append(ending)
        ending += length
    return endings
