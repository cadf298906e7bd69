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
"""Definitions in Ceilometer's format load unchanged and give its traits.

``ceilometer_format_definitions.yaml`` is written like Ceilometer's own
event_definitions.yaml, with every construct that file uses; the expected
traits below are what Ceilometer's converter gives for these bodies.
"""

import datetime
import os

import pytest

from stacktach_os.notification.distiller import distiller
from tests.unit.notification.distiller import samples

DEFINITIONS = os.path.join(os.path.dirname(__file__),
                           'ceilometer_format_definitions.yaml')
DT = datetime.datetime

CASES = [
    # Anchored traits merged into a later, more specific definition;
    # split() on the publisher; a quoted key with dots; '' as no datetime;
    # redefined tenant_id and service.
    (samples.body(
        'server.create.end', publisher_id='compute.node-3.rack2',
        payload={'tenant_id': 't-1', 'user_id': 'u-1', 'server_id': 's-1',
                 'ram': 4096, 'cores': '2', 'zone': 'az-2',
                 'image_meta': {'org.example__1__distro': 'debian',
                                'org': {'example__1__distro': 'wrong'}},
                 'started_at': '2024-06-01 10:00:00.5', 'stopped_at': ''},
        ctxt={'request_id': 'req-a', 'project_id': 'p-ctx'}),
     {'cores': ('int', 2), 'distro': ('text', 'debian'),
      'host': ('text', 'node-3.rack2'), 'project_id': ('text', 't-1'),
      'ram': ('int', 4096), 'request_id': ('text', 'req-a'),
      'resource_id': ('text', 's-1'), 'server_id': ('text', 's-1'),
      'service': ('text', 'compute'),
      'started_at': ('datetime', DT(2024, 6, 1, 10, 0, 0, 500000)),
      'tenant_id': ('text', 't-1'), 'user_id': ('text', 'u-1'),
      'zone': ('text', 'az-2')}),
    # An event type matched by a list of globs.
    (samples.body(
        'server.audit.hourly', publisher_id='compute.node-4',
        payload={'server_id': 's-2', 'period_start': '2024-06-01T00:00:00Z',
                 'period_end': '2024-06-01T01:00:00+00:00',
                 'zone': 'not-here', 'stopped_at': '2024-06-01T00:30:00'}),
     {'host': ('text', 'node-4'), 'period_end': ('datetime', DT(
         2024, 6, 1, 1)), 'period_start': ('datetime', DT(2024, 6, 1)),
      'resource_id': ('text', 's-2'), 'server_id': ('text', 's-2'),
      'service': ('text', 'compute'),
      'stopped_at': ('datetime', DT(2024, 6, 1, 0, 30))}),
    # A filter and an index; a datetime with an offset.
    (samples.body(
        'disk.create.end', publisher_id='volume.store-1',
        payload={'user_id': 'u-2', 'tenant_id': 't-2', 'status': 'available',
                 'created_at': '2024-06-01T10:00:00+02:00', 'disk_id': 'd-1',
                 'size': '10',
                 'glance_metadata': [{'key': 'min_ram', 'value': '512'},
                                     {'key': 'image_id', 'value': 'img-9'}],
                 'attachments': [{'server_id': 's-7'}, {'server_id': 's-8'}]},
        ctxt={'request_id': 'req-b'}),
     {'created_at': ('datetime', DT(2024, 6, 1, 8)),
      'image_id': ('text', 'img-9'), 'project_id': ('text', 't-2'),
      'request_id': ('text', 'req-b'), 'resource_id': ('text', 'd-1'),
      'server_id': ('text', 's-7'), 'service': ('text', 'volume.store-1'),
      'size': ('int', 10), 'status': ('text', 'available'),
      'tenant_id': ('text', 't-2'), 'user_id': ('text', 'u-2')}),
    # The same anchors, another definition; an empty list to index into.
    (samples.body(
        'snap.create.start', publisher_id='volume.store-1',
        payload={'tenant_id': 't-2', 'snap_id': 'sn-1', 'size': 10,
                 'attachments': []}),
     {'project_id': ('text', 't-2'), 'resource_id': ('text', 'sn-1'),
      'service': ('text', 'volume.store-1'), 'tenant_id': ('text', 't-2')}),
    # A list of ctxt fields: the first one present wins.
    (samples.body(
        'stack.create.end', publisher_id='orchestration.h1',
        payload={'tenant_id': 't-3', 'stack_identity': 'arn:stack/1'},
        ctxt={'trustor_user_id': 'trustor', 'user_id': 'u-3'}),
     {'project_id': ('text', 't-3'), 'resource_id': ('text', 'arn:stack/1'),
      'service': ('text', 'orchestration.h1'), 'tenant_id': ('text', 't-3'),
      'user_id': ('text', 'trustor')}),
    # Nested resource on create, bare id on delete.
    (samples.body(
        'net.create.end', publisher_id='network.ctl-1',
        payload={'net': {'id': 'n-1', 'name': 'private'}},
        ctxt={'user_id': 'u-4', 'tenant_id': 't-4', 'project_id': 't-4p'}),
     {'name': ('text', 'private'), 'project_id': ('text', 't-4'),
      'resource_id': ('text', 'n-1'), 'service': ('text', 'network.ctl-1'),
      'tenant_id': ('text', 't-4p'), 'user_id': ('text', 'u-4')}),
    (samples.body(
        'net.delete.end', publisher_id='network.ctl-1',
        payload={'id': 'n-1'}, ctxt={'user_id': 'u-4', 'tenant_id': 't-4'}),
     {'project_id': ('text', 't-4'), 'resource_id': ('text', 'n-1'),
      'service': ('text', 'network.ctl-1'), 'user_id': ('text', 'u-4')}),
    (samples.body(
        'router.update.end', publisher_id='network.ctl-1',
        payload={'router': {'id': 'r-1'}},
        ctxt={'user_id': 'u-5', 'tenant_id': 't-5'}),
     {'project_id': ('text', 't-5'), 'service': ('text', 'network.ctl-1'),
      'user_id': ('text', 'u-5')}),
    # A merge of two anchors; a trait name with a dot; a float.
    (samples.body(
        'db.query', publisher_id='profiler.api',
        payload={'count': 3, 'duration': '0.25',
                 'info': {'db': {'statement': 'SELECT 1'}}}),
     {'db.statement': ('text', 'SELECT 1'), 'duration': ('float', 0.25),
      'service': ('text', 'profiler.api'), 'statement_count': ('int', 3)}),
    # Leading-wildcard globs, the more specific last.
    (samples.body(
        'objectstore.http.response', publisher_id='swift.proxy-1',
        payload={'outcome': 'success', 'reason': {'reasonCode': 200},
                 'eventTime': '2024-06-01T12:00:00.000001+0000'}),
     {'eventTime': ('datetime', DT(2024, 6, 1, 12, 0, 0, 1)),
      'outcome': ('text', 'success'), 'reason_code': ('text', '200'),
      'service': ('text', 'swift.proxy-1')}),
    # No definition: the catch-all gives the default traits.
    (samples.body(
        'other.thing', publisher_id='misc.h', payload={'tenant_id': 't-6'},
        ctxt={'request_id': 'req-c', 'user_id': 'u-6'}),
     {'project_id': ('text', 't-6'), 'request_id': ('text', 'req-c'),
      'service': ('text', 'misc.h'), 'tenant_id': ('text', 't-6'),
      'user_id': ('text', 'u-6')}),
]


@pytest.fixture(scope='module')
def ceilometer_distiller():
    return distiller.Distiller.from_file(DEFINITIONS)


def test_every_definition_loads(ceilometer_distiller):
    # 14 definitions in the file, and the catch-all.
    assert len(ceilometer_distiller.definitions) == 15


@pytest.mark.parametrize('body, expected', CASES,
                         ids=[case[0]['event_type'] for case in CASES])
def test_same_traits_as_ceilometer(ceilometer_distiller, body, expected):
    event = ceilometer_distiller.distill(body)
    assert event.problems == []
    assert samples.traits(event) == expected
