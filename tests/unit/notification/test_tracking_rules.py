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
"""The pure rules of the tracking handlers: pairing and request sums."""

import datetime

from stacktach_os.db import requests
from stacktach_os.db import timings

T0 = datetime.datetime(2026, 1, 1)


def _mark(phase, seconds, message_id):
    return timings.Mark(
        family='legacy', instance_id='i-1', operation='create',
        request_id='req-1', phase=phase,
        generated=T0 + datetime.timedelta(seconds=seconds),
        message_id=message_id, deployment='cell1')


def _pairs(*marks):
    return [(start and start.message_id, end and end.message_id)
            for start, end in timings.pair(marks)]


def test_pairs_in_event_time_whatever_the_order():
    marks = [_mark('end', 5, 'e1'), _mark('start', 1, 's1'),
             _mark('error', 9, 'x2'), _mark('start', 6, 's2')]
    assert _pairs(*marks) == [('s1', 'e1'), ('s2', 'x2')]
    assert _pairs(*reversed(marks)) == [('s1', 'e1'), ('s2', 'x2')]


def test_unmatched_starts_and_ends_stay_alone():
    assert _pairs(_mark('end', 1, 'e0'), _mark('start', 2, 's1'),
                  _mark('start', 3, 's2'), _mark('end', 4, 'e2'),
                  _mark('start', 5, 's3')) == [
        (None, 'e0'), ('s1', None), ('s2', 'e2'), ('s3', None)]


def test_a_start_and_end_at_the_same_time_pair():
    assert _pairs(_mark('end', 1, 'a'), _mark('start', 1, 'b')) == [
        ('b', 'a')]


def test_slots_keep_formats_and_requests_apart():
    slots = {timings.slot_of(family, 'i-1', 'create', request_id)
             for family in ('legacy', 'versioned')
             for request_id in ('req-1', None)}
    assert len(slots) == 4
    assert all(len(slot) == 64 for slot in slots)


def test_service_of_publishers():
    assert requests.service_of('nova-compute:host-1') == (
        'nova-compute')
    assert requests.service_of('compute.host-1.example') == 'compute'
    assert requests.service_of('nova-api') == 'nova-api'
    assert requests.service_of('') is None
    assert requests.service_of(None) is None
    assert requests.is_api('nova-api')
    assert requests.is_api('api')
    assert not requests.is_api('compute')
