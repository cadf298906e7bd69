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
"""Tenancy through a real Keystone, real tokens and keystonemiddleware.

The whole API pipeline (auth_token configured against the Keystone of
the ``keystone`` fixture, memcache off) serves the events of two
Keystone projects; on every endpoint, the member and the reader of A see
A's rows and none of B's, admins see everything, and a token that is
missing or bad is a 401.
"""

import dataclasses
import os

import pytest
import webtest

from stacktach_os.api import app as api_app
from tests.functional.api import conftest
from tests.functional.api import data
from tests.unit.api import fakes

LISTS = {
    '/v1/events': 'events',
    '/v1/event_types': 'event_types',
    '/v1/event_types/compute.instance.create.end/traits': 'traits',
    '/v1/deployments': 'deployments',
    '/v1/hosts': 'hosts',
}


@dataclasses.dataclass
class Deployment(object):
    app: webtest.TestApp
    keystone: object
    seeded: data.Seeded

    def headers(self, user, project=None, system=False):
        return {'X-Auth-Token': self.keystone.token(user, project, system)}

    def collect(self, url, user, project=None, system=False):
        return conftest.collect(
            self.app, url, LISTS[url.split('?')[0]],
            self.headers(user, project, system), limit=3)

    def names(self, url, user, project=None, system=False):
        return {item.get('message_id', item.get('name')) for item in
                self.collect(url, user, project, system)}


def _write_config(directory, keystone):
    lines = ['[api]', 'auth_strategy = keystone', '[keystone_authtoken]']
    lines += ['%s = %s' % item for item in
              sorted(keystone.authtoken_options().items())]
    path = os.path.join(directory, 'stacktach_os.conf')
    with open(path, 'w') as config:
        config.write('\n'.join(lines) + '\n')
    return path


@pytest.fixture(scope='module')
def deployment(backend_store, keystone, tmp_path_factory):
    seeded = data.seed(backend_store, keystone.projects['project-a'],
                       keystone.projects['project-b'])
    conf = fakes.make_conf(_write_config(
        str(tmp_path_factory.mktemp('api')), keystone))
    application = api_app.load_app(conf, store=backend_store)
    return Deployment(webtest.TestApp(application), keystone, seeded)


def _b_names(seeded):
    """What only project B has, in every list."""
    return {
        '/v1/events': seeded.b_ids(),
        '/v1/event_types': {'image.upload'},
        '/v1/event_types/compute.instance.create.end/traits': {'secret_b'},
        '/v1/deployments': {'cell-b'},
        '/v1/hosts': {'host-b1', 'host-b2'},
    }


def _a_names(seeded):
    return {
        '/v1/events': seeded.a_ids(),
        '/v1/event_types': {
            'compute.instance.create.start', 'compute.instance.create.end',
            'compute.instance.delete.end', 'compute.instance.exists',
            'compute.instanceX.end'},
        '/v1/event_types/compute.instance.create.end/traits': {
            'disk_gb', 'launched_at', 'memory_mb', 'state', 'url'},
        '/v1/deployments': {'cell-a'},
        '/v1/hosts': {'host-a1', 'host-a2'},
    }


def test_version_discovery_needs_no_token(deployment):
    for url in ('/', '/v1', '/v1/'):
        response = deployment.app.get(url)
        assert response.json
        assert response.headers['X-Openstack-Request-Id'].startswith('req-')


@pytest.mark.parametrize('url', sorted(LISTS) + [
    '/v1/events/a-create-end', '/v1/events/a-create-end/notification',
    '/v1/nothing'])
def test_no_token_is_401(deployment, url):
    response = deployment.app.get(url, status=401)
    assert response.headers['WWW-Authenticate'].startswith(
        'Keystone uri=')
    assert response.json['error_message']['faultstring']
    deployment.app.get(url, headers={'X-Auth-Token': 'not-a-token'},
                       status=401)
    # Identity headers sent by the client are not trusted.
    deployment.app.get(url, headers=fakes.identity_headers(
        deployment.seeded.project_b, roles=('admin',)), status=401)


@pytest.mark.parametrize('user', ['member-a', 'reader-a'])
@pytest.mark.parametrize('url', sorted(LISTS))
def test_project_a_sees_a_rows_only(deployment, user, url):
    names = deployment.names(url, user, 'project-a')
    assert names == _a_names(deployment.seeded)[url]
    assert not names & _b_names(deployment.seeded)[url]
    # Asking for its own project explicitly is the same.
    assert deployment.names(
        url + '?project_id=' + deployment.seeded.project_a, user,
        'project-a') == names


@pytest.mark.parametrize('url', sorted(LISTS))
def test_project_b_sees_b_rows_only(deployment, url):
    expected = {
        '/v1/events': deployment.seeded.b_ids(),
        '/v1/event_types': {'compute.instance.create.end', 'image.upload'},
        '/v1/event_types/compute.instance.create.end/traits': {
            'memory_mb', 'secret_b', 'state'},
        '/v1/deployments': {'cell-b'},
        '/v1/hosts': {'host-b1', 'host-b2'},
    }
    assert deployment.names(url, 'member-b', 'project-b') == expected[url]


@pytest.mark.parametrize('user', ['member-a', 'reader-a'])
@pytest.mark.parametrize('url', sorted(LISTS))
def test_other_projects_are_403_for_members(deployment, user, url):
    headers = deployment.headers(user, 'project-a')
    for query in ('?project_id=' + deployment.seeded.project_b,
                  '?all_projects=true', '?all_projects=1'):
        response = deployment.app.get(url + query, headers=headers,
                                      status=403)
        assert 'all_projects' in response.json['error_message'][
            'faultstring']


@pytest.mark.parametrize('user', ['member-a', 'reader-a'])
def test_rows_of_others_are_404_for_members(deployment, user):
    headers = deployment.headers(user, 'project-a')
    for message_id in ('b-create-end', 'b-image', 'n-scheduler'):
        deployment.app.get('/v1/events/' + message_id, headers=headers,
                           status=404)
    for message_id in ('b-create-end', 'n-scheduler'):
        deployment.app.get('/v1/events/%s/notification' % message_id,
                           headers=headers, status=404)
    deployment.app.get('/v1/event_types/image.upload/traits',
                       headers=headers, status=404)
    # Their own are there.
    event = deployment.app.get('/v1/events/a-create-end',
                               headers=headers).json
    assert event['project_id'] == deployment.seeded.project_a
    notification = deployment.app.get(
        '/v1/events/a-create-end/notification', headers=headers).json
    assert notification['body'] == deployment.seeded.notifications[
        'a-create-end'][1]


def test_member_filters_stay_in_their_project(deployment):
    names = deployment.names('/v1/events?request_id=req-a1', 'member-a',
                             'project-a')
    assert names == {'a-create-start', 'a-create-end'}
    assert deployment.names('/v1/events?deployment=cell-b', 'member-a',
                            'project-a') == set()
    assert deployment.names('/v1/hosts?deployment=cell-b', 'member-a',
                            'project-a') == set()
    response = deployment.app.get(
        '/v1/events?marker=b-image',
        headers=deployment.headers('member-a', 'project-a'), status=400)
    assert 'marker' in response.json['error_message']['faultstring']


@pytest.mark.parametrize('scope', [{'project': 'admin'}, {'system': True}])
def test_admin_sees_every_project(deployment, scope):
    seeded = deployment.seeded
    for url in LISTS:
        names = deployment.names(url, 'admin', **scope)
        assert _a_names(seeded)[url] | _b_names(seeded)[url] <= names
    assert deployment.names('/v1/events', 'admin', **scope) == (
        seeded.all_ids())
    assert deployment.names('/v1/events?project_id=' + seeded.project_b,
                            'admin', **scope) == seeded.b_ids()
    assert deployment.names('/v1/hosts?all_projects=true', 'admin',
                            **scope) >= {'scheduler-1'}
    headers = deployment.headers('admin', **scope)
    for message_id in ('b-image', 'n-scheduler'):
        deployment.app.get('/v1/events/' + message_id, headers=headers)
    deployment.app.get('/v1/events/n-scheduler/notification',
                       headers=headers)


def test_errors_are_json(deployment):
    headers = deployment.headers('member-a', 'project-a')
    for url, status in (('/v1/events?limit=0', 400),
                        ('/v1/events/nope', 404),
                        ('/v1/nothing', 404)):
        response = deployment.app.get(url, headers=headers, status=status)
        assert response.content_type == 'application/json'
        assert response.json['error_message']['faultcode'] == 'Client'
    response = deployment.app.post('/v1/events', headers=headers,
                                   status=405)
    assert response.json['error_message']['faultstring']
