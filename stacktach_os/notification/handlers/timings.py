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
"""The timings handler: how long each operation on an instance took.

Every nova ``X.start``, ``X.end`` and ``X.error`` notification about an
instance (and the legacy error notifications named after the failing
method) is a mark of operation ``X``; the store pairs starts with ends in
event time, whatever order they arrive in.
"""

from stacktach_os.db import timings
from stacktach_os.notification.handlers import base
from stacktach_os.notification.handlers import reading
from stacktach_os.notification import nova


class TimingHandler(base.Handler):
    """Stores the start, end and error marks of instance operations."""

    def handle(self, session, items):
        """Pair the marks of ``items`` with those already stored."""
        marks = []

        def read(item):
            facts = reading.instance_facts(item)
            if facts is None:
                return
            notification = item.notification
            operation, phase = nova.operation(notification.event_type,
                                              notification.priority)
            if phase is None:
                return
            marks.append(timings.Mark(
                family=facts.format,
                instance_id=facts.instance_id,
                operation=operation,
                request_id=item.description.get('request_id'),
                phase=phase,
                generated=notification.timestamp,
                message_id=item.message_id,
                deployment=item.deployment,
                project_id=reading.project_of(item, facts),
                host=item.description.get('host'),
                error_message=(facts.fault or facts.message
                               if phase == nova.ERROR else None)))

        reading.each(items, read, 'operation timing')
        timings.record(session, marks)
