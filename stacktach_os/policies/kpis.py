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
"""Policy rules of /v1/kpis."""

from stacktach_os.policies import base

LIST = 'stacktach_os:kpis:list'
ALL_PROJECTS = 'stacktach_os:kpis:all_projects'

rules = [
    base.read_rule(
        LIST, 'List the KPIs of the requests of a project: the time from '
        'the API\'s first notification to the final .end.', '/v1/kpis',
        'The target project is the project_id parameter or, without '
        'one, the project of the token.'),
    base.all_projects_rule('kpis', '/v1/kpis'),
]


def list_rules():
    """Return the rules of /v1/kpis."""
    return rules
