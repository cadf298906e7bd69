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
"""``/v1/verifications`` and its summary on every backend.

The store holds the verdicts of a verifier pass over stored flows: both
nova formats of the full flow (project A; its last audit period left
pending), an instance nobody saw launched (project B) and a volume
nobody saw created (project A).
"""

import datetime
from urllib import parse

import oslo_messaging
import pytest
import webtest

from stacktach_os.api import app as api_app
from stacktach_os import conf as st_conf
from stacktach_os.db import usage
from stacktach_os.db import verification
from stacktach_os.notification import pipeline
from stacktach_os.verifier import notifier
from stacktach_os.verifier import verifier as st_verifier
from tests.functional.api.conftest import backend_store  # noqa: F401
from tests.samples import image_volume
from tests.samples import nova_flows
from tests.unit.api import fakes

PROJECT_A = nova_flows.PROJECT
PROJECT_B = 'project-b-id'
ADMIN = fakes.identity_headers('admin-project',
                               roles=('admin', 'member', 'reader'))
MEMBER_A = fakes.identity_headers(PROJECT_A, roles=('member', 'reader'))
MEMBER_B = fakes.identity_headers(PROJECT_B, roles=('member', 'reader'))
DAY_1, DAY_2, DAY_3 = nova_flows.DAY_1, nova_flows.DAY_2, nova_flows.DAY_3
MAX_LIMIT = 5


def _iso(when):
    return when.strftime('%Y-%m-%dT%H:%M:%S.000000+00:00')


def _seed(store):
    conf = st_conf.CONF
    conf([], project='stacktach_os', default_config_files=[])
    pipe = pipeline.Pipeline(store, None, pipeline.load_handlers(conf))
    messages = []
    for fmt in nova_flows.FORMATS:
        messages.extend(nova_flows.full_flow(fmt).listener_messages())
    messages.append(image_volume.volume(
        'volume.exists', 'vol-unseen', DAY_2 + datetime.timedelta(minutes=7),
        created_at=DAY_1, beginning=DAY_1, ending=DAY_2).listener())
    pipe.store(pipe.prepare('cell1', messages))
    with store.writer() as session:
        usage.add_instance_usage(session, [], [], [dict(
            instance_id='inst-b', deployment='cell2', project_id=PROJECT_B,
            generated=DAY_2, message_id='exists-b', request_id=None,
            audit_period_beginning=DAY_1, audit_period_ending=DAY_2,
            launched_at=DAY_1 + datetime.timedelta(hours=3),
            deleted_at=None, state='active', flavor_id='2',
            flavor_name='m1.small', image_id=None, os_architecture=None,
            os_distro=None, os_version=None, bandwidth_in=None,
            bandwidth_out=None)])
    transport = oslo_messaging.get_notification_transport(conf,
                                                          url='fake://')
    emitter = notifier.Emitter(conf, transport=transport, topics=['x'])
    result = st_verifier.Verifier(store, emitter, batch_size=4,
                                  settle_time=0).run_pass(
        as_of=DAY_2 + datetime.timedelta(seconds=1))
    transport.cleanup()
    return result


@pytest.fixture(scope='module')
def api(backend_store):  # noqa: F811
    result = _seed(backend_store)
    assert result.claimed == 8
    conf = fakes.make_conf(api={'max_limit': MAX_LIMIT,
                                'default_limit': 4})
    return webtest.TestApp(api_app.setup_app(conf, backend_store))


def _get(api, url, headers=ADMIN, status=200):
    return api.get(url, headers=headers, status=status).json


def _collect(api, url, key, headers=ADMIN, limit=None):
    items = []
    if limit is not None:
        url += ('&' if '?' in url else '?') + 'limit=%d' % limit
    for _page in range(100):
        document = _get(api, url, headers)
        items.extend(document[key])
        links = [link['href'] for link in document['links']
                 if link['rel'] == 'next']
        if not links:
            return items
        url = links[0]
    raise AssertionError('paging does not end')


def _verdicts(api, query='', headers=ADMIN):
    url = '/v1/verifications' + ('?' + query if query else '')
    items = _collect(api, url, 'verifications', headers)
    ids = [item['id'] for item in items]
    assert len(ids) == len(set(ids))
    return items


def test_admin_lists_every_verdict_newest_first(api):
    items = _verdicts(api)
    assert len(items) == 8
    ids = [item['id'] for item in items]
    assert ids == sorted(ids, reverse=True)
    statuses = sorted((item['resource_type'], item['status'], item['code'])
                      for item in items)
    assert statuses == [('instance', 'failed', 'no_launch')] + [
        ('instance', 'verified', None)] * 6 + [
        ('volume', 'failed', 'no_usage')]
    for item in items:
        assert item['emitted'] is True
        assert item['verified_at'].endswith('+00:00')
        assert item['notification_id'] == verification.notification_id(
            item['message_id'], item['resource_id'], item['event_type'])


def test_a_failure_document(api):
    [item] = _verdicts(api, 'code=no_launch')
    assert item['resource_type'] == 'instance'
    assert item['resource_id'] == 'inst-b'
    assert item['project_id'] == PROJECT_B
    assert item['deployment'] == 'cell2'
    assert item['message_id'] == 'exists-b'
    assert item['status'] == 'failed'
    assert item['reason'] == ('launched_at: exists 2026-03-02T03:00:00.000000,'
                              ' no launch of instance inst-b seen')
    assert item['event_type'] == 'compute.instance.exists.failed'
    assert item['audit_period_beginning'] == _iso(DAY_1)
    assert item['audit_period_ending'] == _iso(DAY_2)


@pytest.mark.parametrize('query,expected', [
    ('status=failed', 2),
    ('status=verified', 6),
    ('status=reconciled', 0),
    ('resource_type=volume', 1),
    ('resource_type=instance&status=verified', 6),
    ('resource_id=vol-unseen', 1),
    ('deployment=cell2', 1),
    ('audit_period_ending=2026-03-03T00:00:00Z', 4),
    ('audit_period_beginning=2026-03-02T00:00:00Z&status=verified', 6),
    ('project_id=%s' % PROJECT_B, 1),
    ('all_projects=false', 0),
])
def test_filters(api, query, expected):
    assert len(_verdicts(api, query)) == expected


def test_paging_and_sorting(api):
    everything = _verdicts(api)
    paged = _collect(api, '/v1/verifications?sort=verified_at:asc',
                     'verifications', limit=3)
    assert sorted(item['id'] for item in paged) == sorted(
        item['id'] for item in everything)
    times = [item['verified_at'] for item in paged]
    assert times == sorted(times)
    document = _get(api, '/v1/verifications?limit=100')
    assert len(document['verifications']) == MAX_LIMIT


@pytest.mark.parametrize('query,message', [
    ('status=pending', 'pending records have no verdict yet'),
    ('status=good', 'status: \'good\' is not one of verifying'),
    ('resource_type=server', 'resource_type: \'server\' is not one of'),
    ('sort=reason', 'cannot sort by'),
    ('marker=12345678', 'names nothing'),
    ('marker=abc', 'names nothing'),
    ('audit_period_ending=yesterday', 'not an ISO 8601'),
    ('color=blue', 'Unknown parameter'),
])
def test_bad_parameters_are_400(api, query, message):
    document = _get(api, '/v1/verifications?' + query, status=400)
    assert message in document['faultstring']


def test_members_see_their_project_only(api):
    mine = _verdicts(api, headers=MEMBER_A)
    assert len(mine) == 7
    assert {item['project_id'] for item in mine} == {PROJECT_A}
    assert [item['resource_id'] for item in _verdicts(
        api, headers=MEMBER_B)] == ['inst-b']
    _get(api, '/v1/verifications?project_id=%s' % PROJECT_B,
         headers=MEMBER_A, status=403)
    _get(api, '/v1/verifications?all_projects=true', headers=MEMBER_A,
         status=403)
    _get(api, '/v1/verifications', status=403,
         headers=fakes.identity_headers(PROJECT_A, roles=('creator',)))


def _summary(api, query='', headers=ADMIN, limit=None):
    url = '/v1/verifications/summary' + ('?' + query if query else '')
    return {(item['audit_period_beginning'], item['audit_period_ending'],
             item['resource_type'], item['status'], item['code']):
            item['count']
            for item in _collect(api, url, 'summary', headers, limit)}


def test_summary_counts_per_period_status_and_code(api):
    mid_resize = _iso(nova_flows.at(101))
    mid_rebuild = _iso(nova_flows.at(301))
    assert _summary(api) == {
        (_iso(DAY_2), _iso(DAY_3), 'instance', 'pending', None): 2,
        (_iso(DAY_1), _iso(DAY_2), 'instance', 'verified', None): 2,
        (_iso(DAY_1), _iso(DAY_2), 'instance', 'failed', 'no_launch'): 1,
        (_iso(DAY_1), _iso(DAY_2), 'volume', 'failed', 'no_usage'): 1,
        (_iso(DAY_1), mid_rebuild, 'instance', 'verified', None): 2,
        (_iso(DAY_1), mid_resize, 'instance', 'verified', None): 2,
    }


def test_summary_pages_by_audit_period(api):
    document = _get(api, '/v1/verifications/summary?limit=1')
    assert {item['audit_period_ending'] for item in document['summary']} == {
        _iso(DAY_3)}
    [link] = document['links']
    query = parse.parse_qs(parse.urlsplit(link['href']).query)
    assert query['marker'] == [_iso(DAY_3)]
    assert _summary(api, limit=1) == _summary(api)
    document = _get(api, '/v1/verifications/summary?limit=10')
    assert document['links'] == []


def test_summary_filters_and_scope(api):
    assert _summary(api, 'resource_type=volume') == {
        (_iso(DAY_1), _iso(DAY_2), 'volume', 'failed', 'no_usage'): 1}
    assert _summary(api, 'audit_period_ending=2026-03-04T00:00:00Z') == {
        (_iso(DAY_2), _iso(DAY_3), 'instance', 'pending', None): 2}
    assert _summary(api, headers=MEMBER_B) == {
        (_iso(DAY_1), _iso(DAY_2), 'instance', 'failed', 'no_launch'): 1}
    assert _summary(api, 'deployment=cell2') == {
        (_iso(DAY_1), _iso(DAY_2), 'instance', 'failed', 'no_launch'): 1}
    document = _get(api, '/v1/verifications/summary?status=failed',
                    status=400)
    assert 'Unknown parameter' in document['faultstring']
    _get(api, '/v1/verifications/summary?all_projects=true',
         headers=MEMBER_A, status=403)
    document = _get(api, '/v1/verifications/summary?marker=x', status=400)
    assert 'ISO 8601' in document['faultstring']
