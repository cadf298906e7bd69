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
"""The query benchmark against Panko: what its driver is handed."""

import datetime

from stacktach_os.bench import peers_query
from stacktach_os.bench import query

WHEN = datetime.datetime(2026, 5, 1, 10, 30, 0, 123456)


def test_panko_document_adds_the_request_id_trait():
    row = {'message_id': 'm-1', 'event_type': 'compute.instance.update',
           'generated': WHEN, 'request_id': 'req-1'}
    traits = [query.Trait('instance_id', 'text', 'i-1'),
              query.Trait('memory_mb', 'int', 2048),
              query.Trait('launched_at', 'datetime', WHEN)]
    assert peers_query.panko_document(row, traits) == {
        'message_id': 'm-1', 'event_type': 'compute.instance.update',
        'generated': '2026-05-01T10:30:00.123456',
        'traits': [['instance_id', 'text', 'i-1'],
                   ['memory_mb', 'int', 2048],
                   ['launched_at', 'datetime', '2026-05-01T10:30:00.123456'],
                   ['request_id', 'text', 'req-1']]}


def test_panko_lookup_names_the_instance_trait():
    assert peers_query.panko_lookup('instance', {'resource_id': 'i-1'}) == {
        'kind': 'instance', 'filter': {'instance_id': 'i-1'}}
    assert peers_query.panko_lookup(
        'type+hour', {'event_type': 'a', 'since': WHEN}, warmup=True) == {
        'kind': 'type+hour', 'warmup': True,
        'filter': {'event_type': 'a', 'since': '2026-05-01T10:30:00.123456'}}


def test_table_gives_the_p95_ratio():
    ours = ([1.0] * 19 + [2.0], 100)
    panko = ([10.0] * 19 + [40.0], 100)
    line = peers_query.table([('mysql', 'instance', ours, panko)])
    assert line.splitlines()[2] == (
        '| mysql | instance | 20 | 1.00 | 1.00 | 20 | 10.00 | 10.00 '
        '| 10.0× |')
