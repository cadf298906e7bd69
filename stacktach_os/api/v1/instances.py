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
"""``/v1/instances``: current states, lifecycles and timings of instances.

- ``GET /v1/instances``: the current state of each instance, newest
  first. Filters: ``state``, ``task_state``, ``deployment``, ``host``,
  ``since``/``until`` (the time of the latest notification);
  ``project_id``, ``all_projects``; ``limit``, ``marker`` (an instance
  id), ``sort`` (``last_generated``, ``instance_id``).
- ``GET /v1/instances/{id}``: its current state.
- ``GET /v1/instances/{id}/lifecycle``: its current state and its state
  transitions in event time, oldest first. ``since``, ``until``,
  ``changes_only`` (default true: leave out the notifications that
  changed neither state nor task state), ``limit`` and ``marker`` (the
  message id of the last transition of the previous page).
- ``GET /v1/instances/{id}/timings``: its timed operations; filters
  ``operation``, ``request_id``, ``outcome``, ``since``, ``until``, and
  the paging of ``/v1/timings``.

An instance that nothing was stored of, in the caller's projects, is
not found (404).
"""

import types as pytypes

import pecan
from wsme import types as wtypes

from stacktach_os.api import errors
from stacktach_os.api import params
from stacktach_os.api import rbac
from stacktach_os.api.v1 import base
from stacktach_os.api.v1 import filters
from stacktach_os.api.v1 import tracking_types
from stacktach_os.db import lifecycle
from stacktach_os.db import search
from stacktach_os.db import timings
from stacktach_os.db import tracking_views
from stacktach_os.i18n import _
from stacktach_os.policies import instances as policy

FILTERS = ('state', 'task_state', 'deployment', 'host', 'since', 'until')
LIFECYCLE_PARAMS = ('since', 'until', 'changes_only', 'limit', 'marker')
TIMING_FILTERS = ('operation', 'request_id', 'outcome', 'since', 'until')


def _not_found(instance_id):
    return errors.NotFound(_('Instance %s not found') % instance_id)


def _no_state(instance_id):
    """The current state of an instance known by its transitions only."""
    return pytypes.SimpleNamespace(instance_id=instance_id)


class LifecycleController(base.Controller):
    """``/v1/instances/{id}/lifecycle``."""

    def __init__(self, instance_id):
        self.instance_id = instance_id

    @base.expose(tracking_types.Lifecycle)
    def get_all(self):
        """Return the current state and a page of the transitions."""
        instance_id = params.path_value('instance_id', self.instance_id)
        request = pecan.request
        query = params.Query(request, LIFECYCLE_PARAMS + params.PROJECTS)
        scope = rbac.project_scope(request, query, policy.LIFECYCLE,
                                   policy.ALL_PROJECTS)
        since, until = filters.time_range(query)
        changes_only = query.boolean('changes_only')
        limit, marker = query.limit(), query.text('marker')
        with base.reading(request) as session:
            state = lifecycle.get_state(session, scope, instance_id)
            page = tracking_views.lifecycle_page(
                session, scope, instance_id, limit, marker=marker,
                since=since, until=until,
                changes_only=changes_only is not False)
            if state is None and not page.transitions and (
                    marker is None and not tracking_views.instance_seen(
                        session, scope, instance_id)):
                raise _not_found(instance_id)
            transitions = [tracking_types.Transition.from_row(transition)
                           for transition in page.transitions]
            document = tracking_types.Lifecycle.from_row(
                state or _no_state(instance_id), transitions=transitions,
                links=base.next_links(
                    request, search.Page(limit=page.limit),
                    [transition.message_id
                     for transition in page.transitions]))
        return document


class InstanceTimingsController(base.Controller):
    """``/v1/instances/{id}/timings``."""

    def __init__(self, instance_id):
        self.instance_id = instance_id

    @base.expose(tracking_types.TimingCollection)
    def get_all(self):
        """Return a page of the timings of the instance."""
        instance_id = params.path_value('instance_id', self.instance_id)
        request = pecan.request
        query = params.Query(request, TIMING_FILTERS + params.PAGING +
                             params.PROJECTS)
        scope = rbac.project_scope(request, query, policy.TIMINGS,
                                   policy.ALL_PROJECTS)
        since, until = filters.time_range(query)
        page = query.page(tuple(timings.SORT_KEYS), timings.DEFAULT_SORT)
        found = dict(
            operation=query.text('operation'),
            request_id=query.text('request_id'),
            outcome=filters.choice(query, 'outcome', timings.OUTCOMES),
            since=since, until=until)
        with base.reading(request) as session:
            rows = timings.list_timings(session, scope, page,
                                        instance_id=instance_id, **found)
            if not rows and page.marker is None and not (
                    tracking_views.instance_seen(session, scope,
                                                 instance_id)):
                raise _not_found(instance_id)
            documents = [tracking_types.Timing.from_row(row)
                         for row in rows]
        return tracking_types.TimingCollection(
            timings=documents,
            links=base.next_links(request, page,
                                  [str(row.id) for row in rows]))


class InstancesController(base.Controller):
    """``/v1/instances``."""

    @pecan.expose()
    def _lookup(self, instance_id, *remainder):
        remainder = list(filter(None, remainder))
        if remainder == ['lifecycle']:
            return LifecycleController(instance_id), ()
        if remainder == ['timings']:
            return InstanceTimingsController(instance_id), ()
        if remainder:
            pecan.abort(404)

    @base.expose(tracking_types.InstanceCollection)
    def get_all(self):
        """Return a page of the current states of the instances."""
        request = pecan.request
        query = params.Query(request, FILTERS + params.PAGING +
                             params.PROJECTS)
        scope = rbac.project_scope(request, query, policy.LIST,
                                   policy.ALL_PROJECTS)
        since, until = filters.time_range(query)
        page = query.page(tuple(lifecycle.STATE_SORT_KEYS),
                          lifecycle.STATE_DEFAULT_SORT)
        with base.reading(request) as session:
            rows = lifecycle.list_states(
                session, scope, page, state=query.text('state'),
                task_state=query.text('task_state'),
                deployment=query.text('deployment'),
                host=query.text('host'), since=since, until=until)
            documents = [tracking_types.Instance.from_row(row)
                         for row in rows]
        return tracking_types.InstanceCollection(
            instances=documents,
            links=base.next_links(request, page,
                                  [row.instance_id for row in rows]))

    @base.expose(tracking_types.Instance, wtypes.text)
    def get_one(self, instance_id):
        """Return the current state of an instance."""
        request = pecan.request
        params.Query(request)
        params.path_value('instance_id', instance_id)
        rbac.authorize(request, policy.GET, request.context.project_id)
        with base.reading(request) as session:
            row = lifecycle.get_state(session, search.ALL_PROJECTS,
                                      instance_id)
            if row is not None:
                rbac.check_visible(request, policy.GET, row.project_id,
                                   _('Instance %s') % instance_id)
                return tracking_types.Instance.from_row(row)
        raise _not_found(instance_id)
