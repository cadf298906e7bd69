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
"""Fit text into what every supported database can store.

PostgreSQL text cannot hold NUL characters, and no database stores lone
UTF-16 surrogates; indexed columns have a length limit. Values that do not
fit are repaired, and the repair is reported, so that the notification is
stored (and flagged) rather than lost.
"""

import re

_UNSTORABLE = re.compile('[\x00\ud800-\udfff]')
REPLACEMENT = '\ufffd'


def storable_text(value):
    """Return ``value`` made storable, and whether it had to be repaired.

    Unstorable characters are replaced by U+FFFD.
    """
    if value.isascii() and '\x00' not in value:  # the common case, fast
        return value, False
    if _UNSTORABLE.search(value) is None:
        return value, False
    return _UNSTORABLE.sub(REPLACEMENT, value), True


def fit_column(name, value, length, problems):
    """Return ``value`` fitted into a column of ``length`` characters.

    A repaired or shortened value is reported in ``problems``.
    """
    if value is None:
        return None
    value, repaired = storable_text(value)
    if repaired:
        problems.append('%s had characters that cannot be stored; '
                        'replaced with U+FFFD' % name)
    if len(value) > length:
        problems.append('%s is longer than %d characters; shortened'
                        % (name, length))
        value = value[:length]
    return value
