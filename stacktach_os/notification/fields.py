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
"""Read typed values out of notification payloads, whatever they hold.

Payloads are written by many releases of many services, and sometimes by
hand: a field may be missing, empty, null or of another type than
expected. These readers return None rather than raise, and fit text into
the columns it is stored in.
"""

import datetime

from stacktach_os.db import types as db_types
from stacktach_os.notification import envelope
from stacktach_os.notification import sanitize

OBJECT_DATA = 'nova_object.data'
OBJECT_NAME = 'nova_object.name'


def object_data(value):
    """Return the fields of an oslo versioned object, or a plain dict.

    ``{"nova_object.data": {...}}`` gives its data; a plain dict is
    returned as it is; anything else gives an empty dict.
    """
    if not isinstance(value, dict):
        return {}
    data = value.get(OBJECT_DATA)
    if isinstance(data, dict):
        return data
    return value


def object_name(value):
    """Return the object name of a versioned payload, or None."""
    if isinstance(value, dict):
        name = value.get(OBJECT_NAME)
        if isinstance(name, str):
            return name
    return None


def dig(value, *path):
    """Follow ``path`` through nested dicts and versioned objects.

    Returns None as soon as a step is missing.
    """
    for key in path:
        value = object_data(value).get(key) if isinstance(value, dict) \
            else None
        if value is None:
            return None
    return value


def text(value, length=db_types.IDENTIFIER_LENGTH):
    """Return ``value`` as storable text of at most ``length`` characters.

    Numbers become text; None, empty text, booleans and containers give
    None.
    """
    if not isinstance(value, str):  # text is the common case: test it first
        if value is None or isinstance(value, bool) \
                or not isinstance(value, (int, float)):
            return None
        value = str(value)
    value = value.strip()
    if not value:
        return None
    value, _repaired = sanitize.storable_text(value)
    return value[:length]


def first_text(mapping, *keys, length=db_types.IDENTIFIER_LENGTH):
    """Return the first of ``keys`` of ``mapping`` that holds text."""
    if not isinstance(mapping, dict):
        return None
    for key in keys:
        value = text(mapping.get(key), length)
        if value is not None:
            return value
    return None


def timestamp(value):
    """Return a naive UTC datetime read from a payload date, or None.

    Accepts ISO 8601 with or without a zone and the ``YYYY-MM-DD
    HH:MM:SS.ffffff`` form of legacy notifications; an empty, null or
    unreadable value gives None.
    """
    if isinstance(value, datetime.datetime):
        return envelope.parse_timestamp(value)
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return envelope.parse_timestamp(value)
    except (ValueError, OverflowError, TypeError):
        return None


def integer(value):
    """Return a 64-bit integer read from a number or numeric text."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, float):
        if value != value or value in (float('inf'), float('-inf')):
            return None
        value = int(value)
    elif isinstance(value, str):
        value = value.strip()
        try:
            value = int(value)
        except ValueError:
            try:
                value = int(float(value))
            except (ValueError, OverflowError):
                return None
    if not isinstance(value, int):
        return None
    if not -2 ** 63 <= value < 2 ** 63:
        return None
    return value


def seconds_between(start, end):
    """Return the seconds from ``start`` to ``end`` (float), or None."""
    if start is None or end is None:
        return None
    return (end - start).total_seconds()
