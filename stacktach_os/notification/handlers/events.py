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
"""The events handler: store each distilled event and its traits."""

from stacktach_os.db import events
from stacktach_os.notification.handlers import base


class EventHandler(base.Handler):
    """Stores the event the distiller made of each notification."""

    def handle(self, session, items):
        """Store the events of the items that have one."""
        events.add_events(session, [
            (self._row(item), item.event.traits)
            for item in items if item.event is not None])

    @staticmethod
    def _row(item):
        description = item.description
        return {
            'message_id': item.message_id,
            'event_type': item.event.event_type,
            'generated': item.event.generated,
            'deployment': item.deployment,
            'project_id': description.get('project_id'),
            'resource_id': description.get('resource_id'),
            'request_id': description.get('request_id'),
            'host': description.get('host'),
        }
