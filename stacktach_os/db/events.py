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

from sqlalchemy import insert
from sqlalchemy import select

from stacktach_os.db import models
from stacktach_os.db import utils


def _trait_row(event_id, trait):
    row = {'event_id': event_id, 'name': trait.name, 'value': trait.value}
    if trait.dtype == 'text':
        row['value_key'] = trait.value[:models.TEXT_KEY_LENGTH]
    return row


def add_events(session, events):
    """Insert events with their traits.

    ``events`` is a list of (row, traits) pairs: ``row`` a dict of Event
    columns, ``traits`` a list of objects with name, dtype and value.
    """
    if not events:
        return
    ids = _insert_events(session, [row for row, _traits in events])
    trait_rows = {dtype: [] for dtype in models.TRAIT_MODELS}
    for row, traits in events:
        event_id = ids[row['message_id']]
        for trait in traits:
            trait_rows[trait.dtype].append(_trait_row(event_id, trait))
    for dtype, rows in trait_rows.items():
        if rows:
            session.execute(insert(models.TRAIT_MODELS[dtype]), rows)


def _insert_events(session, rows):
    """Insert event rows; return their ids by message id."""
    dialect = session.get_bind().dialect
    if dialect.insert_executemany_returning_sort_by_parameter_order:
        statement = insert(models.Event).returning(
            models.Event.id, sort_by_parameter_order=True)
        ids = session.scalars(statement, rows).all()
        return {row['message_id']: event_id
                for row, event_id in zip(rows, ids)}
    session.execute(insert(models.Event), rows)
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
