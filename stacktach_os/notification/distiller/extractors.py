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
"""The traits of an event definition compiled to one Python function.

Extracting some thirty traits is most of the work of distilling a
notification. :func:`compile_traits` writes, once per event definition,
a function ``extract(body)`` that returns ``(traits, problems)`` doing
only what the definition needs:

- the fields that traits read with plain dotted paths (``payload.x``, or
  a list of them) are looked up once each, a shared prefix (``payload``,
  ``payload.'nova_object.data'``) only once for all the traits below it;
- a text trait whose value is text, or an integer trait whose value is an
  integer that fits in 64 bits, becomes a trait right away; a plugin is
  handed the (path, value) pairs of such fields;
- everything else (JSONPath expressions, constants, plugin calls, values
  that need converting) goes through the trait definition's own code
  (:meth:`TraitDefinition.extract`, ``finish`` and ``from_matches``).

The results are those of calling ``extract`` of each trait definition in
turn. The source is made only of fixed templates, generated names and the
``repr()`` of the keys and trait names (always a valid text literal), so a
definitions file cannot inject code. ``body`` must be a dict.
"""

import itertools

from stacktach_os.notification.distiller import convert
from stacktach_os.notification.distiller import models
from stacktach_os.notification.distiller import paths

# The condition under which a value found is the trait's value as it is
# (what the type's converter would return unchanged).
_KEPT = {
    models.TEXT: 'value.__class__ is str',
    models.INT: 'value.__class__ is int and INT64_MIN <= value <= INT64_MAX',
}


class _Node(object):
    """A field in the tree of the fields read: its variable and children."""

    __slots__ = ('name', 'children')

    def __init__(self, name):
        self.name = name
        self.children = {}


class _Writer(object):
    """Writes the source of one extract function."""

    def __init__(self):
        self.root = _Node('body')
        self.numbers = itertools.count(1)
        self.namespace = {'Trait': models.Trait,
                          'INT64_MIN': convert.INT64_MIN,
                          'INT64_MAX': convert.INT64_MAX}
        self.trait_lines = []

    def field(self, keys):
        """Return the variable that will hold the field at ``keys``."""
        node = self.root
        for key in keys:
            child = node.children.get(key)
            if child is None:
                child = node.children[key] = _Node(
                    'field%d' % next(self.numbers))
            node = child
        return node.name

    def trait(self, index, definition):
        """Add the lines that extract one trait."""
        name = 'trait%d' % index
        self.namespace[name] = definition
        add = self.trait_lines.append
        chains = definition.chains
        if not chains or not all(isinstance(key, str)
                                 for keys in chains for key in keys):
            add('    trait = %s.extract(body, problems)' % name)
            add('    if trait is not None:')
            add('        append(trait)')
            return
        fields = [self.field(keys) for keys in chains]
        if definition.plugin is not None:
            add('    matches = []')
            for keys, field in zip(chains, fields):
                add('    if %s is not None:' % field)
                add('        matches.append((%r, %s))'
                    % (paths.chain_path(keys), field))
            add('    trait = %s.from_matches(matches, problems)' % name)
            add('    if trait is not None:')
            add('        append(trait)')
            return
        add('    value = %s' % fields[0])
        for field in fields[1:]:
            add('    if value is None:')
            add('        value = %s' % field)
        add('    if value is not None:')
        indent = '        '
        kept = _KEPT.get(definition.dtype)
        if kept is not None:
            add('        if %s:' % kept)
            add('            append(Trait(%r, %r, value))'
                % (definition.name, definition.dtype))
            add('        else:')
            indent = '            '
        add(indent + 'trait = %s.finish(value, problems)' % name)
        add(indent + 'if trait is not None:')
        add(indent + '    append(trait)')

    def field_lines(self):
        """Return the lines that look the fields up, parents first."""
        lines = ['    %s = body.get(%r)' % (child.name, key)
                 for key, child in self.root.children.items()]
        pending = list(self.root.children.values())
        while pending:
            node = pending.pop(0)
            if not node.children:
                continue
            children = list(node.children.items())
            lines.append('    if isinstance(%s, dict):' % node.name)
            lines.extend('        %s = %s.get(%r)'
                         % (child.name, node.name, key)
                         for key, child in children)
            lines.append('    else:')
            lines.append('        %s = None' % ' = '.join(
                child.name for _key, child in children))
            pending.extend(child for _key, child in children)
        return lines

    def source(self):
        """Return the source of the function."""
        return '\n'.join(
            ['def extract(body):',
             '    traits = []',
             '    problems = []',
             '    append = traits.append']
            + self.field_lines() + self.trait_lines
            + ['    return traits, problems', ''])


def compile_traits(trait_definitions, label='<traits>'):
    """Return ``(extract, source)`` for trait definitions, in their order.

    ``extract(body)`` returns ``(traits, problems)`` for a dict ``body``;
    ``label`` names the function's code in tracebacks.
    """
    writer = _Writer()
    for index, definition in enumerate(trait_definitions):
        writer.trait(index, definition)
    source = writer.source()
    namespace = dict(writer.namespace)
    exec(compile(source, label, 'exec'), namespace)
    return namespace['extract'], source
