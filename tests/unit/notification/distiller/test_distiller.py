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
"""Distilling notifications into events with typed traits."""

import datetime

from oslo_utils import timeutils
import pytest

from stacktach_os.notification.distiller import distiller
from stacktach_os.notification.distiller import models
from tests.unit.notification.distiller import samples

DEFINITIONS = [
    {'event_type': 'compute.instance.*',
     'traits': {
         'instance_id': {'fields': 'payload.instance_id'},
         'memory_mb': {'type': 'int', 'fields': 'payload.memory_mb'},
         'ratio': {'type': 'float', 'fields': 'payload.ratio'},
         'launched_at': {'type': 'datetime', 'fields': 'payload.launched_at'},
         'label': {'fields': 'payload.label'},
         'flavor': {'fields': ['payload.flavor.name', 'payload.instance_type',
                               'ctxt.flavor']}}},
    {'event_type': ['compute.instance.exists', 'compute.instance.exists.*'],
     'traits': {
         'instance_id': {'fields': 'payload.uuid'},
         'audit_period_ending': {'type': 'datetime',
                                 'fields': 'payload.audit_period_ending'}}},
]


@pytest.fixture
def d():
    return distiller.Distiller(DEFINITIONS, catchall=False)


def test_event(d):
    event = d.distill(samples.body(
        payload={'instance_id': 'inst-1', 'memory_mb': 2048, 'ratio': '0.5',
                 'launched_at': '2025-03-14T09:30:00.123456+01:00',
                 'label': 'caf\xe9 \u2603', 'tenant_id': 'proj-1',
                 'user_id': 'user-1', 'instance_type': 'm1.small'},
        ctxt={'request_id': 'req-1', 'project_id': 'proj-ctxt'},
        timestamp='2025-03-14T09:26:53.589793'))
    assert isinstance(event, models.Event)
    assert event.message_id == 'm-0001'
    assert event.event_type == 'compute.instance.update'
    assert event.generated == datetime.datetime(2025, 3, 14, 9, 26, 53,
                                                589793)
    assert event.problems == []
    assert [t.name for t in event.traits] == sorted(
        t.name for t in event.traits)
    assert samples.traits(event) == {
        'flavor': ('text', 'm1.small'),
        'instance_id': ('text', 'inst-1'),
        'label': ('text', 'caf\xe9 \u2603'),
        'launched_at': ('datetime', datetime.datetime(
            2025, 3, 14, 8, 30, 0, 123456)),
        'memory_mb': ('int', 2048),
        'project_id': ('text', 'proj-1'),
        'ratio': ('float', 0.5),
        'request_id': ('text', 'req-1'),
        'service': ('text', 'compute.cpu-07'),
        'tenant_id': ('text', 'proj-1'),
        'user_id': ('text', 'user-1'),
    }
    assert event.trait('memory_mb').value == 2048
    assert event.trait('nope') is None


def test_default_traits_from_the_context(d):
    event = d.distill(samples.body(
        payload={}, ctxt={'request_id': 'req-2', 'project_id': 'proj-2',
                          'user_id': 'user-2'}))
    assert samples.values(event) == {
        'project_id': 'proj-2', 'request_id': 'req-2',
        'service': 'compute.cpu-07', 'tenant_id': 'proj-2',
        'user_id': 'user-2'}


def test_first_field_that_matches_wins(d):
    body = samples.body(payload={'flavor': {'name': 'from-flavor'},
                                 'instance_type': 'from-type'},
                        ctxt={'flavor': 'from-ctxt'})
    assert samples.values(d.distill(body))['flavor'] == 'from-flavor'
    body['payload']['flavor']['name'] = None
    assert samples.values(d.distill(body))['flavor'] == 'from-type'
    del body['payload']['instance_type']
    assert samples.values(d.distill(body))['flavor'] == 'from-ctxt'


def test_last_matching_definition_wins(d):
    event = d.distill(samples.body(
        'compute.instance.exists',
        payload={'instance_id': 'old', 'uuid': 'new', 'memory_mb': 1,
                 'audit_period_ending': '2025-03-01T00:00:00Z'}))
    values = samples.values(event)
    assert values['instance_id'] == 'new'
    assert 'memory_mb' not in values
    assert values['audit_period_ending'] == datetime.datetime(2025, 3, 1)
    event = d.distill(samples.body('compute.instance.exists.verified',
                                   payload={'uuid': 'new'}))
    assert samples.values(event)['instance_id'] == 'new'


def test_empty_string_is_null_except_for_text(d):
    event = d.distill(samples.body(payload={
        'memory_mb': '', 'ratio': '', 'launched_at': '', 'label': ''}))
    values = samples.values(event)
    assert values['label'] == ''
    assert 'memory_mb' not in values
    assert 'ratio' not in values
    assert 'launched_at' not in values
    assert event.problems == []


def test_null_values_give_no_trait(d):
    event = d.distill(samples.body(payload={
        'instance_id': None, 'memory_mb': None, 'label': None}))
    assert set(samples.values(event)) == {'service'}


def test_unconvertible_values_are_left_out_with_the_reason(d):
    event = d.distill(samples.body(payload={
        'instance_id': 'inst-3', 'memory_mb': 'lots', 'ratio': 'nan',
        'launched_at': 'last tuesday', 'label': {'nested': [1, 2]}}))
    values = samples.values(event)
    assert values['instance_id'] == 'inst-3'
    # Ceilometer's rule: text is str() of the value.
    assert values['label'] == "{'nested': [1, 2]}"
    for name in ('memory_mb', 'ratio', 'launched_at'):
        assert name not in values
    assert event.problems == [
        "trait launched_at (datetime) left out: 'last tuesday' is not an "
        "ISO 8601 date and time",
        "trait memory_mb (int) left out: 'lots' is not an integer",
        "trait ratio (float) left out: 'nan' is not a finite number",
    ]


def test_64_bit_integers(d):
    event = d.distill(samples.body(payload={'memory_mb': 2 ** 63 - 1}))
    assert samples.values(event)['memory_mb'] == 2 ** 63 - 1
    event = d.distill(samples.body(payload={'memory_mb': 2 ** 64}))
    assert 'memory_mb' not in samples.values(event)
    assert 'does not fit in a 64-bit integer' in event.problems[0]


def test_unmatched_without_catchall(d):
    assert d.distill(samples.body('image.upload')) is None


def test_unmatched_with_catchall():
    d = distiller.Distiller(DEFINITIONS, catchall=True)
    event = d.distill(samples.body('image.upload', payload={'owner': 'o'},
                                   ctxt={'project_id': 'p'}))
    assert samples.values(event) == {'service': 'compute.cpu-07',
                                     'project_id': 'p', 'tenant_id': 'p'}


def test_catchall_not_added_twice():
    d = distiller.Distiller([{'event_type': '*', 'traits': {'x': 'p.x'}}],
                            catchall=True)
    assert len(d.definitions) == 1


@pytest.mark.parametrize('timestamp, expected', [
    ('2025-03-14 09:26:53.589793', datetime.datetime(
        2025, 3, 14, 9, 26, 53, 589793)),
    ('2025-03-14T04:26:53.000001-05:00', datetime.datetime(
        2025, 3, 14, 9, 26, 53, 1)),
    (datetime.datetime(2025, 3, 14, 9, 26, 53), datetime.datetime(
        2025, 3, 14, 9, 26, 53)),
])
def test_generated_is_naive_utc(d, timestamp, expected):
    event = d.distill(samples.body(timestamp=timestamp))
    assert event.generated == expected
    assert event.generated.tzinfo is None


@pytest.mark.parametrize('timestamp', [
    '2025-03-14T09:26:53.589793',
    '2025-03-14 09:26:53',
    '2025-03-14T09:26:53.5',
    '2025-03-14T09:26:53Z',
    '2025-03-14T09:26:53.000001+05:30',
    '2025-03-14T09:26:53-00:00',
    # Read by timeutils only: the fast parser is not used for them.
    '2025-03-14T09:26:53.1234567',
    '2025-03-14T09:26:53,5',
    '2025-03-14T09:26:53+0100',
    '2025-03-14T09:26:53+01',
    '2025-03-14T09:26:53\n',
    '2025-3-14',
    '2025-03-14',
    '20250314T092653',
    '2025',
    # datetime.fromisoformat reads these; timeutils does not.
    '2025-W11-5',
    '2025-W11-5T09:26:53',
    '2025-03-14x09:26:53',
    '2025-03-14T09:26:53+01:00:30',
    # Nothing reads these.
    '2025-13-14T09:26:53',
    '2025-03-14T24:00:00',
    '2025-03-14T09:26:53+24:00',
    '0001-01-01T00:00:00+01:00',
    '9999-12-31T23:59:59-01:00',
    '\u0662025-03-14T09:26:53',
    '',
])
def test_generated_as_timeutils_reads_it(d, timestamp):
    try:
        expected = timeutils.normalize_time(
            timeutils.parse_isotime(timestamp))
    except (ValueError, OverflowError):
        with pytest.raises(distiller.DistillError,
                           match='metadata.timestamp is not an ISO 8601'):
            d.distill(samples.body(timestamp=timestamp))
        return
    event = d.distill(samples.body(timestamp=timestamp))
    assert event.generated == expected
    assert event.generated.tzinfo is None


@pytest.mark.parametrize('body, message', [
    (['not', 'a', 'dict'], 'notification is not a mapping but list'),
    (dict(samples.body(), event_type=None), 'event_type is missing'),
    (dict(samples.body(), event_type=''), 'event_type is missing'),
    (dict(samples.body(), event_type=3), 'event_type is missing or not text'),
    (dict(samples.body(), metadata=None), 'metadata is missing'),
    (dict(samples.body(), metadata={'timestamp': '2025-03-14T00:00:00'}),
     'metadata.message_id is missing'),
    (samples.body(timestamp=None), 'metadata.timestamp is not an ISO 8601'),
    (samples.body(timestamp='noon'), 'metadata.timestamp is not an ISO 8601'),
])
def test_bodies_that_cannot_be_events(d, body, message):
    with pytest.raises(distiller.DistillError, match=message):
        d.distill(body)


def test_odd_payloads_give_the_traits_they_can(d):
    for payload in (None, 'text', [1, 2], 42, {'instance_id': ['a']}):
        event = d.distill(samples.body(payload=payload, ctxt=None))
        assert event is not None
        assert 'service' in samples.values(event)


def test_constant_fields():
    d = distiller.Distiller([{'event_type': 'a', 'traits': {
        'version': {'type': 'int', 'fields': 2},
        'flag': {'fields': True}}}], catchall=False)
    values = samples.values(d.distill(samples.body('a')))
    assert values['version'] == 2
    assert values['flag'] == 'True'


def test_short_form_trait():
    d = distiller.Distiller([{'event_type': 'a', 'traits': {
        'x': 'payload.x'}}], catchall=False)
    event = d.distill(samples.body('a', payload={'x': 5}))
    assert samples.traits(event)['x'] == ('text', '5')


def test_plugins_through_definitions():
    d = distiller.Distiller([{'event_type': 'a', 'traits': {
        'host': {'fields': 'publisher_id',
                 'plugin': {'name': 'split',
                            'parameters': {'segment': 1, 'max_split': 1}}},
        'kind': {'fields': 'payload.kind', 'plugin': 'split'},
        'flags': {'type': 'int',
                  'fields': ['payload.x', 'payload.y'],
                  'plugin': {'name': 'bitfield', 'parameters': {
                      'flags': [{'path': 'payload.x', 'bit': 0},
                                {'path': 'payload.y', 'bit': 2,
                                 'value': 'on'}]}}},
        'boot_seconds': {'type': 'float',
                         'fields': ['payload.created_at',
                                    'payload.launched_at'],
                         'plugin': 'timedelta'},
        'up': {'fields': 'payload.state',
               'plugin': {'name': 'map', 'parameters': {
                   'values': {'active': 'yes'}, 'default': 'no'}}},
    }}], catchall=False)
    event = d.distill(samples.body(
        'a', publisher_id='compute.cpu-1.dc',
        payload={'kind': 'big.blue', 'x': 1, 'y': 'on',
                 'created_at': '2025-03-14T09:00:00Z',
                 'launched_at': '2025-03-14T09:00:42.5Z', 'state': 'active'}))
    assert samples.traits(event) == {
        'boot_seconds': ('float', 42.5),
        'flags': ('int', 5),
        'host': ('text', 'cpu-1.dc'),
        'kind': ('text', 'big'),
        'service': ('text', 'compute.cpu-1.dc'),
        'up': ('text', 'yes'),
    }
    event = d.distill(samples.body('a', payload={
        'created_at': '2025-03-14T09:00:00Z', 'launched_at': 'later',
        'state': 'error'}))
    values = samples.values(event)
    assert values['flags'] == 0
    assert values['up'] == 'no'
    assert 'boot_seconds' not in values
    assert event.problems == [
        'trait boot_seconds: no value: payload.created_at and '
        'payload.launched_at must both be datetimes: Unable to parse date '
        "string 'later'"]


class _Broken(object):
    def trait_values(self, match_list):
        raise RuntimeError('plugin bug')


class _NotAList(object):
    def trait_values(self, match_list):
        return 'scalar'


@pytest.mark.parametrize('plugin, problem', [
    (_Broken(), 'trait x: no value: plugin bug'),
    (_NotAList(), "trait x: no value: plugin returned 'scalar', not a list"),
])
def test_plugin_failures_are_problems(plugin, problem):
    d = distiller.Distiller([{'event_type': 'a', 'traits': {
        'x': {'fields': 'payload.x', 'plugin': 'split'}}}], catchall=False)
    trait = [t for t in d.definitions[0].traits if t.name == 'x'][0]
    trait._plugin = plugin
    event = d.distill(samples.body('a', payload={'x': 'v'}))
    assert event.problems == [problem]
    assert 'x' not in samples.values(event)


def test_multiple_files_in_order(tmp_path):
    first = samples.write_yaml(tmp_path, [
        {'event_type': 'a.*', 'traits': {'x': 'payload.one'}}], 'one.yaml')
    second = samples.write_yaml(tmp_path, [
        {'event_type': 'a.b', 'traits': {'x': 'payload.two'}}], 'two.yaml')
    d = distiller.Distiller.from_file([first, second], catchall=False)
    body = samples.body('a.b', payload={'one': 1, 'two': 2})
    assert samples.values(d.distill(body))['x'] == '2'
    assert samples.values(d.distill(dict(body, event_type='a.c')))['x'] == '1'
    d = distiller.Distiller.from_file([second, first], catchall=False)
    assert samples.values(d.distill(body))['x'] == '1'


def test_definition_lookups_are_cached(d):
    found = d.definition_for('compute.instance.update')
    assert d.definition_for('compute.instance.update') is found
    assert d._matches['compute.instance.update'] is found
    assert d.definition_for('image.upload') is None
    assert 'image.upload' in d._matches


def test_cache_is_bounded(d, monkeypatch):
    monkeypatch.setattr(distiller, 'MATCH_CACHE_SIZE', 10)
    for number in range(25):
        d.definition_for('compute.instance.t%d' % number)
    assert len(d._matches) <= 10
    assert d.definition_for('compute.instance.t3') is d.definitions[1]
