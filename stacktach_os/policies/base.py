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
"""The personas every stacktach_os policy rule is built from.

Keystone's default roles imply one another (admin > member > reader), so
a member or an admin also holds the reader role:

- admin: ``role:admin`` on any scope. Sees every project's rows.
- system reader: ``role:reader`` on the system scope. Sees every
  project's rows, read-only, without being an admin of any project.
- project reader (member): ``role:reader`` on the project of the rows.

The rule names are ``stacktach_os:<resource>:<action>``; each resource
also has an ``all_projects`` rule saying who may see every project's rows.
"""

from oslo_policy import policy

#: Who is an admin: the admin role, on a project or on the system.
ADMIN = 'rule:context_is_admin'
#: A reader (or member, or admin) of the whole deployment.
SYSTEM_READER = 'rule:system_reader'
#: A reader (or member) of the project of the target.
PROJECT_READER = 'rule:project_reader'
#: A member of the project of the target.
PROJECT_MEMBER = 'rule:project_member'
#: Who may see the rows of every project.
ADMIN_OR_SYSTEM_READER = 'rule:admin_or_system_reader'
#: Who may read the rows of the target's project.
ANY_READER = 'rule:admin_or_system_reader or rule:project_reader'

#: Every rule accepts project-scoped and system-scoped tokens.
SCOPE_TYPES = ['system', 'project']

rules = [
    policy.RuleDefault(
        name='context_is_admin',
        check_str='role:admin',
        description='Decides who is an administrator of stacktach_os.'),
    policy.RuleDefault(
        name='system_reader',
        check_str='role:reader and system_scope:all',
        description='A reader of the whole deployment (a system-scoped '
                    'token with the reader role, or a role implying it).'),
    policy.RuleDefault(
        name='project_reader',
        check_str='role:reader and project_id:%(project_id)s',
        description='A reader of the project that owns the target.'),
    policy.RuleDefault(
        name='project_member',
        check_str='role:member and project_id:%(project_id)s',
        description='A member of the project that owns the target.'),
    policy.RuleDefault(
        name='admin_or_system_reader',
        check_str='rule:context_is_admin or rule:system_reader',
        description='Who may read the rows of every project.'),
]


def list_rules():
    """Return the base rules."""
    return rules


def read_rule(name, description, path, scope_note=None):
    """A rule for reading rows of the target's project (``project_id``)."""
    return policy.DocumentedRuleDefault(
        name=name,
        check_str=ANY_READER,
        scope_types=SCOPE_TYPES,
        description=description + (' ' + scope_note if scope_note else ''),
        operations=[{'path': path, 'method': 'GET'}])


def all_projects_rule(resource, path):
    """The rule saying who may list the rows of every project."""
    description = (
        'List the %s of every project, or of a project other than the '
        'token\'s (the all_projects and project_id parameters). Callers '
        'who pass this rule see every project unless they ask for one; the '
        'others see the project of their token only.'
        % resource.replace('_', ' '))
    return policy.DocumentedRuleDefault(
        name='stacktach_os:%s:all_projects' % resource,
        check_str=ADMIN_OR_SYSTEM_READER,
        scope_types=SCOPE_TYPES,
        description=description,
        operations=[
            {'path': path + '?all_projects=true', 'method': 'GET'},
            {'path': path + '?project_id={project_id}', 'method': 'GET'},
        ])
