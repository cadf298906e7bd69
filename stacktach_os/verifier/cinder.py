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
"""The rules of ``volume.exists``.

A volume's exists is checked against its usage (``volume.create.end``)
and its delete (``volume.delete.end``). Times are compared to the second;
a value one side does not report is not compared. The rules, in order:

``no_audit_period``
    The exists has no audit period ending.
``no_usage``
    The creation of the volume was never seen.
``usage_mismatch_project``, ``usage_mismatch_size``,
``usage_mismatch_volume_type``, ``usage_mismatch_created_at``,
``usage_mismatch_launched_at``
    The volume's project, size, type, creation or launch time differs
    from the usage's.
``delete_mismatch``
    ``deleted_at`` matches no delete of the volume, or is not set
    although the volume was deleted before the end of the audit period.
"""

import dataclasses
import datetime

from stacktach_os.verifier import base

NO_AUDIT_PERIOD = base.NO_AUDIT_PERIOD
NO_USAGE = 'no_usage'
USAGE_MISMATCH_PROJECT = 'usage_mismatch_project'
USAGE_MISMATCH_SIZE = 'usage_mismatch_size'
USAGE_MISMATCH_VOLUME_TYPE = 'usage_mismatch_volume_type'
USAGE_MISMATCH_CREATED_AT = 'usage_mismatch_created_at'
USAGE_MISMATCH_LAUNCHED_AT = 'usage_mismatch_launched_at'
DELETE_MISMATCH = 'delete_mismatch'


@dataclasses.dataclass(frozen=True)
class Exists(object):
    """What the rules read of a volume exists record."""

    volume_id: str
    audit_period_beginning: datetime.datetime | None = None
    audit_period_ending: datetime.datetime | None = None
    project_id: str | None = None
    size: int | None = None
    volume_type: str | None = None
    created_at: datetime.datetime | None = None
    launched_at: datetime.datetime | None = None
    deleted_at: datetime.datetime | None = None


@dataclasses.dataclass(frozen=True)
class Usage(object):
    """A volume's creation, as the usage records keep it."""

    volume_id: str
    project_id: str | None = None
    size: int | None = None
    volume_type: str | None = None
    created_at: datetime.datetime | None = None
    launched_at: datetime.datetime | None = None


@dataclasses.dataclass(frozen=True)
class Delete(object):
    """A volume's deletion."""

    volume_id: str
    deleted_at: datetime.datetime


def no_usage(exists, usage, delete):
    """``no_usage``: the volume's creation was not seen."""
    if usage is None:
        return base.Failure(NO_USAGE, 'volume_id: no creation of volume %s '
                            'seen' % exists.volume_id)
    return None


#: The rules, in the order they run.
RULES = base.resource_rules(no_usage, (
    base.usage_rule(USAGE_MISMATCH_PROJECT, 'project_id'),
    base.usage_rule(USAGE_MISMATCH_SIZE, 'size'),
    base.usage_rule(USAGE_MISMATCH_VOLUME_TYPE, 'volume_type'),
    base.usage_rule(USAGE_MISMATCH_CREATED_AT, 'created_at',
                    in_second=True),
    base.usage_rule(USAGE_MISMATCH_LAUNCHED_AT, 'launched_at',
                    in_second=True),
), DELETE_MISMATCH)
#: Every failure code, in the order of the rules.
CODES = (NO_AUDIT_PERIOD, NO_USAGE, USAGE_MISMATCH_PROJECT,
         USAGE_MISMATCH_SIZE, USAGE_MISMATCH_VOLUME_TYPE,
         USAGE_MISMATCH_CREATED_AT, USAGE_MISMATCH_LAUNCHED_AT,
         DELETE_MISMATCH)


def verify(exists, usage, delete):
    """Return the Failure of a volume's exists, or None when it verifies.

    ``usage`` and ``delete`` are the volume's, or None when not seen.
    """
    return base.first_failure(RULES, exists, usage, delete)
