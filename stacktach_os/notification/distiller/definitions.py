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
"""Event definitions: which notifications become events, with which traits.

The file format is StackTach's and Ceilometer's ``event_definitions.yaml``:
a list of definitions, each with an ``event_type`` (a shell glob or a list
of them; ``!glob`` excludes; only exclusions means "everything but") and
``traits``, a mapping of trait name to definition::

    - event_type: ['compute.instance.*', '!compute.instance.exists']
      traits:
        instance_id:
          fields: payload.instance_id          # JSONPath
        memory_mb:
          type: int                            # text, int, float, datetime
          fields: [payload.memory_mb, payload.flavor.memory_mb]
        host:
          fields: publisher_id
          plugin: {name: split, parameters: {segment: 1, max_split: 1}}

The last definition that matches an event type wins (so that YAML anchors
and merge keys can extend earlier ones). Every definition also has the
default traits (:data:`DEFAULT_TRAITS`), unless it redefines them. Files
are checked whole when they are loaded: any mistake raises
:class:`DefinitionError` naming the file, the definition and the trait.
"""

import fnmatch
import os
import re
import sys
import threading

from oslo_config import cfg
from stevedore import extension
import yaml

from stacktach_os.notification.distiller import convert
from stacktach_os.notification.distiller import extractors
from stacktach_os.notification.distiller import models
from stacktach_os.notification.distiller import paths as field_paths
from stacktach_os.notification.distiller import trait_plugins

PLUGIN_NAMESPACE = 'stacktach_os.distiller.trait_plugins'
NAME_LENGTH = 255

#: The traits of every event (Ceilometer's defaults, for the same results).
DEFAULT_TRAITS = {
    'service': {'type': 'text', 'fields': 'publisher_id'},
    'request_id': {'type': 'text', 'fields': 'ctxt.request_id'},
    'project_id': {'type': 'text',
                   'fields': ['payload.tenant_id', 'ctxt.project_id']},
    'user_id': {'type': 'text',
                'fields': ['payload.user_id', 'ctxt.user_id']},
    'tenant_id': {'type': 'text',
                  'fields': ['payload.tenant_id', 'ctxt.project_id']},
}

_DEFINITION_KEYS = frozenset(('event_type', 'traits'))
_TRAIT_KEYS = frozenset(('fields', 'type', 'plugin'))
_PLUGIN_KEYS = frozenset(('name', 'parameters'))
_TYPE_NAMES = {name: name for name in models.TRAIT_TYPES}

_Loader = getattr(yaml, 'CSafeLoader', yaml.SafeLoader)


class DefinitionError(Exception):
    """An event definitions file cannot be used.

    The message names the file, the definition (by its position, from 1,
    and its event types) and the trait at fault.
    """

    def __init__(self, message, source=None, index=None, event_type=None,
                 trait=None):
        self.reason = message
        self.source = source
        self.index = index
        self.event_type = event_type
        self.trait = trait
        where = []
        if index is not None:
            text = 'definition %d' % index
            if event_type is not None:
                text += ' (event_type %s)' % (event_type,)
            where.append(text)
        if trait is not None:
            where.append('trait %r' % (trait,))
        if where:
            message = '%s: %s' % (', '.join(where), message)
        if source:
            message = '%s: %s' % (source, message)
        super().__init__(message)


class _Location(object):
    """Where a definition comes from, to make errors."""

    def __init__(self, source, index, event_type=None):
        self.source = source
        self.index = index
        self.event_type = event_type

    def error(self, message, trait=None):
        return DefinitionError(message, self.source, self.index,
                               self.event_type, trait)


_plugins = None
_plugin_failures = {}
_plugins_lock = threading.Lock()


def plugin_classes():
    """Return the installed trait plugins: {name: class}."""
    global _plugins
    with _plugins_lock:
        if _plugins is None:
            def failed(manager, entry_point, error):
                _plugin_failures[entry_point.name] = error
            manager = extension.ExtensionManager(
                PLUGIN_NAMESPACE, on_load_failure_callback=failed)
            _plugins = {ext.name: ext.plugin for ext in manager}
        return _plugins


def _plugin(name, trait_cfg, location):
    plugin_cfg = trait_cfg['plugin']
    if isinstance(plugin_cfg, str):
        plugin_name, parameters = plugin_cfg, {}
    elif isinstance(plugin_cfg, dict):
        unknown = set(plugin_cfg) - _PLUGIN_KEYS
        if unknown:
            raise location.error('unknown plugin keys: %s (allowed: name, '
                                 'parameters)' % _names(unknown), name)
        plugin_name = plugin_cfg.get('name')
        if not isinstance(plugin_name, str) or not plugin_name:
            raise location.error('plugin has no name', name)
        parameters = plugin_cfg.get('parameters')
        if parameters is None:
            parameters = {}
        if not isinstance(parameters, dict):
            raise location.error('plugin parameters must be a mapping, not '
                                 '%r' % (parameters,), name)
    else:
        raise location.error('plugin must be a name or a mapping with name '
                             'and parameters, not %r' % (plugin_cfg,), name)
    classes = plugin_classes()
    if plugin_name not in classes:
        failure = _plugin_failures.get(plugin_name)
        if failure is not None:
            raise location.error('plugin %r could not be loaded: %s'
                                 % (plugin_name, failure), name)
        raise location.error('no trait plugin named %r (installed: %s)'
                             % (plugin_name, _names(classes)), name)
    bad = [key for key in parameters if not isinstance(key, str)]
    if bad:
        raise location.error('plugin parameter names must be text: %r'
                             % (bad,), name)
    try:
        return classes[plugin_name](**parameters)
    except (TypeError, ValueError) as error:
        raise location.error('plugin %r: %s' % (plugin_name, error), name)


def _names(items):
    return ', '.join(sorted(map(str, items))) or 'none'


class TraitDefinition(object):
    """How to extract one trait from a notification."""

    __slots__ = ('name', 'dtype', 'spec', 'chains', '_path', '_constant',
                 '_plugin', '_convert')

    def __init__(self, name, trait_cfg, location, path_cache):
        """Check and compile one trait definition."""
        self.name = name
        self._plugin = None
        self._path = None
        self._constant = None
        # The keys of each field, when all are plain dotted paths (see
        # FieldPath.chains); the compiled extractor reads them itself.
        self.chains = None
        if isinstance(trait_cfg, dict):
            unknown = set(trait_cfg) - _TRAIT_KEYS
            if unknown:
                raise location.error('unknown keys: %s (allowed: fields, '
                                     'type, plugin)' % _names(unknown), name)
            if 'fields' not in trait_cfg:
                raise location.error("'fields' is required", name)
            type_name = trait_cfg.get('type', models.TEXT)
            fields = trait_cfg['fields']
        else:
            # The short form "name: path".
            type_name = models.TEXT
            fields = trait_cfg
        dtype = (_TYPE_NAMES.get(type_name.lower())
                 if isinstance(type_name, str) else None)
        if dtype is None:
            raise location.error('invalid trait type %r (expected one of %s)'
                                 % (type_name, ', '.join(models.TRAIT_TYPES)),
                                 name)
        self.dtype = dtype
        self._convert = convert.CONVERTERS[dtype]
        if isinstance(trait_cfg, dict) and 'plugin' in trait_cfg:
            self._plugin = _plugin(name, trait_cfg, location)
        if isinstance(fields, int):
            # Ceilometer's constant: the value itself; a plugin is ignored.
            self._constant = fields
            self.spec = fields
        else:
            self.spec = self._spec(fields, location)
            self._path = path_cache.get(self.spec)
            if self._path is None:
                try:
                    self._path = field_paths.FieldPath(self.spec)
                except field_paths.PathError as error:
                    raise location.error(str(error), name)
                path_cache[self.spec] = self._path
            self.chains = self._path.chains

    @property
    def plugin(self):
        """The trait plugin that makes the value, or None."""
        return self._plugin

    def _spec(self, fields, location):
        if isinstance(fields, list):
            if not fields:
                raise location.error('fields is an empty list', self.name)
            if not all(isinstance(path, str) and path for path in fields):
                raise location.error('fields must be JSONPath text or a list '
                                     'of them, not %r' % (fields,), self.name)
            return field_paths.join(fields)
        if not isinstance(fields, str) or not fields:
            raise location.error('fields must be JSONPath text or a list of '
                                 'them, not %r' % (fields,), self.name)
        return fields

    def extract(self, body, problems):
        """Return the trait found in ``body``, or None.

        A value that cannot be converted to the trait's type gives no
        trait; the reason is appended to ``problems``.
        """
        try:
            if self._constant is not None:
                value = self._constant
            elif self._plugin is None:
                value = self._path.first(body)
            else:
                value = self._plugin_value(body)
        except Exception as error:
            problems.append('trait %s: no value: %s' % (self.name, error))
            return None
        if value is None:
            return None
        return self.finish(value, problems)

    def finish(self, value, problems):
        """Return the trait of a value found (not None), or None.

        A value that cannot be converted to the trait's type gives no
        trait; the reason is appended to ``problems``.
        """
        # Some services (nova) send '' for a missing date or number.
        if value == '' and self.dtype != models.TEXT:
            return None
        try:
            value = self._convert(value)
        except convert.ConversionError as error:
            problems.append('trait %s (%s) left out: %s'
                            % (self.name, self.dtype, error))
            return None
        return models.Trait(self.name, self.dtype, value)

    def from_matches(self, matches, problems):
        """Return the trait that the plugin makes of ``matches``, or None.

        ``matches`` are the (path, value) pairs of :meth:`FieldPath.matches`.
        """
        try:
            value = _first_value(self._plugin.trait_values(matches))
        except Exception as error:
            problems.append('trait %s: no value: %s' % (self.name, error))
            return None
        if value is None:
            return None
        if value.__class__ is str and self.dtype == models.TEXT:
            return models.Trait(self.name, models.TEXT, value)
        return self.finish(value, problems)

    def _plugin_value(self, body):
        matches = self._path.matches(body)
        return _first_value(self._plugin.trait_values(matches))


def _first_value(values):
    """Return the first of a plugin's values that is not None, or None."""
    if values is None:
        return None
    if not isinstance(values, (list, tuple)):
        raise trait_plugins.PluginValueError(
            'plugin returned %r, not a list' % (values,))
    for value in values:
        if value is not None:
            return value
    return None


def _patterns(event_type, location):
    if isinstance(event_type, str):
        event_type = [event_type]
    if (not isinstance(event_type, list) or not event_type
            or not all(isinstance(t, str) and t.lstrip('!')
                       for t in event_type)):
        raise location.error('event_type must be a glob or a non-empty list '
                             'of globs, not %r' % (event_type,))
    included = [t for t in event_type if not t.startswith('!')]
    excluded = [t[1:] for t in event_type if t.startswith('!')]
    if excluded and not included:
        included = ['*']
    return included, excluded


def _matcher(globs):
    if not globs:
        return None
    return re.compile('|'.join('(?:%s)' % fnmatch.translate(glob)
                               for glob in globs)).match


class EventDefinition(object):
    """One entry of a definitions file, checked and compiled.

    ``traits`` are the trait definitions, by name; ``extract_source`` is
    the Python source of the function that extracts them all (see
    :mod:`extractors`), for debugging.
    """

    def __init__(self, definition_cfg, location, path_cache=None):
        """Check and compile ``definition_cfg``; raise DefinitionError."""
        path_cache = {} if path_cache is None else path_cache
        if not isinstance(definition_cfg, dict):
            raise location.error('a definition must be a mapping with '
                                 'event_type and traits, not %r'
                                 % (definition_cfg,))
        unknown = set(definition_cfg) - _DEFINITION_KEYS
        if unknown:
            raise location.error('unknown keys: %s (allowed: event_type, '
                                 'traits)' % _names(unknown))
        if 'event_type' not in definition_cfg:
            raise location.error("'event_type' is required")
        event_type = definition_cfg['event_type']
        location.event_type = event_type
        self.event_type = event_type
        self.included, self.excluded = _patterns(event_type, location)
        self._include = _matcher(self.included)
        self._exclude = _matcher(self.excluded)
        traits_cfg = definition_cfg.get('traits')
        if traits_cfg is None:
            traits_cfg = {}
        if not isinstance(traits_cfg, dict):
            raise location.error('traits must be a mapping of trait names '
                                 'to definitions, not %r' % (traits_cfg,))
        all_traits = dict(DEFAULT_TRAITS)
        for name, trait_cfg in traits_cfg.items():
            if not isinstance(name, str) or not name:
                raise location.error('trait names must be text, not %r'
                                     % (name,))
            if len(name) > NAME_LENGTH:
                raise location.error('trait name longer than %d characters'
                                     % NAME_LENGTH, name[:40] + '...')
            all_traits[name] = trait_cfg
        self.traits = tuple(
            TraitDefinition(name, all_traits[name], location, path_cache)
            for name in sorted(all_traits))
        self._extract, self.extract_source = extractors.compile_traits(
            self.traits,
            '<%s: definition %s>' % (location.source, location.index))

    def match_type(self, event_type):
        """True when this definition applies to ``event_type``."""
        return (self._include(event_type) is not None
                and (self._exclude is None
                     or self._exclude(event_type) is None))

    @property
    def is_catchall(self):
        """True when this definition matches every event type."""
        return '*' in self.included and not self.excluded

    def extract(self, body):
        """Return (traits sorted by name, problems) for ``body``."""
        if isinstance(body, dict):
            return self._extract(body)
        problems = []
        traits = []
        for trait_definition in self.traits:
            trait = trait_definition.extract(body, problems)
            if trait is not None:
                traits.append(trait)
        return traits, problems


def load_file(path):
    """Return the definitions (a list of mappings) in the file ``path``."""
    try:
        with open(path, 'rb') as stream:
            text = stream.read()
    except OSError as error:
        raise DefinitionError('cannot read the event definitions: %s'
                              % (error.strerror or error), path)
    try:
        data = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as error:
        mark = getattr(error, 'problem_mark', None)
        if mark is not None:
            raise DefinitionError(
                'invalid YAML at line %d, column %d: %s'
                % (mark.line + 1, mark.column + 1,
                   getattr(error, 'problem', None) or error), path)
        raise DefinitionError('invalid YAML: %s' % error, path)
    if data is None:
        return []
    if not isinstance(data, list):
        raise DefinitionError('the file must hold a list of definitions, '
                              'not a %s' % type(data).__name__, path)
    return data


def compile_definitions(entries, catchall=True):
    """Compile definitions, last first, the order in which they match.

    ``entries`` are (source, definition mapping) pairs. With ``catchall``,
    event types that no definition matches get the default traits.
    """
    path_cache = {}
    compiled = []
    positions = {}
    for source, definition_cfg in entries:
        positions[source] = positions.get(source, 0) + 1
        location = _Location(source, positions[source])
        compiled.append(EventDefinition(definition_cfg, location,
                                        path_cache))
    compiled.reverse()
    if catchall and not any(d.is_catchall for d in compiled):
        compiled.append(EventDefinition(
            {'event_type': '*', 'traits': {}},
            _Location('catch-all', 1), path_cache))
    return compiled


def _installed_copy(name):
    return os.path.join(sys.prefix, 'etc', 'stacktach_os', name)


def _source_copy(name):
    top = os.path.dirname(os.path.dirname(os.path.dirname(
        os.path.dirname(os.path.abspath(__file__)))))
    return os.path.join(top, 'etc', 'stacktach_os', name)


def find_definitions_file(conf):
    """Return the path of the ``[notification] event_definitions`` file.

    An absolute path is used as it is; a name is looked up in the
    configuration directories, then in the copy installed with the
    package (``<prefix>/etc/stacktach_os``), then in the source tree.
    Raises :class:`DefinitionError` when it is found nowhere.
    """
    name = conf.notification.event_definitions
    if os.path.isabs(name):
        return name
    try:
        found = conf.find_file(name)
    except cfg.NotInitializedError:
        found = None
    if found:
        return found
    candidates = [_installed_copy(name), _source_copy(name)]
    for candidate in candidates:
        if os.path.isfile(candidate):
            return candidate
    raise DefinitionError(
        'event definitions %r found neither in the configuration '
        'directories nor in %s' % (name, ' nor '.join(candidates)))
