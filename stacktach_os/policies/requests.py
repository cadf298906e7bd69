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
"""Policy rules of /v1/requests."""

from stacktach_os.policies import base

LIST = 'stacktach_os:requests:list'
GET = 'stacktach_os:requests:get'
ALL_PROJECTS = 'stacktach_os:requests:all_projects'

rules = [
    base.read_rule(
        LIST, 'List the requests (request ids) of a project, with their '
        'times, durations and outcomes.', '/v1/requests',
        'The target project is the project_id parameter or, without '
        'one, the project of the token.'),
    base.read_rule(
        GET, 'Show a request: every notification of its request id in '
        'order, its timings, duration and outcome. The target project is '
        'the request\'s; a request outside the caller\'s reach is not '
        'found (404).', '/v1/requests/{request_id}'),
    base.all_projects_rule('requests', '/v1/requests'),
]


def list_rules():
    """Return the rules of /v1/requests."""
    return rules
