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
"""The distiller: notification in, event with typed traits out.

::

    distiller = Distiller.from_file('/etc/stacktach_os/event_definitions.yaml')
    event = distiller.distill(notification.body())

``body`` is a notification in the shape that oslo.messaging's listeners
hand over (``event_type``, ``publisher_id``, ``payload``, ``ctxt`` and
``metadata`` with ``message_id`` and ``timestamp``), which is also what
Ceilometer's event definitions are written against.
"""

import datetime
import threading

from oslo_utils import timeutils

from stacktach_os.notification.distiller import convert
from stacktach_os.notification.distiller import definitions
from stacktach_os.notification.distiller import models

# Distinct event types remembered with their definition; past this the
# memory is cleared (a bus that sends endless new types costs lookups, not
# memory).
MATCH_CACHE_SIZE = 4096


class DistillError(ValueError):
    """The notification lacks what every event needs.

    An event needs an event type, a message id and a timestamp.
    """


def _text(container, key, what):
    value = container.get(key)
    if not isinstance(value, str) or not value:
        raise DistillError('%s is missing or not text: %r' % (what, value))
    return value


def _generated(value):
    if isinstance(value, datetime.datetime):
        return timeutils.normalize_time(value)
    generated = convert.parse_plain_timestamp(value)
    if generated is not None:
        return generated
    try:
        return timeutils.normalize_time(timeutils.parse_isotime(value))
    except (TypeError, ValueError, OverflowError):
        raise DistillError('metadata.timestamp is not an ISO 8601 date and '
                           'time: %r' % (value,))


class Distiller(object):
    """Turns notifications into events according to event definitions."""

    def __init__(self, definitions_list, catchall=True, source=None):
        """Compile ``definitions_list``, a list of definition mappings.

        With ``catchall``, a notification whose event type no definition
        matches still becomes an event, with the default traits. Raises
        :class:`definitions.DefinitionError` on a bad definition.
        """
        if not isinstance(definitions_list, list):
            raise definitions.DefinitionError(
                'definitions must be a list, not %s'
                % type(definitions_list).__name__, source)
        source = source or '<definitions>'
        self._init([(source, item) for item in definitions_list], catchall)

    def _init(self, entries, catchall):
        self.catchall = catchall
        self.definitions = definitions.compile_definitions(entries, catchall)
        self._matches = {}
        self._lock = threading.Lock()

    @classmethod
    def from_file(cls, paths, catchall=True):
        """Load definitions from a file or a list of files, in order.

        The definitions of later files come after those of earlier ones,
        so they win when both match.
        """
        if isinstance(paths, str):
            paths = [paths]
        entries = []
        for path in paths:
            entries.extend((path, item)
                           for item in definitions.load_file(path))
        distiller = cls.__new__(cls)
        distiller._init(entries, catchall)
        return distiller

    @classmethod
    def from_conf(cls, conf):
        """Load the definitions that the [notification] options name."""
        return cls.from_file(definitions.find_definitions_file(conf),
                             catchall=conf.notification.store_unmatched_events)

    def definition_for(self, event_type):
        """Return the definition that applies to ``event_type``, or None."""
        try:
            return self._matches[event_type]
        except KeyError:
            pass
        found = None
        for definition in self.definitions:
            if definition.match_type(event_type):
                found = definition
                break
        with self._lock:
            if len(self._matches) >= MATCH_CACHE_SIZE:
                self._matches.clear()
            self._matches[event_type] = found
        return found

    def distill(self, body):
        """Return the :class:`models.Event` of a notification body.

        Returns None when no definition matches its event type (possible
        only without the catch-all). Raises :class:`DistillError` when the
        body has no usable event type, message id or timestamp.
        """
        if not isinstance(body, dict):
            raise DistillError('notification is not a mapping but %s'
                               % type(body).__name__)
        event_type = body.get('event_type')
        if event_type.__class__ is not str or not event_type:
            event_type = _text(body, 'event_type', 'event_type')
        metadata = body.get('metadata')
        if not isinstance(metadata, dict):
            raise DistillError('metadata is missing or not a mapping')
        message_id = metadata.get('message_id')
        if message_id.__class__ is not str or not message_id:
            message_id = _text(metadata, 'message_id', 'metadata.message_id')
        generated = _generated(metadata.get('timestamp'))
        try:
            definition = self._matches[event_type]
        except KeyError:
            definition = self.definition_for(event_type)
        if definition is None:
            return None
        traits, problems = definition.extract(body)
        return models.Event(message_id, event_type, generated, traits,
                            problems)
