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
"""The lifecycle handler: every instance state change, and the latest.

For each nova notification that reports an instance's state (legacy or
versioned), a transition row is kept, and the instance's current state
becomes this one unless a later notification, in event time, is already
known.
"""

from stacktach_os.db import lifecycle
from stacktach_os.notification.handlers import base
from stacktach_os.notification.handlers import reading


class LifecycleHandler(base.Handler):
    """Stores instance state transitions and current states."""

    def handle(self, session, items):
        """Store the transitions and states that ``items`` report."""
        transitions = []
        states = []

        def read(item):
            facts = reading.instance_facts(item)
            if facts is None or not facts.has_state:
                return
            notification = item.notification
            description = item.description
            project_id = reading.project_of(item, facts)
            transitions.append({
                'message_id': item.message_id,
                'instance_id': facts.instance_id,
                'deployment': item.deployment,
                'project_id': project_id,
                'generated': notification.timestamp,
                'event_type': notification.event_type,
                'request_id': description.get('request_id'),
                'host': description.get('host'),
                'reported_old': facts.reports_old,
                'old_state': facts.old_state,
                'state': facts.state,
                'old_task_state': facts.old_task_state,
                'task_state': facts.task_state,
            })
            states.append({
                'instance_id': facts.instance_id,
                'deployment': item.deployment,
                'project_id': project_id,
                'state': facts.state,
                'task_state': facts.task_state,
                'host': facts.host,
                'last_generated': notification.timestamp,
                'last_message_id': item.message_id,
                'last_event_type': notification.event_type,
            })

        reading.each(items, read, 'instance state')
        lifecycle.add_transitions(session, transitions)
        lifecycle.update_states(session, states)
