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
"""Policy rules of /v1/usage: the usage records billing relies on."""

from oslo_policy import policy

from stacktach_os.policies import base

LIST = 'stacktach_os:usage:list'
ALL_PROJECTS = 'stacktach_os:usage:all_projects'

#: The lists of usage records, below /v1/usage.
PATHS = ('/v1/usage/launches', '/v1/usage/deletes', '/v1/usage/exists',
         '/v1/usage/images/usage', '/v1/usage/images/deletes',
         '/v1/usage/images/exists', '/v1/usage/volumes/usage',
         '/v1/usage/volumes/deletes', '/v1/usage/volumes/exists')

rules = [
    policy.DocumentedRuleDefault(
        name=LIST,
        check_str=base.ANY_READER,
        scope_types=base.SCOPE_TYPES,
        description='List the usage records of a project: instance '
                    'launches, deletes and exists, image and volume usage, '
                    'deletes and exists. The target project is the '
                    'project_id parameter or, without one, the project of '
                    'the token.',
        operations=[{'path': path, 'method': 'GET'} for path in PATHS]),
    policy.DocumentedRuleDefault(
        name=ALL_PROJECTS,
        check_str=base.ADMIN_OR_SYSTEM_READER,
        scope_types=base.SCOPE_TYPES,
        description='List the usage records of every project, or of a '
                    'project other than the token\'s (the all_projects and '
                    'project_id parameters). Callers who pass this rule '
                    'see every project unless they ask for one; the others '
                    'see the project of their token only.',
        operations=[{'path': path + query, 'method': 'GET'}
                    for path in PATHS
                    for query in ('?all_projects=true',
                                  '?project_id={project_id}')]),
]


def list_rules():
    """Return the rules of /v1/usage."""
    return rules
