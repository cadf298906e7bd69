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
"""The real ``openstack`` command against Keystone and stacktach-os-api.

A real Keystone (the ``keystone`` fixture) whose catalog holds the
``stacktach`` service, a ``stacktach-os-api`` process that checks tokens
with keystonemiddleware, events of two projects in its database, and
python-openstackclient's ``openstack`` run as a user would run it, with
password credentials in the environment. A member sees their project's
events only; an admin sees every project's with ``--all-projects``.
"""

import contextlib
import os
import subprocess
import sys

from keystoneauth1.identity import v3
from keystoneauth1 import session as ks_session
from oslo_serialization import jsonutils
import pytest

from tests.functional.api import data
from tests.functional import database
from tests.functional.keystone import DOMAIN
from tests.functional.keystone import REGION
from tests.functional import processes

BIN = os.path.dirname(sys.executable)


def _write_config(directory, keystone, connection, port):
    lines = ['[DEFAULT]',
             'log_file = %s' % os.path.join(directory, 'api.log'),
             '[database]', 'connection = %s' % connection,
             '[api]', 'host = 127.0.0.1', 'port = %d' % port,
             'workers = 4', 'auth_strategy = keystone',
             '[keystone_authtoken]']
    lines += ['%s = %s' % item for item in
              sorted(keystone.authtoken_options().items())]
    path = os.path.join(directory, 'stacktach_os.conf')
    with open(path, 'w') as config:
        config.write('\n'.join(lines) + '\n')
    return path


def _admin_session(keystone):
    return ks_session.Session(auth=v3.Password(
        auth_url=keystone.auth_url, username='admin',
        password=keystone.password('admin'), user_domain_id=DOMAIN,
        project_name='admin', project_domain_id=DOMAIN))


def _register(keystone, url):
    """Put the API in the catalog as the stacktach service; return undo."""
    session = _admin_session(keystone)
    identity = keystone.auth_url
    services = session.get(identity + '/services?type=stacktach').json()
    if services['services']:
        service_id = services['services'][0]['id']
    else:
        service_id = session.post(identity + '/services', json={
            'service': {'type': 'stacktach', 'name': 'stacktach'}}).json()[
                'service']['id']
    endpoints = session.get(
        identity + '/endpoints?service_id=%s' % service_id).json()
    for endpoint in endpoints['endpoints']:
        session.delete(identity + '/endpoints/' + endpoint['id'])
    endpoint_id = session.post(identity + '/endpoints', json={'endpoint': {
        'service_id': service_id, 'interface': 'public', 'url': url,
        'region_id': REGION}}).json()['endpoint']['id']
    return lambda: session.delete(identity + '/endpoints/' + endpoint_id)


def _answers(url):
    try:
        return ks_session.Session().get(
            url, authenticated=False, raise_exc=False,
            timeout=5).status_code == 200
    except Exception:
        return False


@contextlib.contextmanager
def api_in_catalog(keystone, directory, store):
    """Run stacktach-os-api on ``store``, in Keystone's catalog, until exit."""
    port = processes.free_port()
    url = 'http://127.0.0.1:%d' % port
    config = _write_config(directory, keystone, store.url, port)
    process = subprocess.Popen(
        [os.path.join(BIN, 'stacktach-os-api'), '--config-file', config],
        stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    unregister = None
    try:
        def ready():
            if process.poll() is not None:
                raise AssertionError(
                    'stacktach-os-api exited with %s; see %s'
                    % (process.returncode, directory))
            return _answers(url + '/')

        processes.wait_for(ready, 60, interval=0.3,
                           message='stacktach-os-api on %s' % url)
        unregister = _register(keystone, url)
        yield url
    finally:
        if unregister is not None:
            unregister()
        processes.stop(process)


@pytest.fixture(scope='module')
def stacktach(keystone, tmp_path_factory):
    """A running stacktach-os-api, in the catalog, with seeded events."""
    directory = str(tmp_path_factory.mktemp('osc'))
    with database.migrated_store('sqlite') as store:
        seeded = data.seed(store, keystone.projects['project-a'],
                           keystone.projects['project-b'])
        with api_in_catalog(keystone, directory, store):
            yield seeded


def openstack(keystone, user, project, *argv):
    """Run ``openstack stacktach ARGV`` as ``user`` in ``project``."""
    env = {name: value for name, value in os.environ.items()
           if not name.startswith('OS_')}
    env.update({
        'HOME': os.environ.get('HOME', '/tmp'),
        'OS_AUTH_TYPE': 'password', 'OS_AUTH_URL': keystone.auth_url,
        'OS_IDENTITY_API_VERSION': '3', 'OS_USERNAME': user,
        'OS_PASSWORD': keystone.password(user),
        'OS_USER_DOMAIN_ID': DOMAIN, 'OS_PROJECT_NAME': project,
        'OS_PROJECT_DOMAIN_ID': DOMAIN, 'OS_REGION_NAME': REGION,
        'OS_INTERFACE': 'public',
    })
    return subprocess.run([os.path.join(BIN, 'openstack'), 'stacktach'] +
                          list(argv), env=env, capture_output=True,
                          text=True, timeout=180)


def _message_ids(result):
    assert result.returncode == 0, result.stderr
    return {event['message_id'] for event in jsonutils.loads(result.stdout)}


@pytest.mark.parametrize('user, project, owner', [
    ('member-a', 'project-a', 'project-a'),
    ('reader-a', 'project-a', 'project-a'),
    ('member-b', 'project-b', 'project-b'),
])
def test_a_member_lists_the_events_of_their_project_only(
        stacktach, keystone, user, project, owner):
    result = openstack(keystone, user, project, 'event', 'list', '-f',
                       'json', '--limit', '-1')
    assert _message_ids(result) == stacktach.ids(keystone.projects[owner])
    assert {event['project_id'] for event in
            jsonutils.loads(result.stdout)} == {keystone.projects[owner]}


def test_the_admin_lists_every_project_with_all_projects(
        stacktach, keystone):
    result = openstack(keystone, 'admin', 'admin', 'event', 'list',
                       '--all-projects', '-f', 'json', '--limit', '-1')
    assert _message_ids(result) == stacktach.all_ids()
    assert stacktach.a_ids() and stacktach.b_ids()


def test_the_admin_without_all_projects_lists_their_project(
        stacktach, keystone):
    result = openstack(keystone, 'admin', 'admin', 'event', 'list',
                       '-f', 'json')
    assert _message_ids(result) == set()
    result = openstack(keystone, 'admin', 'admin', 'event', 'list',
                       '--project', keystone.projects['project-b'],
                       '-f', 'json')
    assert _message_ids(result) == stacktach.b_ids()


def test_a_member_asking_for_all_projects_is_refused(
        stacktach, keystone):
    result = openstack(keystone, 'member-a', 'project-a', 'event', 'list',
                       '--all-projects')
    assert result.returncode == 1
    assert '(HTTP 403)' in result.stderr
    assert 'Traceback' not in result.stderr


def test_a_member_cannot_see_an_event_of_another_project(
        stacktach, keystone):
    other = sorted(stacktach.b_ids())[0]
    result = openstack(keystone, 'member-a', 'project-a', 'event', 'show',
                       other)
    assert result.returncode == 1
    assert '(HTTP 404)' in result.stderr
    mine = sorted(stacktach.a_ids())[0]
    result = openstack(keystone, 'member-a', 'project-a', 'event', 'show',
                       mine, '-f', 'json')
    assert result.returncode == 0, result.stderr
    assert jsonutils.loads(result.stdout)['message_id'] == mine
