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
"""Convert extracted values to the trait types.

The rules are Ceilometer's (``str()``, ``int()``, ``float()`` and
``oslo_utils.timeutils.parse_isotime``), so that the same definitions give
the same values, with three differences that keep stored values exact:
text is never cropped, integers must fit in 64 bits, and floats must be
finite. A value that cannot be converted raises :class:`ConversionError`.
"""

import datetime
import math
import re

from oslo_utils import timeutils

from stacktach_os.notification.distiller import models

INT64_MIN = -2 ** 63
INT64_MAX = 2 ** 63 - 1


class ConversionError(ValueError):
    """A value cannot be converted to the type of its trait."""


def _describe(value):
    text = repr(value)
    if len(text) > 80:
        text = text[:77] + '...'
    return text


def to_text(value):
    """Return ``value`` as text (``str()``; bytes are decoded as UTF-8)."""
    if isinstance(value, str):
        return value
    if isinstance(value, bytes):
        try:
            return value.decode('utf-8')
        except UnicodeDecodeError as error:
            raise ConversionError('%s is not UTF-8: %s'
                                  % (_describe(value), error))
    return str(value)


def to_int(value):
    """Return ``value`` as a signed 64-bit integer (``int()`` rules)."""
    if isinstance(value, float) and not math.isfinite(value):
        raise ConversionError('%s is not a finite number' % _describe(value))
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):
        raise ConversionError('%s is not an integer' % _describe(value))
    if not INT64_MIN <= number <= INT64_MAX:
        raise ConversionError('%s does not fit in a 64-bit integer'
                              % _describe(value))
    return number


def to_float(value):
    """Return ``value`` as a finite float (``float()`` rules)."""
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        raise ConversionError('%s is not a number' % _describe(value))
    if not math.isfinite(number):
        raise ConversionError('%s is not a finite number' % _describe(value))
    return number


# The timestamps that datetime.fromisoformat (fast, in C) reads exactly as
# timeutils.parse_isotime does: the usual YYYY-MM-DDTHH:MM:SS[.ffffff]
# with an optional Z or +HH:MM. fromisoformat also takes forms that
# parse_isotime rejects (week dates, any separator, offsets with seconds),
# so anything else is left to parse_isotime.
_PLAIN_TIMESTAMP = re.compile(
    r'\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:\.\d{1,6})?(?:Z|[+-]\d\d:\d\d)?',
    re.ASCII).fullmatch


def parse_plain_timestamp(value):
    """Return a naive UTC datetime of a plain ISO 8601 text, fast, or None.

    None means "not the plain form": parse it with timeutils instead.
    """
    if not isinstance(value, str) or not _PLAIN_TIMESTAMP(value):
        return None
    try:
        result = datetime.datetime.fromisoformat(value)
    except (ValueError, OverflowError):
        return None  # out of range: parse_isotime gives the error
    offset = result.utcoffset()
    if offset is None:
        return result
    try:
        return result.replace(tzinfo=None) - offset
    except OverflowError:
        return None  # at the ends of the calendar: as parse_isotime says


def to_datetime(value):
    """Return ``value`` (ISO 8601 text) as a naive UTC datetime."""
    try:
        if isinstance(value, datetime.datetime):
            return timeutils.normalize_time(value)
        result = parse_plain_timestamp(value)
        if result is not None:
            return result
        return timeutils.normalize_time(timeutils.parse_isotime(value))
    except (TypeError, ValueError, OverflowError):
        raise ConversionError('%s is not an ISO 8601 date and time'
                              % _describe(value))


#: The converter of each trait type.
CONVERTERS = {
    models.TEXT: to_text,
    models.INT: to_int,
    models.FLOAT: to_float,
    models.DATETIME: to_datetime,
}
