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
"""Compiled extract functions give what the trait definitions give."""

import copy
import datetime
import random

import pytest

from stacktach_os.notification.distiller import distiller
from stacktach_os.notification.distiller import paths
from tests.unit.notification.distiller import samples

# Every kind of trait: each type, unions, shared prefixes, plugins on
# plain paths and on JSONPath, split(), expressions and constants.
TRAITS = {
    'text': 'payload.a',
    'deep': "payload.'nova_object.data'.flavor.'nova_object.data'.name",
    'sibling': "payload.'nova_object.data'.flavor.'nova_object.data'.vcpus",
    'whole': "payload.'nova_object.data'.flavor",
    'union': {'fields': ['payload.b', "payload.'nova_object.data'.b",
                         'ctxt.b']},
    'same_twice': {'fields': ['payload.b', 'payload.b']},
    'number': {'type': 'int', 'fields': ['payload.n', 'payload.a']},
    'ratio': {'type': 'float', 'fields': 'payload.f'},
    'when': {'type': 'datetime', 'fields': ['payload.t', 'payload.a']},
    'host': {'fields': 'publisher_id',
             'plugin': {'name': 'split',
                        'parameters': {'separator': [':', '.'],
                                       'segment': 1, 'max_split': 1}}},
    'flags': {'type': 'int', 'fields': ['payload.a', 'payload.b'],
              'plugin': {'name': 'bitfield',
                         'parameters': {'flags': [
                             {'path': 'payload.a', 'bit': 0},
                             {'path': 'payload.b', 'bit': 1,
                              'value': 'on'}]}}},
    'took': {'type': 'float', 'fields': ['payload.t', 'payload.u'],
             'plugin': 'timedelta'},
    'mapped': {'fields': 'payload.list[0]',
               'plugin': {'name': 'map', 'parameters': {
                   'values': {'x': 'ex'}, 'default': 'other'}}},
    'first_item': {'fields': 'payload.list[0]'},
    'svc': 'publisher_id.`split(., 0, -1)`',
    'seven': {'type': 'int', 'fields': 7},
    'seven_as_date': {'type': 'datetime', 'fields': 7},
}

VALUES = [None, '', 'x', 'on', 'compute.cpu-1', 'nova-compute:cpu-2', 'nodot',
          '12', '-3', ' 5 ', '1.5', 'nan', 'inf', '1e400', 0, 1, -1, 2 ** 63,
          -2 ** 63, 2 ** 64, True, False, 1.5, float('inf'), 3.0,
          b'bytes', b'\xff', [], ['x'], {}, {'name': 'm1'},
          '2025-03-14T09:26:53.589793', '2025-03-14T09:26:53Z',
          '2025-03-14 09:26:53+01:00', '2025-W11-5', 'later',
          datetime.datetime(2025, 3, 14, 9, 26, 53)]


def _body(rng):
    """A notification with random values at the fields the traits read."""
    def value():
        return copy.deepcopy(rng.choice(VALUES))
    flavor = {'nova_object.data': {'name': value(), 'vcpus': value()}}
    data = {'flavor': rng.choice([flavor, value()]), 'b': value()}
    payload = {'a': value(), 'b': value(), 'n': value(), 'f': value(),
               't': value(), 'u': value(), 'list': [value(), value()],
               'nova_object.data': rng.choice([data, value()])}
    return samples.body(
        'a', payload=rng.choice([payload] * 6 + [value()]),
        ctxt=rng.choice([{'b': value()}, value()]),
        publisher_id=value())


def _one_by_one(definition, body):
    """What the trait definitions give, each in turn."""
    problems = []
    traits = []
    for trait_definition in definition.traits:
        trait = trait_definition.extract(body, problems)
        if trait is not None:
            traits.append(trait)
    return traits, problems


def _comparable(result):
    traits, problems = result
    return ([(t.name, t.dtype, repr(t.value), type(t.value)) for t in traits],
            problems)


@pytest.fixture
def definition():
    d = distiller.Distiller([{'event_type': 'a', 'traits': TRAITS}])
    return d.definitions[0]


def test_same_results_as_each_trait_definition(definition):
    rng = random.Random(20250314)
    for _ in range(3000):
        body = _body(rng)
        assert (_comparable(definition.extract(body))
                == _comparable(_one_by_one(definition, body))), body


def test_shared_fields_are_looked_up_once(definition):
    assert definition.extract_source.count(".get('payload')") == 1
    assert definition.extract_source.count(".get('nova_object.data')") == 2
    assert definition.extract_source.count(".get('flavor')") == 1


def test_keys_and_names_are_only_data():
    key = 'x"); raise SystemExit("'
    name = "n');\nraise SystemExit('\\"
    d = distiller.Distiller([{'event_type': 'a', 'traits': {
        name: "payload.'%s'" % key, 'plain': 'payload.b'}}], catchall=False)
    assert d.definitions[0].traits[0].chains == (('payload', key),)
    event = d.distill(samples.body('a', payload={key: 'value', 'b': 'bee'}))
    values = samples.values(event)
    assert (values[name], values['plain']) == ('value', 'bee')


def test_bodies_that_are_not_mappings(definition):
    for body in (None, 'text', ['a'], 7):
        assert (_comparable(definition.extract(body))
                == _comparable(_one_by_one(definition, body)))


def test_plugins_get_the_matches_of_the_path():
    d = distiller.Distiller([{'event_type': 'a', 'traits': {
        'x': {'fields': ['payload.a', 'payload.b.c', 'payload.d'],
              'plugin': 'split'}}}], catchall=False)
    [trait] = [t for t in d.definitions[0].traits if t.name == 'x']
    received = []

    class Recorder(object):
        def trait_values(self, match_list):
            received.append(match_list)
            return [None, 'made']

    trait._plugin = Recorder()
    body = samples.body('a', payload={'a': 'one', 'b': {'c': 0}, 'd': None})
    assert samples.values(d.distill(body))['x'] == 'made'
    assert received == [[('payload.a', 'one'), ('payload.b.c', 0)]]
    assert received[0] == paths.FieldPath(trait.spec).matches(body)


def test_tracebacks_name_the_file_and_definition(tmp_path):
    path = samples.write_yaml(tmp_path, [
        {'event_type': 'a', 'traits': {'x': 'payload.x'}},
        {'event_type': 'b', 'traits': {'y': 'payload.y'}}])
    d = distiller.Distiller.from_file(path, catchall=False)
    assert [definition._extract.__code__.co_filename
            for definition in d.definitions] == [
        '<%s: definition 2>' % path, '<%s: definition 1>' % path]
