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
"""What the tracking handlers share: reading items safely, once.

A handler that raises fails its whole batch, so each item is read inside
:func:`each`, which logs and skips an item whose payload trips a bug
instead. The nova facts of an item are read once and kept on the item
for the next handler.
"""

from oslo_log import log

from stacktach_os.notification import nova

LOG = log.getLogger(__name__)

_NOVA_FACTS = '_stacktach_nova_facts'
_UNREAD = object()


def usable(item):
    """True when the item has the event type, time and payload we need."""
    notification = item.notification
    return (bool(notification.event_type)
            and notification.timestamp is not None
            and isinstance(notification.payload, dict))


def instance_facts(item):
    """Return the item's :class:`nova.InstanceFacts` (or None), once."""
    facts = getattr(item, _NOVA_FACTS, _UNREAD)
    if facts is not _UNREAD:
        return facts
    facts = nova.read_instance(item.notification) if usable(item) else None
    setattr(item, _NOVA_FACTS, facts)
    return facts


def project_of(item, facts=None):
    """The project of what the item is about: payload's, else context's."""
    project_id = getattr(facts, 'project_id', None)
    return project_id or item.description.get('project_id')


def each(items, read, what):
    """Call ``read(item)`` for every item; log and skip those that fail."""
    for item in items:
        try:
            read(item)
        except Exception:  # a payload must not fail the batch
            LOG.exception('Could not read the %s of notification %s (%s)',
                          what, item.message_id,
                          item.notification.event_type)
