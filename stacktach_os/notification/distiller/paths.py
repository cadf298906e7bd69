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
"""JSONPath field specifications, compiled once.

Definitions name the fields of a notification with the JSONPath dialect of
``jsonpath-rw-ext`` (as Ceilometer does). Most specifications are plain
dotted paths (``payload.instance_id``, or a list of them); those are
compiled to tuples of keys and read with dictionary look-ups, which is many
times faster than the generic matcher and gives the same matches; so is a
plain path followed by ``jsonpath-rw-ext``'s ``split()`` (Ceilometer's
``publisher_id.`split(., 1, 1)```), which then splits the value as
``jsonpath-rw-ext`` does. Anything else (filters, wildcards, indexes, other
operators) uses ``jsonpath-rw-ext``.
A list of fields is a union; each of its members is compiled on its own.
"""

import threading

import jsonpath_rw
from jsonpath_rw import parser as rw_parser
from jsonpath_rw_ext import _string as ext_string
from jsonpath_rw_ext import parser as ext_parser
import ply.yacc

_parser = None
_parser_lock = threading.Lock()


class PathError(ValueError):
    """A field specification is not valid JSONPath."""


class _Parser(ext_parser.ExtentedJsonPathParser):
    """jsonpath-rw-ext's parser, its parsing tables built once.

    jsonpath-rw rebuilds the LALR tables on every parse (some 15 ms);
    with a few hundred paths per definitions file that is seconds.
    The grammar, and so every parse, is unchanged.
    """

    _yacc = None

    def parse_token_stream(self, token_iterator, start_symbol='jsonpath'):
        if self._yacc is None:
            self._yacc = ply.yacc.yacc(
                module=self, start=start_symbol, debug=False,
                write_tables=False, errorlog=ply.yacc.NullLogger())
        return self._yacc.parse(
            lexer=rw_parser.IteratorToTokenStream(token_iterator))


def _parse(spec):
    global _parser
    with _parser_lock:
        if _parser is None:
            _parser = _Parser()
        return _parser.parse(spec)


def _chain(node):
    """Return the keys of a plain dotted path, or None."""
    if type(node) is jsonpath_rw.Fields:
        if len(node.fields) == 1 and node.fields[0] != '*':
            return (node.fields[0],)
        return None
    if type(node) is jsonpath_rw.Child:
        left = _chain(node.left)
        right = _chain(node.right) if left is not None else None
        if right is None:
            return None
        return left + right
    return None


def _split(node):
    """Return (keys, split) for a plain path and then ``split()``, or None."""
    if (type(node) is jsonpath_rw.Child
            and type(node.right) is ext_string.Split):
        keys = _chain(node.left)
        if keys is not None:
            return keys, node.right
    return None


def _split_value(split, value):
    """Split ``value`` as jsonpath-rw-ext's ``Split.find`` does, or None."""
    try:
        return value.split(split.char, split.max_split)[split.segment]
    except Exception:
        return None


def _alternatives(node):
    """Return the members of a union, in order (a lone path is one)."""
    if type(node) is jsonpath_rw.Union:
        return _alternatives(node.left) + _alternatives(node.right)
    return [node]


def _match_path(match):
    """Return the dotted path of a jsonpath-rw match, as Ceilometer does."""
    parts = []
    while match.context is not None:
        parts.append(str(match.path))
        match = match.context
    return '.'.join(reversed(parts))


def chain_path(keys):
    """Return the path of a plain dotted path's match (keys joined by dots)."""
    return '.'.join(keys)


def join(fields):
    """Return one specification for a list of alternatives (a union)."""
    if len(fields) == 1:
        return fields[0]
    return '|'.join('(%s)' % path for path in fields)


class FieldPath(object):
    """A compiled field specification.

    Matches are (path, value) pairs, in document order, the alternatives
    of a union (a list of fields) in the order given; matches whose value
    is null are left out. Where the data does not have the shape that the
    path expects (an index into a text, say), there is no match.
    """

    def __init__(self, spec):
        """Compile ``spec``; raise :class:`PathError` when it is invalid."""
        self.spec = spec
        try:
            expression = _parse(spec)
        except Exception as error:
            raise PathError('invalid JSONPath %r: %s' % (spec, error))
        # (keys, match path, split, None) or (None, None, None, expression)
        self._alternatives = []
        for node in _alternatives(expression):
            keys = _chain(node)
            if keys is not None:
                self._alternatives.append(
                    (keys, chain_path(keys), None, None))
                continue
            split = _split(node)
            if split is not None:
                # Split's matches have no context: their path is ''.
                self._alternatives.append((split[0], '', split[1], None))
            else:
                self._alternatives.append((None, None, None, node))
        #: The keys of each alternative, in order, when every one of them
        #: is a plain dotted path; otherwise None.
        self.chains = None
        if all(keys is not None and split is None
               for keys, _p, split, _e in self._alternatives):
            self.chains = tuple(alternative[0]
                                for alternative in self._alternatives)

    @property
    def is_simple(self):
        """True when the specification is read with plain look-ups."""
        return self.chains is not None

    @staticmethod
    def _find(expression, body):
        try:
            return expression.find(body)
        except (TypeError, AttributeError, KeyError, IndexError, ValueError):
            return []

    def first(self, body):
        """Return the first non-null value matched in ``body``, or None."""
        for keys, _path, split, expression in self._alternatives:
            if keys is None:
                for match in self._find(expression, body):
                    if match.value is not None:
                        return match.value
                continue
            value = body
            for key in keys:
                if isinstance(value, dict):
                    value = value.get(key)
                else:
                    value = None
                    break
            if split is not None and value is not None:
                value = _split_value(split, value)
            if value is not None:
                return value
        return None

    def matches(self, body):
        """Return every non-null match in ``body`` as (path, value)."""
        found = []
        for keys, path, split, expression in self._alternatives:
            if keys is None:
                found.extend((_match_path(match), match.value)
                             for match in self._find(expression, body)
                             if match.value is not None)
                continue
            value = body
            for key in keys:
                if isinstance(value, dict):
                    value = value.get(key)
                else:
                    value = None
                    break
            if split is not None and value is not None:
                value = _split_value(split, value)
            if value is not None:
                found.append((path, value))
        return found


class ConstantPath(object):
    """A ``fields`` given as an integer: the value is that integer."""

    is_simple = True

    def __init__(self, value):
        """Always match ``value``."""
        self.spec = value
        self.value = value

    def first(self, body):
        """Return the constant."""
        return self.value

    def matches(self, body):
        """Return the constant as the only match."""
        return [('', self.value)]
