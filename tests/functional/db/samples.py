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
"""Rows the database tests write straight into the tables."""

import datetime

from stacktach_os.db import codec


def archive_rows(*message_ids):
    """Minimal archive rows (an empty payload), one per message id."""
    blob, _clean = codec.encode_body({'payload': {}})
    when = datetime.datetime(2026, 5, 1)
    return [{'message_id': message_id, 'deployment': 'c', 'event_type': 'e',
             'body': blob, 'malformed': False, 'received': when,
             'generated': when} for message_id in message_ids]
