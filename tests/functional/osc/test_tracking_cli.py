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
"""The tracking and usage commands of ``openstack`` against the real API.

A ``stacktach-os-api`` process, checking Keystone tokens, serves what the
ingestion pipeline made of two projects' notifications
(:mod:`tests.functional.api.tracking_data`); python-openstackclient's
``openstack`` asks it as a user would, so that the commands and the API
agree on paths, parameters and documents.
"""

from oslo_serialization import jsonutils
import pytest

from tests.functional.api import tracking_data
from tests.functional import database
from tests.functional.osc import test_openstack_cli as cli
from tests.samples import nova_flows


@pytest.fixture(scope='module')
def tracked(keystone, tmp_path_factory):
    """A running stacktach-os-api, in the catalog, with tracking rows."""
    directory = str(tmp_path_factory.mktemp('osc-tracking'))
    with database.migrated_store('sqlite') as store:
        seeded = tracking_data.seed(store, keystone.projects['project-a'],
                                    keystone.projects['project-b'])
        with cli.api_in_catalog(keystone, directory, store):
            yield seeded


def _json(keystone, user, project, *argv):
    result = cli.openstack(keystone, user, project, *argv + ('-f', 'json'))
    assert result.returncode == 0, result.stderr
    return jsonutils.loads(result.stdout)


def test_instance_lifecycle_and_timings(tracked, keystone):
    flow = tracked.a.flows[0]
    instance_id = flow.expected.instance_id
    steps = _json(keystone, 'member-a', 'project-a', 'instance',
                  'lifecycle', instance_id, '--limit', '-1')
    assert [(step['state'], step['task_state']) for step in steps] == (
        flow.expected.states)
    every = _json(keystone, 'member-a', 'project-a', 'instance',
                  'lifecycle', instance_id, '--changes-only', 'false',
                  '--limit', '-1')
    assert len(every) > len(steps)
    runs = _json(keystone, 'reader-a', 'project-a', 'instance', 'timings',
                 instance_id, '--limit', '-1')
    assert {run['operation'] for run in runs} == set(flow.expected.timings)
    errors = _json(keystone, 'member-a', 'project-a', 'instance', 'timings',
                   tracked.a.flows[1].expected.instance_id, '--outcome',
                   'error')
    assert sorted(run['operation'] for run in errors) == [
        'compute_task.build_instances', 'create', 'create']
    other = tracked.b.flows[0].expected.instance_id
    result = cli.openstack(keystone, 'member-a', 'project-a', 'instance',
                           'lifecycle', other)
    assert result.returncode == 1
    assert '(HTTP 404)' in result.stderr


def test_request_show(tracked, keystone):
    flow = tracked.a.flows[0]
    request_id = nova_flows.request_id('tenant-a', nova_flows.LEGACY,
                                       'resize')
    document = _json(keystone, 'member-a', 'project-a', 'request', 'show',
                     request_id)
    count, outcome, kpi = flow.expected.requests[request_id]
    assert (document['notification_count'], document['outcome']) == (
        count, outcome)
    assert len(document['notifications']) == count
    assert [run['operation'] for run in document['timings']] == [
        'resize.prep', 'resize', 'finish_resize']
    assert document['kpi'] == pytest.approx(kpi, abs=1e-3)


def test_timings_and_their_summary(tracked, keystone):
    creates = _json(keystone, 'member-a', 'project-a', 'timing', 'list',
                    '--operation', 'create', '--limit', '-1')
    assert sorted(run['outcome'] for run in creates) == [
        'error', 'error', 'ok']
    summary = _json(keystone, 'admin', 'admin', 'timing', 'summary',
                    '--all-projects', '--group-by', 'operation,host',
                    '--operation', 'create')
    assert [(row['host'], row['count']) for row in summary] == [
        ('compute-1', 3), ('compute-2', 1)]
    # compute-1: 5 s (failed) and 27 s twice; compute-2: 5 s (failed).
    assert [row['p50'] for row in summary] == [27.0, 5.0]
    mine = _json(keystone, 'member-a', 'project-a', 'timing', 'summary',
                 '--group-by', 'project_id')
    assert [row['project_id'] for row in mine] == [
        keystone.projects['project-a']]


def test_kpis(tracked, keystone):
    kpis = _json(keystone, 'member-a', 'project-a', 'kpi', 'list',
                 '--sort', 'kpi:desc', '--limit', '-1')
    assert {row['request_id'] for row in kpis} == tracked.a.kpis()
    values = [row['kpi'] for row in kpis]
    assert values == sorted(values, reverse=True)
    creates = _json(keystone, 'admin', 'admin', 'kpi', 'list',
                    '--all-projects', '--end-event-type',
                    'compute.instance.create.end')
    assert [row['request_id'] for row in creates] == [
        nova_flows.request_id('tenant-a', nova_flows.LEGACY, 'create')]


@pytest.mark.parametrize('command, resource, count', [
    (('usage', 'launch', 'list'), 'instance_id', 4),
    (('usage', 'delete', 'list'), 'instance_id', 1),
    (('usage', 'exists', 'list', '--status', 'pending'), 'instance_id', 4),
    (('usage', 'image', 'list'), 'image_id', 2),
    (('usage', 'image', 'delete', 'list'), 'image_id', 1),
    (('usage', 'image', 'exists', 'list'), 'image_id', 2),
    (('usage', 'volume', 'list'), 'volume_id', 1),
    (('usage', 'volume', 'delete', 'list'), 'volume_id', 1),
    (('usage', 'volume', 'exists', 'list'), 'volume_id', 1),
])
def test_usage_lists(tracked, keystone, command, resource, count):
    rows = _json(keystone, 'member-a', 'project-a', *command + (
        '--limit', '-1'))
    assert len(rows) == count
    assert {row['project_id'] for row in rows} == {
        keystone.projects['project-a']}
    assert all(row[resource] for row in rows)
