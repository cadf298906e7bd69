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
"""The usage records of nova, glance and cinder through the API.

Stored by the ingestion pipeline from the notifications of two projects
(:mod:`tests.functional.api.tracking_data`) on every database backend.
"""

import dataclasses

import pytest
import webtest

from stacktach_os.api import app as api_app
from stacktach_os.api.v1 import types
from tests.functional.api import conftest
from tests.functional.api import tracking_data
from tests.samples import nova_flows
from tests.unit.api import fakes

PROJECT_A = 'project-a-id'
PROJECT_B = 'project-b-id'
ADMIN = fakes.identity_headers('admin-project',
                               roles=('admin', 'member', 'reader'))
MEMBER_A = fakes.identity_headers(PROJECT_A, roles=('member', 'reader'))

#: Each list: (path, collection, resource filter).
LISTS = [
    ('/v1/usage/launches', 'launches', 'instance_id'),
    ('/v1/usage/deletes', 'deletes', 'instance_id'),
    ('/v1/usage/exists', 'exists', 'instance_id'),
    ('/v1/usage/images/usage', 'usage', 'image_id'),
    ('/v1/usage/images/deletes', 'deletes', 'image_id'),
    ('/v1/usage/images/exists', 'exists', 'image_id'),
    ('/v1/usage/volumes/usage', 'usage', 'volume_id'),
    ('/v1/usage/volumes/deletes', 'deletes', 'volume_id'),
    ('/v1/usage/volumes/exists', 'exists', 'volume_id'),
]


@dataclasses.dataclass
class Api(object):
    app: webtest.TestApp
    tracked: tracking_data.Tracked

    def get(self, url, headers=ADMIN, status=200):
        return self.app.get(url, headers=headers, status=status).json

    def all(self, url, collection, headers=ADMIN, limit=2):
        return conftest.collect(self.app, url, collection, headers, limit,
                                key=lambda item: item['id'])

    def error(self, url, status=400, headers=ADMIN):
        return self.get(url, headers, status)['faultstring']


@pytest.fixture(scope='module')
def api(backend_store):
    tracked = tracking_data.seed(backend_store, PROJECT_A, PROJECT_B)
    conf = fakes.make_conf(api={'max_limit': 10, 'default_limit': 3})
    return Api(webtest.TestApp(api_app.setup_app(conf, backend_store)),
               tracked)


def _time(when):
    return types.Timestamp.tobasetype(when)


def _flows(api):
    return [api.tracked.a.flows[0], api.tracked.b.flows[0]]


def test_launches_of_each_instance(api):
    for flow in _flows(api):
        items = api.all('/v1/usage/launches?sort=time:asc&instance_id='
                        + flow.expected.instance_id, 'launches')
        assert [(item['launched_at'], item['flavor_id'])
                for item in items] == [
            (_time(when), flavor) for when, flavor in flow.expected.launches]
        assert {item['project_id'] for item in items} == {
            PROJECT_A if flow.format == nova_flows.LEGACY else PROJECT_B}
        create = items[0]
        assert create['flavor_name'] == 'm1.small'
        assert create['image_id'] == nova_flows.IMAGE
        assert create['os_architecture'] == 'x86_64'
        assert create['request_id'] == nova_flows.request_id(
            flow.name, flow.format, 'create')
        assert create['event_type'].endswith('create.end')
        assert 'rank' not in create
    failed = api.tracked.a.flows[1].expected.instance_id
    assert api.get('/v1/usage/launches?instance_id=' + failed) == {
        'launches': [], 'links': []}


def test_deletes_and_exists_are_linked(api):
    for flow in _flows(api):
        instance = '?sort=time:asc&instance_id=' + flow.expected.instance_id
        deletes = api.all('/v1/usage/deletes' + instance, 'deletes')
        assert [(item['launched_at'], item['deleted_at'])
                for item in deletes] == [
            (_time(launched), _time(deleted))
            for launched, deleted in flow.expected.deletes]
        launches = {item['id']: item for item in api.all(
            '/v1/usage/launches' + instance, 'launches')}
        exists = api.all('/v1/usage/exists?sort=generated:asc&instance_id='
                         + flow.expected.instance_id, 'exists')
        assert [(item['launched_at'], item['deleted_at'],
                 item['launch_id'] is not None,
                 item['delete_id'] is not None) for item in exists] == [
            (_time(launched), _time(deleted) if deleted else None, launch,
             delete)
            for launched, deleted, launch, delete in flow.expected.exists]
        for item in exists:
            assert launches[item['launch_id']]['launched_at'][:19] == (
                item['launched_at'][:19])
            assert item['status'] == 'pending'
            assert item['verified_at'] is None
            assert item['flavor_id'] == nova_flows.SMALL['flavorid']
        assert exists[-1]['delete_id'] == deletes[0]['id']
        ending = exists[-1]['audit_period_ending']
        assert ending == _time(nova_flows.DAY_3)
    legacy = api.all('/v1/usage/exists?instance_id=' + _flows(api)[0]
                     .expected.instance_id, 'exists')
    assert {(item['bandwidth_in'], item['bandwidth_out'])
            for item in legacy} == {(1256, 3478)}


def test_exists_by_status_and_audit_period(api):
    every = api.all('/v1/usage/exists', 'exists')
    assert len(every) == 8
    assert api.all('/v1/usage/exists?status=pending', 'exists') == every
    assert api.get('/v1/usage/exists?status=verified')['exists'] == []
    ended = api.all('/v1/usage/exists?since=2026-03-04T00:00:00Z',
                    'exists')
    assert len(ended) == 2
    assert {item['deleted_at'] is not None for item in ended} == {True}
    assert 'status' in api.error('/v1/usage/exists?status=done')
    assert 'status' in api.error('/v1/usage/launches?status=pending')


def test_images(api):
    for owner, project in ((api.tracked.a, PROJECT_A),
                           (api.tracked.b, PROJECT_B)):
        kept, gone = owner.images
        scope = '?project_id=' + project
        usage = api.all('/v1/usage/images/usage' + scope, 'usage')
        assert {item['image_id']: item['size'] for item in usage} == {
            kept: 1024, gone: 4096}
        assert {item['project_id'] for item in usage} == {project}
        [delete] = api.all('/v1/usage/images/deletes' + scope, 'deletes')
        assert delete['image_id'] == gone
        exists = {item['image_id']: item for item in api.all(
            '/v1/usage/images/exists' + scope, 'exists')}
        assert set(exists) == {kept, gone}
        ids = {item['image_id']: item['id'] for item in usage}
        assert (exists[kept]['usage_id'], exists[kept]['delete_id']) == (
            ids[kept], None)
        assert (exists[gone]['usage_id'], exists[gone]['delete_id']) == (
            ids[gone], delete['id'])
        assert exists[gone]['message_id'] == exists[kept]['message_id']
        assert api.all('/v1/usage/images/usage?image_id=' + kept,
                       'usage') == [item for item in usage
                                    if item['image_id'] == kept]


def test_volumes(api):
    for owner, project in ((api.tracked.a, PROJECT_A),
                           (api.tracked.b, PROJECT_B)):
        volume = '?volume_id=' + owner.volume_id
        [usage] = api.all('/v1/usage/volumes/usage' + volume, 'usage')
        assert (usage['size'], usage['project_id'], usage['volume_type']) == (
            20, project, '8a3f1e2d-4c5b-4a69-8e7f-6d5c4b3a2910')
        [delete] = api.all('/v1/usage/volumes/deletes' + volume, 'deletes')
        [exists] = api.all('/v1/usage/volumes/exists' + volume, 'exists')
        assert (exists['usage_id'], exists['delete_id']) == (
            usage['id'], delete['id'])
        assert exists['deleted_at'] == delete['deleted_at']
        assert exists['status'] == 'pending'


@pytest.mark.parametrize('path, collection, resource', LISTS)
def test_member_sees_own_project_only(api, path, collection, resource):
    everything = api.all(path, collection, limit=10)
    mine = api.all(path, collection, headers=MEMBER_A)
    assert mine and {item['project_id'] for item in mine} == {PROJECT_A}
    assert mine == [item for item in everything
                    if item['project_id'] == PROJECT_A]
    assert api.all(path + '?deployment=cell-b', collection,
                   headers=MEMBER_A) == []
    assert {item['deployment'] for item in api.all(
        path + '?deployment=cell-b', collection)} == {'cell-b'}
    for query in ('?project_id=' + PROJECT_B, '?all_projects=true'):
        assert 'all_projects' in api.error(path + query, 403, MEMBER_A)


@pytest.mark.parametrize('path, collection, resource', LISTS)
def test_pages_sorts_and_errors(api, path, collection, resource):
    newest = api.all(path, collection, limit=10)
    assert api.all(path, collection, limit=1) == newest
    by_id = api.all(path + '?sort=id', collection, limit=3)
    assert [item['id'] for item in by_id] == sorted(
        item['id'] for item in newest)
    for query, words in (('?sort=size', 'sort'), ('?marker=abc', 'marker'),
                         ('?marker=0', 'marker'), ('?limit=-1', 'limit'),
                         ('?since=2026-04-01&until=2026-03-01', 'since'),
                         ('?until=someday', 'until'),
                         ('?request_id=x', 'request_id'),
                         ('?%s=a&%s=b' % (resource, resource), resource)):
        assert words in api.error(path + query), query
    assert api.get(path + '?%s=nothing' % resource)[collection] == []


def test_usage_indexes(api):
    document = api.get('/v1/usage')
    assert [link['rel'] for link in document['links']] == [
        'launches', 'deletes', 'exists', 'images', 'volumes']
    assert document['links'][0]['href'] == (
        'http://localhost/v1/usage/launches')
    for resource in ('images', 'volumes'):
        links = api.get('/v1/usage/' + resource)['links']
        assert [link['href'] for link in links] == [
            'http://localhost/v1/usage/%s/%s' % (resource, name)
            for name in ('usage', 'deletes', 'exists')]
    api.app.get('/v1/usage/nothing', headers=ADMIN, status=404)
    api.app.get('/v1/usage/images/nothing', headers=ADMIN, status=404)
