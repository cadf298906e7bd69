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
"""Hand-written events of two projects (and none), stored for API tests.

Project A has 24 events, B has 2, one event has no project. Names make
leaks obvious: everything of B says ``b`` (``cell-b``, ``host-b1``, the
``image.upload`` type, the ``secret_b`` trait).
"""

import dataclasses
import datetime

from stacktach_os.db import archive
from stacktach_os.db import codec
from stacktach_os.db import events
from stacktach_os.notification.distiller import models as distilled

BASE = datetime.datetime(2026, 1, 1, 10, 0, 0)


def _t(name, dtype, value):
    return distilled.Trait(name, dtype, value)


@dataclasses.dataclass
class Seeded(object):
    """What :func:`seed` stored: message ids by owner, and the projects."""

    project_a: str
    project_b: str
    events: dict  # message id -> (row, traits)
    notifications: dict  # message id -> (row, body)

    def ids(self, project):
        """Return the message ids of the events of a project (or None)."""
        return {mid for mid, (row, _traits) in self.events.items()
                if row['project_id'] == project}

    def a_ids(self):
        """The message ids of project A's events."""
        return self.ids(self.project_a)

    def b_ids(self):
        """The message ids of project B's events."""
        return self.ids(self.project_b)

    def all_ids(self):
        """Every message id."""
        return set(self.events)


def _event(message_id, event_type, generated, deployment, project_id,
           resource_id, request_id, host, traits):
    row = {'message_id': message_id, 'event_type': event_type,
           'generated': generated, 'deployment': deployment,
           'project_id': project_id, 'resource_id': resource_id,
           'request_id': request_id, 'host': host}
    return message_id, (row, traits)


def _events(project_a, project_b):
    stored = dict([
        _event('a-create-start', 'compute.instance.create.start', BASE,
               'cell-a', project_a, 'inst-a1', 'req-a1', 'host-a1', [
                   _t('display_name', 'text', 'web_1'),
                   _t('memory_mb', 'int', 2048),
                   _t('state', 'text', 'building')]),
        _event('a-create-end', 'compute.instance.create.end',
               BASE + datetime.timedelta(seconds=5, microseconds=123456),
               'cell-a', project_a, 'inst-a1', 'req-a1', 'host-a1', [
                   _t('disk_gb', 'float', 20.5),
                   _t('launched_at', 'datetime',
                      BASE + datetime.timedelta(seconds=5)),
                   _t('memory_mb', 'int', 2048),
                   _t('state', 'text', 'active'),
                   _t('url', 'text', 'http://example.com/a')]),
        _event('a-delete-end', 'compute.instance.delete.end',
               BASE + datetime.timedelta(hours=1), 'cell-a', project_a,
               'inst-a2', 'req-a2', 'host-a2', [
                   _t('disk_gb', 'float', 40.0),
                   _t('memory_mb', 'int', 4096),
                   _t('state', 'text', 'deleted')]),
        _event('a-weird', 'compute.instanceX.end',
               BASE + datetime.timedelta(hours=1, minutes=30), 'cell-a',
               project_a, 'inst-a2', None, 'host-a2', []),
        _event('b-create-end', 'compute.instance.create.end',
               BASE + datetime.timedelta(seconds=10), 'cell-b', project_b,
               'inst-b1', 'req-b1', 'host-b1', [
                   _t('memory_mb', 'int', 8192),
                   _t('secret_b', 'text', 'only-b'),
                   _t('state', 'text', 'active')]),
        _event('b-image', 'image.upload',
               BASE + datetime.timedelta(seconds=20), 'cell-b', project_b,
               'img-b1', 'req-b2', 'host-b2', [_t('size', 'int', 1024)]),
        _event('n-scheduler', 'scheduler.select_destinations.end',
               BASE + datetime.timedelta(seconds=1), 'cell-a', None, None,
               'req-a1', 'scheduler-1', []),
    ])
    # 20 audit events, four at each of five identical timestamps, so that
    # paging has ties to break.
    for number in range(20):
        stored.update([_event(
            'a-exists-%02d' % number, 'compute.instance.exists',
            BASE + datetime.timedelta(hours=2, minutes=number // 4),
            'cell-a', project_a, 'inst-a1', None, 'host-a1', [
                _t('audit_period_beginning', 'datetime',
                   datetime.datetime(2026, 1, 1)),
                _t('memory_mb', 'int', 2048)])])
    return stored


def _notification(row, body):
    return {
        'message_id': row['message_id'], 'deployment': row['deployment'],
        'event_type': row['event_type'], 'publisher_id': 'compute.host',
        'host': row['host'], 'priority': 'INFO',
        'generated': row['generated'],
        'received': row['generated'] + datetime.timedelta(seconds=1),
        'request_id': row['request_id'], 'global_request_id': None,
        'project_id': row['project_id'], 'resource_id': row['resource_id'],
        'body': codec.encode_body(body)[0], 'malformed': False,
        'error': None,
    }


def seed(store, project_a, project_b):
    """Store the events and some notifications; return a :class:`Seeded`."""
    stored = _events(project_a, project_b)
    notifications = {}
    for message_id in ('a-create-end', 'b-create-end', 'n-scheduler'):
        row = stored[message_id][0]
        body = {'message_id': message_id, 'event_type': row['event_type'],
                'payload': {'instance_id': row['resource_id'],
                            'tenant_id': row['project_id'],
                            'nested': {'list': [1, 2.5, 'three', None]}},
                '_context_auth_token': '<scrubbed>'}
        notifications[message_id] = (_notification(row, body), body)
    with store.writer() as session:
        events.add_events(session, list(stored.values()))
        archive.add_notifications(
            session, [row for row, _body in notifications.values()])
    return Seeded(project_a=project_a, project_b=project_b, events=stored,
                  notifications=notifications)
