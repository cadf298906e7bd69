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
"""Read a notification off the bus, whatever envelope it came in.

OpenStack services publish notifications in three shapes:

- what oslo.messaging's batch listener hands over: ``ctxt``,
  ``publisher_id``, ``event_type``, ``payload`` and ``metadata`` (with
  ``message_id`` and ``timestamp``);
- the legacy flat envelope of old nova and of captures: ``message_id``,
  ``timestamp``, ``priority`` and ``_context_*`` keys beside ``payload``;
- the raw wire form ``{"oslo.version": "2.0", "oslo.message": "<json>"}``.

:func:`normalize` turns any of them into a :class:`Notification` whose
:meth:`Notification.body` is the listener shape, the one Ceilometer's event
definitions are written against. Whatever is wrong with a notification is
recorded in ``problems``; nothing here raises on bad input.
"""

import dataclasses
import datetime
import uuid

from oslo_serialization import jsonutils
from oslo_utils import timeutils

from stacktach_os.notification.distiller import convert

_CONTEXT_PREFIX = '_context_'
_ENVELOPE_KEYS = frozenset(('message_id', 'timestamp', 'priority',
                            'event_type', 'publisher_id', 'payload'))
# The namespace of message ids made up for notifications that carry none.
_MESSAGE_ID_NAMESPACE = uuid.UUID('6f1c8f0e-3a57-4c1e-9b7a-5d2f0c9e4a11')
PRIORITIES = ('audit', 'debug', 'info', 'warn', 'error', 'critical',
              'sample')


@dataclasses.dataclass
class Notification(object):
    """One notification, its envelope read and checked."""

    message_id: str
    event_type: str | None
    publisher_id: str | None
    priority: str | None
    timestamp: datetime.datetime | None
    ctxt: dict
    payload: object
    raw_timestamp: object = None
    extra: dict = dataclasses.field(default_factory=dict)
    problems: list = dataclasses.field(default_factory=list)

    @property
    def malformed(self):
        """True when the notification could not be read whole."""
        return bool(self.problems)

    def body(self):
        """Return the notification in the oslo.messaging listener shape."""
        body = {
            'event_type': self.event_type,
            'publisher_id': self.publisher_id,
            'priority': self.priority,
            'ctxt': self.ctxt,
            'payload': self.payload,
            'metadata': {
                'message_id': self.message_id,
                'timestamp': (format_timestamp(self.timestamp)
                              if self.timestamp is not None
                              else self.raw_timestamp),
            },
        }
        if self.extra:
            body['extra'] = self.extra
        return body


def format_timestamp(when):
    """Format a naive UTC datetime as ISO 8601 with microseconds."""
    return when.isoformat(timespec='microseconds')


def parse_timestamp(value):
    """Return a naive UTC datetime from a notification timestamp.

    Accepts ISO 8601 (with or without a zone) and the ``YYYY-MM-DD
    HH:MM:SS.ffffff`` form that oslo.messaging writes. Raises ValueError.
    """
    if isinstance(value, datetime.datetime):
        return timeutils.normalize_time(value)
    if not isinstance(value, str) or not value.strip():
        raise ValueError('timestamp %r is not a date and time' % (value,))
    parsed = convert.parse_plain_timestamp(value.strip())
    if parsed is not None:
        return parsed
    try:
        parsed = timeutils.parse_isotime(value)
    except ValueError:
        raise ValueError('timestamp %r is not ISO 8601' % (value,))
    return timeutils.normalize_time(parsed)


def derive_message_id(raw):
    """Return a message id for a notification that carries none.

    The id is a uuid5 of the notification's canonical JSON, so that a
    redelivered copy gets the same id and is stored once.
    """
    try:
        text = jsonutils.dumps(raw, sort_keys=True)
    except (TypeError, ValueError):
        text = repr(raw)
    return str(uuid.uuid5(_MESSAGE_ID_NAMESPACE, text))


def from_listener(message, priority=None):
    """Read a message as a batch notification listener hands it over."""
    metadata = message.get('metadata') or {}
    raw = dict(message)
    raw.pop('metadata', None)
    raw.setdefault('message_id', metadata.get('message_id'))
    raw.setdefault('timestamp', metadata.get('timestamp'))
    if priority is not None:
        raw.setdefault('priority', priority)
    return normalize(raw)


def normalize(raw):
    """Return a :class:`Notification` read from any known envelope."""
    problems = []
    if isinstance(raw, dict) and 'oslo.message' in raw:
        raw = _unwrap_wire(raw, problems)
    if not isinstance(raw, dict):
        problems.append('notification is not a JSON object but %s'
                        % type(raw).__name__)
        return Notification(
            message_id=derive_message_id(raw), event_type=None,
            publisher_id=None, priority=None, timestamp=None, ctxt={},
            payload=raw, problems=problems)

    ctxt, extra = _split_context(raw)
    metadata = raw.get('metadata')
    if isinstance(metadata, dict):
        for key in ('message_id', 'timestamp'):
            if raw.get(key) is None and metadata.get(key) is not None:
                raw = dict(raw, **{key: metadata[key]})
        extra.pop('metadata', None)

    message_id = _text_field(raw, 'message_id', problems)
    if message_id is None:
        message_id = derive_message_id(raw)
    event_type = _text_field(raw, 'event_type', problems)
    publisher_id = _text_field(raw, 'publisher_id', problems, required=False)
    priority = _priority(raw.get('priority'), problems)
    timestamp = None
    raw_timestamp = raw.get('timestamp')
    if raw_timestamp is None:
        problems.append('timestamp is missing')
    else:
        try:
            timestamp = parse_timestamp(raw_timestamp)
        except ValueError as error:
            problems.append(str(error))
    payload = raw.get('payload')
    if 'payload' not in raw:
        problems.append('payload is missing')
    elif not isinstance(payload, dict):
        problems.append('payload is not a JSON object but %s'
                        % type(payload).__name__)
    return Notification(
        message_id=message_id, event_type=event_type,
        publisher_id=publisher_id, priority=priority, timestamp=timestamp,
        ctxt=ctxt, payload=payload, raw_timestamp=raw_timestamp,
        extra=extra, problems=problems)


def _unwrap_wire(raw, problems):
    try:
        return jsonutils.loads(raw['oslo.message'])
    except (TypeError, ValueError) as error:
        problems.append('oslo.message is not JSON: %s' % error)
        return raw['oslo.message']


def _split_context(raw):
    """Return the request context and the unknown envelope keys."""
    ctxt = raw.get('ctxt')
    ctxt = dict(ctxt) if isinstance(ctxt, dict) else {}
    extra = {}
    for key, value in raw.items():
        if key.startswith(_CONTEXT_PREFIX):
            ctxt.setdefault(key[len(_CONTEXT_PREFIX):], value)
        elif key not in _ENVELOPE_KEYS and key != 'ctxt':
            extra[key] = value
    return ctxt, extra


def _text_field(raw, key, problems, required=True):
    value = raw.get(key)
    if value is None or value == '':
        if required:
            problems.append('%s is missing' % key)
        return None
    if not isinstance(value, str):
        problems.append('%s is not a string: %r' % (key, value))
        return str(value)
    return value


def _priority(value, problems):
    if value is None:
        return None
    if not isinstance(value, str) or value.lower() not in PRIORITIES:
        problems.append('unknown priority %r' % (value,))
        return str(value)
    return value.lower()
