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
"""``openstack stacktach instance ...``: what happened to an instance.

``instance lifecycle``: ``GET /v1/instances/{id}/lifecycle`` (its state
transitions, oldest first); ``instance timings``:
``GET /v1/instances/{id}/timings``.
"""

from stacktach_os.i18n import _
from stacktach_os.osc.v1 import base
from stacktach_os.osc.v1 import timings


class _InstanceList(base.ListCommand):
    """A list about one instance."""

    scoped = False
    resource = None

    def add_arguments(self, parser):
        """Add the instance."""
        parser.add_argument('instance', metavar='<instance-id>',
                            help=_('ID of the instance'))

    def request_path(self, parsed_args):
        """Return ``/instances/{id}/`` and the resource."""
        return '/instances/%s/%s' % (base.quote(parsed_args.instance),
                                     self.resource)


class ShowInstanceLifecycle(_InstanceList):
    """Show the state transitions of an instance, oldest first."""

    resource = 'lifecycle'
    keys = ('transitions',)
    columns = ('generated', 'event_type', 'old_state', 'state',
               'old_task_state', 'task_state', 'host', 'request_id',
               'message_id', 'deployment', 'project_id')
    filters = (
        base.since(_('transitions')), base.until(_('transitions')),
        base.Filter('--changes-only', 'changes_only', '<true|false>',
                    _('false lists every notification that reported the '
                      'state, also those that changed nothing (default: '
                      'true)')),
    )
    what = _('transitions')
    paging = ('limit',)


class ListInstanceTimings(_InstanceList):
    """List the timed operations of an instance (start to end)."""

    resource = 'timings'
    keys = ('timings',)
    columns = timings.TIMING_COLUMNS
    filters = tuple(item for item in timings.TIMING_FILTERS
                    if item.param in ('operation', 'request_id', 'outcome',
                                      'since', 'until'))
    what = _('timings')
    marker = '<timing-id>'
    sort_keys = timings.SORT_KEYS
