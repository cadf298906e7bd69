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
"""The archive handler: keep every notification whole, secrets scrubbed."""

from stacktach_os.db import archive
from stacktach_os.notification.handlers import base


class ArchiveHandler(base.Handler):
    """Stores each notification in the raw archive."""

    def handle(self, session, items):
        """Archive every item, malformed ones with the reason."""
        archive.add_notifications(session, [
            self._row(item) for item in items])

    @staticmethod
    def _row(item):
        notification = item.notification
        description = item.description
        return {
            'message_id': item.message_id,
            'deployment': item.deployment,
            'event_type': notification.event_type,
            'publisher_id': notification.publisher_id,
            'host': description.get('host'),
            'priority': notification.priority,
            'generated': notification.timestamp,
            'received': item.received,
            'request_id': description.get('request_id'),
            'global_request_id': description.get('global_request_id'),
            'project_id': description.get('project_id'),
            'resource_id': description.get('resource_id'),
            'body': item.body_blob,
            'malformed': item.malformed,
            'error': '; '.join(item.problems) or None,
        }
