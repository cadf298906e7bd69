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
"""Trait plugins: compute a trait's value from the fields it matched.

A trait definition may name a plugin (``plugin: NAME`` or ``plugin: {name:
NAME, parameters: {...}}``); plugins are found by name in the
``stacktach_os.distiller.trait_plugins`` entry point namespace. The
interface is Ceilometer's: the plugin is built with the definition's
parameters, and :meth:`TraitPluginBase.trait_values` receives the
(path, value) pairs that the trait's fields matched (null values left out)
and returns a list of values; the first one that is not None becomes the
trait's value. A plugin raises ValueError or TypeError from its
constructor when its parameters are wrong, and :class:`PluginValueError`
when a notification's values cannot be used.
"""

import abc

from oslo_utils import timeutils


class PluginValueError(ValueError):
    """The matched values cannot give the trait a value."""


class TraitPluginBase(metaclass=abc.ABCMeta):
    """The base of trait plugins."""

    def __init__(self, **parameters):
        """Build the plugin; ``parameters`` come from the definition."""
        if parameters:
            raise TypeError('unknown parameters: %s'
                            % ', '.join(sorted(map(str, parameters))))

    @abc.abstractmethod
    def trait_values(self, match_list):
        """Return the values made from ``match_list``: (path, value) pairs.

        Called even when nothing matched (the list is then empty).
        """


def _check_int(name, value, minimum=None, maximum=None):
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError('%s must be an integer, not %r' % (name, value))
    if minimum is not None and value < minimum:
        raise ValueError('%s must be at least %d, not %d'
                         % (name, minimum, value))
    if maximum is not None and value > maximum:
        raise ValueError('%s must be at most %d, not %d'
                         % (name, maximum, value))


class SplitterTraitPlugin(TraitPluginBase):
    """Split text on a separator and keep one segment.

    Parameters: ``separator`` (default ``.``), ``segment`` (index of the
    segment to keep, default 0; negative counts from the end) and
    ``max_split`` (most splits to make, default no limit). A value with
    too few segments gives no trait. ``separator`` may also be a list:
    the value is split on the first of them that it contains (e.g.
    ``[':', '.']`` reads both ``nova-compute:host`` and ``compute.host``).
    """

    def __init__(self, separator='.', segment=0, max_split=None,
                 **parameters):
        """Check and keep the parameters."""
        super().__init__(**parameters)
        separators = separator if isinstance(separator, list) else [separator]
        if not separators or not all(isinstance(item, str) and item
                                     for item in separators):
            raise ValueError('separator must be non-empty text or a list of '
                             'them, not %r' % (separator,))
        _check_int('segment', segment)
        if max_split is not None:
            _check_int('max_split', max_split)
        self.separators = separators
        self.segment = segment
        self.max_split = -1 if max_split is None else max_split

    def trait_values(self, match_list):
        """Return the chosen segment of each matched value."""
        separators = self.separators
        values = []
        for _path, value in match_list:
            text = str(value)
            # The first separator that the text contains, else the last one.
            for separator in separators:
                if separator in text:
                    break
            parts = text.split(separator, self.max_split)
            try:
                values.append(parts[self.segment])
            except IndexError:
                values.append(None)
        return values


class BitfieldTraitPlugin(TraitPluginBase):
    """Make an integer of flags, one bit per field found.

    Parameters: ``initial_bitfield`` (default 0) and ``flags``, a list of
    ``{path, bit, value}``: bit ``bit`` (0 is the least significant) is set
    when the field at ``path`` (as written in the trait's ``fields``) is
    present and, when ``value`` is given, equal to it.
    """

    MAX_BIT = 62  # the result must fit in a signed 64-bit integer

    def __init__(self, initial_bitfield=0, flags=None, **parameters):
        """Check and keep the parameters."""
        super().__init__(**parameters)
        _check_int('initial_bitfield', initial_bitfield,
                   -2 ** 63, 2 ** 63 - 1)
        if flags is None:
            flags = []
        if not isinstance(flags, list):
            raise TypeError('flags must be a list, not %r' % (flags,))
        self.initial_bitfield = initial_bitfield
        self.flags = []
        for number, flag in enumerate(flags, 1):
            if not isinstance(flag, dict):
                raise TypeError('flag %d must be a mapping, not %r'
                                % (number, flag))
            unknown = set(flag) - {'path', 'bit', 'value'}
            if unknown or 'path' not in flag or 'bit' not in flag:
                raise ValueError('flag %d must have path, bit and an '
                                 'optional value (got %s)'
                                 % (number, ', '.join(sorted(map(str, flag)))))
            if not isinstance(flag['path'], str):
                raise TypeError('flag %d: path must be text' % number)
            try:
                bit = int(flag['bit'])
            except (TypeError, ValueError):
                raise TypeError('flag %d: bit must be an integer, not %r'
                                % (number, flag['bit']))
            _check_int('flag %d: bit' % number, bit, 0, self.MAX_BIT)
            self.flags.append((flag['path'], 1 << bit, 'value' in flag,
                               flag.get('value')))

    def trait_values(self, match_list):
        """Return the bitfield of the flags whose fields matched."""
        matches = dict(match_list)
        bitfield = self.initial_bitfield
        for path, bit, has_value, value in self.flags:
            if path in matches:
                if not has_value or matches[path] == value:
                    bitfield |= bit
        return [bitfield]


class TimedeltaPlugin(TraitPluginBase):
    """The seconds between two datetimes (always positive).

    The trait's ``fields`` must name exactly two fields, e.g.
    ``[payload.created_at, payload.launched_at]``; when one of them is
    missing or empty there is no trait.
    """

    def trait_values(self, match_list):
        """Return the absolute difference, in seconds, of the two values."""
        if len(match_list) != 2:
            return [None]
        (start_path, start), (end_path, end) = match_list
        if start == '' or end == '':
            return [None]
        try:
            start_time = timeutils.parse_isotime(start)
            end_time = timeutils.parse_isotime(end)
            return [abs((end_time - start_time).total_seconds())]
        except (TypeError, ValueError) as error:
            raise PluginValueError(
                '%s and %s must both be datetimes: %s'
                % (start_path, end_path, error))


class MapTraitPlugin(TraitPluginBase):
    """Map values to other values.

    Parameters: ``values`` (the mapping, required), ``default`` (the value
    for anything not in the mapping; default none, i.e. no trait) and
    ``case_sensitive`` (default true).
    """

    def __init__(self, values=None, default=None, case_sensitive=True,
                 **parameters):
        """Check and keep the parameters."""
        super().__init__(**parameters)
        if not values or not isinstance(values, dict):
            raise ValueError('values must be a non-empty mapping, not %r'
                             % (values,))
        if not isinstance(case_sensitive, bool):
            raise TypeError('case_sensitive must be true or false, not %r'
                            % (case_sensitive,))
        self.case_sensitive = case_sensitive
        self.values = {self._fold(key): value
                       for key, value in values.items()}
        self.default = default

    def _fold(self, key):
        if not self.case_sensitive and isinstance(key, str):
            return key.casefold()
        return key

    def trait_values(self, match_list):
        """Return the mapped value of each matched value."""
        mapped = []
        for _path, value in match_list:
            try:
                mapped.append(self.values.get(self._fold(value),
                                              self.default))
            except TypeError:  # unhashable: a list or an object
                mapped.append(self.default)
        return mapped
