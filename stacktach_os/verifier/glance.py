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
"""The rules of ``image.exists``: one record per image it lists.

Each image is checked against its usage (``image.upload`` /
``image.activate``) and its delete (``image.delete``). Times are compared
to the second; a value one side does not report is not compared. The
rules, in order:

``no_audit_period``
    The exists has no audit period ending.
``no_usage``
    The upload or activation of the image was never seen.
``usage_mismatch_owner``, ``usage_mismatch_size``,
``usage_mismatch_created_at``
    The image's owner (project), size or creation time differs from the
    usage's.
``delete_mismatch``
    ``deleted_at`` matches no delete of the image, or is not set although
    the image was deleted before the end of the audit period.
"""

import dataclasses
import datetime

from stacktach_os.verifier import base

NO_AUDIT_PERIOD = base.NO_AUDIT_PERIOD
NO_USAGE = 'no_usage'
USAGE_MISMATCH_OWNER = 'usage_mismatch_owner'
USAGE_MISMATCH_SIZE = 'usage_mismatch_size'
USAGE_MISMATCH_CREATED_AT = 'usage_mismatch_created_at'
DELETE_MISMATCH = 'delete_mismatch'


@dataclasses.dataclass(frozen=True)
class Exists(object):
    """What the rules read of one image of an ``image.exists``."""

    image_id: str
    audit_period_beginning: datetime.datetime | None = None
    audit_period_ending: datetime.datetime | None = None
    project_id: str | None = None
    size: int | None = None
    created_at: datetime.datetime | None = None
    deleted_at: datetime.datetime | None = None


@dataclasses.dataclass(frozen=True)
class Usage(object):
    """An image's creation, as the usage records keep it."""

    image_id: str
    project_id: str | None = None
    size: int | None = None
    created_at: datetime.datetime | None = None


@dataclasses.dataclass(frozen=True)
class Delete(object):
    """An image's deletion."""

    image_id: str
    deleted_at: datetime.datetime


def no_usage(exists, usage, delete):
    """``no_usage``: the image's upload or activation was not seen."""
    if usage is None:
        return base.Failure(NO_USAGE, 'image_id: no upload or activation '
                            'of image %s seen' % exists.image_id)
    return None


#: The rules, in the order they run.
RULES = base.resource_rules(no_usage, (
    base.usage_rule(USAGE_MISMATCH_OWNER, 'project_id', 'owner'),
    base.usage_rule(USAGE_MISMATCH_SIZE, 'size'),
    base.usage_rule(USAGE_MISMATCH_CREATED_AT, 'created_at',
                    in_second=True),
), DELETE_MISMATCH)
#: Every failure code, in the order of the rules.
CODES = (NO_AUDIT_PERIOD, NO_USAGE, USAGE_MISMATCH_OWNER,
         USAGE_MISMATCH_SIZE, USAGE_MISMATCH_CREATED_AT, DELETE_MISMATCH)


def verify(exists, usage, delete):
    """Return the Failure of an image's exists, or None when it verifies.

    ``usage`` and ``delete`` are the image's, or None when not seen.
    """
    return base.first_failure(RULES, exists, usage, delete)
