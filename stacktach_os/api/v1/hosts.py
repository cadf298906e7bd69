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
"""``/v1/hosts``: the hosts that sent the events in scope.

Takes ``deployment``, ``project_id``, ``all_projects``, ``limit``,
``marker`` (a host name) and ``sort=name[:asc|desc]``.
"""

import pecan

from stacktach_os.api import params
from stacktach_os.api import rbac
from stacktach_os.api.v1 import base
from stacktach_os.api.v1 import types
from stacktach_os.db import search
from stacktach_os.policies import hosts as policy


class HostsController(base.Controller):
    """``/v1/hosts``."""

    @base.expose(types.HostCollection)
    def get_all(self):
        """Return a page of the hosts."""
        request = pecan.request
        query = params.Query(request, ('deployment',) + params.PAGING +
                             params.PROJECTS)
        scope = rbac.project_scope(request, query, policy.LIST,
                                   policy.ALL_PROJECTS)
        page = query.page(search.NAME_SORT_KEYS, search.NAME_DEFAULT_SORT)
        with base.reading(request) as session:
            names = search.list_hosts(session, scope, page,
                                      deployment=query.text('deployment'))
        return types.HostCollection(
            hosts=[types.Host(name=name) for name in names],
            links=base.next_links(request, page, names))
