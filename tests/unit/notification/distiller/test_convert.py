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
"""Converting extracted values to the four trait types."""

import datetime

import pytest

from stacktach_os.notification.distiller import convert


@pytest.mark.parametrize('value, expected', [
    ('abc', 'abc'),
    ('', ''),
    (12, '12'),
    (1.5, '1.5'),
    (True, 'True'),
    (b'caf\xc3\xa9', 'caf\xe9'),
    ('\u2603 snow \U0001f600', '\u2603 snow \U0001f600'),
    ('x' * 100000, 'x' * 100000),   # never cropped
])
def test_text(value, expected):
    assert convert.to_text(value) == expected


def test_text_of_undecodable_bytes():
    with pytest.raises(convert.ConversionError, match='not UTF-8'):
        convert.to_text(b'\xff\xfe')


@pytest.mark.parametrize('value, expected', [
    (42, 42),
    ('42', 42),
    (' -7 ', -7),
    (3.9, 3),          # int() truncates, as Ceilometer does
    (True, 1),
    (2 ** 63 - 1, 2 ** 63 - 1),
    (-2 ** 63, -2 ** 63),
])
def test_int(value, expected):
    assert convert.to_int(value) == expected


@pytest.mark.parametrize('value, reason', [
    ('4.5', 'not an integer'),
    ('twelve', 'not an integer'),
    ({'a': 1}, 'not an integer'),
    ([1], 'not an integer'),
    (2 ** 63, 'does not fit in a 64-bit integer'),
    (str(-2 ** 63 - 1), 'does not fit in a 64-bit integer'),
    (float('nan'), 'not a finite number'),
    (float('inf'), 'not a finite number'),
    ('9' * 5000, 'not an integer'),
])
def test_bad_int(value, reason):
    with pytest.raises(convert.ConversionError, match=reason):
        convert.to_int(value)


@pytest.mark.parametrize('value, expected', [
    (1.25, 1.25),
    ('2.5', 2.5),
    (3, 3.0),
    ('1e3', 1000.0),
    (False, 0.0),
])
def test_float(value, expected):
    result = convert.to_float(value)
    assert result == expected and isinstance(result, float)


@pytest.mark.parametrize('value', ['nan', 'inf', '-inf', '1e400', 'abc',
                                   None, [1.0]])
def test_bad_float(value):
    with pytest.raises(convert.ConversionError):
        convert.to_float(value)


@pytest.mark.parametrize('value, expected', [
    ('2025-03-14T09:26:53.589793', datetime.datetime(
        2025, 3, 14, 9, 26, 53, 589793)),
    ('2025-03-14 09:26:53.589793', datetime.datetime(
        2025, 3, 14, 9, 26, 53, 589793)),
    ('2025-03-14T09:26:53Z', datetime.datetime(2025, 3, 14, 9, 26, 53)),
    ('2025-03-14T11:26:53.000001+02:00', datetime.datetime(
        2025, 3, 14, 9, 26, 53, 1)),
    ('2025-03-14', datetime.datetime(2025, 3, 14)),
    (datetime.datetime(2025, 3, 14, 9, 0, tzinfo=datetime.timezone(
        datetime.timedelta(hours=-5))), datetime.datetime(2025, 3, 14, 14)),
])
def test_datetime(value, expected):
    result = convert.to_datetime(value)
    assert result == expected
    assert result.tzinfo is None


@pytest.mark.parametrize('value', ['yesterday', '2025-13-01T00:00:00',
                                   1710408413, None, {'t': 1},
                                   '0001-01-01T00:00:00+01:00'])
def test_bad_datetime(value):
    with pytest.raises(convert.ConversionError, match='ISO 8601'):
        convert.to_datetime(value)


def test_long_values_are_shortened_in_messages():
    with pytest.raises(convert.ConversionError) as error:
        convert.to_int('z' * 1000)
    assert len(str(error.value)) < 120
