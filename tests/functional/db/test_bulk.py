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
"""The bulk inserts store every value exactly, on every backend."""

import datetime
import threading

from oslo_db import exception as db_exc
import pytest
import sqlalchemy

from stacktach_os.db import archive
from stacktach_os.db import bulk
from stacktach_os.db import codec
from stacktach_os.db import events
from stacktach_os.db import merge
from stacktach_os.db import models
from stacktach_os.notification.distiller import models as distilled
from tests.functional.db import samples

# Texts that a hand-made escape could get wrong.
AWKWARD_TEXTS = [
    "it's", 'say "hi"', 'back\\slash', "\\'", "\\\\'", "'; DROP TABLE x; --",
    '%s %(name)s %%', 'line\nbreak\r\ttab', 'nul \x00 inside', '\x1a',
    'caf\u00e9 \u65e5\u672c \U0001f600', '\u2028\u2029', '"\\u0000"', '',
]


def _row(number, text):
    row = {'message_id': 'bulk-%d' % number, 'event_type': 'compute.x',
           'generated': datetime.datetime(2026, 5, 1, 0, 0, 0, number),
           'deployment': 'cell1', 'project_id': 'p', 'resource_id': 'i',
           'request_id': 'req', 'host': 'h'}
    return row, [distilled.Trait('awkward', 'text', text)]


def test_awkward_texts_round_trip(store):
    """Quotes, backslashes, control characters and astral characters."""
    texts = [text for text in AWKWARD_TEXTS
             if store.backend != 'postgresql' or '\x00' not in text]
    with store.writer() as session:
        events.add_events(session, [_row(number, text)
                                    for number, text in enumerate(texts)])
    with store.reader() as session:
        stored = dict(session.execute(sqlalchemy.select(
            models.Event.message_id, models.TraitText.value).join(
                models.TraitText,
                models.TraitText.event_id == models.Event.id)).all())
    assert stored == {'bulk-%d' % number: text
                      for number, text in enumerate(texts)}


def test_binary_columns_round_trip(store):
    """Archived bodies travel as base64 and come back byte for byte."""
    bodies = [{'payload': text} for text in AWKWARD_TEXTS if '\x00' not in
              text] + [{'payload': 'x' * 100000}]
    rows = []
    for number, body in enumerate(bodies):
        blob, _clean = codec.encode_body(body)
        rows.append({'message_id': 'raw-%d' % number, 'deployment': 'c',
                     'event_type': 'e', 'body': blob, 'malformed': False,
                     'received': datetime.datetime(2026, 5, 1),
                     'generated': datetime.datetime(2026, 5, 1)})
    with store.writer() as session:
        archive.add_notifications(session, rows)
    with store.reader() as session:
        for number, body in enumerate(bodies):
            stored = archive.get_notification(session, 'raw-%d' % number)
            assert codec.decode_body(stored.body) == body
            assert stored.malformed is False


def test_json_documents_are_split_below_the_limit(monkeypatch):
    """Large batches become several documents, each below the limit."""
    monkeypatch.setattr(bulk, 'JSON_DOCUMENT_LIMIT', 1000)
    rows = [(number, 'x' * 50) for number in range(100)]
    documents = list(bulk._json_documents(rows))
    assert len(documents) > 1
    assert all(len(document) <= 1000 for document in documents)


def _transition(number, text):
    """A row of a wide table: instance_transitions'."""
    return {'message_id': 'wide-%d' % number, 'instance_id': 'i-%d' % number,
            'deployment': 'cell1', 'project_id': None,
            'generated': datetime.datetime(2026, 5, 1, 0, 0, number % 60,
                                           number),
            'event_type': 'compute.instance.update', 'request_id': text,
            'host': text, 'reported_old': number % 2 == 0,
            'old_state': None, 'state': 'active', 'old_task_state': None,
            'task_state': text}


def _stored_transitions(store):
    table = models.InstanceTransition.__table__
    columns = list(_transition(0, ''))
    with store.reader() as session:
        return {row['message_id']: dict(row) for row in session.execute(
            sqlalchemy.select(*[table.c[name] for name in columns]))
            .mappings()}


def _insert_awkward_wide_rows(store, prepare=None):
    rows = [_transition(number, text)
            for number, text in enumerate(AWKWARD_TEXTS)
            if store.backend != 'postgresql' or '\x00' not in text]
    with store.writer() as session:
        if prepare is not None:
            prepare(session)
        merge.insert_rows(session, models.InstanceTransition.__table__,
                          rows)
    assert _stored_transitions(store) == {row['message_id']: row
                                          for row in rows}


def test_wide_rows_round_trip(store):
    """Wide rows keep their texts, NULLs, booleans and times."""
    _insert_awkward_wide_rows(store)


def test_wide_rows_round_trip_without_backslash_escapes(store):
    """In NO_BACKSLASH_ESCAPES mode too: quotes are doubled instead."""
    if store.backend != 'mysql':
        pytest.skip('a MySQL mode')

    def no_backslash_escapes(session):
        session.execute(sqlalchemy.text(
            "SET SESSION sql_mode = CONCAT(@@sql_mode, "
            "',NO_BACKSLASH_ESCAPES')"))
    try:
        _insert_awkward_wide_rows(store, no_backslash_escapes)
    finally:
        store.dispose()  # no pooled connection keeps the mode


def test_a_deadlocked_binary_insert_is_a_deadlock(store):
    """Not an unreachable database: the pipeline retries it in place.

    Two transactions each insert an archive row (bodies are binary: the
    multi-row path), then the other's: each waits for the other's
    uncommitted unique message id until the server gives one up.
    """
    if store.backend != 'postgresql':
        pytest.skip('only PostgreSQL inserts binary rows with its own '
                    'driver call, whose errors this module maps')
    rows = {'a': samples.archive_rows('dead-a'),
            'b': samples.archive_rows('dead-b')}
    first_done = {name: threading.Event() for name in rows}
    errors = {}

    def insert(name, other):
        try:
            with store.writer() as session:
                columns = list(rows[name][0])
                table = models.RawNotification.__table__
                bulk.insert_rows(session, table, columns, [
                    tuple(row.values()) for row in rows[name]])
                first_done[name].set()
                first_done[other].wait(10)
                bulk.insert_rows(session, table, columns, [
                    tuple(row.values()) for row in rows[other]])
        except Exception as error:
            errors[name] = error

    threads = [threading.Thread(target=insert, args=('a', 'b')),
               threading.Thread(target=insert, args=('b', 'a'))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert len(errors) >= 1
    assert all(isinstance(error, db_exc.DBDeadlock)
               for error in errors.values()), errors
