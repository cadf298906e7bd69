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
"""Filters the tracking and usage lists share: time ranges, choices."""

from stacktach_os.api import errors
from stacktach_os.api import params
from stacktach_os.i18n import _


def time_range(query):
    """Return the ``since`` and ``until`` parameters; 400 if reversed."""
    since, until = query.datetime('since'), query.datetime('until')
    if since is not None and until is not None and since >= until:
        raise errors.BadRequest(_('since must be earlier than until'))
    return since, until


def choice(query, name, choices):
    """Return a parameter that must be one of ``choices``, or None."""
    value = query.text(name)
    if value is not None and value not in choices:
        raise errors.BadRequest(
            _('%(name)s: %(value)s is not one of %(choices)s') % {
                'name': name, 'value': params.shown(value),
                'choices': ', '.join(choices)})
    return value


def choices(query, name, allowed, default):
    """Return a comma-separated list of distinct ``allowed`` words.

    ``default`` (a tuple) when the parameter is not given.
    """
    value = query.text(name)
    if value is None:
        return tuple(default)
    words = [word.strip() for word in value.split(',')]
    for word in words:
        if word not in allowed:
            raise errors.BadRequest(
                _('%(name)s: %(value)s is not one of %(choices)s') % {
                    'name': name, 'value': params.shown(word),
                    'choices': ', '.join(allowed)})
    if len(set(words)) != len(words):
        raise errors.BadRequest(
            _('%s names a field more than once') % name)
    return tuple(words)
