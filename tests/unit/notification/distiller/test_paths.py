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
"""Compiled field specifications match what jsonpath-rw-ext matches."""

import functools

from jsonpath_rw_ext import _string as ext_string
from jsonpath_rw_ext import parser as ext_parser
import pytest

from stacktach_os.notification.distiller import paths

BODIES = [
    {},
    {'payload': None},
    {'payload': 'text'},
    {'payload': [1, 2]},
    {'payload': {'a': None}},
    {'payload': {'a': 0, 'b': '', 'c': False}},
    {'payload': {'a': {'b': {'c': 'deep'}}, 'b': 'two'}},
    {'payload': {'a': ['x', 'y'], 'b': {'c': None}}},
    {'payload': {'a.b': 'dotted', 'a': {'b': 'nested'}}},
    {'payload': {'a': 'str-not-dict'}, 'ctxt': {'c': 'from-ctxt'}},
    {'payload': {'list': [{'key': 'k1', 'value': 'v1'},
                          {'key': 'k2', 'value': 'v2'}]}},
    {'publisher_id': 'compute.cpu-1.example', 'payload': {'a': 'x-y-z'}},
    {'publisher_id': 'nodot', 'payload': {'a': 'x'}},
    {'publisher_id': '', 'payload': {'a': ''}},
    {'publisher_id': None, 'payload': {'a': None}},
    {'publisher_id': 7, 'payload': {'a': ['x-y']}},
    {'publisher_id': b'compute.cpu-1', 'payload': {'a': {'b': 'x-y'}}},
    {'publisher_id': {'compute': 'x'}, 'payload': {'a': True}},
]

SPECS = [
    'payload',
    'payload.a',
    'payload.a.b.c',
    'payload.b',
    'payload.c',
    'payload[a]',
    "payload.'a.b'",
    'payload.missing',
    '(payload.a.b.c)|(payload.b)|(ctxt.c)',
    '(ctxt.c)|(payload.b)',
    'payload.*',
    'payload.a[0]',
    'payload.list[?key = k2].value',
    'payload.list[*].value',
    'payload..c',
    'publisher_id.`split(., 1, 1)`',
    'publisher_id.`split(., 0, -1)`',
    'publisher_id.`split(., 2, 1)`',
    'payload.a.`split(-, 1, -1)`',
    '(payload.a.`split(-, 0, 1)`)|(publisher_id.`split(., 1, 1)`)',
    '(payload.b)|(publisher_id.`split(., 0, 1)`)',
]


@functools.lru_cache()
def _reference_expression(spec):
    return ext_parser.ExtentedJsonPathParser().parse(spec)


def reference(spec, body):
    """What Ceilometer's Definition.parse sees (None: jsonpath-rw raised)."""
    try:
        found = _reference_expression(spec).find(body)
    except (TypeError, KeyError):
        return None
    return [(paths._match_path(match), match.value)
            for match in found if match.value is not None]


@pytest.mark.parametrize('spec', SPECS)
def test_same_matches_as_jsonpath_rw_ext(spec):
    compiled = paths.FieldPath(spec)
    for body in BODIES:
        expected = reference(spec, body)
        if expected is None:
            # jsonpath-rw raises (Ceilometer then loses the whole event):
            # here the path just does not match.
            expected = []
        assert compiled.matches(body) == expected, body
        first = expected[0][1] if expected else None
        assert compiled.first(body) == first, body


@pytest.mark.parametrize('spec, simple', [
    ('payload.a', True),
    ("payload.'nova_object.data'.uuid", True),
    ('(payload.a)|(ctxt.b)', True),
    ('payload.*', False),
    ('payload.a[0]', False),
    ('(payload.a)|(payload.b[0])', False),
    ('payload.a.`len`', False),
    ('publisher_id.`split(., 1, 1)`', False),
])
def test_plain_paths_use_lookups(spec, simple):
    assert paths.FieldPath(spec).is_simple is simple


def test_paths_of_matches():
    compiled = paths.FieldPath("(payload.'a.b')|(payload.a.b)")
    body = {'payload': {'a.b': 1, 'a': {'b': 2}}}
    assert compiled.matches(body) == [('payload.a.b', 1), ('payload.a.b', 2)]


def test_union_members_fail_alone():
    # jsonpath-rw raises on an index into null; the other member still
    # matches.
    compiled = paths.FieldPath('(payload.a[0])|(payload.b)')
    body = {'payload': {'a': None, 'b': 'bee'}}
    assert compiled.matches(body) == [('payload.b', 'bee')]
    assert compiled.first(body) == 'bee'


def test_join():
    assert paths.join(['payload.a']) == 'payload.a'
    assert paths.join(['a', 'b.c']) == '(a)|(b.c)'


@pytest.mark.parametrize('spec', ['payload.[', 'payload..', '$$', 'a b',
                                  'payload.`nosuch(1)`'])
def test_invalid_paths(spec):
    with pytest.raises(paths.PathError, match='invalid JSONPath'):
        paths.FieldPath(spec)


def test_split_extension():
    compiled = paths.FieldPath('publisher_id.`split(., 1, 1)`')
    assert compiled.first({'publisher_id': 'compute.cpu-1.example'}) == \
        'cpu-1.example'


def test_split_of_a_plain_path_is_read_without_jsonpath(monkeypatch):
    compiled = paths.FieldPath('(payload.a)|(publisher_id.`split(., 1, 1)`)')

    def find(self, datum):
        raise AssertionError('jsonpath-rw-ext used')
    monkeypatch.setattr(ext_string.Split, 'find', find)
    body = {'publisher_id': 'compute.cpu-1'}
    assert compiled.first(body) == 'cpu-1'
    assert compiled.matches(body) == [('', 'cpu-1')]


def test_constant():
    constant = paths.ConstantPath(7)
    assert constant.first({}) == 7
    assert constant.matches({}) == [('', 7)]
