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
"""Query parameters: paging, sorting and filters, checked strictly.

Every list takes ``limit`` (1 or more; more than ``[api] max_limit`` is
reduced to it), ``marker`` (the key of the last item of the previous
page) and ``sort`` (``key[:asc|desc][,key[:asc|desc]...]``). Every
parameter may be given once; an unknown, repeated or malformed parameter
is a 400 that names it.

Trait filters (``/v1/events`` only) are ``trait:NAME=[OP:][TYPE:]VALUE``:

- OP is one of ``eq`` (default), ``ne``, ``lt``, ``le``, ``gt``, ``ge``;
- TYPE is one of ``text``, ``int``, ``float``, ``datetime``. Without it,
  VALUE is compared with every type it reads as: always as text, as an
  integer and a float when it is a number, as a datetime when it is an
  ISO 8601 date (``2026-01-31``, ``2026-01-31T12:00:00Z``...). A trait has
  one type, so this finds it whatever its type;
- a VALUE that starts with a word and a colon must follow an operator,
  so that a mistyped operator is an error, not a search for text:
  ``trait:url=eq:http://example.com`` (``trait:memory_mb=gte:2048`` is a
  400); to compare with a text that starts with an operator or a type
  name and a colon, give both: ``trait:note=eq:text:lt:3``.

A filter may be repeated to bound a range:
``trait:memory_mb=ge:2048&trait:memory_mb=lt:8192``.
"""

import math
import re

from oslo_utils import strutils
from oslo_utils import timeutils

from stacktach_os.api import errors
from stacktach_os.db import search
from stacktach_os.i18n import _

TRAIT_PREFIX = 'trait:'
TRAIT_TYPES = ('text', 'int', 'float', 'datetime')

#: The parameters of every list.
PAGING = ('limit', 'marker', 'sort')
#: The parameters that choose the projects of a list.
PROJECTS = ('project_id', 'all_projects')

_INT = re.compile(r'^[+-]?[0-9]+$')
_FLOAT = re.compile(r'^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$')
_DATE = re.compile(r'^[0-9]{4}-[0-9]{2}-[0-9]{2}')
_WORD = re.compile(r'^[A-Za-z]+$')
_INT64 = (-2 ** 63, 2 ** 63 - 1)


def parse_datetime(name, value):
    """Return an ISO 8601 text as a naive UTC datetime; 400 if it is not."""
    if not _DATE.match(value):
        raise errors.BadRequest(
            _('%(name)s: %(value)s is not an ISO 8601 date and time, such '
              'as 2026-01-31T12:00:00Z') % {'name': name,
                                            'value': shown(value)})
    try:
        return timeutils.normalize_time(timeutils.parse_isotime(value))
    except (ValueError, OverflowError) as error:
        raise errors.BadRequest(
            _('%(name)s: %(value)s is not a valid date and time: '
              '%(error)s') % {'name': name, 'value': shown(value),
                              'error': error})


def _as_int(value):
    if not _INT.match(value):
        raise ValueError(_('not an integer'))
    number = int(value)
    if not _INT64[0] <= number <= _INT64[1]:
        raise ValueError(_('out of the range of 64-bit integers'))
    return number


def _as_float(value):
    if not _FLOAT.match(value):
        raise ValueError(_('not a number'))
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(_('not a finite number'))
    return number


def _convert(name, dtype, value):
    if dtype == 'text':
        return value
    if dtype == 'datetime':
        return parse_datetime(name, value)
    try:
        return _as_int(value) if dtype == 'int' else _as_float(value)
    except ValueError as error:
        raise errors.BadRequest(
            _('%(name)s: %(value)s is %(error)s') %
            {'name': name, 'value': shown(value), 'error': error})


def _inferred(value):
    values = {'text': value}
    for dtype, convert in (('int', _as_int), ('float', _as_float)):
        try:
            values[dtype] = convert(value)
        except ValueError:
            pass
    if _DATE.match(value):
        try:
            values['datetime'] = timeutils.normalize_time(
                timeutils.parse_isotime(value))
        except (ValueError, OverflowError):
            pass
    return values


def parse_trait_filter(param, raw):
    """Return the search.TraitFilter of ``trait:NAME=[OP:][TYPE:]VALUE``."""
    name = param[len(TRAIT_PREFIX):]
    if not name:
        raise errors.BadRequest(_('%s: the trait name is missing') % param)
    op, rest = 'eq', raw
    head, colon, tail = raw.partition(':')
    if colon and head in search.OPERATORS:
        op, rest = head, tail
    elif colon and _WORD.match(head) and head not in TRAIT_TYPES:
        raise errors.BadRequest(
            _('%(param)s: unknown operator %(op)s; the operators are '
              '%(ops)s (a value that starts with a word and a colon must '
              'follow one, as in eq:%(raw)s)') % {
                  'param': param, 'op': shown(head),
                  'ops': ', '.join(search.OPERATORS), 'raw': raw[:60]})
    head, colon, tail = rest.partition(':')
    if colon and head in TRAIT_TYPES:
        values = {head: _convert(param, head, tail)}
    else:
        values = _inferred(rest)
    return search.TraitFilter(name=name, op=op, values=values)


def shown(value, length=60):
    """Return ``repr(value)``, shortened for an error message."""
    text = repr(value)
    return text if len(text) <= length else text[:length - 4] + '...' + \
        text[-1]


def path_value(name, value):
    """Return a path argument (an id, a type); 400 if it holds a NUL.

    No stored name holds one, and PostgreSQL refuses to compare with it.
    """
    if '\x00' in value:
        raise errors.BadRequest(_('%s contains a NUL character') % name)
    return value


class Query(object):
    """The query parameters of one request, checked against what it takes.

    ``allowed`` names the parameters the endpoint takes; with
    ``traits=True`` it also takes ``trait:NAME`` filters. Anything else
    is a 400.
    """

    def __init__(self, request, allowed=(), traits=False):
        self.conf = request.conf
        self._params = request.GET
        self._traits = traits
        unknown = sorted(
            shown(name)[1:-1] for name in set(self._params.keys())
            if name not in allowed
            and not (traits and name.startswith(TRAIT_PREFIX)))
        for name, value in self._params.items():
            if '\x00' in name or '\x00' in value:
                raise errors.BadRequest(
                    _('%s contains a NUL character') % shown(name))
        if unknown:
            known = sorted(allowed) + (['trait:NAME'] if traits else [])
            raise errors.BadRequest(
                _('Unknown parameter(s): %(unknown)s. This request takes: '
                  '%(known)s.') % {
                      'unknown': ', '.join(unknown),
                      'known': ', '.join(known) or _('no parameters')})

    def items(self):
        """Return the (name, value) pairs as given, in order."""
        return list(self._params.items())

    def text(self, name):
        """Return the value of a parameter given at most once, or None."""
        values = self._params.getall(name)
        if not values:
            return None
        if len(values) > 1:
            raise errors.BadRequest(
                _('%s is given more than once') % name)
        if values[0] == '':
            raise errors.BadRequest(_('%s is empty') % name)
        return values[0]

    def datetime(self, name):
        """Return an ISO 8601 parameter as a naive UTC datetime, or None."""
        value = self.text(name)
        return None if value is None else parse_datetime(name, value)

    def boolean(self, name):
        """Return a true/false parameter, or None when not given."""
        value = self.text(name)
        if value is None:
            return None
        try:
            return strutils.bool_from_string(value, strict=True)
        except ValueError:
            raise errors.BadRequest(
                _('%(name)s: %(value)s is not true or false')
                % {'name': name, 'value': shown(value)})

    def limit(self):
        """Return the page size: ``limit``, capped by [api] max_limit."""
        max_limit = self.conf.api.max_limit
        value = self.text('limit')
        if value is None:
            return min(self.conf.api.default_limit, max_limit)
        if not _INT.match(value) or int(value) < 1:
            raise errors.BadRequest(
                _('limit: %s is not a positive integer') % shown(value))
        return min(int(value), max_limit)

    def sort(self, keys, default):
        """Return the ``sort`` parameter as (key, direction) pairs."""
        value = self.text('sort')
        if value is None:
            return tuple(default)
        pairs = []
        for item in value.split(','):
            key, colon, direction = item.strip().partition(':')
            direction = direction if colon else search.ASC
            if key not in keys:
                raise errors.BadRequest(
                    _('sort: cannot sort by %(key)s; the keys are '
                      '%(keys)s') % {'key': shown(key),
                                     'keys': ', '.join(keys)})
            if direction not in search.DIRECTIONS:
                raise errors.BadRequest(
                    _('sort: the direction of %(key)s must be asc or desc, '
                      'not %(direction)s') % {
                          'key': key, 'direction': shown(direction)})
            if key in [known for known, _direction in pairs]:
                raise errors.BadRequest(
                    _('sort: %s is given more than once') % key)
            pairs.append((key, direction))
        return tuple(pairs)

    def page(self, keys, default_sort):
        """Return the search.Page of ``limit``, ``marker`` and ``sort``."""
        return search.Page(limit=self.limit(), marker=self.text('marker'),
                           sort=self.sort(keys, default_sort))

    def trait_filters(self):
        """Return the ``trait:NAME`` filters as search.TraitFilter."""
        filters = []
        for name, value in self._params.items():
            if self._traits and name.startswith(TRAIT_PREFIX):
                filters.append(parse_trait_filter(name, value))
        return filters
