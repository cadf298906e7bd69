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
"""SQL of distilled events and their typed traits."""

from sqlalchemy import func
from sqlalchemy import select

from stacktach_os.db import bulk
from stacktach_os.db import models
from stacktach_os.db import utils


# The columns of each trait table, in the order of the rows built below.
_TRAIT_COLUMNS = {dtype: ('event_id', 'name', 'value')
                  for dtype in models.TRAIT_MODELS}
_TRAIT_COLUMNS['text'] = ('event_id', 'name', 'value', 'value_key')


def add_events(session, events):
    """Insert events with their traits.

    ``events`` is a list of (row, traits) pairs: ``row`` a dict of Event
    columns, ``traits`` a list of objects with name, dtype and value.
    """
    if not events:
        return
    ids = _insert_events(session, [row for row, _traits in events])
    trait_rows = {dtype: [] for dtype in models.TRAIT_MODELS}
    key_length = models.TEXT_KEY_LENGTH
    for row, traits in events:
        event_id = ids[row['message_id']]
        for trait in traits:
            if trait.dtype == 'text':
                trait_rows['text'].append((event_id, trait.name, trait.value,
                                           trait.value[:key_length]))
            else:
                trait_rows[trait.dtype].append(
                    (event_id, trait.name, trait.value))
    for dtype, rows in trait_rows.items():
        bulk.insert_rows(session, models.TRAIT_MODELS[dtype].__table__,
                         _TRAIT_COLUMNS[dtype], rows)


def _insert_events(session, rows):
    """Insert event rows; return their ids by message id.

    The rows go through the drivers' bulk path; their ids are then read
    back by message id (unique), which costs less than RETURNING through
    SQLAlchemy's per-row parameter processing.
    """
    columns = tuple(rows[0])
    bulk.insert_rows(session, models.Event.__table__, columns,
                     utils.row_tuples(rows, columns))
    ids = {}
    for chunk in utils.chunks(row['message_id'] for row in rows):
        ids.update(session.execute(
            select(models.Event.message_id, models.Event.id).where(
                models.Event.message_id.in_(chunk))).all())
    return ids


def get_traits(session, event_id):
    """Return the traits of an event as (name, dtype, value), by name."""
    traits = []
    for dtype, model in models.TRAIT_MODELS.items():
        for name, value in session.execute(
                select(model.name, model.value).where(
                    model.event_id == event_id)).all():
            traits.append((name, dtype, value))
    return sorted(traits)


def count_events(session, deployment=None):
    """Return how many events are stored."""
    query = select(func.count()).select_from(models.Event)
    if deployment is not None:
        query = query.where(models.Event.deployment == deployment)
    return session.scalar(query)
