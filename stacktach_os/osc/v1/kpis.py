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
"""``openstack stacktach kpi list``: ``GET /v1/kpis``.

A request's KPI is the time from its API request to the ``.end``
notification of its operation.
"""

from stacktach_os.i18n import _
from stacktach_os.osc.v1 import base


class ListKpi(base.ListCommand):
    """List request KPIs: time from the API request to the operation's end."""

    path = '/kpis'
    keys = ('kpis',)
    columns = ('request_id', 'first_event_type', 'kpi', 'duration',
               'outcome', 'api_generated', 'end_generated', 'end_event_type',
               'project_id', 'deployment', 'global_request_id')
    filters = (
        base.Filter('--deployment', 'deployment', '<deployment>',
                    _('List the KPIs of the requests that went through '
                      'this deployment')),
        base.Filter('--outcome', 'outcome', '<outcome>',
                    _('List the KPIs of the requests of this outcome: ok, '
                      'error or unfinished')),
        base.Filter('--end-event-type', 'end_event_type', '<event-type>',
                    _('List the KPIs of the requests whose last .end '
                      'notification is of this type, e.g. '
                      'compute.instance.create.end')),
        base.since(_('KPIs (by the time of the request)')),
        base.until(_('KPIs (by the time of the request)')),
    )
    what = _('KPIs')
    marker = '<request-id>'
    sort_keys = ('first_generated', 'last_generated', 'request_id',
                 'notification_count', 'duration', 'kpi')
