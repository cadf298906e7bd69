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
"""``/v1/timings``: how long operations took, one by one or summarized.

Filters of both (each at most once): ``operation`` (the event type
without its prefix and phase: ``create``, ``resize.prep`` for legacy
nova and ``resize_prep`` for versioned, ``scheduler.select_destinations``),
``instance_id``, ``request_id``, ``host`` (where the operation
started), ``deployment``, ``outcome`` (``ok``, ``error``,
``unmatched``), ``since`` (inclusive) and ``until`` (exclusive) on the
start's time; ``project_id`` and ``all_projects``.

- ``GET /v1/timings``: a page of timings; ``limit``, ``marker`` (a
  timing id), ``sort`` (``generated``, ``duration``, ``operation``;
  default ``generated:desc``).
- ``GET /v1/timings/summary``: count, outcomes, min, max, mean, p50, p95
  and p99 of the durations per group, computed by the database over
  every matching timing (never a sample). ``group_by`` is one or more of
  ``operation``, ``host``, ``deployment``, ``project_id``, separated by
  commas (default ``operation``; ``operation,host`` gives the figures of
  each operation on each host). Not paged.
"""

import pecan

from stacktach_os.api import params
from stacktach_os.api import rbac
from stacktach_os.api.v1 import base
from stacktach_os.api.v1 import filters
from stacktach_os.api.v1 import tracking_types
from stacktach_os.db import timings
from stacktach_os.db import tracking_views
from stacktach_os.policies import timings as policy

FILTERS = ('operation', 'instance_id', 'request_id', 'host', 'deployment',
           'outcome', 'since', 'until')
DEFAULT_GROUPS = ('operation',)


def _filters(query):
    since, until = filters.time_range(query)
    return dict(
        operation=query.text('operation'),
        instance_id=query.text('instance_id'),
        request_id=query.text('request_id'), host=query.text('host'),
        deployment=query.text('deployment'),
        outcome=filters.choice(query, 'outcome', timings.OUTCOMES),
        since=since, until=until)


class SummaryController(base.Controller):
    """``/v1/timings/summary``."""

    @base.expose(tracking_types.TimingSummary)
    def get_all(self):
        """Return the statistics of each group of the matching timings."""
        request = pecan.request
        query = params.Query(request, FILTERS + ('group_by',) +
                             params.PROJECTS)
        scope = rbac.project_scope(request, query, policy.SUMMARY,
                                   policy.ALL_PROJECTS)
        group_by = filters.choices(query, 'group_by', tuple(timings.GROUPS),
                                   DEFAULT_GROUPS)
        found = _filters(query)
        with base.reading(request) as session:
            groups = tracking_views.summarize_timings(
                session, scope, group_by=group_by, **found)
        return tracking_types.TimingSummary(
            summary=[tracking_types.TimingStatistics(**group)
                     for group in groups],
            links=[])


class TimingsController(base.Controller):
    """``/v1/timings``."""

    summary = SummaryController()

    @base.expose(tracking_types.TimingCollection)
    def get_all(self):
        """Return a page of the timings that match the filters."""
        request = pecan.request
        query = params.Query(request, FILTERS + params.PAGING +
                             params.PROJECTS)
        scope = rbac.project_scope(request, query, policy.LIST,
                                   policy.ALL_PROJECTS)
        found = _filters(query)
        page = query.page(tuple(timings.SORT_KEYS), timings.DEFAULT_SORT)
        with base.reading(request) as session:
            rows = timings.list_timings(session, scope, page, **found)
            documents = [tracking_types.Timing.from_row(row)
                         for row in rows]
        return tracking_types.TimingCollection(
            timings=documents,
            links=base.next_links(request, page,
                                  [str(row.id) for row in rows]))
