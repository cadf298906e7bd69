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
"""Instances, lifecycles, timings, requests and KPIs through the API.

The notifications of two projects go through the ingestion pipeline
(:mod:`tests.functional.api.tracking_data`) on every database backend;
the Pecan application is driven with the identity headers
keystonemiddleware would set (test_tenancy.py uses a real Keystone).
"""

import dataclasses
import math

import pytest
import webtest

from stacktach_os.api import app as api_app
from tests.functional.api import conftest
from tests.functional.api import tracking_data
from tests.samples import nova_flows
from tests.unit.api import fakes

PROJECT_A = 'project-a-id'
PROJECT_B = 'project-b-id'
ADMIN = fakes.identity_headers('admin-project',
                               roles=('admin', 'member', 'reader'))
MEMBER_A = fakes.identity_headers(PROJECT_A, roles=('member', 'reader'))
MAX_LIMIT = 10
LEGACY, VERSIONED = nova_flows.LEGACY, nova_flows.VERSIONED


@dataclasses.dataclass
class Api(object):
    app: webtest.TestApp
    tracked: tracking_data.Tracked

    def get(self, url, headers=ADMIN, status=200):
        return self.app.get(url, headers=headers, status=status).json

    def all(self, url, collection, key, headers=ADMIN, limit=3):
        return conftest.collect(self.app, url, collection, headers, limit,
                                key=lambda item: item[key])

    def error(self, url, status, headers=ADMIN):
        return self.get(url, headers, status)['faultstring']


@pytest.fixture(scope='module')
def api(backend_store):
    tracked = tracking_data.seed(backend_store, PROJECT_A, PROJECT_B)
    conf = fakes.make_conf(api={'max_limit': MAX_LIMIT, 'default_limit': 4})
    return Api(webtest.TestApp(api_app.setup_app(conf, backend_store)),
               tracked)


def _full(api, project='a'):
    return getattr(api.tracked, project).flows[0]


def _failed(api):
    return api.tracked.a.flows[1]


# Instances and lifecycles.

def test_instances_are_listed_with_their_current_state(api):
    items = api.all('/v1/instances', 'instances', 'instance_id')
    states = {item['instance_id']: (item['state'], item['task_state'],
                                    item['project_id'])
              for item in items}
    assert states == {
        _full(api).expected.instance_id: ('deleted', None, PROJECT_A),
        _failed(api).expected.instance_id: ('error', None, PROJECT_A),
        _full(api, 'b').expected.instance_id: ('deleted', None, PROJECT_B)}
    newest = [item['last_generated'] for item in items]
    assert newest == sorted(newest, reverse=True)
    mine = api.all('/v1/instances?state=error', 'instances', 'instance_id',
                   headers=MEMBER_A)
    assert [item['instance_id'] for item in mine] == [
        _failed(api).expected.instance_id]
    assert api.all('/v1/instances?deployment=cell-b', 'instances',
                   'instance_id', headers=MEMBER_A) == []
    by_id = api.all('/v1/instances?sort=instance_id:desc', 'instances',
                    'instance_id', limit=1)
    assert [item['instance_id'] for item in by_id] == sorted(
        states, reverse=True)


def test_instance_document(api):
    instance_id = _full(api).expected.instance_id
    document = api.get('/v1/instances/' + instance_id, headers=MEMBER_A)
    assert document['instance_id'] == instance_id
    assert document['state'] == 'deleted'
    assert document['last_event_type'] == 'compute.instance.exists'
    other = _full(api, 'b').expected.instance_id
    api.get('/v1/instances/' + other, headers=MEMBER_A, status=404)
    assert api.get('/v1/instances/' + other)['project_id'] == PROJECT_B
    api.get('/v1/instances/no-such-instance', status=404)


@pytest.mark.parametrize('project', ['a', 'b'])
def test_lifecycle_is_every_change_in_event_time(api, project):
    flow = _full(api, project)
    url = '/v1/instances/%s/lifecycle' % flow.expected.instance_id
    document = api.get(url)
    steps = api.all(url, 'transitions', 'message_id', limit=MAX_LIMIT)
    assert [(step['state'], step['task_state']) for step in steps] == (
        flow.expected.states)
    assert (document['state'], document['task_state']) == ('deleted', None)
    assert document['instance_id'] == flow.expected.instance_id
    assert document['project_id'] == (PROJECT_A if project == 'a'
                                      else PROJECT_B)
    times = [step['generated'] for step in steps]
    assert times == sorted(times)
    resize = [step for step in steps
              if step['task_state'] == 'resize_prep'][0]
    assert (resize['old_state'], resize['old_task_state']) == (
        'active', None)
    assert resize['request_id'] == nova_flows.request_id(
        'tenant-' + project, flow.format, 'resize')
    assert len(document['transitions']) == 4
    assert 'limit=4&marker=' in document['links'][0]['href']


def test_lifecycle_pages_give_the_whole_life(api):
    flow = _full(api)
    url = '/v1/instances/%s/lifecycle' % flow.expected.instance_id
    whole = api.all(url, 'transitions', 'message_id', limit=MAX_LIMIT)
    assert len(whole) == len(flow.expected.states) > MAX_LIMIT
    paged = api.all(url, 'transitions', 'message_id', limit=4)
    assert paged == whole
    assert api.all(url, 'transitions', 'message_id', limit=1) == whole
    first = api.get(url + '?limit=4')
    assert 'marker=' + whole[3]['message_id'] in first['links'][0]['href']
    every = api.all(url + '?changes_only=false', 'transitions',
                    'message_id', limit=5)
    assert len(every) > len(whole)
    assert {step['message_id'] for step in whole} <= {
        step['message_id'] for step in every}


def test_lifecycle_time_window(api):
    flow = _full(api)
    url = '/v1/instances/%s/lifecycle' % flow.expected.instance_id
    window = api.get(url + '?since=2026-03-02T10:01:40Z'
                     '&until=2026-03-02T10:03:00Z&limit=10')['transitions']
    assert [(step['state'], step['task_state']) for step in window] == [
        ('active', 'resize_prep'), ('active', 'resize_migrating'),
        ('active', 'resize_migrated'), ('active', 'resize_finish'),
        ('resized', None)]
    # The first step of a window knows the state before it.
    assert window[0]['old_task_state'] is None
    # A window without changes is empty, the instance is still found.
    empty = api.get(url + '?since=2030-01-01T00:00:00Z')
    assert empty['transitions'] == [] and empty['state'] == 'deleted'


def test_lifecycle_errors_and_tenancy(api):
    mine = _full(api).expected.instance_id
    theirs = _full(api, 'b').expected.instance_id
    api.get('/v1/instances/%s/lifecycle' % theirs, headers=MEMBER_A,
            status=404)
    api.get('/v1/instances/%s/lifecycle?project_id=%s' % (theirs, PROJECT_B),
            headers=MEMBER_A, status=403)
    assert api.get('/v1/instances/%s/lifecycle?project_id=%s' % (
        theirs, PROJECT_B))['state'] == 'deleted'
    api.get('/v1/instances/%s/lifecycle?project_id=%s' % (mine, PROJECT_B),
            status=404)
    api.get('/v1/instances/nothing/lifecycle', status=404)
    url = '/v1/instances/%s/lifecycle' % mine
    for query, words in (('?marker=nope', 'marker'),
                         ('?changes_only=maybe', 'changes_only'),
                         ('?since=yesterday', 'since'),
                         ('?since=2026-03-03&until=2026-03-02', 'since'),
                         ('?limit=0', 'limit'),
                         ('?sort=generated', 'sort'),
                         ('?state=active', 'state')):
        assert words in api.error(url + query, 400), query
    # A marker of another instance names nothing in this list.
    other = api.get('/v1/instances/%s/lifecycle' % theirs)['transitions']
    assert 'marker' in api.error(url + '?marker=' + other[0]['message_id'],
                                 400)
    api.app.get('/v1/instances/%s/nothing' % mine, headers=ADMIN,
                status=404)


# Timings.

def _timings(api, url='/v1/timings', headers=ADMIN):
    return api.all(url, 'timings', 'id', headers=headers, limit=MAX_LIMIT)


def test_instance_timings_are_its_operations(api):
    for flow in (_full(api), _failed(api), _full(api, 'b')):
        items = _timings(api, '/v1/instances/%s/timings'
                         % flow.expected.instance_id)
        outcomes = {}
        for item in sorted(items, key=lambda item: item['generated']):
            outcomes.setdefault(item['operation'], []).append(
                item['outcome'])
        assert outcomes == flow.expected.timings, flow.name
    instance_id = _failed(api).expected.instance_id
    errors = _timings(api, '/v1/instances/%s/timings?outcome=error'
                      % instance_id)
    assert sorted(item['operation'] for item in errors) == [
        'compute_task.build_instances', 'create', 'create']
    assert all(item['error_message'] for item in errors)
    creates = _timings(api, '/v1/instances/%s/timings?operation=create'
                       '&sort=generated:asc' % instance_id)
    assert [item['host'] for item in creates] == ['compute-1', 'compute-2']
    assert [item['duration'] for item in creates] == [5.0, 5.0]
    api.get('/v1/instances/%s/timings' % _full(api, 'b').expected
            .instance_id, headers=MEMBER_A, status=404)
    api.get('/v1/instances/nothing/timings', status=404)
    # Known instance, no such operation: an empty list.
    assert api.get('/v1/instances/%s/timings?operation=none'
                   % instance_id)['timings'] == []


def test_timing_document(api):
    flow = _full(api)
    [create] = _timings(api, '/v1/timings?operation=create&instance_id='
                        + flow.expected.instance_id)
    create_id = nova_flows.request_id('tenant-a', LEGACY, 'create')
    assert create['request_id'] == create_id
    assert (create['duration'], create['outcome'], create['host'],
            create['end_host']) == (27.0, 'ok', 'compute-1', 'compute-1')
    assert create['start_generated'] == '2026-03-02T10:00:04.000000+00:00'
    assert create['end_generated'] == '2026-03-02T10:00:31.000000+00:00'
    assert create['generated'] == create['start_generated']
    assert create['deployment'] == 'cell-a'
    assert create['project_id'] == PROJECT_A
    assert create['error_message'] is None


@pytest.mark.parametrize('query, check', [
    ('operation=resize', lambda t: t['operation'] == 'resize'),
    ('outcome=error', lambda t: t['outcome'] == 'error'),
    ('host=compute-2', lambda t: t['host'] == 'compute-2'),
    ('deployment=cell-b', lambda t: t['deployment'] == 'cell-b'),
    ('since=2026-03-03T00:00:00Z&until=2026-03-04T00:00:00Z',
     lambda t: '2026-03-03' <= t['generated'] < '2026-03-04'),
    ('project_id=' + PROJECT_B, lambda t: t['project_id'] == PROJECT_B),
])
def test_timing_filters(api, query, check):
    everything = _timings(api)
    expected = [item['id'] for item in everything if check(item)]
    found = _timings(api, '/v1/timings?' + query)
    assert expected and sorted(item['id'] for item in found) == sorted(
        expected)


def test_timing_sort_and_pages(api):
    items = _timings(api, '/v1/timings?sort=duration:desc')
    durations = [item['duration'] for item in items]
    timed = [value for value in durations if value is not None]
    assert timed == sorted(timed, reverse=True)
    # Timings without a duration come last in descending order.
    assert durations[len(timed):] == [None] * (len(items) - len(timed))
    request_id = nova_flows.request_id('tenant-b', VERSIONED, 'resize')
    resize = _timings(api, '/v1/timings?request_id=%s&sort=generated:asc'
                      % request_id)
    assert [item['operation'] for item in resize] == [
        'resize_prep', 'resize', 'resize_finish']


def test_timing_errors(api):
    for query, words in (('outcome=done', 'outcome'),
                         ('sort=host', 'sort'),
                         ('marker=abc', 'marker'),
                         ('marker=999999', 'marker'),
                         ('until=2026-03-01&since=2026-03-02', 'since'),
                         ('instance=x', 'instance'),
                         ('group_by=operation', 'group_by')):
        assert words in api.error('/v1/timings?' + query, 400), query


def _nearest(values, p):
    ordered = sorted(values)
    return ordered[max(1, math.ceil(p * len(ordered) / 100)) - 1]


def _expected_summary(items, fields):
    groups = {}
    for item in items:
        groups.setdefault(tuple(item[field] for field in fields),
                          []).append(item)
    summary = []
    for key in sorted(groups, key=lambda key: [(v is None, v or '')
                                               for v in key]):
        members = groups[key]
        durations = [item['duration'] for item in members
                     if item['duration'] is not None]
        outcomes = [item['outcome'] for item in members]
        row = dict(zip(fields, key), count=len(members),
                   ok=outcomes.count('ok'), errors=outcomes.count('error'),
                   unmatched=outcomes.count('unmatched'),
                   timed=len(durations))
        if durations:
            row.update(min=min(durations), max=max(durations),
                       mean=sum(durations) / len(durations),
                       **{'p%d' % p: _nearest(durations, p)
                          for p in (50, 95, 99)})
        else:
            row.update(min=None, max=None, mean=None, p50=None, p95=None,
                       p99=None)
        summary.append(row)
    return summary


def _approx(rows):
    return [{key: pytest.approx(value, abs=1e-3)
             if isinstance(value, float) else value
             for key, value in row.items()} for row in rows]


@pytest.mark.parametrize('group_by', [None, 'operation,host',
                                      'deployment', 'project_id,operation'])
def test_summary_is_over_every_matching_timing(api, group_by):
    fields = tuple((group_by or 'operation').split(','))
    items = _timings(api)
    url = '/v1/timings/summary' + ('?group_by=' + group_by
                                   if group_by else '')
    document = api.get(url)
    assert document['links'] == []
    assert document['summary'] == _approx(_expected_summary(items, fields))


def test_summary_filters_and_scope(api):
    oks = [item for item in _timings(api)
           if item['project_id'] == PROJECT_A and item['outcome'] == 'ok']
    summary = api.get('/v1/timings/summary?outcome=ok', headers=MEMBER_A)
    assert summary['summary'] == _approx(_expected_summary(
        oks, ('operation',)))
    create = api.get('/v1/timings/summary?operation=create&group_by=host'
                     '&project_id=' + PROJECT_A)['summary']
    assert [(row['host'], row['count'], row['errors'], row['p50'])
            for row in create] == [('compute-1', 2, 1, 5.0),
                                   ('compute-2', 1, 1, 5.0)]
    assert 'operation' not in create[0]
    for query, words in (('group_by=operation,operation', 'group_by'),
                         ('group_by=flavor', 'group_by'),
                         ('group_by=', 'group_by'),
                         ('limit=2', 'limit'),
                         ('outcome=late', 'outcome')):
        assert words in api.error('/v1/timings/summary?' + query, 400)
    api.get('/v1/timings/summary?all_projects=true', headers=MEMBER_A,
            status=403)


# Requests and KPIs.

def test_request_document(api):
    flow = _full(api)
    request_id = nova_flows.request_id('tenant-a', LEGACY, 'resize')
    document = api.get('/v1/requests/' + request_id, headers=MEMBER_A)
    count, outcome, kpi = flow.expected.requests[request_id]
    assert (document['notification_count'], document['outcome']) == (
        count, outcome)
    assert document['kpi'] == pytest.approx(kpi, abs=1e-3)
    assert document['duration'] == pytest.approx(41.0, abs=1e-3)
    assert document['services'] == ['api', 'compute']
    assert document['hosts'] == ['api-1', 'compute-1', 'compute-2']
    assert document['deployments'] == ['cell-a']
    notifications = document['notifications']
    wanted = [sample for sample in flow.samples
              if sample.ctxt['request_id'] == request_id]
    assert [item['message_id'] for item in notifications] == [
        sample.message_id for sample in wanted]
    assert [item['offset'] for item in notifications] == [
        (sample.timestamp - wanted[0].timestamp).total_seconds()
        for sample in wanted]
    assert notifications[0]['service'] == 'api'
    assert notifications[0]['event_type'] == 'compute.instance.update'
    assert notifications[-1]['event_type'] == (
        'compute.instance.finish_resize.end')
    assert [(run['operation'], run['outcome'])
            for run in document['timings']] == [
        ('resize.prep', 'ok'), ('resize', 'ok'), ('finish_resize', 'ok')]
    assert list(document)[:2] == ['request_id', 'global_request_id']


def test_request_of_a_failed_create(api):
    request_id = nova_flows.request_id('tenant-a-failed', LEGACY, 'create')
    document = api.get('/v1/requests/' + request_id)
    assert (document['outcome'], document['error_count'],
            document['kpi']) == ('error', 3, None)
    assert [item['priority'] for item in document['notifications']].count(
        'error') == 3
    assert sorted(document['hosts']) == [
        'compute-1', 'compute-2', 'cond-1', 'sched-1']


def test_request_tenancy_and_errors(api):
    theirs = nova_flows.request_id('tenant-b', VERSIONED, 'delete')
    api.get('/v1/requests/' + theirs, headers=MEMBER_A, status=404)
    assert api.get('/v1/requests/' + theirs)['project_id'] == PROJECT_B
    api.get('/v1/requests/req-unknown', status=404)
    assert 'Unknown' in api.error('/v1/requests/%s?limit=3' % theirs, 400)


def test_requests_list(api):
    mine = api.all('/v1/requests', 'requests', 'request_id',
                   headers=MEMBER_A)
    assert {item['request_id'] for item in mine} == api.tracked.a.requests()
    first = [item['first_generated'] for item in mine]
    assert first == sorted(first, reverse=True)
    unfinished = api.all('/v1/requests?outcome=unfinished&deployment=cell-b',
                         'requests', 'request_id')
    assert {item['request_id'] for item in unfinished} == {
        nova_flows.request_id('tenant-b', VERSIONED, 'audit-1'),
        nova_flows.request_id('tenant-b', VERSIONED, 'audit-2'),
        'req-image-b', 'req-volume-audit-b',
        'req-audit-2026-03-04'}
    assert 'outcome' in api.error('/v1/requests?outcome=fine', 400)


def test_kpis(api):
    expected = {}
    for flow in (_full(api), _failed(api), _full(api, 'b')):
        for request_id, (_count, _outcome, kpi) in (
                flow.expected.requests.items()):
            if kpi is not None:
                expected[request_id] = kpi
    items = api.all('/v1/kpis?sort=kpi:desc', 'kpis', 'request_id')
    assert {item['request_id']: item['kpi'] for item in items} == {
        request_id: pytest.approx(kpi, abs=1e-3)
        for request_id, kpi in expected.items()}
    kpis = [item['kpi'] for item in items]
    assert kpis == sorted(kpis, reverse=True)
    creates = api.get('/v1/kpis?end_event_type=compute.instance.create.end')
    assert [item['request_id'] for item in creates['kpis']] == [
        nova_flows.request_id('tenant-a', LEGACY, 'create')]
    assert creates['kpis'][0]['api_generated'] == (
        '2026-03-02T10:00:00.000000+00:00')
    mine = api.all('/v1/kpis', 'kpis', 'request_id', headers=MEMBER_A)
    assert {item['request_id'] for item in mine} == api.tracked.a.kpis()
    assert api.all('/v1/kpis?deployment=cell-b', 'kpis', 'request_id',
                   headers=MEMBER_A) == []
    window = api.all('/v1/kpis?since=2026-03-03T00:00:00Z'
                     '&until=2026-03-04T00:00:00Z', 'kpis', 'request_id')
    assert {item['request_id'] for item in window} == {
        nova_flows.request_id('tenant-a', LEGACY, 'delete'),
        nova_flows.request_id('tenant-b', VERSIONED, 'delete')}
    for query in ('outcome=fast', 'sort=speed', 'since=noon', 'marker=x'):
        api.get('/v1/kpis?' + query, status=400)
