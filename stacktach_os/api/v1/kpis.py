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
"""``/v1/kpis``: request KPIs, StackTach's measure of a cloud's speed.

A request's KPI is the time from its first notification by an API
service to its last ``.end`` notification, whatever cells and hosts it
went through. The list holds the requests that have one, newest first,
as the documents of ``/v1/requests``. Filters: ``deployment`` (any
deployment the request went through), ``outcome`` (``ok``, ``error``),
``end_event_type`` (the type of the last ``.end``, e.g.
``compute.instance.create.end``), ``since``/``until`` (the time of the
request's first notification); ``project_id``, ``all_projects``;
``limit``, ``marker`` (a request id) and ``sort`` (those of
``/v1/requests``, e.g. ``kpi:desc`` for the slowest first).
"""

import pecan

from stacktach_os.api import params
from stacktach_os.api import rbac
from stacktach_os.api.v1 import base
from stacktach_os.api.v1 import filters
from stacktach_os.api.v1 import tracking_types
from stacktach_os.db import requests
from stacktach_os.db import tracking_views
from stacktach_os.policies import kpis as policy

FILTERS = ('deployment', 'outcome', 'end_event_type', 'since', 'until')


class KpisController(base.Controller):
    """``/v1/kpis``."""

    @base.expose(tracking_types.KpiCollection)
    def get_all(self):
        """Return a page of the requests that have a KPI."""
        request = pecan.request
        query = params.Query(request, FILTERS + params.PAGING +
                             params.PROJECTS)
        scope = rbac.project_scope(request, query, policy.LIST,
                                   policy.ALL_PROJECTS)
        since, until = filters.time_range(query)
        page = query.page(tuple(requests.SORT_KEYS), requests.DEFAULT_SORT)
        found = dict(
            deployment=query.text('deployment'),
            outcome=filters.choice(query, 'outcome', requests.OUTCOMES),
            end_event_type=query.text('end_event_type'),
            since=since, until=until)
        with base.reading(request) as session:
            rows = tracking_views.list_kpis(session, scope, page, **found)
            documents = [tracking_types.Request.from_row(row)
                         for row in rows]
        return tracking_types.KpiCollection(
            kpis=documents,
            links=base.next_links(request, page,
                                  [row.request_id for row in rows]))
