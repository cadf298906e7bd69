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
"""``/v1/requests``: where requests went and how long they took.

- ``GET /v1/requests``: the requests, newest first. Filters:
  ``global_request_id``, ``deployment`` (any deployment the request went
  through), ``outcome`` (``ok``, ``error``, ``unfinished``), ``since``/
  ``until`` (the time of its first notification); ``project_id``,
  ``all_projects``; ``limit``, ``marker`` (a request id), ``sort``
  (``first_generated``, ``last_generated``, ``request_id``,
  ``notification_count``, ``duration``, ``kpi``).
- ``GET /v1/requests/{request_id}``: the request, every notification of
  its request id in event time (with its offset from the first), the
  services, hosts and deployments they came from, and the timed
  operations of the request.
"""

import pecan
from wsme import types as wtypes

from stacktach_os.api import errors
from stacktach_os.api import params
from stacktach_os.api import rbac
from stacktach_os.api.v1 import base
from stacktach_os.api.v1 import filters
from stacktach_os.api.v1 import tracking_types
from stacktach_os.db import requests
from stacktach_os.db import search
from stacktach_os.db import timings
from stacktach_os.i18n import _
from stacktach_os.policies import requests as policy
from stacktach_os.tracing import ids

FILTERS = ('global_request_id', 'deployment', 'outcome', 'since', 'until')
#: The most timings a request document lists.
MAX_TIMINGS = 1000


def _offset(first, when):
    if first is None or when is None:
        return None
    return (when - first).total_seconds()


def _notification(row, first):
    return tracking_types.RequestNotification.from_row(
        row, offset=_offset(first, row.generated),
        service=requests.service_of(row.publisher_id),
        malformed=bool(row.malformed))


def detail(session, row, trace_url_template=None):
    """Return the RequestDetail document of a Request row.

    ``trace_url_template`` makes its trace's link (``{trace_id}``).
    """
    request_id = row.request_id
    who = requests.participants(session, [request_id]).get(request_id)
    notifications = requests.list_notifications(
        session, search.ALL_PROJECTS, request_id)
    runs = timings.list_timings(
        session, search.ALL_PROJECTS,
        search.Page(limit=MAX_TIMINGS, sort=(('generated', search.ASC),)),
        request_id=request_id)
    return tracking_types.RequestDetail.from_row(
        row, trace_url=ids.trace_url(trace_url_template, row.trace_id),
        services=who.services if who else [],
        hosts=who.hosts if who else [],
        deployments=who.deployments if who else [row.deployment],
        notifications=[_notification(notification, row.first_generated)
                       for notification in notifications],
        timings=[tracking_types.Timing.from_row(run) for run in runs])


class RequestsController(base.Controller):
    """``/v1/requests``."""

    @base.expose(tracking_types.RequestCollection)
    def get_all(self):
        """Return a page of the requests that match the filters."""
        request = pecan.request
        query = params.Query(request, FILTERS + params.PAGING +
                             params.PROJECTS)
        scope = rbac.project_scope(request, query, policy.LIST,
                                   policy.ALL_PROJECTS)
        since, until = filters.time_range(query)
        page = query.page(tuple(requests.SORT_KEYS), requests.DEFAULT_SORT)
        found = dict(
            global_request_id=query.text('global_request_id'),
            deployment=query.text('deployment'),
            outcome=filters.choice(query, 'outcome', requests.OUTCOMES),
            since=since, until=until)
        with base.reading(request) as session:
            rows = requests.list_requests(session, scope, page, **found)
            documents = [tracking_types.Request.from_row(row)
                         for row in rows]
        return tracking_types.RequestCollection(
            requests=documents,
            links=base.next_links(request, page,
                                  [row.request_id for row in rows]))

    @base.expose(tracking_types.RequestDetail, wtypes.text)
    def get_one(self, request_id):
        """Return a request with its notifications and timings."""
        request = pecan.request
        params.Query(request)
        params.path_value('request_id', request_id)
        rbac.authorize(request, policy.GET, request.context.project_id)
        with base.reading(request) as session:
            row = requests.get_request(session, search.ALL_PROJECTS,
                                       request_id)
            if row is not None:
                rbac.check_visible(request, policy.GET, row.project_id,
                                   _('Request %s') % request_id)
                return detail(session, row,
                              request.conf.tracing.trace_url_template)
        raise errors.NotFound(_('Request %s not found') % request_id)
