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
"""Policy rules of /v1/event_types."""

from stacktach_os.policies import base

LIST = 'stacktach_os:event_types:list'
LIST_TRAITS = 'stacktach_os:event_types:list_traits'
ALL_PROJECTS = 'stacktach_os:event_types:all_projects'

_TARGET = ('The target project is the project_id parameter or, without '
           'one, the project of the token.')

rules = [
    base.read_rule(
        LIST, 'List the event types of the events of a project.',
        '/v1/event_types', _TARGET),
    base.read_rule(
        LIST_TRAITS, 'List the trait names and types of the events of one '
        'type in a project.', '/v1/event_types/{event_type}/traits',
        _TARGET),
    base.all_projects_rule('event_types', '/v1/event_types'),
]


def list_rules():
    """Return the rules of /v1/event_types."""
    return rules
