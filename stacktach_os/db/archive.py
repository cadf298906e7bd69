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
"""SQL of the raw notification archive."""

from sqlalchemy import func
from sqlalchemy import select

from stacktach_os.db import bulk
from stacktach_os.db import models
from stacktach_os.db import utils


def known_message_ids(session, message_ids):
    """Return the subset of ``message_ids`` that is already archived."""
    known = set()
    column = models.RawNotification.message_id
    for chunk in utils.chunks(set(message_ids)):
        known.update(session.scalars(select(column).where(column.in_(chunk))))
    return known


def add_notifications(session, rows):
    """Insert archive rows (dicts of RawNotification columns)."""
    if rows:
        columns = tuple(rows[0])
        bulk.insert_rows(session, models.RawNotification.__table__, columns,
                         utils.row_tuples(rows, columns))


def count_malformed(session, deployment=None):
    """Return how many malformed notifications are kept."""
    query = select(func.count()).select_from(models.RawNotification).where(
        models.RawNotification.malformed.is_(True))
    if deployment is not None:
        query = query.where(models.RawNotification.deployment == deployment)
    return session.scalar(query)


def get_notification(session, message_id):
    """Return the archived RawNotification with this message id, or None."""
    return session.scalar(select(models.RawNotification).where(
        models.RawNotification.message_id == message_id))


def count_notifications(session, deployment=None):
    """Return how many notifications are archived."""
    query = select(func.count()).select_from(models.RawNotification)
    if deployment is not None:
        query = query.where(models.RawNotification.deployment == deployment)
    return session.scalar(query)


def iter_bodies(session, deployment=None, chunk_size=1000):
    """Yield ``(message_id, deployment, compressed body)`` of the archive."""
    query = select(models.RawNotification.message_id,
                   models.RawNotification.deployment,
                   models.RawNotification.body)
    if deployment is not None:
        query = query.where(models.RawNotification.deployment == deployment)
    result = session.execute(query.execution_options(yield_per=chunk_size))
    for row in result:
        yield tuple(row)
