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
"""The queries of the v1 API on every database backend.

The Pecan application is driven as keystonemiddleware would leave each
request (identity headers), with an admin's headers unless a test says
otherwise; test_tenancy.py goes through a real Keystone.
"""

import dataclasses
import datetime

import pytest
import webtest

from stacktach_os.api import app as api_app
from stacktach_os.api import middleware
from tests.functional.api import conftest
from tests.functional.api import data
from tests.unit.api import fakes

PROJECT_A = 'project-a-id'
PROJECT_B = 'project-b-id'
ADMIN = fakes.identity_headers('admin-project',
                               roles=('admin', 'member', 'reader'))
MEMBER_A = fakes.identity_headers(PROJECT_A, roles=('member', 'reader'))
MAX_LIMIT = 10


@dataclasses.dataclass
class Api(object):
    app: webtest.TestApp
    seeded: data.Seeded

    def get(self, url, headers=ADMIN, status=200):
        return self.app.get(url, headers=headers, status=status).json

    def ids(self, url, headers=ADMIN, limit=None):
        return [event['message_id'] for event in conftest.collect(
            self.app, url, 'events', headers, limit)]

    def error(self, url, status, headers=ADMIN):
        document = self.app.get(url, headers=headers, status=status).json
        return document['faultstring']


@pytest.fixture(scope='module')
def api(backend_store):
    seeded = data.seed(backend_store, PROJECT_A, PROJECT_B)
    conf = fakes.make_conf(api={'max_limit': MAX_LIMIT, 'default_limit': 4})
    return Api(webtest.TestApp(api_app.setup_app(conf, backend_store)),
               seeded)


def _sorted_ids(seeded, ids, key):
    return sorted(ids, key=lambda mid: key(seeded.events[mid][0]))


def test_admin_lists_every_event_newest_first(api):
    ids = api.ids('/v1/events', limit=3)
    assert set(ids) == api.seeded.all_ids()
    rows = [api.seeded.events[mid][0] for mid in ids]
    assert [row['generated'] for row in rows] == sorted(
        (row['generated'] for row in rows), reverse=True)


def test_default_and_capped_limits(api):
    assert len(api.get('/v1/events')['events']) == 4
    document = api.get('/v1/events?limit=500')
    assert len(document['events']) == MAX_LIMIT
    assert 'limit=%d' % MAX_LIMIT in document['links'][0]['href']


def test_ties_are_broken_stably_in_both_directions(api):
    exists = sorted(mid for mid in api.seeded.all_ids()
                    if mid.startswith('a-exists'))
    ascending = api.ids('/v1/events?event_type=compute.instance.exists'
                        '&sort=generated:asc', limit=3)
    assert ascending == exists  # inserted in order: the key breaks ties
    descending = api.ids('/v1/events?event_type=compute.instance.exists'
                         '&sort=generated:desc', limit=3)
    assert descending == list(reversed(exists))


def test_sort_by_several_keys(api):
    ids = api.ids('/v1/events?sort=event_type,generated:desc', limit=5)
    rows = [api.seeded.events[mid][0] for mid in ids]
    keys = [(row['event_type'], -row['generated'].timestamp())
            for row in rows]
    assert keys == sorted(keys)
    by_id = api.ids('/v1/events?sort=message_id:desc', limit=7)
    assert by_id == sorted(api.seeded.all_ids(), reverse=True)


def test_event_document(api):
    document = api.get('/v1/events/a-create-end')
    assert document == {
        'message_id': 'a-create-end',
        'event_type': 'compute.instance.create.end',
        'generated': '2026-01-01T10:00:05.123456+00:00',
        'deployment': 'cell-a', 'project_id': PROJECT_A,
        'resource_id': 'inst-a1', 'request_id': 'req-a1',
        'host': 'host-a1',
        'traits': [
            {'name': 'disk_gb', 'type': 'float', 'value': 20.5},
            {'name': 'launched_at', 'type': 'datetime',
             'value': '2026-01-01T10:00:05.000000+00:00'},
            {'name': 'memory_mb', 'type': 'int', 'value': 2048},
            {'name': 'state', 'type': 'text', 'value': 'active'},
            {'name': 'url', 'type': 'text',
             'value': 'http://example.com/a'},
        ]}
    listed = api.get('/v1/events?request_id=req-a1&event_type='
                     'compute.instance.create.end')['events']
    assert listed == [{key: value for key, value in document.items()
                       if key != 'traits'}]


def test_notification_document(api):
    document = api.get('/v1/events/a-create-end/notification')
    row, body = api.seeded.notifications['a-create-end']
    assert document['body'] == body
    assert document['message_id'] == 'a-create-end'
    assert document['project_id'] == PROJECT_A
    assert document['received'] == '2026-01-01T10:00:06.123456+00:00'
    assert document['malformed'] is False
    assert document['priority'] == 'INFO'


@pytest.mark.parametrize('query, expected', [
    ('event_type=compute.instance.create.end',
     {'a-create-end', 'b-create-end'}),
    ('event_type=compute.instance.*.end',
     {'a-create-end', 'b-create-end', 'a-delete-end'}),
    ('event_type=*.upload', {'b-image'}),
    # "_" and "%" are literal characters, not SQL wildcards.
    ('event_type=compute.instance_*', set()),
    ('event_type=compute.instance%25', set()),
    ('event_type=compute.instanceX*', {'a-weird'}),
    ('since=2026-01-01T10:00:05.123456&until=2026-01-01T10:00:20',
     {'a-create-end', 'b-create-end'}),
    ('since=2026-01-01T11:00:00%2B01:00&until=2026-01-01T10:00:01Z',
     {'a-create-start'}),
    ('deployment=cell-b', {'b-create-end', 'b-image'}),
    ('instance_id=inst-a2', {'a-delete-end', 'a-weird'}),
    ('resource_id=img-b1', {'b-image'}),
    ('instance_id=inst-b1&resource_id=inst-b1', {'b-create-end'}),
    ('request_id=req-a1', {'a-create-start', 'a-create-end', 'n-scheduler'}),
    ('project_id=%s&request_id=req-a1' % PROJECT_A,
     {'a-create-start', 'a-create-end'}),
    ('project_id=%s' % PROJECT_B, {'b-create-end', 'b-image'}),
    ('trait:memory_mb=ge:4096', {'a-delete-end', 'b-create-end'}),
    ('trait:memory_mb=gt:2048&trait:memory_mb=lt:8192', {'a-delete-end'}),
    ('trait:memory_mb=ne:2048', {'a-delete-end', 'b-create-end'}),
    ('trait:memory_mb=8192', {'b-create-end'}),
    ('trait:memory_mb=eq:int:8192', {'b-create-end'}),
    ('trait:memory_mb=eq:text:8192', set()),
    ('trait:state=active', {'a-create-end', 'b-create-end'}),
    ('trait:state=lt:c', {'a-create-start', 'a-create-end', 'b-create-end'}),
    ('trait:display_name=web_1', {'a-create-start'}),
    ('trait:display_name=web%251', set()),
    ('trait:url=eq:http://example.com/a', {'a-create-end'}),
    ('trait:disk_gb=ge:30', {'a-delete-end'}),
    ('trait:disk_gb=20.5', {'a-create-end'}),
    ('trait:disk_gb=le:float:20.5', {'a-create-end'}),
    ('trait:launched_at=ge:2026-01-01T10:00:05', {'a-create-end'}),
    ('trait:launched_at=lt:datetime:2026-01-01T10:00:05', set()),
    ('trait:launched_at=2026-01-01T11:00:05%2B01:00', {'a-create-end'}),
    ('trait:secret_b=only-b&deployment=cell-b', {'b-create-end'}),
    ('trait:no_such_trait=1', set()),
    ('event_type=compute.instance.exists&trait:memory_mb=2048'
     '&since=2026-01-01T12:04:00', {'a-exists-%02d' % n
                                    for n in range(16, 20)}),
])
def test_filters(api, query, expected):
    assert set(api.ids('/v1/events?' + query, limit=3)) == expected


def test_paging_keeps_filters_and_ends(api):
    first = api.get('/v1/events?deployment=cell-a&limit=5&sort=generated')
    href = first['links'][0]['href']
    assert 'deployment=cell-a' in href and 'sort=generated' in href
    ids = api.ids('/v1/events?deployment=cell-a&sort=generated', limit=5)
    assert len(ids) == 25
    last = api.get('/v1/events?deployment=cell-a&sort=generated&limit=5'
                   '&marker=' + ids[-1])
    assert last == {'events': [], 'links': []}


@pytest.mark.parametrize('query, message', [
    ('foo=1', 'Unknown parameter(s): foo'),
    ('trait=1', 'Unknown parameter(s): trait'),
    ('limit=0', 'limit'),
    ('limit=-3', 'limit'),
    ('limit=ten', 'limit'),
    ('limit=1&limit=2', 'limit is given more than once'),
    ('marker=no-such-event', 'marker'),
    ('sort=host', "cannot sort by 'host'"),
    ('sort=generated:up', 'asc or desc'),
    ('sort=generated,generated', 'more than once'),
    ('since=yesterday', 'since'),
    ('until=2026-13-45T00:00:00', 'until'),
    ('since=2026-01-02&until=2026-01-01', 'since must be earlier'),
    ('event_type=', 'event_type is empty'),
    ('all_projects=maybe', 'all_projects'),
    ('project_id=x&all_projects=true', 'cannot be given together'),
    ('instance_id=a&resource_id=b', 'same filter'),
    ('trait:=1', 'trait name is missing'),
    ('trait:memory_mb=gte:2048', "unknown operator 'gte'"),
    ('trait:memory_mb=ge:int:big', 'not an integer'),
    ('trait:memory_mb=int:99999999999999999999', '64-bit'),
    ('trait:disk_gb=gt:float:nan', 'not a number'),
    ('trait:disk_gb=gt:float:1e999', 'not a finite number'),
    ('trait:launched_at=ge:datetime:soon', 'launched_at'),
])
def test_bad_parameters_are_400(api, query, message):
    assert message in api.error('/v1/events?' + query, 400)


def test_unknown_ids_are_404(api):
    assert 'not found' in api.error('/v1/events/nope', 404)
    assert 'not found' in api.error('/v1/events/nope/notification', 404)
    # An event without an archived notification.
    api.error('/v1/events/a-weird/notification', 404)
    api.app.get('/v1/events/a-create-end/nothing', headers=ADMIN,
                status=404)
    api.app.get('/v1/nothing', headers=ADMIN, status=404)
    api.app.get('/v1/event_types/image.upload', headers=ADMIN, status=404)
    assert 'not found' in api.error(
        '/v1/event_types/no.such.type/traits', 404)


def test_detail_takes_no_parameters(api):
    assert 'Unknown parameter' in api.error('/v1/events/a-weird?x=1', 400)
    api.error('/v1/events/a-create-end/notification?limit=1', 400)


def test_write_methods_are_not_allowed(api):
    for method in ('post', 'put', 'delete', 'patch'):
        getattr(api.app, method)('/v1/events', headers=ADMIN, status=405)


def test_event_types(api):
    names = [item['name'] for item in conftest.collect(
        api.app, '/v1/event_types', 'event_types', ADMIN, limit=2)]
    assert names == sorted({row['event_type'] for row, _traits
                            in api.seeded.events.values()})
    descending = [item['name'] for item in conftest.collect(
        api.app, '/v1/event_types?sort=name:desc', 'event_types', ADMIN,
        limit=3)]
    assert descending == list(reversed(names))
    assert 'marker' in api.error('/v1/event_types?marker=nope', 400)
    assert 'sort' in api.error('/v1/event_types?sort=generated', 400)


def test_traits_of_an_event_type(api):
    traits = conftest.collect(
        api.app, '/v1/event_types/compute.instance.create.end/traits',
        'traits', ADMIN, limit=2)
    assert traits == [
        {'name': 'disk_gb', 'types': ['float']},
        {'name': 'launched_at', 'types': ['datetime']},
        {'name': 'memory_mb', 'types': ['int']},
        {'name': 'secret_b', 'types': ['text']},
        {'name': 'state', 'types': ['text']},
        {'name': 'url', 'types': ['text']},
    ]
    mine = api.get('/v1/event_types/compute.instance.create.end/traits'
                   '?project_id=' + PROJECT_A)['traits']
    assert 'secret_b' not in [trait['name'] for trait in mine]
    assert api.get('/v1/event_types/compute.instanceX.end/traits') == {
        'traits': [], 'links': []}


def test_deployments_and_hosts(api):
    assert conftest.collect(api.app, '/v1/deployments', 'deployments',
                            ADMIN, limit=1) == [{'name': 'cell-a'},
                                                {'name': 'cell-b'}]
    hosts = [item['name'] for item in conftest.collect(
        api.app, '/v1/hosts', 'hosts', ADMIN, limit=2)]
    assert hosts == ['host-a1', 'host-a2', 'host-b1', 'host-b2',
                     'scheduler-1']
    assert api.get('/v1/hosts?deployment=cell-b')['hosts'] == [
        {'name': 'host-b1'}, {'name': 'host-b2'}]
    assert api.get('/v1/hosts?project_id=%s&sort=name:desc'
                   % PROJECT_A)['hosts'] == [{'name': 'host-a2'},
                                             {'name': 'host-a1'}]
    assert 'marker' in api.error('/v1/hosts?marker=host-zz', 400)
    assert 'marker' in api.error(
        '/v1/hosts?marker=host-b1&project_id=' + PROJECT_A, 400)


def test_member_is_kept_to_their_project(api):
    assert set(api.ids('/v1/events', MEMBER_A, limit=7)) == (
        api.seeded.a_ids())
    assert 'all_projects' in api.error(
        '/v1/events?project_id=' + PROJECT_B, 403, MEMBER_A)
    api.error('/v1/events?all_projects=true', 403, MEMBER_A)
    # A marker of another project's event names nothing in this list.
    assert 'marker' in api.error('/v1/events?marker=b-image', 400, MEMBER_A)
    api.error('/v1/events/b-image', 404, MEMBER_A)
    api.error('/v1/events/n-scheduler', 404, MEMBER_A)
    api.error('/v1/events/b-create-end/notification', 404, MEMBER_A)


def test_admin_may_limit_to_their_own_project(api):
    assert api.get('/v1/events?all_projects=false') == {'events': [],
                                                        'links': []}
    assert set(api.ids('/v1/events?all_projects=true', limit=10)) == (
        api.seeded.all_ids())


def test_no_roles_is_403(api):
    nobody = fakes.identity_headers(PROJECT_A, roles=('other',))
    for url in ('/v1/events', '/v1/events/a-create-end',
                '/v1/events/a-create-end/notification', '/v1/event_types',
                '/v1/event_types/compute.instance.create.end/traits',
                '/v1/deployments', '/v1/hosts'):
        api.error(url, 403, nobody)


def test_system_reader_sees_every_project(api):
    system_reader = fakes.identity_headers(roles=('reader',), system=True)
    assert set(api.ids('/v1/events', system_reader, limit=10)) == (
        api.seeded.all_ids())
    api.get('/v1/events/n-scheduler', system_reader)
    assert 'no project' in api.error('/v1/events?all_projects=false', 400,
                                     system_reader)


def test_generated_is_utc_with_microseconds(api):
    generated = api.get('/v1/events/a-create-start')['generated']
    assert datetime.datetime.fromisoformat(generated) == (
        data.BASE.replace(tzinfo=datetime.timezone.utc))


@pytest.mark.parametrize('url', [
    '/v1/events?%ff=1', '/v1/events?event_type=%ff', '/v1/events/%ff',
    '/v1/events/%ff/notification', '/v1/event_types/%ff/traits',
    '/v1/events?event_type=a%00b', '/v1/events?trait:x=%00',
    '/v1/events?trait%00=1', '/v1/hosts?deployment=%00',
    '/v1/events/%00', '/v1/events/a%00/notification',
    '/v1/event_types/%00/traits', '/v1/events?marker=' + 'x' * 5000,
    '/v1/events?event_type=' + 'y' * 3000,
    '/v1/events?event_type=' + 'y' * 3000 + '*',
    '/v1/events?trait:' + 'n' * 400 + '=1',
    '/v1/events?trait:x=' + 'v' * 70000,
    '/v1/events?trait:x=lt:' + 'v' * 70000,
    '/v1/events?request_id=' + 'r' * 300,
    '/v1/events/' + 'x' * 300, '/v1/event_types/' + 't' * 300 + '/traits',
    '/v1/events?since=9999-12-31T23:59:59%2B14:00',
    '/v1/events?since=0001-01-01T00:00:00-14:00',
    '/v1/events?until=0001-01-01T00:00:00%2B14:00',
    '/v1/events?trait:x=ge:int:-9223372036854775808',
    '/v1/events?trait:x=1e308', '/v1/events?trait:x=-0',
    '/v1/events?trait:x=ge:datetime:0001-01-01',
    '/v1/events?trait:x=%F0%9F%98%80', '/v1/events?deployment=%F0%9F%98%80',
    '/v1/events?event_type=*%F0%9F%98%80*',
    '/v1/hosts?marker=%F0%9F%98%80', '/v1/events?project_id=' + 'p' * 300,
])
def test_hostile_input_is_never_a_500(api, url):
    app = webtest.TestApp(middleware.JsonErrorMiddleware(api.app.app))
    response = app.get(url, headers=ADMIN, expect_errors=True)
    assert response.status_int < 500, response.body[:300]
    if response.status_int >= 400:
        assert len(response.json['error_message']['faultstring']) < 400
