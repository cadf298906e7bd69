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
"""The rules of ``compute.instance.exists`` (and ``instance.exists``).

An instance's exists is checked against every launch (create, rebuild,
resize, revert, rescue) and every delete of the instance that was seen.
Times are compared to the second. The rules, in the order they run (the
first failure is the verdict; the codes of stacktach_os.notigen.faults
come in the order it documents):

``no_audit_period``
    The exists has no audit period ending.
``missing_launched_at``
    No ``launched_at`` although the instance is in a state that needs
    one (active, stopped...), or although a launch of it was seen before
    the audit period ended.
``no_launch``
    No launch of the instance was ever seen.
``deleted_at_before_launched_at``
    ``deleted_at`` is before ``launched_at``.
``launch_mismatch_launched_at``
    No launch of the instance in the second of ``launched_at``, or
    ``launched_at`` is not before the end of the audit period.
``launch_mismatch_flavor``, ``launch_mismatch_tenant``,
``launch_mismatch_os_architecture``, ``launch_mismatch_os_distro``,
``launch_mismatch_os_version``
    The launch of that second was of another flavor, project or image
    (os architecture, distro, version); a value one side does not report
    is not compared.
``state_mismatch``
    ``deleted_at`` is set but the state is not ``deleted``.
``delete_mismatch``
    ``deleted_at`` matches no delete of the instance, or it is not set
    although a delete of the instance within the audit period was seen.
``multiple_deletes``
    The launch was deleted more than once (deletes at different seconds,
    up to the end of the audit period).
``delete_mismatch_launched_at``
    The delete of ``deleted_at`` was of another launch.
"""

import dataclasses
import datetime

from stacktach_os.verifier import base

NO_AUDIT_PERIOD = base.NO_AUDIT_PERIOD
MISSING_LAUNCHED_AT = 'missing_launched_at'
NO_LAUNCH = 'no_launch'
DELETED_AT_BEFORE_LAUNCHED_AT = 'deleted_at_before_launched_at'
LAUNCH_MISMATCH_LAUNCHED_AT = 'launch_mismatch_launched_at'
LAUNCH_MISMATCH_FLAVOR = 'launch_mismatch_flavor'
LAUNCH_MISMATCH_TENANT = 'launch_mismatch_tenant'
LAUNCH_MISMATCH_OS_ARCHITECTURE = 'launch_mismatch_os_architecture'
LAUNCH_MISMATCH_OS_DISTRO = 'launch_mismatch_os_distro'
LAUNCH_MISMATCH_OS_VERSION = 'launch_mismatch_os_version'
STATE_MISMATCH = 'state_mismatch'
DELETE_MISMATCH = 'delete_mismatch'
MULTIPLE_DELETES = 'multiple_deletes'
DELETE_MISMATCH_LAUNCHED_AT = 'delete_mismatch_launched_at'

#: The states of an instance that may never have been launched.
NEVER_LAUNCHED_STATES = frozenset(('building', 'error', 'deleted'))
DELETED = 'deleted'


@dataclasses.dataclass(frozen=True)
class Exists(object):
    """What the rules read of an instance exists record."""

    instance_id: str
    audit_period_beginning: datetime.datetime | None = None
    audit_period_ending: datetime.datetime | None = None
    launched_at: datetime.datetime | None = None
    deleted_at: datetime.datetime | None = None
    state: str | None = None
    project_id: str | None = None
    flavor_id: str | None = None
    flavor_name: str | None = None
    os_architecture: str | None = None
    os_distro: str | None = None
    os_version: str | None = None


@dataclasses.dataclass(frozen=True)
class Launch(object):
    """A launch of an instance, as the usage records keep it."""

    instance_id: str
    launched_at: datetime.datetime
    project_id: str | None = None
    flavor_id: str | None = None
    flavor_name: str | None = None
    os_architecture: str | None = None
    os_distro: str | None = None
    os_version: str | None = None


@dataclasses.dataclass(frozen=True)
class Delete(object):
    """A delete of an instance (one per ``delete.end`` seen)."""

    instance_id: str
    deleted_at: datetime.datetime
    launched_at: datetime.datetime | None = None


def _before_ending(exists, when):
    return base.second(when) < exists.audit_period_ending


def _launches_of_second(exists, launches):
    """The launches in the second of the exists' ``launched_at``."""
    return [launch for launch in launches
            if base.same_second(launch.launched_at, exists.launched_at)]


def _nearest(launches, exists):
    """The launch a reason names: the latest one before the ending."""
    before = [launch for launch in launches
              if _before_ending(exists, launch.launched_at)]
    chosen = sorted(before or launches, key=lambda launch: launch.launched_at)
    return chosen[-1] if chosen else None


def missing_launched_at(exists, launches, deletes):
    """``missing_launched_at``: no launched_at where one is needed."""
    if exists.launched_at is not None:
        return None
    if exists.state not in NEVER_LAUNCHED_STATES:
        return base.Failure(
            MISSING_LAUNCHED_AT,
            'launched_at: exists none, in state %s' % base.shown(
                exists.state))
    seen = [launch for launch in launches
            if _before_ending(exists, launch.launched_at)]
    if seen:
        return base.mismatch(MISSING_LAUNCHED_AT, 'launched_at', None,
                             'launch', _nearest(seen, exists).launched_at)
    return None


def no_launch(exists, launches, deletes):
    """``no_launch``: no launch of the instance was seen at all."""
    if exists.launched_at is not None and not launches:
        return base.Failure(
            NO_LAUNCH, 'launched_at: exists %s, no launch of instance %s '
            'seen' % (base.shown(exists.launched_at), exists.instance_id))
    return None


def deleted_at_before_launched_at(exists, launches, deletes):
    """``deleted_at_before_launched_at``: deleted before launched."""
    if (exists.launched_at is not None and exists.deleted_at is not None
            and base.second(exists.deleted_at)
            < base.second(exists.launched_at)):
        return base.Failure(
            DELETED_AT_BEFORE_LAUNCHED_AT,
            'deleted_at: exists %s < launched_at: exists %s' % (
                base.shown(exists.deleted_at),
                base.shown(exists.launched_at)))
    return None


def launch_mismatch_launched_at(exists, launches, deletes):
    """``launch_mismatch_launched_at``: no launch in that second."""
    if exists.launched_at is None:
        return None
    if not _before_ending(exists, exists.launched_at):
        return base.Failure(
            LAUNCH_MISMATCH_LAUNCHED_AT,
            'launched_at: exists %s is not before audit_period_ending %s'
            % (base.shown(exists.launched_at),
               base.shown(exists.audit_period_ending)))
    if not _launches_of_second(exists, launches):
        nearest = _nearest(launches, exists)
        return base.mismatch(LAUNCH_MISMATCH_LAUNCHED_AT, 'launched_at',
                             exists.launched_at, 'launch',
                             nearest.launched_at if nearest else None)
    return None


def _launch_field(code, field):
    """A rule: some launch of that second agrees on ``field``."""
    def rule(exists, launches, deletes):
        matching = _launches_of_second(exists, launches)
        if not matching or exists.launched_at is None:
            return None
        value = getattr(exists, field)
        if any(base.agree(value, getattr(launch, field))
               for launch in matching):
            return None
        return base.mismatch(code, field, value, 'launch',
                             getattr(matching[-1], field))
    rule.__name__ = code
    rule.__doc__ = '``%s``: the launch has another %s.' % (code, field)
    return rule


launch_mismatch_flavor = _launch_field(LAUNCH_MISMATCH_FLAVOR, 'flavor_id')
launch_mismatch_tenant = _launch_field(LAUNCH_MISMATCH_TENANT, 'project_id')
launch_mismatch_os_architecture = _launch_field(
    LAUNCH_MISMATCH_OS_ARCHITECTURE, 'os_architecture')
launch_mismatch_os_distro = _launch_field(LAUNCH_MISMATCH_OS_DISTRO,
                                          'os_distro')
launch_mismatch_os_version = _launch_field(LAUNCH_MISMATCH_OS_VERSION,
                                           'os_version')


def state_mismatch(exists, launches, deletes):
    """``state_mismatch``: deleted_at is set, the state is not deleted."""
    if (exists.deleted_at is not None and exists.state is not None
            and exists.state != DELETED):
        return base.Failure(
            STATE_MISMATCH, 'state: exists %s != %s (deleted_at: exists %s)'
            % (exists.state, DELETED, base.shown(exists.deleted_at)))
    return None


def _in_period(exists, when):
    when = base.second(when)
    beginning = exists.audit_period_beginning
    return ((beginning is None or beginning <= when)
            and when < exists.audit_period_ending)


def delete_mismatch(exists, launches, deletes):
    """``delete_mismatch``: deleted_at disagrees with the deletes seen."""
    if exists.deleted_at is not None:
        if any(base.same_second(delete.deleted_at, exists.deleted_at)
               for delete in deletes):
            return None
        other = sorted(delete.deleted_at for delete in deletes)
        return base.mismatch(DELETE_MISMATCH, 'deleted_at',
                             exists.deleted_at, 'delete',
                             other[-1] if other else None)
    within = sorted(delete.deleted_at for delete in deletes
                    if _in_period(exists, delete.deleted_at))
    if within:
        return base.mismatch(DELETE_MISMATCH, 'deleted_at', None, 'delete',
                             within[0])
    return None


def _deletes_of_launch(exists, deletes):
    return [delete for delete in deletes
            if delete.launched_at is None or exists.launched_at is None
            or base.same_second(delete.launched_at, exists.launched_at)]


def multiple_deletes(exists, launches, deletes):
    """``multiple_deletes``: the launch was deleted more than once."""
    seconds = sorted({
        base.second(delete.deleted_at)
        for delete in _deletes_of_launch(exists, deletes)
        if _before_ending(exists, delete.deleted_at)})
    if len(seconds) > 1:
        return base.Failure(
            MULTIPLE_DELETES, 'deleted_at: %d deletes of the launch at %s: '
            '%s' % (len(seconds), base.shown(exists.launched_at),
                    ', '.join(base.shown(when) for when in seconds)))
    return None


def delete_mismatch_launched_at(exists, launches, deletes):
    """``delete_mismatch_launched_at``: the delete is of another launch."""
    if exists.deleted_at is None:
        return None
    matching = [delete for delete in deletes
                if base.same_second(delete.deleted_at, exists.deleted_at)]
    if any(base.agree_in_second(exists.launched_at, delete.launched_at)
           for delete in matching):
        return None
    return base.mismatch(DELETE_MISMATCH_LAUNCHED_AT, 'launched_at',
                         exists.launched_at, 'delete',
                         matching[-1].launched_at)


no_audit_period = base.no_audit_period


#: The rules, in the order they run.
RULES = (
    no_audit_period,
    missing_launched_at,
    no_launch,
    deleted_at_before_launched_at,
    launch_mismatch_launched_at,
    launch_mismatch_flavor,
    launch_mismatch_tenant,
    launch_mismatch_os_architecture,
    launch_mismatch_os_distro,
    launch_mismatch_os_version,
    state_mismatch,
    delete_mismatch,
    multiple_deletes,
    delete_mismatch_launched_at,
)
#: Every failure code, in the order of the rules.
CODES = (
    NO_AUDIT_PERIOD,
    MISSING_LAUNCHED_AT,
    NO_LAUNCH,
    DELETED_AT_BEFORE_LAUNCHED_AT,
    LAUNCH_MISMATCH_LAUNCHED_AT,
    LAUNCH_MISMATCH_FLAVOR,
    LAUNCH_MISMATCH_TENANT,
    LAUNCH_MISMATCH_OS_ARCHITECTURE,
    LAUNCH_MISMATCH_OS_DISTRO,
    LAUNCH_MISMATCH_OS_VERSION,
    STATE_MISMATCH,
    DELETE_MISMATCH,
    MULTIPLE_DELETES,
    DELETE_MISMATCH_LAUNCHED_AT,
)


def verify(exists, launches, deletes):
    """Return the Failure of an instance exists, or None when it verifies.

    ``launches`` and ``deletes`` are every launch and delete of the
    instance that was seen.
    """
    return base.first_failure(RULES, exists, launches, deletes)
