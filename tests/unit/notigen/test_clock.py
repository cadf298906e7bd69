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
"""Simulated time."""

import datetime

import pytest

from stacktach_os.notigen import clock


def test_periods_are_aligned_whatever_the_start():
    run = clock.Clock(datetime.datetime(2026, 3, 1, 10, 17, 5), 0.25)
    assert run.period_of(datetime.datetime(2026, 3, 1, 10, 59, 59)) == (
        datetime.datetime(2026, 3, 1, 10), datetime.datetime(2026, 3, 1, 11))
    assert run.period_endings() == [
        datetime.datetime(2026, 3, 1, hour) for hour in range(11, 17)]


def test_daily_periods_end_at_midnight():
    run = clock.Clock(datetime.datetime(2026, 3, 1, 10), 2, 86400)
    assert run.period_endings() == [datetime.datetime(2026, 3, 2),
                                    datetime.datetime(2026, 3, 3)]


def test_start_parsing():
    assert clock.parse_start('2026-01-05T06:00:00+02:00') == \
        datetime.datetime(2026, 1, 5, 4)
    assert clock.parse_start(' 2026-01-05 ') == datetime.datetime(2026, 1, 5)
    with pytest.raises(ValueError):
        clock.parse_start('tomorrow')


def test_date_formats():
    when = datetime.datetime(2026, 1, 5, 3, 4, 5)
    assert clock.wire(when) == '2026-01-05 03:04:05.000000'
    assert clock.legacy_iso(when) == '2026-01-05T03:04:05.000000'
    assert clock.legacy_iso(None) == ''
    assert clock.legacy_str(when) == '2026-01-05 03:04:05+00:00'
    assert clock.plain(when) == '2026-01-05 03:04:05'
    assert clock.versioned(when.replace(microsecond=7)) == \
        '2026-01-05T03:04:05Z'
    assert clock.versioned(None) is None


def test_bad_spans():
    with pytest.raises(ValueError):
        clock.Clock(datetime.datetime(2026, 1, 1), 0)
    with pytest.raises(ValueError):
        clock.Clock(datetime.datetime(2026, 1, 1), 1, 10)
