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
stays, so a reader can see that something was there.
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
_CONTAINERS = (dict, list)


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


def scrub(value):
    """Return a copy of ``value`` with every secret replaced.

    Dicts and lists are copied; other values are returned as they are.
    """
    if isinstance(value, dict):
        copy = {}
        for key, item in value.items():
            if item is not None and is_secret_key(key):
                copy[key] = SCRUBBED
            elif isinstance(item, _CONTAINERS):
                copy[key] = scrub(item)
            else:
                copy[key] = item
        return copy
    if isinstance(value, list):
        return [scrub(item) if isinstance(item, _CONTAINERS) else item
                for item in value]
    return value
