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
"""Billing errors injected on purpose, and the verdict each one must get.

Every ``compute.instance.exists`` the simulator sends matches the
instance's history, so that a correct verifier verifies it, except the
ones altered here when faults are asked for. Each altered exists is
recorded in the run's manifest with the failure code a verifier must
give it. The codes, in the order a verifier checks them (the first check
that fails gives the code):

``no_launch``
    No launch of the instance was ever seen: the exists bills an instance
    that never ran (fault ``never_launched``: an exists for an instance
    whose build failed).
``deleted_at_before_launched_at``
    The exists says the instance was deleted before it was launched
    (fault ``deleted_before_launched``).
``launch_mismatch_launched_at``
    The exists' ``launched_at`` matches no launch of the instance
    (``create.end``, ``rebuild.end``, ``finish_resize.end``,
    ``rescue.end``, ``resize.revert.end``) seen before the end of the
    audit period (fault ``wrong_launched_at``).
``launch_mismatch_flavor``
    The launch the exists names was of another flavor (fault
    ``wrong_flavor``).
``launch_mismatch_tenant``
    The launch the exists names was of another project (fault
    ``wrong_tenant``).
``delete_mismatch``
    The exists' ``deleted_at`` disagrees with the deletes seen: it reports
    none although a ``delete.end`` within the audit period was seen (fault
    ``missing_delete``), or one that matches no delete (fault
    ``phantom_delete``).

Launched and deleted times are compared to the second. Faults are spread
over the kinds in turn, each on a different exists; with both formats an
altered exists is altered in both, and both are in the manifest.
"""

import dataclasses
import datetime

from stacktach_os.notigen import events
from stacktach_os.notigen import model
from stacktach_os.notigen import states

CODES = {
    'no_launch': 'no launch of the instance was seen',
    'deleted_at_before_launched_at':
        'the exists reports a deletion before the launch',
    'launch_mismatch_launched_at':
        'launched_at matches no launch of the instance',
    'launch_mismatch_flavor': 'the flavor differs from the launch\'s',
    'launch_mismatch_tenant': 'the project differs from the launch\'s',
    'delete_mismatch': 'deleted_at disagrees with the deletes seen',
}
# The order in which a verifier checks; the first failure is the verdict.
CHECK_ORDER = ('no_launch', 'deleted_at_before_launched_at',
               'launch_mismatch_launched_at', 'launch_mismatch_flavor',
               'launch_mismatch_tenant', 'delete_mismatch')

# Fault kinds, in the order they are spread, and the code each must get.
KINDS = {
    'wrong_flavor': 'launch_mismatch_flavor',
    'wrong_launched_at': 'launch_mismatch_launched_at',
    'missing_delete': 'delete_mismatch',
    'never_launched': 'no_launch',
    'deleted_before_launched': 'deleted_at_before_launched_at',
    'wrong_tenant': 'launch_mismatch_tenant',
    'phantom_delete': 'delete_mismatch',
}


class FaultPlanError(ValueError):
    """The faults asked for cannot be injected in this run."""


@dataclasses.dataclass
class Injected(object):
    """One altered exists, as the manifest records it."""

    kind: str
    code: str
    instance_id: str
    tenant_id: str
    audit_period_beginning: datetime.datetime
    audit_period_ending: datetime.datetime
    field: str
    expected: object
    reported: object
    changes: dict
    host: str | None = None
    bandwidth: dict | None = None
    message_ids: list = dataclasses.field(default_factory=list)
    event_types: list = dataclasses.field(default_factory=list)

    @property
    def key(self):
        """The (instance, beginning, ending) of the exists altered."""
        return (self.instance_id, self.audit_period_beginning,
                self.audit_period_ending)

    def as_dict(self):
        """Return the manifest entry."""
        return {
            'fault': self.kind,
            'code': self.code,
            'instance_id': self.instance_id,
            'tenant_id': self.tenant_id,
            'audit_period_beginning': _text(self.audit_period_beginning),
            'audit_period_ending': _text(self.audit_period_ending),
            'field': self.field,
            'expected': _text(self.expected),
            'reported': _text(self.reported),
            'event_types': list(self.event_types),
            'message_ids': list(self.message_ids),
        }


def _text(value):
    if isinstance(value, datetime.datetime):
        return value.strftime('%Y-%m-%dT%H:%M:%S.%f')
    return value


class Plan(object):
    """The exists to alter in a run, found by a first, silent run."""

    def __init__(self):
        """An empty plan."""
        self.injected = []
        self.by_key = {}
        self.extra = {}  # audit period ending -> [Injected] to add

    def add(self, injected):
        """Add an altered exists."""
        self.injected.append(injected)
        self.by_key[injected.key] = injected
        if injected.kind == 'never_launched':
            self.extra.setdefault(injected.audit_period_ending,
                                  []).append(injected)

    def extra_at(self, ending, host):
        """Return the exists to add at ``ending`` on ``host``."""
        return [injected for injected in self.extra.get(ending, ())
                if injected.host == host]

    def __len__(self):
        return len(self.injected)


@dataclasses.dataclass
class _Candidate(object):
    view: object
    beginning: datetime.datetime
    ending: datetime.datetime


def _seconds(value):
    return datetime.timedelta(seconds=value)


def _shifted_launch(rng, view, launches):
    launched = set(launches.get(view.uuid, ()))
    shift = _seconds(rng.randint(5, 240) * 60 + rng.randint(1, 59))
    wrong = view.launched_at - shift
    while wrong in launched:
        wrong -= _seconds(61)
    return wrong


def _make(kind, rng, candidate, launches, tenants):
    view = candidate.view
    common = dict(kind=kind, code=KINDS[kind], instance_id=view.uuid,
                  tenant_id=view.tenant_id,
                  audit_period_beginning=candidate.beginning,
                  audit_period_ending=candidate.ending)
    if kind == 'wrong_flavor':
        other = rng.choice([flavor for flavor in model.FLAVORS
                            if flavor != view.flavor])
        return Injected(field='flavor', expected=view.flavor.flavorid,
                        reported=other.flavorid,
                        changes={'flavor': other}, **common)
    if kind == 'wrong_launched_at':
        wrong = _shifted_launch(rng, view, launches)
        return Injected(field='launched_at', expected=view.launched_at,
                        reported=wrong, changes={'launched_at': wrong},
                        **common)
    if kind == 'wrong_tenant':
        other = rng.choice([tenant for tenant in tenants
                            if tenant != view.tenant_id])
        return Injected(field='tenant_id', expected=view.tenant_id,
                        reported=other, changes={'tenant_id': other},
                        **common)
    if kind == 'missing_delete':
        return Injected(field='deleted_at', expected=view.deleted_at,
                        reported=None, changes={
                            'deleted_at': None, 'terminated_at': None,
                            'vm_state': states.ACTIVE, 'task_state': None,
                            'power_state': states.POWER_RUNNING},
                        **common)
    if kind == 'phantom_delete':
        low = max(candidate.beginning, view.launched_at) + _seconds(1)
        high = candidate.ending - _seconds(1)
        span = int((high - low).total_seconds())
        deleted = (low + _seconds(rng.randint(0, span))).replace(
            microsecond=0)
        return Injected(field='deleted_at', expected=None, reported=deleted,
                        changes={'deleted_at': deleted,
                                 'terminated_at': deleted,
                                 'vm_state': states.DELETED,
                                 'task_state': None}, **common)
    if kind == 'deleted_before_launched':
        deleted = view.launched_at - _seconds(
            rng.randint(1, 120) * 60 + rng.randint(1, 59))
        return Injected(field='deleted_at', expected=view.deleted_at,
                        reported=deleted,
                        changes={'deleted_at': deleted,
                                 'terminated_at': deleted}, **common)
    raise ValueError('unknown fault kind %r' % kind)


def _eligible(kind, candidate):
    view = candidate.view
    if kind in ('wrong_flavor', 'wrong_launched_at', 'wrong_tenant'):
        return True
    if kind in ('missing_delete', 'deleted_before_launched'):
        return view.deleted_at is not None
    if kind == 'phantom_delete':
        if view.deleted_at is not None:
            return False
        low = max(candidate.beginning, view.launched_at) + _seconds(1)
        return candidate.ending - _seconds(1) > low
    return False


def _never_launched(simulation):
    """Return [(instance, beginning, ending)] exists could be faked for."""
    found = []
    length = simulation.clock.audit_period
    endings = simulation.clock.period_endings()
    for instance in simulation.instances:
        if instance.launched:
            continue
        for ending in endings:
            beginning = ending - length
            deleted = instance.deleted_at
            if instance.created_at < ending and (
                    deleted is None or deleted >= beginning):
                found.append((instance, beginning, ending))
    return found


def _fake_exists(rng, simulation, instance, beginning, ending):
    """Return an exists for an instance that never ran."""
    host = rng.choice(simulation.cloud.hosts)
    launched = min(instance.created_at + _seconds(rng.randint(30, 600)),
                   ending - _seconds(1)).replace(microsecond=0)
    return Injected(
        kind='never_launched', code=KINDS['never_launched'],
        instance_id=instance.uuid, tenant_id=instance.tenant.project_id,
        audit_period_beginning=beginning, audit_period_ending=ending,
        field='launched_at', expected=None, reported=launched,
        changes={'launched_at': launched, 'host': host.name,
                 'cell': host.cell},
        host=host.name,
        bandwidth={'public': (rng.randrange(10 ** 8), rng.randrange(10 ** 8)),
                   'private': (rng.randrange(10 ** 8),
                               rng.randrange(10 ** 8))})


def _pop_unused(pool, used):
    while pool and pool[-1] in used:
        pool.pop()
    return pool.pop() if pool else None


def plan(simulation, rng, count=None, ratio=None):
    """Plan faults over the exists of a silent run.

    ``simulation`` is a fresh :class:`simulation.Simulation` of the same
    settings as the run to alter; it is run to its end here. Give either
    ``count`` faults or a ``ratio`` of the exists. Raises
    :class:`FaultPlanError` when the run has too few exists.
    """
    candidates = []
    launches = {}
    for event in simulation.events():
        if event.kind == events.EXISTS:
            candidates.append(_Candidate(event.view, event.extra['beginning'],
                                         event.extra['ending']))
        elif event.view is not None and event.view.launched_at is not None:
            launches.setdefault(event.view.uuid, set()).add(
                event.view.launched_at)
    if ratio is not None:
        count = count_for_ratio(ratio, len(candidates))
    result = Plan()
    if not count or count <= 0:
        return result
    tenants = [simulation.cloud.admin.project_id] + [
        tenant.project_id for tenant in simulation.cloud.tenants]
    unlaunched = _never_launched(simulation)
    rng.shuffle(unlaunched)
    total = len(candidates) + len(unlaunched)
    if count > total:
        raise FaultPlanError(
            'cannot inject %d faults: this run sends only %d exists (add '
            'instances or days, or inject fewer)' % (count, total))
    pools = {}
    for kind in KINDS:
        if kind == 'never_launched':
            continue
        pool = [index for index, candidate in enumerate(candidates)
                if _eligible(kind, candidate)]
        rng.shuffle(pool)
        pools[kind] = pool
    used = set()
    kinds = list(KINDS)
    for number in range(count):
        for turn in range(len(kinds)):
            kind = kinds[(number + turn) % len(kinds)]
            if kind == 'never_launched':
                if not unlaunched:
                    continue
                instance, beginning, ending = unlaunched.pop()
                result.add(_fake_exists(rng, simulation, instance,
                                        beginning, ending))
                break
            index = _pop_unused(pools[kind], used)
            if index is None:
                continue
            used.add(index)
            result.add(_make(kind, rng, candidates[index], launches,
                             tenants))
            break
        else:
            raise FaultPlanError(
                'cannot inject %d faults: only %d exists can be altered'
                % (count, number))
    return result


def count_for_ratio(ratio, exists):
    """Return how many of ``exists`` exists a ratio of errors makes."""
    if not 0 <= ratio <= 1:
        raise FaultPlanError('the share of billing errors must be between '
                             '0 and 1, not %r' % (ratio,))
    return int(round(ratio * exists))
