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
"""Reconciliation through keystoneauth and openstacksdk, against an HTTP
server in the test process that plays Keystone and Nova."""

import datetime

from openstack.compute.v2 import server as sdk_server
import pytest

from stacktach_os.verifier import nova
from stacktach_os.verifier import reconcile
from tests.unit.verifier import fake_nova

DAY_1 = datetime.datetime(2026, 3, 2)
DAY_2 = datetime.datetime(2026, 3, 3)
LAUNCHED = datetime.datetime(2026, 3, 1, 10, 0, 29, 500000)
DELETED = datetime.datetime(2026, 3, 2, 9, 0, 11, 250000)
PROJECT = 'project-a'


@pytest.fixture
def nova_server():
    server = fake_nova.FakeNova().start()
    yield server
    server.stop()


def make_conf(tmp_path, nova_server, password='secret', auth=True):
    return fake_nova.credentials_conf(tmp_path, nova_server, password, auth)


def exists(instance_id, **changes):
    values = dict(instance_id=instance_id, audit_period_beginning=DAY_1,
                  audit_period_ending=DAY_2, launched_at=LAUNCHED,
                  state='active', project_id=PROJECT, flavor_id='2',
                  flavor_name='m1.small')
    values.update(changes)
    return nova.Exists(**values)


def add(nova_server, deleted_at=None, **changes):
    instance_id = fake_nova.new_id()
    values = dict(project_id=PROJECT,
                  launched_at='2026-03-01T10:00:29.000000',
                  flavor_name='m1.small', flavor_id='2',
                  deleted_at=deleted_at)
    values.update(changes)
    nova_server.add(instance_id, **values)
    return instance_id


def test_nova_confirms_an_active_server(tmp_path, nova_server):
    instance_id = add(nova_server)
    checker = reconcile.Reconciler(make_conf(tmp_path, nova_server))
    result = checker.check(exists(instance_id))
    assert result.confirmed, result.detail
    assert 'absence of deletion' in result.detail
    # A real token, then Nova at the newest microversion both know.
    methods = [(method, path) for method, path, _extra in
               nova_server.requests]
    assert ('POST', '/identity/v3/auth/tokens') in methods
    assert ('GET', '/compute/v2.1/servers/%s' % instance_id) in methods
    assert all(token == fake_nova.TOKEN for method, path, token
               in nova_server.requests if '/servers' in path)
    assert set(nova_server.microversions) == {fake_nova.MAX_MICROVERSION}


def test_nova_confirms_a_deleted_server(tmp_path, nova_server):
    instance_id = add(nova_server, deleted_at='2026-03-02T09:00:11.000000')
    checker = reconcile.Reconciler(make_conf(tmp_path, nova_server))
    result = checker.check(exists(instance_id, deleted_at=DELETED,
                                  state='deleted'))
    assert result.confirmed, result.detail
    assert 'deletion at 2026-03-02T09:00:11.250000' in result.detail
    paths = [path for _method, path, _extra in nova_server.requests]
    assert any(path.startswith('/compute/v2.1/servers/detail?')
               and 'deleted=True' in path and instance_id in path
               for path in paths)


def test_another_flavor_is_not_confirmed(tmp_path, nova_server):
    instance_id = add(nova_server, flavor_name='m1.large')
    checker = reconcile.Reconciler(make_conf(tmp_path, nova_server))
    result = checker.check(exists(instance_id))
    assert not result.confirmed
    assert result.detail == 'flavor: exists m1.small != nova m1.large'


def test_an_earlier_launch_is_not_confirmed(tmp_path, nova_server):
    instance_id = add(nova_server, launched_at='2026-03-02T12:00:00.000000')
    checker = reconcile.Reconciler(make_conf(tmp_path, nova_server))
    result = checker.check(exists(instance_id))
    assert not result.confirmed
    assert result.detail == ('launched_at: exists 2026-03-01T10:00:29.500000 '
                             '!= nova 2026-03-02T12:00:00.000000')


def test_another_project_is_not_confirmed(tmp_path, nova_server):
    instance_id = add(nova_server, project_id='project-b')
    checker = reconcile.Reconciler(make_conf(tmp_path, nova_server))
    result = checker.check(exists(instance_id))
    assert not result.confirmed
    assert result.detail == 'project_id: exists project-a != nova project-b'


def test_a_deletion_the_exists_does_not_report_is_not_confirmed(
        tmp_path, nova_server):
    instance_id = add(nova_server, deleted_at='2026-03-02T09:00:11.000000')
    checker = reconcile.Reconciler(make_conf(tmp_path, nova_server))
    result = checker.check(exists(instance_id))
    assert not result.confirmed
    assert 'nova shows it deleted' in result.detail


def test_a_deletion_nova_does_not_know_is_not_confirmed(tmp_path,
                                                        nova_server):
    instance_id = add(nova_server)
    checker = reconcile.Reconciler(make_conf(tmp_path, nova_server))
    result = checker.check(exists(instance_id, deleted_at=DELETED,
                                  state='deleted'))
    assert not result.confirmed
    assert 'nova shows state active' in result.detail


def test_an_unknown_server_is_not_confirmed(tmp_path, nova_server):
    checker = reconcile.Reconciler(make_conf(tmp_path, nova_server))
    result = checker.check(exists('no-such-server'))
    assert (result.confirmed, result.detail) == (
        False, 'Nova has no server no-such-server')


def test_refused_credentials_leave_the_exists_failed(tmp_path, nova_server):
    instance_id = add(nova_server)
    checker = reconcile.Reconciler(make_conf(tmp_path, nova_server,
                                             password='wrong'))
    result = checker.check(exists(instance_id))
    assert not result.confirmed
    assert result.detail.startswith('Nova could not be asked: ')


def test_unconfigured_credentials_leave_the_exists_failed(tmp_path,
                                                          nova_server):
    checker = reconcile.Reconciler(make_conf(tmp_path, nova_server,
                                             auth=False))
    result = checker.check(exists(fake_nova.new_id()))
    assert not result.confirmed
    assert 'auth_type is not set' in result.detail


def test_an_unreachable_nova_leaves_the_exists_failed(tmp_path,
                                                      nova_server):
    conf = make_conf(tmp_path, nova_server)
    nova_server.stop()
    result = reconcile.Reconciler(conf).check(exists(fake_nova.new_id()))
    assert not result.confirmed
    assert result.detail.startswith('Nova could not be asked: ')


def test_flavor_ids_of_older_microversions():
    document = fake_nova.server_document(
        'i-1', PROJECT, '2026-03-01T10:00:29.000000', 'm1.small', '2',
        microversion='2.1')
    server = sdk_server.Server.existing(**document)
    assert reconcile.compare(exists('i-1'), server).confirmed
    result = reconcile.compare(exists('i-1', flavor_id='3'), server)
    assert result.detail == 'flavor_id: exists 3 != nova 2'
