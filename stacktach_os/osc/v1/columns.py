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
"""Rows and cells of the command output, derived from the API documents.

The columns of a list are the fields its items carry: the well-known ones
first, in a fixed order, then any other field in the order it appears, so
that a field the API adds later shows up without a new client. Column
names are the API's field names, so that ``-c`` and ``-f json`` use the
names of the REST API.
"""

from cliff import columns
from oslo_serialization import jsonutils


def _scalar(value):
    if isinstance(value, (dict, list)):
        return jsonutils.dumps(value, sort_keys=True)
    return '' if value is None else str(value)


class JsonColumn(columns.FormattableColumn):
    """A JSON object: indented JSON for people, the object for -f json."""

    def human_readable(self):
        """Return the value as indented JSON."""
        return jsonutils.dumps(self._value, indent=2, sort_keys=True)


class ListColumn(columns.FormattableColumn):
    """A list of plain values: comma separated for people."""

    def human_readable(self):
        """Return the values separated by commas."""
        return ', '.join(_scalar(item) for item in self._value)


class RecordsColumn(columns.FormattableColumn):
    """A list of objects: one ``key=value ...`` line each for people."""

    def human_readable(self):
        """Return one line per object."""
        return '\n'.join(
            ' '.join('%s=%s' % (key, _scalar(value))
                     for key, value in item.items())
            for item in self._value)


class TraitsColumn(columns.FormattableColumn):
    """Traits (name, type, value): one ``name=value`` line each."""

    def human_readable(self):
        """Return one ``name=value`` line per trait."""
        return '\n'.join('%s=%s' % (trait.get('name'),
                                    _scalar(trait.get('value')))
                         for trait in self._value)


def _is_traits(value):
    return bool(value) and all(
        isinstance(item, dict) and 'name' in item and 'value' in item
        and set(item) <= {'name', 'type', 'value'} for item in value)


def cell(value):
    """Return a value as a table cell (a FormattableColumn if nested)."""
    if isinstance(value, dict):
        return JsonColumn(value)
    if isinstance(value, list):
        if value and all(isinstance(item, dict) for item in value):
            if _is_traits(value):
                return TraitsColumn(value)
            return RecordsColumn(value)
        if any(isinstance(item, (dict, list)) for item in value):
            return JsonColumn(value)
        return ListColumn(value)
    return value


def names(items, preferred=()):
    """Return the column names of a list of items.

    The ``preferred`` names that some item has, in their order, then the
    other fields in the order they first appear. With no items, the
    ``preferred`` names.
    """
    if not items:
        return tuple(preferred)
    if not any(isinstance(item, dict) for item in items):
        return ('value',)
    seen = []
    for item in items:
        for key in (item if isinstance(item, dict) else ()):
            if key not in seen:
                seen.append(key)
    return tuple([name for name in preferred if name in seen] +
                 [name for name in seen if name not in preferred])


def rows(items, preferred=()):
    """Return the (columns, rows) of a Lister for a list of items."""
    columns_ = names(items, preferred)
    return columns_, [row(item, columns_) for item in items]


def row(item, columns_):
    """Return the cells of one item, in the order of ``columns_``."""
    if not isinstance(item, dict):
        item = {'value': item}
    return tuple(cell(item.get(name)) for name in columns_)


def show(document, preferred=()):
    """Return the (fields, values) of a ShowOne for one document."""
    if not isinstance(document, dict):
        document = {'value': document}
    fields = names([document], preferred)
    return fields, row(document, fields)
