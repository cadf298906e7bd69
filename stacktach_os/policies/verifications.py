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
"""Policy rules of /v1/verifications."""

from stacktach_os.policies import base

LIST = 'stacktach_os:verifications:list'
SUMMARY = 'stacktach_os:verifications:summary'
ALL_PROJECTS = 'stacktach_os:verifications:all_projects'

_TARGET = ('The target project is the project_id parameter or, without '
           'one, the project of the token.')

rules = [
    base.read_rule(
        LIST, 'List the verifier\'s verdicts on the usage (exists) records '
        'of a project, filtered and paged.', '/v1/verifications', _TARGET),
    base.read_rule(
        SUMMARY, 'Count the exists records of a project per audit period, '
        'resource type, verification status and failure code.',
        '/v1/verifications/summary', _TARGET),
    base.all_projects_rule('verifications', '/v1/verifications'),
]


def list_rules():
    """Return the rules of /v1/verifications."""
    return rules
