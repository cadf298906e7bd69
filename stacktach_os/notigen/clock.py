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
"""Simulated time: the run's span, audit periods, and how dates are written.

All times are naive datetimes in UTC with microseconds. Nothing here reads
the wall clock: a run's times depend on its start and its seed only.

Audit periods are aligned on multiples of their length since the epoch, as
nova aligns ``instance_usage_audit_period = hour`` on the hour: a period of
3600 s runs from one full hour to the next whatever the run's start.
"""

import datetime

EPOCH = datetime.datetime(1970, 1, 1)
DEFAULT_START = datetime.datetime(2026, 1, 5)
DEFAULT_AUDIT_PERIOD = 3600


def parse_start(text):
    """Return the naive UTC datetime of an ISO 8601 start; ValueError."""
    try:
        value = datetime.datetime.fromisoformat(text.strip())
    except (AttributeError, ValueError):
        raise ValueError('start %r is not an ISO 8601 date and time '
                         '(e.g. 2026-01-05T00:00:00)' % (text,))
    if value.tzinfo is not None:
        value = value.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    return value


def whole_second(when):
    """Return ``when`` without its microseconds.

    Nova's database keeps whole seconds: ``launched_at``, ``deleted_at``
    and ``terminated_at`` read back from it have none.
    """
    return when.replace(microsecond=0)


class Clock(object):
    """The span of a run and its audit periods."""

    def __init__(self, start, days, audit_period=DEFAULT_AUDIT_PERIOD):
        """A run from ``start`` for ``days`` (a float) of simulated time."""
        if days <= 0:
            raise ValueError('days must be positive, not %r' % (days,))
        if audit_period < 60:
            raise ValueError('the audit period must be at least 60 seconds, '
                             'not %r' % (audit_period,))
        self.start = start
        self.end = start + datetime.timedelta(days=days)
        self.audit_period = datetime.timedelta(seconds=audit_period)

    def period_of(self, when):
        """Return (beginning, ending) of the audit period holding ``when``."""
        length = self.audit_period
        beginning = EPOCH + ((when - EPOCH) // length) * length
        return beginning, beginning + length

    def period_endings(self):
        """Return the endings of the audit periods that end in the run."""
        _beginning, ending = self.period_of(self.start)
        endings = []
        while ending <= self.end:
            endings.append(ending)
            ending += self.audit_period
        return endings

    def at(self, seconds):
        """Return the time ``seconds`` after the start."""
        return self.start + datetime.timedelta(seconds=seconds)

    @property
    def seconds(self):
        """The length of the run in seconds."""
        return (self.end - self.start).total_seconds()


def after(when, seconds):
    """Return ``when`` plus ``seconds`` (a float), to the microsecond."""
    return when + datetime.timedelta(microseconds=round(seconds * 1e6))


# How the services write dates. Instance dates repeat in every exists of
# an instance, so their texts are remembered.

_MEMO_LIMIT = 200000


def _memo(function):
    memo = {}

    def format_date(when):
        try:
            return memo[when]
        except KeyError:
            pass
        if len(memo) >= _MEMO_LIMIT:
            memo.clear()
        text = memo[when] = function(when)
        return text

    format_date.__doc__ = function.__doc__
    format_date.__name__ = function.__name__
    return format_date


def wire(when):
    """The notification timestamp, as oslo.messaging writes it."""
    return when.isoformat(' ', 'microseconds')


@_memo
def legacy_iso(when):
    """Nova's legacy ``null_safe_isotime``: ISO with µs, '' for None."""
    if when is None:
        return ''
    return when.isoformat('T', 'microseconds')


@_memo
def legacy_str(when):
    """Nova's legacy ``str(created_at)`` of an aware UTC datetime."""
    if when is None:
        return ''
    return when.isoformat(' ', 'seconds') + '+00:00'


@_memo
def plain(when):
    """``str()`` of a naive datetime, as audit periods are written."""
    if when is None:
        return ''
    return str(when)


@_memo
def versioned(when):
    """An oslo.versionedobjects DateTimeField: ISO, whole seconds, Z."""
    if when is None:
        return None
    return when.isoformat('T', 'seconds') + 'Z'
