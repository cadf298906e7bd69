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
"""The trait plugins: split, bitfield, timedelta and map."""

import pytest
from stevedore import extension

from stacktach_os.notification.distiller import trait_plugins


def test_entry_points():
    manager = extension.ExtensionManager(
        'stacktach_os.distiller.trait_plugins')
    assert {ext.name: ext.plugin for ext in manager} == {
        'split': trait_plugins.SplitterTraitPlugin,
        'bitfield': trait_plugins.BitfieldTraitPlugin,
        'timedelta': trait_plugins.TimedeltaPlugin,
        'map': trait_plugins.MapTraitPlugin,
    }


@pytest.mark.parametrize('parameters, value, expected', [
    ({}, 'compute.cpu-07.example', 'compute'),
    ({'segment': 1}, 'compute.cpu-07.example', 'cpu-07'),
    ({'segment': 1, 'max_split': 1}, 'compute.cpu-07.example',
     'cpu-07.example'),
    ({'segment': -1, 'separator': '/'}, 'http://g:9292/images/img-1',
     'img-1'),
    ({'segment': 3}, 'a.b', None),
    ({'separator': '-', 'segment': 1}, 1234, None),
    ({'separator': '3', 'segment': 1}, 1234, '4'),
    ({'separator': [':', '.'], 'segment': 1, 'max_split': 1},
     'nova-compute:cpu-07.example', 'cpu-07.example'),
    ({'separator': [':', '.'], 'segment': 1, 'max_split': 1},
     'compute.cpu-07.example', 'cpu-07.example'),
    ({'separator': [':', '.'], 'segment': 1}, 'nodots', None),
])
def test_split(parameters, value, expected):
    plugin = trait_plugins.SplitterTraitPlugin(**parameters)
    assert plugin.trait_values([('publisher_id', value)]) == [expected]


def test_split_every_match():
    plugin = trait_plugins.SplitterTraitPlugin(segment=1)
    assert plugin.trait_values([('a', 'x.y'), ('b', 'z')]) == ['y', None]
    assert plugin.trait_values([]) == []


@pytest.mark.parametrize('parameters, message', [
    ({'separator': ''}, 'separator'),
    ({'separator': []}, 'separator'),
    ({'separator': [':', 3]}, 'separator'),
    ({'segment': '1'}, 'segment must be an integer'),
    ({'segment': True}, 'segment must be an integer'),
    ({'max_split': 1.5}, 'max_split must be an integer'),
    ({'sep': '.'}, 'unknown parameters: sep'),
])
def test_split_bad_parameters(parameters, message):
    with pytest.raises((TypeError, ValueError), match=message):
        trait_plugins.SplitterTraitPlugin(**parameters)


def test_bitfield():
    plugin = trait_plugins.BitfieldTraitPlugin(
        initial_bitfield=256,
        flags=[{'path': 'payload.foo', 'bit': 0},
               {'path': 'payload.bar', 'bit': 1, 'value': 'on'},
               {'path': 'payload.baz', 'bit': '3', 'value': 0},
               {'path': 'payload.gone', 'bit': 5}])
    assert plugin.trait_values([('payload.foo', 'anything'),
                                ('payload.bar', 'on'),
                                ('payload.baz', 0)]) == [256 + 1 + 2 + 8]
    assert plugin.trait_values([('payload.bar', 'off'),
                                ('payload.baz', 1)]) == [256]
    assert plugin.trait_values([]) == [256]


@pytest.mark.parametrize('parameters, message', [
    ({'initial_bitfield': 'x'}, 'initial_bitfield must be an integer'),
    ({'initial_bitfield': 2 ** 63}, 'at most'),
    ({'flags': {'path': 'a', 'bit': 1}}, 'flags must be a list'),
    ({'flags': ['a']}, 'flag 1 must be a mapping'),
    ({'flags': [{'path': 'a'}]}, 'flag 1 must have path, bit'),
    ({'flags': [{'path': 'a', 'bit': 1, 'colour': 2}]}, 'must have path'),
    ({'flags': [{'path': 1, 'bit': 1}]}, 'path must be text'),
    ({'flags': [{'path': 'a', 'bit': 'x'}]}, 'bit must be an integer'),
    ({'flags': [{'path': 'a', 'bit': 63}]}, 'at most 62'),
    ({'flags': [{'path': 'a', 'bit': -1}]}, 'at least 0'),
])
def test_bitfield_bad_parameters(parameters, message):
    with pytest.raises((TypeError, ValueError), match=message):
        trait_plugins.BitfieldTraitPlugin(**parameters)


def test_timedelta():
    plugin = trait_plugins.TimedeltaPlugin()
    assert plugin.trait_values([
        ('payload.created_at', '2025-03-14T09:00:00Z'),
        ('payload.launched_at', '2025-03-14 09:01:30.5')]) == [90.5]
    # Always positive, whatever the order.
    assert plugin.trait_values([
        ('payload.launched_at', '2025-03-14T09:01:30+00:00'),
        ('payload.created_at', '2025-03-14T10:00:00+01:00')]) == [90.0]


@pytest.mark.parametrize('matches', [
    [],
    [('payload.created_at', '2025-03-14T09:00:00Z')],
    [('a', '2025-03-14T09:00:00Z'), ('b', '2025-03-14T09:00:00Z'),
     ('c', '2025-03-14T09:00:00Z')],
    [('a', '2025-03-14T09:00:00Z'), ('b', '')],
])
def test_timedelta_without_two_datetimes(matches):
    assert trait_plugins.TimedeltaPlugin().trait_values(matches) == [None]


def test_timedelta_bad_datetime():
    with pytest.raises(trait_plugins.PluginValueError,
                       match='a and b must both be datetimes'):
        trait_plugins.TimedeltaPlugin().trait_values(
            [('a', '2025-03-14T09:00:00Z'), ('b', 'soon')])


def test_timedelta_takes_no_parameters():
    with pytest.raises(TypeError, match='unknown parameters: unit'):
        trait_plugins.TimedeltaPlugin(unit='s')


def test_map():
    plugin = trait_plugins.MapTraitPlugin(
        values={'ACTIVE': 'up', 'SHUTOFF': 'down', 1: 'one'},
        default='other')
    assert plugin.trait_values([('a', 'ACTIVE'), ('b', 'active'),
                                ('c', 1), ('d', ['unhashable'])]) == [
        'up', 'other', 'one', 'other']


def test_map_case_insensitive_without_default():
    plugin = trait_plugins.MapTraitPlugin(
        values={'Active': 'up'}, case_sensitive=False)
    assert plugin.trait_values([('a', 'ACTIVE'), ('b', 'error')]) == [
        'up', None]


@pytest.mark.parametrize('parameters, message', [
    ({}, 'values must be a non-empty mapping'),
    ({'values': {}}, 'values must be a non-empty mapping'),
    ({'values': ['a']}, 'values must be a non-empty mapping'),
    ({'values': {'a': 1}, 'case_sensitive': 'no'}, 'case_sensitive'),
    ({'values': {'a': 1}, 'fallback': 1}, 'unknown parameters'),
])
def test_map_bad_parameters(parameters, message):
    with pytest.raises((TypeError, ValueError), match=message):
        trait_plugins.MapTraitPlugin(**parameters)
