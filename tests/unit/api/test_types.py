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
"""The WSME types' JSON."""

import datetime

from wsme.rest import json as wsme_json

from stacktach_os.api.v1 import types


def _json(datatype, value):
    return wsme_json.tojson(datatype, value)


def test_timestamps_are_utc_iso_8601_with_microseconds():
    assert _json(types.timestamp, datetime.datetime(2026, 1, 2, 3, 4, 5)) == (
        '2026-01-02T03:04:05.000000+00:00')
    assert _json(types.timestamp,
                 datetime.datetime(2026, 1, 2, 3, 4, 5, 6)) == (
        '2026-01-02T03:04:05.000006+00:00')


def test_trait_values_keep_their_json_type():
    traits = [types.Trait.from_tuple('a', 'int', 2 ** 62),
              types.Trait.from_tuple('b', 'float', 0.1),
              types.Trait.from_tuple('c', 'text', 'x'),
              types.Trait.from_tuple('d', 'datetime',
                                     datetime.datetime(2026, 1, 1))]
    assert [_json(types.Trait, trait)['value'] for trait in traits] == [
        2 ** 62, 0.1, 'x', '2026-01-01T00:00:00.000000+00:00']


def test_notification_body_is_any_json():
    body = {'payload': {'list': [1, 2.5, None, True, 'x']}}
    notification = types.Notification(body=body, malformed=False)
    assert _json(types.Notification, notification)['body'] == body
