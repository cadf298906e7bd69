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
"""Policy rules of /v1/timings."""

from stacktach_os.policies import base

LIST = 'stacktach_os:timings:list'
SUMMARY = 'stacktach_os:timings:summary'
ALL_PROJECTS = 'stacktach_os:timings:all_projects'

_TARGET = ('The target project is the project_id parameter or, without '
           'one, the project of the token.')

rules = [
    base.read_rule(
        LIST, 'List the operation timings (start, end, duration, outcome) '
        'of a project, filtered and paged.', '/v1/timings', _TARGET),
    base.read_rule(
        SUMMARY, 'Summarize the durations of the operations of a project: '
        'count, outcomes, min, max, mean and percentiles per operation '
        '(or host, deployment).', '/v1/timings/summary', _TARGET),
    base.all_projects_rule('timings', '/v1/timings'),
]


def list_rules():
    """Return the rules of /v1/timings."""
    return rules
