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
"""``/v1/events``: search distilled events; show one, and its notification.

``GET /v1/events`` filters (each at most once, except trait filters):

- ``event_type``: a type, or a glob where ``*`` matches any text
  (``compute.instance.*.end``);
- ``since`` (inclusive), ``until`` (exclusive): ISO 8601 times of the
  notification, UTC unless an offset is given;
- ``deployment``, ``instance_id`` (alias ``resource_id``), ``request_id``;
- ``trait:NAME=[OP:][TYPE:]VALUE``: see ``stacktach_os.api.params``;
- ``project_id``, ``all_projects``: see ``stacktach_os.api.rbac``;
- ``limit``, ``marker`` (a message id), ``sort`` (``generated``,
  ``event_type``, ``deployment``, ``message_id``; default
  ``generated:desc``; ties are broken by the order of storage).
"""

import pecan
from wsme import types as wtypes

from stacktach_os.api import errors
from stacktach_os.api import params
from stacktach_os.api import rbac
from stacktach_os.api.v1 import base
from stacktach_os.api.v1 import types
from stacktach_os.db import events as db_events
from stacktach_os.db import search
from stacktach_os.i18n import _
from stacktach_os.policies import events as policy

FILTERS = ('event_type', 'since', 'until', 'deployment', 'instance_id',
           'resource_id', 'request_id')


def _resource_id(query):
    instance_id = query.text('instance_id')
    resource_id = query.text('resource_id')
    if instance_id and resource_id and instance_id != resource_id:
        raise errors.BadRequest(
            _('instance_id and resource_id are the same filter; they '
              'differ'))
    return instance_id or resource_id


class NotificationController(base.Controller):
    """``/v1/events/{message_id}/notification``."""

    def __init__(self, message_id):
        self.message_id = message_id

    @base.expose(types.Notification)
    def get_all(self):
        """Return the archived notification of an event."""
        message_id = params.path_value('message_id', self.message_id)
        request = pecan.request
        params.Query(request)
        rbac.authorize(request, policy.GET_NOTIFICATION,
                       request.context.project_id)
        with base.reading(request) as session:
            found = search.get_notification(session, message_id)
            if found is not None:
                rbac.check_visible(request, policy.GET_NOTIFICATION,
                                   found[0].project_id,
                                   _('Notification %s') % message_id)
                return types.Notification.from_row(*found)
        raise errors.NotFound(_('Notification %s not found') % message_id)


class EventsController(base.Controller):
    """``/v1/events``."""

    @pecan.expose()
    def _lookup(self, message_id, *remainder):
        # Pecan also asks here when a path has more parts than the method
        # it found takes arguments: the sub-resource, or nothing.
        remainder = list(filter(None, remainder))
        if remainder == ['notification']:
            return NotificationController(message_id), ()
        if remainder:
            pecan.abort(404)

    @base.expose(types.EventCollection)
    def get_all(self):
        """Return a page of the events that match the filters."""
        request = pecan.request
        query = params.Query(request, FILTERS + params.PAGING +
                             params.PROJECTS, traits=True)
        scope = rbac.project_scope(request, query, policy.LIST,
                                   policy.ALL_PROJECTS)
        since, until = query.datetime('since'), query.datetime('until')
        if since is not None and until is not None and since >= until:
            raise errors.BadRequest(_('since must be earlier than until'))
        page = query.page(tuple(search.EVENT_SORT_KEYS),
                          search.EVENT_DEFAULT_SORT)
        filters = dict(
            event_type=query.text('event_type'), since=since, until=until,
            deployment=query.text('deployment'),
            resource_id=_resource_id(query),
            request_id=query.text('request_id'),
            traits=query.trait_filters())
        with base.reading(request) as session:
            rows = search.search_events(session, scope, page, **filters)
            documents = [types.Event.from_row(row) for row in rows]
        return types.EventCollection(
            events=documents,
            links=base.next_links(request, page,
                                  [row.message_id for row in rows]))

    @base.expose(types.EventDetail, wtypes.text)
    def get_one(self, message_id):
        """Return an event with its traits."""
        request = pecan.request
        params.Query(request)
        params.path_value('message_id', message_id)
        rbac.authorize(request, policy.GET, request.context.project_id)
        with base.reading(request) as session:
            row = search.get_event(session, message_id)
            if row is not None:
                rbac.check_visible(request, policy.GET, row.project_id,
                                   _('Event %s') % message_id)
                traits = [types.Trait.from_tuple(*trait) for trait in
                          db_events.get_traits(session, row.id)]
                return types.EventDetail.from_row(row, traits=traits)
        raise errors.NotFound(_('Event %s not found') % message_id)
