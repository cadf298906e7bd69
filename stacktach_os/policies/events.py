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
"""Policy rules of /v1/events."""

from stacktach_os.policies import base

LIST = 'stacktach_os:events:list'
GET = 'stacktach_os:events:get'
GET_NOTIFICATION = 'stacktach_os:events:get_notification'
ALL_PROJECTS = 'stacktach_os:events:all_projects'

rules = [
    base.read_rule(
        LIST, 'List the events of a project, filtered and paged.',
        '/v1/events',
        'The target project is the project_id parameter or, without '
        'one, the project of the token.'),
    base.read_rule(
        GET, 'Show an event with its traits. The target project is the '
        'event\'s; an event outside the caller\'s reach is not found (404).',
        '/v1/events/{message_id}'),
    base.read_rule(
        GET_NOTIFICATION, 'Show the notification an event was made of, as '
        'it was archived (secrets scrubbed). The target project is the '
        'notification\'s; one outside the caller\'s reach is not found.',
        '/v1/events/{message_id}/notification'),
    base.all_projects_rule('events', '/v1/events'),
]


def list_rules():
    """Return the rules of /v1/events."""
    return rules
