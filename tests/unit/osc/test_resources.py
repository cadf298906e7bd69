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
"""Argument parsing and output of the commands other than events."""

import pytest

from stacktach_os.osc.v1 import deployments
from stacktach_os.osc.v1 import hosts
from stacktach_os.osc.v1 import instances
from stacktach_os.osc.v1 import kpis
from stacktach_os.osc.v1 import requests
from stacktach_os.osc.v1 import timings
from stacktach_os.osc.v1 import usage
from stacktach_os.osc.v1 import verifications
from tests.unit.osc import fakes

TRANSITION = {
    'message_id': 'm-1', 'instance_id': 'i/1',
    'generated': '2026-01-31T12:00:00+00:00',
    'event_type': 'compute.instance.create.start', 'deployment': 'cell1',
    'project_id': 'project-a', 'request_id': 'req-1', 'host': 'compute-1',
    'old_state': None, 'state': 'building', 'old_task_state': None,
    'task_state': 'spawning', 'reported_old': False}

TIMING = {
    'id': 7, 'instance_id': 'i-1', 'operation': 'compute.instance.create',
    'deployment': 'cell1', 'project_id': 'project-a', 'request_id': 'req-1',
    'host': 'compute-1', 'end_host': 'compute-1',
    'generated': '2026-01-31T12:00:00+00:00',
    'start_generated': '2026-01-31T12:00:00+00:00',
    'end_generated': '2026-01-31T12:00:42.5+00:00', 'duration': 42.5,
    'outcome': 'ok', 'error_message': None}


def _header(output):
    return [cell.strip() for cell in output.splitlines()[1].split('|')
            if cell.strip()]


def test_instance_lifecycle():
    path = '/v1/instances/i%2F1/lifecycle'
    session = fakes.FakeSession({path: {
        'instance_id': 'i/1', 'state': 'active',
        'transitions': [TRANSITION, dict(
            TRANSITION, message_id='m-2', old_state='building',
            state='active', old_task_state='spawning', task_state=None)],
        'links': []}})
    _code, output = fakes.run(instances.ShowInstanceLifecycle, [
        'i/1', '--since', '2026-01-31', '--until', '2026-02-01',
        '--changes-only', 'false', '--limit', '50'], session)
    assert session.requests[0].path == path
    assert session.params() == {'since': ['2026-01-31'],
                                'until': ['2026-02-01'],
                                'changes_only': ['false'], 'limit': ['50']}
    assert _header(output)[:6] == ['generated', 'event_type', 'old_state',
                                   'state', 'old_task_state', 'task_state']
    assert 'reported_old' in _header(output)
    rows = fakes.run_json(instances.ShowInstanceLifecycle, ['i/1'], session)
    assert [row['state'] for row in rows] == ['building', 'active']
    assert session.params() == {}


@pytest.mark.parametrize('argv', [[], ['i-1', '--marker', 'x'],
                                  ['i-1', '--all-projects']])
def test_instance_lifecycle_bad_arguments(argv):
    with pytest.raises(SystemExit):
        fakes.run(instances.ShowInstanceLifecycle, argv,
                  fakes.FakeSession())


def test_instance_timings():
    path = '/v1/instances/i-1/timings'
    session = fakes.FakeSession({path: fakes.page('timings', [TIMING])})
    _code, output = fakes.run(instances.ListInstanceTimings, [
        'i-1', '--sort', 'duration:desc', '--limit', '3',
        '--marker', '6', '--operation', 'create', '--outcome', 'error',
        '--request', 'req-1'], session)
    assert session.requests[0].path == path
    assert session.params() == {'sort': ['duration:desc'], 'limit': ['3'],
                                'marker': ['6'], 'operation': ['create'],
                                'outcome': ['error'],
                                'request_id': ['req-1']}
    assert _header(output)[:6] == ['id', 'operation', 'instance_id',
                                   'start_generated', 'end_generated',
                                   'duration']
    assert fakes.run_json(instances.ListInstanceTimings, ['i-1'],
                          session) == [TIMING]


REQUEST = {
    'request_id': 'req-1', 'global_request_id': None, 'outcome': 'ok',
    'duration': 12.25, 'kpi': 13.0, 'project_id': 'project-a',
    'first_generated': '2026-01-31T12:00:00+00:00',
    'services': ['api', 'compute'],
    'notifications': [
        {'message_id': 'm-1', 'event_type': 'compute.instance.create.start',
         'generated': '2026-01-31T12:00:00+00:00', 'host': 'compute-1'},
        {'message_id': 'm-2', 'event_type': 'compute.instance.create.end',
         'generated': '2026-01-31T12:00:12.25+00:00', 'host': 'compute-1'}],
}


def test_request_show():
    session = fakes.FakeSession({'/v1/requests/req-1': REQUEST})
    _code, output = fakes.run(requests.ShowRequest, ['req-1'], session)
    assert session.params() == {}
    assert 'event_type=compute.instance.create.start' in output
    assert 'api, compute' in output
    assert output.index('request_id') < output.index('outcome') < \
        output.index('notifications')
    assert fakes.run_json(requests.ShowRequest, ['req-1'],
                          session) == REQUEST
    _code, output = fakes.run(requests.ShowRequest, [
        'req-1', '-f', 'value', '-c', 'outcome'], session)
    assert output == 'ok\n'


def test_timing_list_filters():
    session = fakes.FakeSession({'/v1/timings': fakes.page('timings',
                                                           [TIMING])})
    fakes.run(timings.ListTiming, [
        '--operation', 'compute.instance.create', '--instance', 'i-1',
        '--request', 'req-1', '--host', 'compute-1', '--deployment', 'c1',
        '--outcome', 'error', '--since', '2026-01-01', '--until',
        '2026-02-01', '--project', 'p', '--sort', 'duration:desc'],
        session)
    assert session.params() == {
        'operation': ['compute.instance.create'], 'instance_id': ['i-1'],
        'request_id': ['req-1'], 'host': ['compute-1'],
        'deployment': ['c1'], 'outcome': ['error'],
        'since': ['2026-01-01'], 'until': ['2026-02-01'],
        'project_id': ['p'], 'sort': ['duration:desc']}


def test_timing_summary_reads_every_page():
    summary = [{'operation': 'compute.instance.create', 'host': 'c-1',
                'count': 3, 'ok': 3, 'errors': 0, 'unmatched': 0,
                'timed': 3, 'min': 1.0, 'max': 3.0, 'mean': 2.0,
                'p50': 2.0, 'p95': 3.0, 'p99': 3.0}]
    session = fakes.FakeSession({'/v1/timings/summary': [
        fakes.page('summary', summary, 'marker=a'),
        fakes.page('summary', [dict(summary[0], operation='other')])]})
    rows = fakes.run_json(timings.SummarizeTimings, [
        '--group-by', 'operation,host', '--all-projects'], session)
    assert [row['operation'] for row in rows] == [
        'compute.instance.create', 'other']
    assert session.params(0) == {'group_by': ['operation,host'],
                                 'all_projects': ['true']}
    _code, output = fakes.run(timings.SummarizeTimings, [], session)
    columns = timings.SummarizeTimings.columns
    assert _header(output) == list(columns[:2]) + list(columns[4:])


def test_timing_summary_takes_no_paging():
    with pytest.raises(SystemExit):
        fakes.run(timings.SummarizeTimings, ['--limit', '2'],
                  fakes.FakeSession())


def test_kpi_list():
    kpi = {'request_id': 'req-1', 'kpi': 12.5, 'outcome': 'ok'}
    session = fakes.FakeSession({'/v1/kpis': fakes.page('kpis', [kpi])})
    assert fakes.run_json(kpis.ListKpi, [
        '--since', '2026-01-01', '--outcome', 'ok', '--deployment', 'c1',
        '--end-event-type', 'compute.instance.create.end',
        '--sort', 'kpi:desc', '--limit', '1'], session) == [kpi]
    assert session.params() == {'since': ['2026-01-01'], 'outcome': ['ok'],
                                'deployment': ['c1'],
                                'end_event_type': [
                                    'compute.instance.create.end'],
                                'all_projects': ['false'],
                                'sort': ['kpi:desc'], 'limit': ['1']}


def test_deployment_list():
    session = fakes.FakeSession({'/v1/deployments': fakes.page(
        'deployments', [{'name': 'cell1'}, {'name': 'cell2'}])})
    _code, output = fakes.run(deployments.ListDeployment, [
        '-f', 'value'], session)
    assert output == 'cell1\ncell2\n'


def test_host_list():
    session = fakes.FakeSession({'/v1/hosts': fakes.page(
        'hosts', [{'name': 'compute-1'}])})
    _code, output = fakes.run(hosts.ListHost, [
        '--deployment', 'cell1', '-f', 'csv'], session)
    assert output.splitlines() == ['"name"', '"compute-1"']
    assert session.params() == {'deployment': ['cell1'],
                                'all_projects': ['false']}


USAGE = [
    (usage.ListLaunch, '/v1/usage/launches', 'launches', '--instance',
     'instance_id'),
    (usage.ListDelete, '/v1/usage/deletes', 'deletes', '--instance',
     'instance_id'),
    (usage.ListExists, '/v1/usage/exists', 'exists', '--instance',
     'instance_id'),
    (usage.ListImageUsage, '/v1/usage/images/usage', 'usage', '--image',
     'image_id'),
    (usage.ListImageDelete, '/v1/usage/images/deletes', 'deletes',
     '--image', 'image_id'),
    (usage.ListImageExists, '/v1/usage/images/exists', 'exists', '--image',
     'image_id'),
    (usage.ListVolumeUsage, '/v1/usage/volumes/usage', 'usage',
     '--volume', 'volume_id'),
    (usage.ListVolumeDelete, '/v1/usage/volumes/deletes', 'deletes',
     '--volume', 'volume_id'),
    (usage.ListVolumeExists, '/v1/usage/volumes/exists', 'exists',
     '--volume', 'volume_id'),
]


@pytest.mark.parametrize('command, path, key, option, param', USAGE)
def test_usage_lists(command, path, key, option, param):
    record = {'id': 1, param: 'r-1', 'deployment': 'cell1',
              'project_id': 'project-a', 'later_field': 'x'}
    session = fakes.FakeSession({path: fakes.page(key, [record])})
    argv = [option, 'r-1', '--deployment', 'cell1', '--since', '2026-01-01',
            '--until', '2026-02-01', '--all-projects', '--limit', '10',
            '--sort', 'time:asc', '--marker', '0']
    exists = command.__name__.endswith('Exists')
    if exists:
        argv += ['--status', 'failed']
    assert fakes.run_json(command, argv, session) == [record]
    assert session.requests[0].path == path
    expected = {param: ['r-1'], 'deployment': ['cell1'],
                'since': ['2026-01-01'], 'until': ['2026-02-01'],
                'all_projects': ['true'], 'limit': ['10'],
                'sort': ['time:asc'], 'marker': ['0']}
    if exists:
        expected['status'] = ['failed']
    assert session.params() == expected
    _code, output = fakes.run(command, [], session)
    header = _header(output)
    assert header[:2] == ['id', param]
    assert header[-1] == 'later_field'


@pytest.mark.parametrize('command', [usage.ListLaunch, usage.ListDelete,
                                     usage.ListImageUsage,
                                     usage.ListVolumeDelete])
def test_only_exists_lists_take_a_status(command):
    with pytest.raises(SystemExit):
        fakes.run(command, ['--status', 'failed'], fakes.FakeSession())


def test_usage_image_list_accepts_a_usage_key():
    record = {'id': 1, 'image_id': 'img'}
    session = fakes.FakeSession({'/v1/usage/images/usage': {
        'usage': [record], 'links': []}})
    assert fakes.run_json(usage.ListImageUsage, [], session) == [record]


def test_verification_list():
    verdict = {'resource_type': 'instance', 'id': 3, 'resource_id': 'i-1',
               'status': 'failed', 'code': 'flavor_mismatch',
               'reason': 'flavor_mismatch: exists 2 != launch 3'}
    session = fakes.FakeSession({'/v1/verifications': fakes.page(
        'verifications', [verdict])})
    _code, output = fakes.run(verifications.ListVerification, [
        '--status', 'failed', '--code', 'flavor_mismatch',
        '--resource-type', 'instance', '--deployment', 'cell1',
        '--audit-period-beginning', '2026-01-31T00:00:00Z',
        '--audit-period-ending', '2026-02-01T00:00:00Z',
        '--project', 'project-a'], session)
    assert session.params() == {
        'status': ['failed'], 'code': ['flavor_mismatch'],
        'resource_type': ['instance'], 'deployment': ['cell1'],
        'audit_period_beginning': ['2026-01-31T00:00:00Z'],
        'audit_period_ending': ['2026-02-01T00:00:00Z'],
        'project_id': ['project-a']}
    assert 'flavor_mismatch: exists 2 != launch 3' in output


def test_verification_summary():
    rows = [{'audit_period_ending': '2026-02-01T00:00:00+00:00',
             'status': 'verified', 'code': None, 'count': 10},
            {'audit_period_ending': '2026-02-01T00:00:00+00:00',
             'status': 'failed', 'code': 'flavor_mismatch', 'count': 1}]
    session = fakes.FakeSession({'/v1/verifications/summary': {
        'summary': rows}})
    assert fakes.run_json(verifications.SummarizeVerifications, [
        '--resource-type', 'instance'], session) == rows
    assert session.params() == {'resource_type': ['instance'],
                                'all_projects': ['false']}
    _code, output = fakes.run(verifications.SummarizeVerifications, [
        '-f', 'value', '-c', 'status', '-c', 'count'], session)
    assert output == 'verified 10\nfailed 1\n'
