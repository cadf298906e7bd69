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
"""Policy rules of /v1/hosts."""

from stacktach_os.policies import base

LIST = 'stacktach_os:hosts:list'
ALL_PROJECTS = 'stacktach_os:hosts:all_projects'

rules = [
    base.read_rule(
        LIST, 'List the hosts that sent the events of a project.',
        '/v1/hosts',
        'The target project is the project_id parameter or, without '
        'one, the project of the token.'),
    base.all_projects_rule('hosts', '/v1/hosts'),
]


def list_rules():
    """Return the rules of /v1/hosts."""
    return rules
