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
"""The project scope of lists, and what single rows reveal."""

import pytest

from stacktach_os.api import errors
from stacktach_os.api import params
from stacktach_os.api import rbac
from stacktach_os.db import search
from stacktach_os.policies import events
from tests.unit.api import fakes

ADMIN = {'project_id': 'P', 'roles': ('admin', 'member', 'reader')}
SYSTEM_READER = {'roles': ('reader',), 'system': True}
MEMBER_A = {'project_id': 'A', 'roles': ('member', 'reader')}


@pytest.fixture(scope='module')
def conf():
    return fakes.make_conf()


def _scope(conf, caller, query_string=''):
    request = fakes.make_request(conf, '/v1/events?' + query_string,
                                 **caller)
    query = params.Query(request, params.PROJECTS)
    return rbac.project_scope(request, query, events.LIST,
                              events.ALL_PROJECTS)


@pytest.mark.parametrize('caller, query_string, expected', [
    (ADMIN, '', search.ALL_PROJECTS),
    (ADMIN, 'all_projects=true', search.ALL_PROJECTS),
    (ADMIN, 'all_projects=false', 'P'),
    (ADMIN, 'project_id=B', 'B'),
    (ADMIN, 'project_id=P', 'P'),
    (ADMIN, 'project_id=B&all_projects=false', 'B'),
    (SYSTEM_READER, '', search.ALL_PROJECTS),
    (SYSTEM_READER, 'project_id=B', 'B'),
    (MEMBER_A, '', 'A'),
    (MEMBER_A, 'all_projects=false', 'A'),
    (MEMBER_A, 'project_id=A', 'A'),
])
def test_scopes(conf, caller, query_string, expected):
    assert _scope(conf, caller, query_string) == expected


@pytest.mark.parametrize('caller, query_string, error', [
    (MEMBER_A, 'project_id=B', errors.Forbidden),
    (MEMBER_A, 'all_projects=true', errors.Forbidden),
    ({'project_id': 'A', 'roles': ('other',)}, '', errors.Forbidden),
    ({'project_id': 'A', 'roles': ('other',)}, 'all_projects=true',
     errors.Forbidden),
    (ADMIN, 'project_id=B&all_projects=true', errors.BadRequest),
    (SYSTEM_READER, 'all_projects=false', errors.BadRequest),
])
def test_refusals(conf, caller, query_string, error):
    with pytest.raises(error) as caught:
        _scope(conf, caller, query_string)
    assert caught.value.code == (403 if error is errors.Forbidden else 400)


def test_domain_scoped_token_is_403(conf):
    request = fakes.make_request(conf, '/v1/events', roles=('admin',))
    request.context.domain_id = 'default'
    with pytest.raises(errors.Forbidden) as caught:
        rbac.authorize(request, events.LIST, None)
    assert 'scope' in caught.value.faultstring


def test_rows_of_other_projects_are_not_found(conf):
    request = fakes.make_request(conf, **MEMBER_A)
    rbac.check_visible(request, events.GET, 'A', 'Event e')
    for project_id in ('B', None):
        with pytest.raises(errors.NotFound) as caught:
            rbac.check_visible(request, events.GET, project_id, 'Event e')
        assert caught.value.faultstring == 'Event e not found'
    admin = fakes.make_request(conf, **ADMIN)
    rbac.check_visible(admin, events.GET, None, 'Event e')
