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
"""Cinder's volume notifications, and the ``volume.exists`` of its audit.

Payloads are cinder's volume usage (``_usage_from_volume``): the volume's
id, project (``tenant_id``), ``size`` in GiB, ``volume_type`` (the type's
id), ``status``, ``created_at`` and ``launched_at``; ``volume.exists``,
sent by ``cinder-volume-usage-audit`` for every volume that existed in an
audit period, adds the period. Deleted volumes also carry ``deleted_at``.
Cinder publishes as ``volume.<host>``.
"""

from stacktach_os.notigen import clock
from stacktach_os.notigen import events

INFO = 'INFO'
EXISTS = 'volume.exists'


def _iso(when):
    # cinder writes datetime.isoformat() of aware UTC datetimes.
    if when is None:
        return ''
    return when.strftime('%Y-%m-%dT%H:%M:%S+00:00')


def volume_payload(volume, host):
    """Return cinder's usage payload of a volume."""
    payload = {
        'tenant_id': volume.tenant.project_id,
        'host': host,
        'user_id': volume.user_id,
        'availability_zone': 'nova',
        'volume_id': volume.id,
        'volume_type': volume.volume_type[0],
        'display_name': volume.display_name,
        'launched_at': _iso(volume.launched_at),
        'created_at': _iso(volume.created_at),
        'status': volume.status,
        'snapshot_id': None,
        'size': volume.size,
        'replication_status': None,
        'replication_extended_status': None,
        'replication_driver_data': None,
        'metadata': [],
    }
    if volume.deleted_at is not None:
        payload['deleted_at'] = _iso(volume.deleted_at)
    return payload


def render(event):
    """Return [(event_type, priority, publisher_id, payload)] of an event."""
    if event.kind not in (events.VOLUME, events.VOLUME_EXISTS):
        return []
    volume = event.extra['volume']
    payload = volume_payload(volume, event.host)
    if event.kind == events.VOLUME_EXISTS:
        payload['audit_period_beginning'] = clock.plain(
            event.extra['beginning'])
        payload['audit_period_ending'] = clock.plain(event.extra['ending'])
        event_type = EXISTS
    else:
        event_type = event.extra['event_type']
    return [(event_type, INFO, 'volume.%s' % event.host, payload)]
