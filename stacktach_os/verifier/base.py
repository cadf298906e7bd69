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
"""What the rules of every resource type share.

A rule is a function of an exists record and what was seen of its
resource; it returns a :class:`Failure` (a stable code and a reason that
names the field and both values) or None. A resource type's rules run in
a fixed order and the first failure is the verdict; an exists that
passes them all is verified.
"""

import dataclasses
import datetime

#: The audit period is missing: the record cannot be placed in time.
NO_AUDIT_PERIOD = 'no_audit_period'


@dataclasses.dataclass(frozen=True)
class Failure(object):
    """Why an exists record does not verify."""

    code: str
    reason: str

    def text(self):
        """Return ``code: reason``, as the exists record keeps it."""
        return '%s: %s' % (self.code, self.reason)


def shown(value):
    """Return a value as a reason shows it: times to the microsecond."""
    if value is None:
        return 'none'
    if isinstance(value, datetime.datetime):
        return value.strftime('%Y-%m-%dT%H:%M:%S.%f')
    return str(value)


def difference(field, exists_value, other, other_value):
    """Return ``field: exists X != <other> Y``."""
    return '%s: exists %s != %s %s' % (
        field, shown(exists_value), other, shown(other_value))


def mismatch(code, field, exists_value, other, other_value):
    """Return the Failure ``field: exists X != <other> Y``."""
    return Failure(code, difference(field, exists_value, other,
                                    other_value))


def second(when):
    """Return ``when`` without its fraction of a second (None stays)."""
    return when.replace(microsecond=0) if when is not None else None


def same_second(first, other):
    """True when two times fall in the same second (or both are None).

    nova's formats differ in precision (the legacy one has microseconds,
    the versioned one whole seconds), so times are compared to the second.
    """
    return second(first) == second(other)


def agree(first, other):
    """True unless both values are known and differ.

    A value one side does not report (None) cannot contradict the other:
    the two nova formats do not carry the same fields.
    """
    return first is None or other is None or first == other


def agree_in_second(first, other):
    """:func:`agree` for times, compared to the second."""
    return first is None or other is None or same_second(first, other)


def no_audit_period(exists, *_others):
    """``no_audit_period``: the record has no audit period ending.

    The first rule of every kind of exists, whatever else it is given.
    """
    if exists.audit_period_ending is None:
        return Failure(NO_AUDIT_PERIOD,
                       'audit_period_ending: exists none')
    return None


def single_delete_mismatch(code, exists, delete):
    """The delete rule of images and volumes (one delete per resource).

    A reported ``deleted_at`` must be that of the delete; a delete before
    the end of the audit period must be reported.
    """
    if exists.deleted_at is not None:
        if delete is None or not same_second(delete.deleted_at,
                                             exists.deleted_at):
            return mismatch(code, 'deleted_at', exists.deleted_at,
                            'delete', delete and delete.deleted_at)
        return None
    if (delete is not None
            and second(delete.deleted_at) < exists.audit_period_ending):
        return mismatch(code, 'deleted_at', None, 'delete',
                        delete.deleted_at)
    return None


def usage_rule(code, field, label=None, in_second=False):
    """Return the rule of images and volumes on one field of the usage.

    The rule ``(exists, usage, delete)`` fails with ``code`` when the
    exists' ``field`` contradicts its usage's (times to the second, with
    ``in_second``); ``label`` names the field in the failure's reason.
    """
    agrees = agree_in_second if in_second else agree
    label = label or field

    def rule(exists, usage, delete):
        value, usage_value = getattr(exists, field), getattr(usage, field)
        if not agrees(value, usage_value):
            return mismatch(code, label, value, 'usage', usage_value)
        return None

    rule.__name__ = code
    rule.__doc__ = "``%s``: another %s than the usage's." % (code, label)
    return rule


def resource_rules(no_usage, usage_rules, delete_code):
    """Return the rules of an image or volume exists, in order.

    The audit period, the usage seen (``no_usage``), the ``usage_rules``,
    then the delete (:func:`single_delete_mismatch` with
    ``delete_code``).
    """
    def delete_rule(exists, usage, delete):
        return single_delete_mismatch(delete_code, exists, delete)

    # Each rule is named after its failure code.
    delete_rule.__name__ = delete_code
    delete_rule.__doc__ = ('``%s``: deleted_at disagrees with the delete '
                           'seen.' % delete_code)
    return (no_audit_period, no_usage) + tuple(usage_rules) + (delete_rule,)


def first_failure(rules, *args):
    """Run ``rules`` in order; return the first Failure, or None."""
    for rule in rules:
        failure = rule(*args)
        if failure is not None:
            return failure
    return None


def pick(cls, row):
    """Build dataclass ``cls`` from the like-named keys of a row dict."""
    return cls(**{field.name: row.get(field.name)
                  for field in dataclasses.fields(cls)})
