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
"""Policy rules of /v1/instances: current states, lifecycles, timings."""

from stacktach_os.policies import base

LIST = 'stacktach_os:instances:list'
GET = 'stacktach_os:instances:get'
LIFECYCLE = 'stacktach_os:instances:lifecycle'
TIMINGS = 'stacktach_os:instances:timings'
ALL_PROJECTS = 'stacktach_os:instances:all_projects'

_TARGET = ('The target project is the project_id parameter or, without '
           'one, the project of the token.')

rules = [
    base.read_rule(
        LIST, 'List the current state of the instances of a project.',
        '/v1/instances', _TARGET),
    base.read_rule(
        GET, 'Show the current state of an instance. The target project is '
        'the instance\'s; an instance outside the caller\'s reach is not '
        'found (404).', '/v1/instances/{instance_id}'),
    base.read_rule(
        LIFECYCLE, 'Show the state transitions of an instance, in event '
        'time, and its current state.', '/v1/instances/{instance_id}/'
        'lifecycle', _TARGET),
    base.read_rule(
        TIMINGS, 'List the timed operations of an instance.',
        '/v1/instances/{instance_id}/timings', _TARGET),
    base.all_projects_rule('instances', '/v1/instances'),
]


def list_rules():
    """Return the rules of /v1/instances."""
    return rules
