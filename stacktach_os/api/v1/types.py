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
"""WSME types of the v1 API documents."""

import datetime

from oslo_serialization import jsonutils
from wsme import types as wtypes


class Timestamp(wtypes.UserType):
    """A UTC time, as ISO 8601 text with microseconds and ``+00:00``."""

    basetype = wtypes.text
    name = 'timestamp'

    @staticmethod
    def validate(value):
        """Accept a naive UTC datetime."""
        if not isinstance(value, datetime.datetime):
            raise ValueError('a timestamp must be a datetime')
        return value

    @staticmethod
    def tobasetype(value):
        """Return the ISO 8601 text of a naive UTC datetime."""
        if value is None:
            return None
        return value.replace(tzinfo=datetime.timezone.utc).isoformat(
            timespec='microseconds')


class JsonType(wtypes.UserType):
    """Any JSON value: a trait value, a notification body."""

    basetype = wtypes.text
    name = 'json'

    @staticmethod
    def validate(value):
        """Accept what can be sent as JSON."""
        jsonutils.dumps(value)
        return value


timestamp = Timestamp()
json = JsonType()


class Link(wtypes.Base):
    """A link to a related document (``rel``: ``self``, ``next``)."""

    rel = wtypes.text
    href = wtypes.text


class Version(wtypes.Base):
    """An API version."""

    id = wtypes.text
    status = wtypes.text
    links = [Link]


class Versions(wtypes.Base):
    """The API versions (``GET /``)."""

    versions = [Version]


class VersionDocument(wtypes.Base):
    """One version and its resources (``GET /v1``)."""

    version = Version


class Event(wtypes.Base):
    """A distilled event.

    ``resource_id`` is the instance (image, volume...) the event is about;
    the ``instance_id`` filter matches it.
    """

    message_id = wtypes.text
    event_type = wtypes.text
    generated = timestamp
    deployment = wtypes.text
    project_id = wtypes.text
    resource_id = wtypes.text
    request_id = wtypes.text
    host = wtypes.text

    @classmethod
    def from_row(cls, row, **extra):
        """Make the document of an Event row."""
        return cls(message_id=row.message_id, event_type=row.event_type,
                   generated=row.generated, deployment=row.deployment,
                   project_id=row.project_id, resource_id=row.resource_id,
                   request_id=row.request_id, host=row.host, **extra)


class Trait(wtypes.Base):
    """A typed value of an event.

    ``type`` is text, int, float or datetime; ``value`` is a JSON string,
    number, number or ISO 8601 string accordingly.
    """

    name = wtypes.text
    type = wtypes.text
    value = json

    @classmethod
    def from_tuple(cls, name, dtype, value):
        """Make the document of a (name, type, value) trait."""
        if isinstance(value, datetime.datetime):
            value = Timestamp.tobasetype(value)
        return cls(name=name, type=dtype, value=value)


class EventDetail(Event):
    """An event with its traits, by name."""

    traits = [Trait]


class EventCollection(wtypes.Base):
    """A page of events."""

    events = [Event]
    links = [Link]


class Notification(wtypes.Base):
    """A notification as archived: secrets scrubbed, body as received.

    ``malformed`` notifications could not be read completely; ``error``
    says why.
    """

    message_id = wtypes.text
    deployment = wtypes.text
    event_type = wtypes.text
    publisher_id = wtypes.text
    host = wtypes.text
    priority = wtypes.text
    generated = timestamp
    received = timestamp
    request_id = wtypes.text
    global_request_id = wtypes.text
    project_id = wtypes.text
    resource_id = wtypes.text
    malformed = bool
    error = wtypes.text
    body = json

    @classmethod
    def from_row(cls, row, body):
        """Make the document of a RawNotification row and its body."""
        return cls(
            message_id=row.message_id, deployment=row.deployment,
            event_type=row.event_type, publisher_id=row.publisher_id,
            host=row.host, priority=row.priority, generated=row.generated,
            received=row.received, request_id=row.request_id,
            global_request_id=row.global_request_id,
            project_id=row.project_id, resource_id=row.resource_id,
            malformed=bool(row.malformed), error=row.error, body=body)


class EventType(wtypes.Base):
    """An event type."""

    name = wtypes.text


class EventTypeCollection(wtypes.Base):
    """A page of event types."""

    event_types = [EventType]
    links = [Link]


class TraitDescription(wtypes.Base):
    """A trait name of an event type, and the types it is stored with."""

    name = wtypes.text
    types = [wtypes.text]


class TraitDescriptionCollection(wtypes.Base):
    """A page of the trait names of an event type."""

    traits = [TraitDescription]
    links = [Link]


class Deployment(wtypes.Base):
    """A deployment: a cell or region, one per notification bus."""

    name = wtypes.text


class DeploymentCollection(wtypes.Base):
    """A page of deployments."""

    deployments = [Deployment]
    links = [Link]


class Host(wtypes.Base):
    """A host that sent notifications."""

    name = wtypes.text


class HostCollection(wtypes.Base):
    """A page of hosts."""

    hosts = [Host]
    links = [Link]
