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
"""``/v1/event_types``: the types of the stored events, and their traits.

Both lists are of the events in the caller's scope (``project_id``,
``all_projects``) and take ``limit``, ``marker`` (a name) and
``sort=name[:asc|desc]``.
"""

import pecan

from stacktach_os.api import errors
from stacktach_os.api import params
from stacktach_os.api import rbac
from stacktach_os.api.v1 import base
from stacktach_os.api.v1 import types
from stacktach_os.db import search
from stacktach_os.i18n import _
from stacktach_os.policies import event_types as policy


class TraitsController(base.Controller):
    """``/v1/event_types/{event_type}/traits``."""

    def __init__(self, event_type):
        self.event_type = event_type

    @base.expose(types.TraitDescriptionCollection)
    def get_all(self):
        """Return a page of the trait names of an event type."""
        event_type = params.path_value('event_type', self.event_type)
        request = pecan.request
        query = params.Query(request, params.PAGING + params.PROJECTS)
        scope = rbac.project_scope(request, query, policy.LIST_TRAITS,
                                   policy.ALL_PROJECTS)
        page = query.page(search.NAME_SORT_KEYS, search.NAME_DEFAULT_SORT)
        with base.reading(request) as session:
            if not search.event_type_exists(session, scope, event_type):
                raise errors.NotFound(
                    _('Event type %s not found') % event_type)
            names = search.list_trait_names(session, scope, event_type,
                                            page)
        return types.TraitDescriptionCollection(
            traits=[types.TraitDescription(name=name, types=dtypes)
                    for name, dtypes in names],
            links=base.next_links(request, page,
                                  [name for name, _dtypes in names]))


class EventTypesController(base.Controller):
    """``/v1/event_types``."""

    @pecan.expose()
    def _lookup(self, event_type, *remainder):
        # Pecan also asks here when a path has more parts than the method
        # it found takes arguments: the sub-resource, or nothing.
        remainder = list(filter(None, remainder))
        if remainder == ['traits']:
            return TraitsController(event_type), ()
        if remainder:
            pecan.abort(404)

    @base.expose(types.EventTypeCollection)
    def get_all(self):
        """Return a page of the event types."""
        request = pecan.request
        query = params.Query(request, params.PAGING + params.PROJECTS)
        scope = rbac.project_scope(request, query, policy.LIST,
                                   policy.ALL_PROJECTS)
        page = query.page(search.NAME_SORT_KEYS, search.NAME_DEFAULT_SORT)
        with base.reading(request) as session:
            names = search.list_event_types(session, scope, page)
        return types.EventTypeCollection(
            event_types=[types.EventType(name=name) for name in names],
            links=base.next_links(request, page, names))
