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
"""What the distiller makes of a notification: an event and its traits."""

import dataclasses
import datetime

TEXT = 'text'
INT = 'int'
FLOAT = 'float'
DATETIME = 'datetime'

#: The trait types, by the names that event definitions use.
TRAIT_TYPES = (TEXT, INT, FLOAT, DATETIME)


@dataclasses.dataclass(slots=True)
class Trait(object):
    """One typed value of an event.

    ``dtype`` is one of :data:`TRAIT_TYPES`; ``value`` is a ``str``, an
    ``int`` that fits in a signed 64-bit integer, a finite ``float`` or a
    naive UTC ``datetime.datetime`` with microseconds.
    """

    name: str
    dtype: str
    value: object


@dataclasses.dataclass(slots=True)
class Event(object):
    """A distilled notification.

    ``generated`` is the notification's timestamp as a naive UTC datetime;
    ``traits`` are sorted by name; ``problems`` are human-readable reasons
    why some traits could not be extracted (the event is still good).
    """

    message_id: str
    event_type: str
    generated: datetime.datetime
    traits: list
    problems: list = dataclasses.field(default_factory=list)

    def trait(self, name):
        """Return the trait called ``name``, or None."""
        for trait in self.traits:
            if trait.name == name:
                return trait
        return None
