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
Keystone projects, and what the tracking handlers made of their nova,
glance and cinder notifications; on every endpoint, the member and the
reader of A see A's rows and none of B's, admins see everything, and a
token that is missing or bad is a 401.
"""

import dataclasses
import os

import pytest
import webtest

from stacktach_os.api import app as api_app
from tests.functional.api import conftest
from tests.functional.api import data
from tests.functional.api import tracking_data
from tests.unit.api import fakes

LISTS = {
    '/v1/events': 'events',
    '/v1/event_types': 'event_types',
    '/v1/event_types/compute.instance.create.end/traits': 'traits',
    '/v1/deployments': 'deployments',
    '/v1/hosts': 'hosts',
    '/v1/instances': 'instances',
    '/v1/timings': 'timings',
    '/v1/timings/summary': 'summary',
    '/v1/requests': 'requests',
    '/v1/kpis': 'kpis',
    '/v1/usage/launches': 'launches',
    '/v1/usage/deletes': 'deletes',
    '/v1/usage/exists': 'exists',
    '/v1/usage/images/usage': 'usage',
    '/v1/usage/images/deletes': 'deletes',
    '/v1/usage/images/exists': 'exists',
    '/v1/usage/volumes/usage': 'usage',
    '/v1/usage/volumes/deletes': 'deletes',
    '/v1/usage/volumes/exists': 'exists',
}

#: What names an item of a list (default: message_id or name), and what
#: tells two items apart (default: the name).
NAMES = {
    '/v1/instances': 'instance_id',
    '/v1/timings': 'instance_id',
    '/v1/timings/summary': 'operation',
    '/v1/requests': 'request_id',
    '/v1/kpis': 'request_id',
    '/v1/usage/launches': 'instance_id',
    '/v1/usage/deletes': 'instance_id',
    '/v1/usage/exists': 'instance_id',
    '/v1/usage/images/usage': 'image_id',
    '/v1/usage/images/deletes': 'image_id',
    '/v1/usage/images/exists': 'image_id',
    '/v1/usage/volumes/usage': 'volume_id',
    '/v1/usage/volumes/deletes': 'volume_id',
    '/v1/usage/volumes/exists': 'volume_id',
}
KEYS = {path: 'id' for path in NAMES if path.startswith('/v1/usage/')}
KEYS['/v1/timings'] = 'id'
#: The lists that come whole, without pages.
WHOLE = ('/v1/timings/summary',)


def _field(table, path):
    name = table.get(path)
    if name is None:
        return lambda item: item.get('message_id', item.get('name'))
    return lambda item: item[name]


def _with(url, query):
    return url + ('&' if '?' in url else '?') + query


@dataclasses.dataclass
class Deployment(object):
    app: webtest.TestApp
    keystone: object
    seeded: data.Seeded
    tracked: tracking_data.Tracked

    def headers(self, user, project=None, system=False):
        return {'X-Auth-Token': self.keystone.token(user, project, system)}

    def collect(self, url, user, project=None, system=False):
        path = url.split('?')[0]
        return conftest.collect(
            self.app, url, LISTS[path], self.headers(user, project, system),
            limit=None if path in WHOLE else 3,
            key=_field(KEYS if path in KEYS else NAMES, path))

    def names(self, url, user, project=None, system=False):
        name = _field(NAMES, url.split('?')[0])
        return {name(item) for item in
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
    project_a = keystone.projects['project-a']
    project_b = keystone.projects['project-b']
    seeded = data.seed(backend_store, project_a, project_b)
    tracked = tracking_data.seed(backend_store, project_a, project_b)
    conf = fakes.make_conf(_write_config(
        str(tmp_path_factory.mktemp('api')), keystone))
    application = api_app.load_app(conf, store=backend_store)
    return Deployment(webtest.TestApp(application), keystone, seeded,
                      tracked)


def _operations(owner):
    return {operation for flow in owner.flows
            for operation in flow.expected.timings}


def _tracked_names(owner):
    """The names in the tracking lists of one project's rows."""
    kept, gone = owner.images
    return {
        '/v1/instances': owner.instances(),
        '/v1/timings': owner.instances(),
        '/v1/timings/summary': _operations(owner),
        '/v1/requests': owner.requests(),
        '/v1/kpis': owner.kpis(),
        '/v1/usage/launches': owner.launched(),
        '/v1/usage/deletes': owner.launched(),
        '/v1/usage/exists': owner.launched(),
        '/v1/usage/images/usage': {kept, gone},
        '/v1/usage/images/deletes': {gone},
        '/v1/usage/images/exists': {kept, gone},
        '/v1/usage/volumes/usage': {owner.volume_id},
        '/v1/usage/volumes/deletes': {owner.volume_id},
        '/v1/usage/volumes/exists': {owner.volume_id},
    }


def _b_names(deployment):
    """What only project B has, in every list."""
    seeded, tracked = deployment.seeded, deployment.tracked
    names = _tracked_names(tracked.b)
    # Both run some operations of the same names.
    names['/v1/timings/summary'] -= _operations(tracked.a)
    names.update({
        '/v1/events': seeded.b_ids(),
        '/v1/event_types': {'image.upload'},
        '/v1/event_types/compute.instance.create.end/traits': {'secret_b'},
        '/v1/deployments': {'cell-b'},
        '/v1/hosts': {'host-b1', 'host-b2'},
    })
    return names


def _a_names(deployment):
    seeded = deployment.seeded
    return dict(_tracked_names(deployment.tracked.a), **{
        '/v1/events': seeded.a_ids(),
        '/v1/event_types': {
            'compute.instance.create.start', 'compute.instance.create.end',
            'compute.instance.delete.end', 'compute.instance.exists',
            'compute.instanceX.end'},
        '/v1/event_types/compute.instance.create.end/traits': {
            'disk_gb', 'launched_at', 'memory_mb', 'state', 'url'},
        '/v1/deployments': {'cell-a'},
        '/v1/hosts': {'host-a1', 'host-a2'},
    })


def test_version_discovery_needs_no_token(deployment):
    for url in ('/', '/v1', '/v1/'):
        response = deployment.app.get(url)
        assert response.json
        assert response.headers['X-Openstack-Request-Id'].startswith('req-')


@pytest.mark.parametrize('url', sorted(LISTS) + [
    '/v1/events/a-create-end', '/v1/events/a-create-end/notification',
    '/v1/nothing', '/v1/instances/an-instance',
    '/v1/instances/an-instance/lifecycle',
    '/v1/instances/an-instance/timings', '/v1/requests/req-a-request',
    '/v1/usage', '/v1/usage/images', '/v1/usage/volumes'])
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
    assert names == _a_names(deployment)[url]
    assert not names & _b_names(deployment)[url]
    # Asking for its own project explicitly is the same.
    assert deployment.names(
        _with(url, 'project_id=' + deployment.seeded.project_a), user,
        'project-a') == names


@pytest.mark.parametrize('url', sorted(LISTS))
def test_project_b_sees_b_rows_only(deployment, url):
    expected = dict(_tracked_names(deployment.tracked.b), **{
        '/v1/events': deployment.seeded.b_ids(),
        '/v1/event_types': {'compute.instance.create.end', 'image.upload'},
        '/v1/event_types/compute.instance.create.end/traits': {
            'memory_mb', 'secret_b', 'state'},
        '/v1/deployments': {'cell-b'},
        '/v1/hosts': {'host-b1', 'host-b2'},
    })
    assert deployment.names(url, 'member-b', 'project-b') == expected[url]


@pytest.mark.parametrize('user', ['member-a', 'reader-a'])
@pytest.mark.parametrize('url', sorted(LISTS))
def test_other_projects_are_403_for_members(deployment, user, url):
    headers = deployment.headers(user, 'project-a')
    for query in ('?project_id=' + deployment.seeded.project_b,
                  '?all_projects=true', '?all_projects=1'):
        response = deployment.app.get(_with(url, query[1:]),
                                      headers=headers, status=403)
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
        assert _a_names(deployment)[url] | _b_names(deployment)[url] <= (
            names)
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


@pytest.mark.parametrize('user', ['member-a', 'reader-a'])
def test_instances_and_requests_of_others_are_404(deployment, user):
    tracked = deployment.tracked
    headers = deployment.headers(user, 'project-a')
    admin = deployment.headers('admin', 'admin')
    mine, theirs = tracked.a.flows[0], tracked.b.flows[0]
    for flow, status in ((mine, 200), (theirs, 404)):
        instance_id = flow.expected.instance_id
        for path in ('/v1/instances/%s', '/v1/instances/%s/lifecycle',
                     '/v1/instances/%s/timings'):
            deployment.app.get(path % instance_id, headers=headers,
                               status=status)
            deployment.app.get(path % instance_id, headers=admin)
        request_id = sorted(flow.expected.requests)[0]
        deployment.app.get('/v1/requests/' + request_id, headers=headers,
                           status=status)
        deployment.app.get('/v1/requests/' + request_id, headers=admin)
    lifecycle = deployment.app.get(
        '/v1/instances/%s/lifecycle' % mine.expected.instance_id,
        headers=headers).json
    assert lifecycle['project_id'] == deployment.seeded.project_a
    for query in ('project_id=' + deployment.seeded.project_b,
                  'all_projects=true'):
        deployment.app.get('/v1/instances/%s/lifecycle?%s' % (
            theirs.expected.instance_id, query), headers=headers,
            status=403)


def test_timing_summary_counts_own_timings_only(deployment):
    member = deployment.app.get(
        '/v1/timings/summary', headers=deployment.headers(
            'member-a', 'project-a')).json
    admin = deployment.headers('admin', 'admin')
    project_a = deployment.app.get(
        '/v1/timings/summary?project_id=' + deployment.seeded.project_a,
        headers=admin).json
    everything = deployment.app.get('/v1/timings/summary',
                                    headers=admin).json
    assert member == project_a != everything
    by_project = deployment.app.get(
        '/v1/timings/summary?group_by=project_id', headers=admin).json
    assert {row['project_id'] for row in by_project['summary']} == {
        deployment.seeded.project_a, deployment.seeded.project_b}
