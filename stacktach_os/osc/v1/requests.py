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
"""``openstack stacktach request show``: where a request spent its time.

``GET /v1/requests/{request_id}``: the request's times, duration, KPI and
outcome, every notification of the request in order (with its offset in
seconds from the first) and the timed operations of the request; its
trace id, and the link to its trace where the API has a
``[tracing] trace_url_template``.
"""

from stacktach_os.i18n import _
from stacktach_os.osc.v1 import base


class ShowRequest(base.ShowCommand):
    """Show a request: its notifications in order, durations and outcome."""

    columns = ('request_id', 'global_request_id', 'trace_id', 'trace_url',
               'outcome', 'duration',
               'kpi', 'first_generated', 'first_event_type',
               'api_generated', 'end_generated', 'end_event_type',
               'last_generated', 'notification_count', 'error_count',
               'project_id', 'deployment', 'deployments', 'services',
               'hosts', 'notifications', 'timings')

    def get_parser(self, prog_name):
        """Return the parser of the command's options."""
        parser = super().get_parser(prog_name)
        parser.add_argument('request_id', metavar='<request-id>',
                            help=_('ID of the request (req-...)'))
        return parser

    def document(self, parsed_args, client):
        """Return the request document."""
        return client.get('/requests/' + base.quote(parsed_args.request_id))
