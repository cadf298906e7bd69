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
"""Loading and checking event definitions."""

import os
import sys

from oslo_config import cfg
import pytest

from stacktach_os.conf import notification as notification_conf
from stacktach_os.notification.distiller import definitions
from stacktach_os.notification.distiller import distiller
from tests.unit.notification.distiller import samples


def load(tmp_path, text):
    return distiller.Distiller.from_file(
        samples.write_yaml(tmp_path, text))


@pytest.mark.parametrize('text, message', [
    ('- event_type: a\n  traits: {x: [\n', 'invalid YAML at line 3'),
    ("- event_type: 'a\n", 'invalid YAML at line'),
    ('event_type: a\n', 'must hold a list of definitions, not a dict'),
    ('- just text\n', "definition 1: a definition must be a mapping"),
    ('- traits: {}\n', "definition 1: 'event_type' is required"),
    ('- {event_type: a, trait: {}}\n', 'unknown keys: trait'),
    ('- {event_type: [], traits: {}}\n', 'event_type must be a glob'),
    ('- {event_type: [a, 3], traits: {}}\n', 'event_type must be a glob'),
    ("- {event_type: '!', traits: {}}\n", 'event_type must be a glob'),
    ('- {event_type: a, traits: [x]}\n', 'traits must be a mapping'),
    ('- {event_type: a, traits: {x: {type: int}}}\n',
     "trait 'x': 'fields' is required"),
    ('- {event_type: a, traits: {x: {fields: p, type: integer}}}\n',
     "trait 'x': invalid trait type 'integer' (expected one of text, int, "
     "float, datetime)"),
    ('- {event_type: a, traits: {x: {fields: p, type: 3}}}\n',
     'invalid trait type 3'),
    ('- {event_type: a, traits: {x: {fields: p, typ: int}}}\n',
     "trait 'x': unknown keys: typ"),
    ('- {event_type: a, traits: {x: {fields: "payload.["}}}\n',
     "trait 'x': invalid JSONPath 'payload.['"),
    ('- {event_type: a, traits: {x: {fields: []}}}\n',
     'fields is an empty list'),
    ('- {event_type: a, traits: {x: {fields: [a, 1]}}}\n',
     'fields must be JSONPath text'),
    ('- {event_type: a, traits: {x: {fields: 1.5}}}\n',
     'fields must be JSONPath text'),
    ('- {event_type: a, traits: {x: {fields: p, plugin: nosuch}}}\n',
     "no trait plugin named 'nosuch' (installed: bitfield, map, split, "
     "timedelta)"),
    ('- {event_type: a, traits: {x: {fields: 3, plugin: nosuch}}}\n',
     "no trait plugin named 'nosuch'"),
    ('- {event_type: a, traits: {x: {fields: p, plugin: {parameters: {}}}}}'
     '\n', 'plugin has no name'),
    ('- {event_type: a, traits: {x: {fields: p, plugin: [split]}}}\n',
     'plugin must be a name or a mapping'),
    ('- {event_type: a, traits: {x: {fields: p, plugin: {name: split, '
     'params: {}}}}}\n', 'unknown plugin keys: params'),
    ('- {event_type: a, traits: {x: {fields: p, plugin: {name: split, '
     'parameters: [1]}}}}\n', 'plugin parameters must be a mapping'),
    ('- {event_type: a, traits: {x: {fields: p, plugin: {name: split, '
     'parameters: {segment: one}}}}}\n',
     "plugin 'split': segment must be an integer"),
    ('- {event_type: a, traits: {x: {fields: p, plugin: {name: map}}}}\n',
     "plugin 'map': values must be a non-empty mapping"),
    ('- {event_type: a, traits: {3: p}}\n', 'trait names must be text'),
    ('- {event_type: a, traits: {%s: p}}\n' % ('n' * 256),
     'trait name longer than 255 characters'),
])
def test_errors_name_file_definition_and_trait(tmp_path, text, message):
    with pytest.raises(definitions.DefinitionError) as error:
        load(tmp_path, text)
    text = str(error.value)
    assert text.startswith(str(tmp_path / 'defs.yaml'))
    assert message in text


def test_error_names_the_definition_by_position(tmp_path):
    text = ('- {event_type: a, traits: {}}\n'
            '- {event_type: [b.*, "!b.x"], traits: {y: {fields: p, '
            'type: date}}}\n')
    with pytest.raises(definitions.DefinitionError) as error:
        load(tmp_path, text)
    assert str(error.value) == (
        "%s: definition 2 (event_type ['b.*', '!b.x']), trait 'y': invalid "
        "trait type 'date' (expected one of text, int, float, datetime)"
        % (tmp_path / 'defs.yaml'))
    assert error.value.index == 2
    assert error.value.trait == 'y'


def test_missing_file(tmp_path):
    with pytest.raises(definitions.DefinitionError,
                       match='cannot read the event definitions: No such '
                             'file'):
        distiller.Distiller.from_file(str(tmp_path / 'nope.yaml'))


def test_empty_file_has_no_definitions(tmp_path):
    d = load(tmp_path, '# nothing yet\n')
    assert [x.is_catchall for x in d.definitions] == [True]
    d = distiller.Distiller.from_file(
        samples.write_yaml(tmp_path, ''), catchall=False)
    assert d.definitions == []


def test_not_a_list():
    with pytest.raises(definitions.DefinitionError,
                       match='definitions must be a list'):
        distiller.Distiller({'event_type': 'a'})


def test_type_names_ignore_case(tmp_path):
    d = load(tmp_path, '- {event_type: a, traits: {x: {fields: p, '
                       'type: INT}}}\n')
    assert [t.dtype for t in d.definitions[0].traits if t.name == 'x'] == [
        'int']


@pytest.mark.parametrize('globs, matching, not_matching', [
    ('compute.instance.exists', ['compute.instance.exists'],
     ['compute.instance.exists.verified', 'compute.instance']),
    (['compute.instance.*'], ['compute.instance.create.end'],
     ['image.upload', 'compute.instance']),
    (['*.start', '*.end', '!scheduler.*'],
     ['compute.instance.create.start', 'image.delete.end'],
     ['compute.instance.exists', 'scheduler.run_instance.start']),
    ('!image.*', ['compute.instance.update', 'volume.create.end'],
     ['image.update']),
    (['*', '!image.*'], ['compute.instance.update'], ['image.update']),
    (['*', '!*.*'], ['terminate_instance'], ['compute.instance.update']),
    (['instance.?pdate'], ['instance.update'], ['instance.updated']),
    (['port.[cd]*'], ['port.create.end', 'port.delete.end'],
     ['port.update.end']),
])
def test_event_type_globs(globs, matching, not_matching):
    definition = definitions.EventDefinition(
        {'event_type': globs, 'traits': {}},
        definitions._Location('test', 1))
    for event_type in matching:
        assert definition.match_type(event_type), event_type
    for event_type in not_matching:
        assert not definition.match_type(event_type), event_type


@pytest.mark.parametrize('globs, catchall', [
    ('*', True), (['*'], True), (['a', '*'], True), (['*', '!a'], False),
    ('!a', False), ('a.*', False)])
def test_is_catchall(globs, catchall):
    definition = definitions.EventDefinition(
        {'event_type': globs}, definitions._Location('test', 1))
    assert definition.is_catchall is catchall


def test_default_traits_and_overrides():
    definition = definitions.EventDefinition(
        {'event_type': 'a', 'traits': {'service': {'fields': 'payload.svc'},
                                       'zeta': 'payload.z'}},
        definitions._Location('test', 1))
    names = [trait.name for trait in definition.traits]
    assert names == ['project_id', 'request_id', 'service', 'tenant_id',
                     'user_id', 'zeta']
    service = [t for t in definition.traits if t.name == 'service'][0]
    assert service.spec == 'payload.svc'


# Finding the file that [notification] event_definitions names.

def _conf(tmp_path, value=None, config_dir=None):
    conf = cfg.ConfigOpts()
    notification_conf.register_opts(conf)
    args = ['--config-dir', str(config_dir)] if config_dir else []
    conf(args, project='stacktach_os_test', default_config_files=[])
    if value is not None:
        conf.set_override('event_definitions', value, 'notification')
    return conf


def test_find_absolute_path(tmp_path):
    path = str(tmp_path / 'mine.yaml')
    assert definitions.find_definitions_file(_conf(tmp_path, path)) == path


def test_find_in_config_dir(tmp_path):
    config_dir = tmp_path / 'etc'
    config_dir.mkdir()
    (config_dir / 'event_definitions.yaml').write_text('[]\n')
    conf = _conf(tmp_path, config_dir=config_dir)
    assert definitions.find_definitions_file(conf) == str(
        config_dir / 'event_definitions.yaml')


def test_find_falls_back_to_shipped_copy(tmp_path):
    found = definitions.find_definitions_file(_conf(tmp_path))
    installed = os.path.join(sys.prefix, 'etc', 'stacktach_os',
                             'event_definitions.yaml')
    source = os.path.abspath(os.path.join(
        os.path.dirname(definitions.__file__), '..', '..', '..', 'etc',
        'stacktach_os', 'event_definitions.yaml'))
    assert found in (installed, source)
    assert os.path.isfile(found)


def test_find_without_parsed_config(tmp_path):
    conf = cfg.ConfigOpts()
    notification_conf.register_opts(conf)
    assert os.path.isfile(definitions.find_definitions_file(conf))


def test_find_nothing(tmp_path):
    with pytest.raises(definitions.DefinitionError,
                       match="event definitions 'nope.yaml' found neither"):
        definitions.find_definitions_file(_conf(tmp_path, 'nope.yaml'))


def test_from_conf(tmp_path):
    config_dir = tmp_path / 'etc'
    config_dir.mkdir()
    (config_dir / 'event_definitions.yaml').write_text(
        '- {event_type: a.*, traits: {x: payload.x}}\n')
    conf = _conf(tmp_path, config_dir=config_dir)
    conf.set_override('store_unmatched_events', False, 'notification')
    d = distiller.Distiller.from_conf(conf)
    assert d.catchall is False
    assert d.distill(samples.body('b')) is None
    event = d.distill(samples.body('a.b', payload={'x': 'ex'}))
    assert samples.values(event)['x'] == 'ex'
