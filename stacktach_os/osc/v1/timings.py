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
"""``openstack stacktach timing ...``: how long operations take.

``timing list``: ``GET /v1/timings``; ``timing summary``:
``GET /v1/timings/summary`` (count, outcomes, min, max, mean and
percentiles of the durations per operation, or per operation and
host..., over every matching timing).
"""

from stacktach_os.i18n import _
from stacktach_os.osc.v1 import base

TIMING_COLUMNS = ('id', 'operation', 'instance_id', 'start_generated',
                  'end_generated', 'duration', 'outcome', 'host',
                  'end_host', 'request_id', 'deployment', 'project_id',
                  'error_message')
SORT_KEYS = ('generated', 'duration', 'operation')
GROUPS = ('operation', 'host', 'deployment', 'project_id')

TIMING_FILTERS = (
    base.Filter('--operation', 'operation', '<operation>',
                _('List the timings of this operation, e.g. create, '
                  'resize.prep (legacy nova), resize_prep (versioned '
                  'nova), scheduler.select_destinations')),
    base.Filter('--instance', 'instance_id', '<instance-id>',
                _('List the timings of this instance')),
    base.Filter('--request', 'request_id', '<request-id>',
                _('List the timings of this request (req-...)')),
    base.Filter('--host', 'host', '<host>',
                _('List the timings of operations that started on this '
                  'host')),
    base.Filter('--deployment', 'deployment', '<deployment>',
                _('List the timings of this deployment')),
    base.Filter('--outcome', 'outcome', '<outcome>',
                _('List the timings of this outcome: ok, error or '
                  'unmatched (a start without end, or an end without '
                  'start)')),
    base.since(_('timings (by their start)')),
    base.until(_('timings (by their start)')),
)


class ListTiming(base.ListCommand):
    """List operation timings: each operation's start, end and duration."""

    path = '/timings'
    keys = ('timings',)
    columns = TIMING_COLUMNS
    filters = TIMING_FILTERS
    what = _('timings')
    marker = '<timing-id>'
    sort_keys = SORT_KEYS


class SummarizeTimings(base.ListCommand):
    """Summarize timings per operation: count, min, max, mean, percentiles."""

    path = '/timings/summary'
    keys = ('summary',)
    columns = GROUPS + ('count', 'ok', 'errors', 'unmatched', 'timed',
                        'min', 'max', 'mean', 'p50', 'p95', 'p99')
    filters = TIMING_FILTERS + (
        base.Filter('--group-by', 'group_by', '<field>[,<field>...]',
                    _('Summarize per value of these fields, separated by '
                      'commas: %s (default: operation; operation,host '
                      'gives the figures of each operation on each host)')
                    % ', '.join(GROUPS)),
    )
    what = _('timings')
    paging = ()
