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
"""Remove secrets from a notification before anything is stored.

Keys that name a secret (auth tokens, passwords, secrets, private keys,
credentials) and service catalogs have their values replaced by
``SCRUBBED``, at any depth of the context and of the payload. The key
stays, so a reader can see that something was there. The notification
given is never changed: what holds a secret is copied.
"""

import re

SCRUBBED = '***'

_SECRET_KEY = re.compile(
    r'password|passwd|admin_pass|secret|token|private_key|credential|'
    r'catalog', re.IGNORECASE)


# Whether each key seen so far names a secret. Keys repeat across
# notifications, so the regular expression runs once per distinct key.
_SECRET_KEYS = {}
_CACHE_LIMIT = 100000
# What :func:`scrub` reports of a float that is not finite.
NONFINITE = 'nonfinite'
# Classes of the values that hold neither a secret nor a float.
_PLAIN = frozenset((str, int, bool, type(None)))


def is_secret_key(key):
    """Return True when a key's value must never be stored."""
    try:
        return _SECRET_KEYS[key]
    except KeyError:
        pass
    except TypeError:  # an unhashable key cannot name a secret
        return False
    secret = isinstance(key, str) and bool(_SECRET_KEY.search(key))
    if len(_SECRET_KEYS) >= _CACHE_LIMIT:
        _SECRET_KEYS.clear()
    _SECRET_KEYS[key] = secret
    return secret


def scrub(value, report=None):
    """Return ``value`` with every secret replaced, leaving it unchanged.

    Only the dicts and lists that hold a secret, and those that contain
    them, are copied; everything else is returned as it is. When
    ``report`` (a list) is given, ``NONFINITE`` is appended to it once
    for each float found that is not finite (NaN or an infinity): strict
    JSON has no way to write those.
    """
    cls = value.__class__
    if cls is dict or (cls is not list and isinstance(value, dict)):
        return _scrub_dict(value, report)
    if cls is list or isinstance(value, list):
        return _scrub_list(value, report)
    if cls is float and report is not None and value - value != 0:
        report.append(NONFINITE)
    return value


def _scrub_dict(value, report):
    secret_keys = _SECRET_KEYS
    copy = None
    for key, item in value.items():
        secret = secret_keys.get(key)
        if secret is None:
            secret = is_secret_key(key)
        if secret and item is not None:
            replacement = SCRUBBED
        elif item.__class__ in _PLAIN:
            continue
        else:
            replacement = scrub(item, report)
            if replacement is item:
                continue
        if copy is None:
            copy = dict(value)
        copy[key] = replacement
    return value if copy is None else copy


def _scrub_list(value, report):
    copy = None
    for index, item in enumerate(value):
        if item.__class__ in _PLAIN:
            continue
        replacement = scrub(item, report)
        if replacement is not item:
            if copy is None:
                copy = list(value)
            copy[index] = replacement
    return value if copy is None else copy
