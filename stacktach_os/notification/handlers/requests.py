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
"""The requests handler: where every request went, and how long it took.

Every notification with a request id, from any service, counts towards
its request: the first and last notification, the last ``.end``, the
first notification of an API service (the start of the KPI) and errors.
A batch adds up its notifications per request id; the store adds that to
what it knows.
"""

from stacktach_os.db import requests
from stacktach_os.notification.handlers import base
from stacktach_os.notification.handlers import reading
from stacktach_os.notification import nova


def is_error(notification):
    """True for error notifications: by priority or ``.error`` type."""
    return (nova.is_error_priority(notification.priority)
            or (notification.event_type or '').endswith('.error'))


class RequestHandler(base.Handler):
    """Adds the notifications of each request id up into its request."""

    def handle(self, session, items):
        """Record the requests of ``items``."""
        activities = {}

        def read(item):
            notification = item.notification
            description = item.description
            request_id = description.get('request_id')
            when = notification.timestamp
            if not request_id or when is None:
                return
            activity = activities.get(request_id)
            if activity is None:
                activity = activities[request_id] = requests.Activity(
                    request_id=request_id, deployment=item.deployment,
                    first_generated=when,
                    first_event_type=notification.event_type,
                    last_generated=when)
            elif when < activity.first_generated:
                activity.first_generated = when
                activity.first_event_type = notification.event_type
                activity.deployment = item.deployment
            activity.last_generated = max(activity.last_generated, when)
            activity.global_request_id = (
                activity.global_request_id
                or description.get('global_request_id'))
            activity.project_id = (activity.project_id
                                   or description.get('project_id'))
            activity.notification_count += 1
            if is_error(notification):
                activity.error_count += 1
            event_type = notification.event_type or ''
            if event_type.endswith('.end') and (
                    activity.end_generated is None
                    or when >= activity.end_generated):
                activity.end_generated = when
                activity.end_event_type = event_type
            if requests.is_api_publisher(notification.publisher_id):
                activity.api_generated = min(
                    when, activity.api_generated or when)

        reading.each(items, read, 'request')
        requests.record(session, list(activities.values()))
