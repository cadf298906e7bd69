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
"""Query parameters: paging, sorting, dates and trait filters."""

import datetime

import pytest
import webob

from stacktach_os.api import errors
from stacktach_os.api import params
from stacktach_os.db import search
from tests.unit.api import fakes

KEYS = ('generated', 'event_type')
DEFAULT = (('generated', 'desc'),)


def _query(query_string, allowed=params.PAGING, traits=False, **api):
    request = webob.Request.blank('/v1/events?' + query_string)
    request.conf = fakes.make_conf(api=api)
    return params.Query(request, allowed, traits=traits)


def _bad(function, *args, **kwargs):
    with pytest.raises(errors.BadRequest) as caught:
        function(*args, **kwargs)
    assert caught.value.code == 400
    return caught.value.faultstring


def test_unknown_parameters_are_named():
    message = _bad(_query, 'limit=1&foo=1&bar=2')
    assert 'foo' in message and 'bar' in message
    assert 'limit' in message  # what the request takes
    assert 'trait:' in _bad(_query, 'trait:x=1')
    assert _query('trait:x=1', traits=True).trait_filters()


def test_repeated_and_empty_parameters():
    assert 'more than once' in _bad(_query('limit=1&limit=2').limit)
    assert 'empty' in _bad(_query('marker=').text, 'marker')
    assert _query('').text('marker') is None


@pytest.mark.parametrize('query_string, expected', [
    ('', 100), ('limit=1', 1), ('limit=1000', 1000), ('limit=1001', 1000),
    ('limit=99999999999999999999999', 1000), ('limit=%2B5', 5),
])
def test_limit(query_string, expected):
    assert _query(query_string).limit() == expected


def test_default_limit_never_exceeds_max_limit():
    assert _query('', default_limit=50, max_limit=20).limit() == 20


@pytest.mark.parametrize('value', ['0', '-1', 'ten', '1.5', ' 1'])
def test_bad_limits(value):
    assert 'limit' in _bad(_query('limit=' + value).limit)


@pytest.mark.parametrize('value, expected', [
    (None, DEFAULT),
    ('generated', (('generated', 'asc'),)),
    ('event_type:desc,generated:asc',
     (('event_type', 'desc'), ('generated', 'asc'))),
])
def test_sort(value, expected):
    query_string = '' if value is None else 'sort=' + value
    assert _query(query_string).sort(KEYS, DEFAULT) == expected


@pytest.mark.parametrize('value, message', [
    ('host', "cannot sort by 'host'"),
    ('generated:sideways', 'asc or desc'),
    ('generated,generated:desc', 'more than once'),
    ('', 'empty'),
    (',', "cannot sort by ''"),
])
def test_bad_sort(value, message):
    assert message in _bad(_query('sort=' + value).sort, KEYS, DEFAULT)


def test_page():
    page = _query('limit=5&marker=m&sort=event_type').page(KEYS, DEFAULT)
    assert page == search.Page(limit=5, marker='m',
                               sort=(('event_type', 'asc'),))


@pytest.mark.parametrize('value, expected', [
    ('2026-01-31', datetime.datetime(2026, 1, 31)),
    ('2026-01-31T12:30:00', datetime.datetime(2026, 1, 31, 12, 30)),
    ('2026-01-31T12:30:00.000123Z',
     datetime.datetime(2026, 1, 31, 12, 30, 0, 123)),
    ('2026-01-31T12:30:00%2B02:00', datetime.datetime(2026, 1, 31, 10, 30)),
    ('2026-01-31T12:30:00-05:00', datetime.datetime(2026, 1, 31, 17, 30)),
])
def test_datetimes_are_naive_utc(value, expected):
    assert _query('since=' + value, ('since',)).datetime('since') == expected


@pytest.mark.parametrize('value', [
    'yesterday', '2026', '1735689600', '2026-02-30', '2026-01-31T25:00:00',
    '2026-01-31Tnoon'])
def test_bad_datetimes(value):
    assert 'since' in _bad(_query('since=' + value, ('since',)).datetime,
                           'since')


@pytest.mark.parametrize('value, expected', [
    ('true', True), ('1', True), ('yes', True), ('False', False),
    ('0', False)])
def test_booleans(value, expected):
    query = _query('all_projects=' + value, params.PROJECTS)
    assert query.boolean('all_projects') is expected


def test_bad_boolean():
    query = _query('all_projects=perhaps', params.PROJECTS)
    assert 'all_projects' in _bad(query.boolean, 'all_projects')


def _filter(value, name='trait:x'):
    return params.parse_trait_filter(name, value)


@pytest.mark.parametrize('value, op, values', [
    ('active', 'eq', {'text': 'active'}),
    ('', 'eq', {'text': ''}),
    ('2048', 'eq', {'text': '2048', 'int': 2048, 'float': 2048.0}),
    ('ge:2048', 'ge', {'text': '2048', 'int': 2048, 'float': 2048.0}),
    ('-3', 'eq', {'text': '-3', 'int': -3, 'float': -3.0}),
    ('lt:2.5', 'lt', {'text': '2.5', 'float': 2.5}),
    ('1e3', 'eq', {'text': '1e3', 'float': 1000.0}),
    ('nan', 'eq', {'text': 'nan'}),
    ('inf', 'eq', {'text': 'inf'}),
    ('99999999999999999999', 'eq',
     {'text': '99999999999999999999', 'float': 1e20}),
    ('ne:2026-01-31T12:00:00Z', 'ne', {
        'text': '2026-01-31T12:00:00Z',
        'datetime': datetime.datetime(2026, 1, 31, 12)}),
    ('2026-01-31T12:00:00', 'eq', {
        'text': '2026-01-31T12:00:00',
        'datetime': datetime.datetime(2026, 1, 31, 12)}),
    ('2026-02-30', 'eq', {'text': '2026-02-30'}),
    ('gt:int:5', 'gt', {'int': 5}),
    ('int:5', 'eq', {'int': 5}),
    ('le:float:5', 'le', {'float': 5.0}),
    ('eq:text:5', 'eq', {'text': '5'}),
    ('eq:text:lt:3', 'eq', {'text': 'lt:3'}),
    ('eq:http://example.com', 'eq', {'text': 'http://example.com'}),
    ('compute-1:8774', 'eq', {'text': 'compute-1:8774'}),
    ('ge:datetime:2026-01-01', 'ge',
     {'datetime': datetime.datetime(2026, 1, 1)}),
    ('eq:datetim:2026', 'eq', {'text': 'datetim:2026'}),
])
def test_trait_filters(value, op, values):
    trait_filter = _filter(value)
    assert trait_filter == search.TraitFilter(name='x', op=op,
                                              values=values)


@pytest.mark.parametrize('value, message', [
    ('gte:5', "unknown operator 'gte'"),
    ('GE:5', "unknown operator 'GE'"),
    ('http://example.com', "unknown operator 'http'"),
    ('int:five', 'not an integer'),
    ('int:5.0', 'not an integer'),
    ('int:9223372036854775808', '64-bit'),
    ('float:nan', 'not a number'),
    ('float:1e400', 'not a finite number'),
    ('datetime:tomorrow', 'ISO 8601'),
    ('datetime:', 'ISO 8601'),
])
def test_bad_trait_filters(value, message):
    assert message in _bad(_filter, value)


def test_trait_name_is_required():
    assert 'name is missing' in _bad(_filter, '1', name='trait:')


def test_repeated_trait_filters_make_a_range():
    query = _query('trait:m=ge:1&trait:m=lt:5&trait:n=x', traits=True)
    assert [(f.name, f.op) for f in query.trait_filters()] == [
        ('m', 'ge'), ('m', 'lt'), ('n', 'eq')]
