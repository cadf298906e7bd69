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
"""The ingestion pipeline against real databases: once, whole, scrubbed."""

import dataclasses
import datetime
import json
import uuid

from oslo_config import fixture as config_fixture
import pytest
import sqlalchemy
import sqlalchemy.exc

from stacktach_os import conf as st_conf
from stacktach_os.db import api as db_api
from stacktach_os.db import archive
from stacktach_os.db import codec
from stacktach_os.db import events as db_events
from stacktach_os.notification import pipeline
from tests.functional import processes


@dataclasses.dataclass
class Trait(object):
    name: str
    dtype: str
    value: object


@dataclasses.dataclass
class Event(object):
    message_id: str
    event_type: str
    generated: datetime.datetime
    traits: list
    problems: list = dataclasses.field(default_factory=list)


class TraitsFromPayload(object):
    """Turns every scalar payload field into a trait of its Python type.

    Enough to exercise the event store on every trait type without the
    distiller's definitions.
    """

    TYPES = {str: 'text', int: 'int', float: 'float',
             datetime.datetime: 'datetime'}

    def distill(self, body):
        traits = [Trait(name, self.TYPES[type(value)], value)
                  for name, value in sorted(body['payload'].items())
                  if type(value) in self.TYPES]
        when = datetime.datetime.fromisoformat(body['metadata']['timestamp'])
        return Event(body['metadata']['message_id'], body['event_type'],
                     when, traits)


@pytest.fixture
def conf():
    fixture = config_fixture.Config(st_conf.CONF)
    fixture.setUp()
    yield fixture.conf
    fixture.cleanUp()


def message(**overrides):
    """A notification as oslo.messaging's batch listener hands it over."""
    value = {
        'ctxt': {'request_id': 'req-1', 'auth_token': 'tok',
                 'service_catalog': [{'type': 'compute'}]},
        'publisher_id': 'compute.cpu-01',
        'event_type': 'compute.instance.create.end',
        'payload': {'instance_id': 'i-1', 'tenant_id': 'p-1',
                    'memory_mb': 2048, 'admin_password': 'hunter2'},
        'metadata': {'message_id': str(uuid.uuid4()),
                     'timestamp': '2026-05-01 12:00:00.000001'},
    }
    value.update(overrides)
    return value


def make_pipeline(conf, store, distiller=None):
    return pipeline.Pipeline(store, distiller or TraitsFromPayload(),
                             pipeline.load_handlers(conf))


def stored(store, message_id):
    with store.reader() as session:
        row = archive.get_notification(session, message_id)
        if row is None:
            return None, None
        return row, codec.decode_body(row.body)


def test_batch_is_stored_once_with_redelivery(conf, store):
    ingest = make_pipeline(conf, store)
    batch = [message() for _ in range(5)]
    assert len(ingest.process('cell1', batch + batch[:2], 'info')) == 5
    # Redelivered: nothing new.
    assert ingest.process('cell1', batch, 'info') == []
    with store.reader() as session:
        assert len(archive.known_message_ids(
            session, [m['metadata']['message_id'] for m in batch])) == 5
    row, body = stored(store, batch[0]['metadata']['message_id'])
    assert row.deployment == 'cell1'
    assert row.host == 'cpu-01'
    assert row.request_id == 'req-1'
    assert row.project_id == 'p-1'
    assert row.resource_id == 'i-1'
    assert row.generated == datetime.datetime(2026, 5, 1, 12, 0, 0, 1)
    assert row.malformed is False


def test_secrets_never_reach_the_database(conf, store):
    ingest = make_pipeline(conf, store)
    batch = [message()]
    ingest.process('cell1', batch)
    _row, body = stored(store, batch[0]['metadata']['message_id'])
    assert body['ctxt']['auth_token'] == '***'
    assert body['ctxt']['service_catalog'] == '***'
    assert body['payload']['admin_password'] == '***'
    assert body['payload']['memory_mb'] == 2048


@pytest.mark.parametrize('payload', [
    {'ratio': 0.1, 'big': 2 ** 70, 'text': 'é 日本 \u2028 🚀', 'none': None},
    {'not_a_number': float('nan'), 'limits': [float('inf'),
                                              -float('inf')]},
], ids=['finite', 'not-finite'])
def test_archived_body_is_the_notification_exactly(conf, store, payload):
    ingest = pipeline.Pipeline(store, None, pipeline.load_handlers(conf))
    batch = [message(payload=dict(payload, tenant_id='p-1'))]
    ingest.process('cell1', batch)
    _row, body = stored(store, batch[0]['metadata']['message_id'])
    # NaN is not equal to itself: compare the JSON the standard library
    # writes of both.
    assert json.dumps(body['payload'], sort_keys=True) == json.dumps(
        dict(payload, tenant_id='p-1'), sort_keys=True)
    assert body['metadata']['timestamp'] == '2026-05-01T12:00:00.000001'


def test_traits_round_trip_exactly(conf, store):
    ingest = make_pipeline(conf, store)
    big_text = '🚀 ünïcödé ' * 20000
    payload = {'big': big_text, 'int64': 2 ** 63 - 1, 'neg': -2 ** 63,
               'pi': 3.141592653589793, 'tiny': 5e-324,
               'launched': datetime.datetime(2026, 5, 1, 1, 2, 3, 999999),
               'trailing': 'x  ', 'emoji': '\U0001f600'}
    batch = [message(payload=payload)]
    # Datetime payload values only arise from a distiller; pass the
    # payload through prepare() untouched by building the item ourselves.
    items = ingest.prepare('cell1', batch)
    items[0].event = TraitsFromPayload().distill(
        dict(items[0].notification.body(), payload=payload))
    ingest.store(items)
    with store.reader() as session:
        event_id = session.scalar(
            sqlalchemy.select(db_events.models.Event.id).where(
                db_events.models.Event.message_id == items[0].message_id))
        traits = {name: (dtype, value) for name, dtype, value in
                  db_events.get_traits(session, event_id)}
    assert traits['big'] == ('text', big_text)
    assert traits['int64'] == ('int', 2 ** 63 - 1)
    assert traits['neg'] == ('int', -2 ** 63)
    assert traits['pi'] == ('float', 3.141592653589793)
    assert traits['tiny'] == ('float', 5e-324)
    assert traits['launched'] == (
        'datetime', datetime.datetime(2026, 5, 1, 1, 2, 3, 999999))
    assert traits['trailing'] == ('text', 'x  ')
    assert traits['emoji'] == ('text', '\U0001f600')


@pytest.mark.parametrize('bad, reason', [
    (dict(payload='not an object'), 'payload is not a JSON object'),
    (dict(event_type=None), 'event_type is missing'),
    (dict(metadata={'timestamp': '2026-05-01T00:00:00'}),
     'message_id is missing'),
    (dict(metadata={'message_id': 'no-time'}), 'timestamp is missing'),
    (dict(metadata={'message_id': 'bad-time', 'timestamp': '31/02/2026'}),
     "'31/02/2026' is not ISO 8601"),
    (dict(event_type='x' * 300), 'event_type is longer than 255'),
    (dict(payload={'name': 'nul\x00 and lone \udc80 surrogate',
                   'instance_id': 'i\x00'}),
     'resource_id had characters that cannot be stored'),
])
def test_malformed_notifications_are_kept_and_counted(conf, store, bad,
                                                      reason):
    ingest = make_pipeline(conf, store)
    good = message()
    broken = message(**bad)
    fresh = ingest.process('cell2', [good, broken])
    assert len(fresh) == 2
    with store.reader() as session:
        assert archive.count_malformed(session) == 1
        assert archive.count_malformed(session, 'cell2') == 1
    malformed = [item for item in fresh if item.malformed][0]
    row, body = stored(store, malformed.message_id)
    assert row.malformed is True
    assert reason in row.error
    # Redelivery of a malformed notification stores nothing more.
    assert ingest.process('cell2', [broken]) == []


def test_five_megabyte_payload(conf, store):
    ingest = make_pipeline(conf, store)
    huge = {'instance_id': 'i-big', 'blob': 'ab' * (5 * 1024 * 1024 // 2)}
    batch = [message(payload=huge)]
    assert len(ingest.process('cell1', batch)) == 1
    _row, body = stored(store, batch[0]['metadata']['message_id'])
    assert body['payload']['blob'] == huge['blob']


class FailingHandler(object):
    """A handler that fails as a database may, with a given error."""

    def __init__(self, error):
        self.error = error

    def handle(self, session, items):
        raise self.error


def test_operational_error_while_database_answers_is_not_retried(
        conf, store):
    error = sqlalchemy.exc.OperationalError(
        'INSERT ...', {}, Exception('packet bigger than max_allowed_packet'))
    handlers = pipeline.load_handlers(conf)[:1] + [FailingHandler(error)]
    ingest = pipeline.Pipeline(store, TraitsFromPayload(), handlers)
    batch = [message(), message()]
    fresh = ingest.process('cell1', batch)
    assert len(fresh) == 2
    for item in fresh:
        row, _body = stored(store, item.message_id)
        assert row.malformed is True
        assert 'could not be stored whole' in row.error


class ConflictingHandler(FailingHandler):
    """Fails with a lock conflict the first ``times`` batches."""

    def __init__(self, error, times):
        super().__init__(error)
        self.times = times

    def handle(self, session, items):
        if self.times:
            self.times -= 1
            raise self.error

    def after_commit(self, connection, pending):
        pass


class AutoIncrementLockError(Exception):
    """Shaped as PyMySQL's error 1467."""

    def __init__(self):
        super().__init__(1467, 'Failed to read auto-increment value from '
                               'storage engine')


@pytest.mark.parametrize('times, whole', [
    (pipeline.CONFLICT_RETRIES, True), (pipeline.CONFLICT_RETRIES + 1,
                                        False)])
def test_lock_conflicts_are_retried_then_handed_back(conf, store, times,
                                                     whole):
    """A batch that meets another's locks is stored again, never halved."""
    error = sqlalchemy.exc.OperationalError('INSERT ...', {},
                                            AutoIncrementLockError())
    handlers = pipeline.load_handlers(conf)[:2] + [
        ConflictingHandler(error, times)]
    ingest = pipeline.Pipeline(store, TraitsFromPayload(), handlers)
    batch = [message(), message()]
    if not whole:
        with pytest.raises(pipeline.StoreUnavailable):
            ingest.process('cell1', batch)
        assert stored(store, batch[0]['metadata']['message_id']) == (
            None, None)
        return
    assert len(ingest.process('cell1', batch)) == 2
    for item in batch:
        row, _body = stored(store, item['metadata']['message_id'])
        assert row.malformed is False


def test_unreachable_database_hands_the_batch_back(conf):
    port = processes.free_port()
    unreachable = db_api.Store(
        'mysql+pymysql://root@127.0.0.1:%d/test' % port, max_retries=0)
    ingest = pipeline.Pipeline(unreachable, TraitsFromPayload(),
                               pipeline.load_handlers(conf))
    with pytest.raises(pipeline.StoreUnavailable):
        ingest.process('cell1', [message()])


class FollowUpHandler(object):
    """Leaves work for after the commit, and does it on the connection.

    It writes a row to a table of its own there, commits it or not, then
    fails or not; ``seen`` records whether each call found a transaction
    already open.
    """

    def __init__(self, table, commit, fail):
        self.table = table
        self.commit = commit
        self.fail = fail
        self.seen = []

    def handle(self, session, items):
        return [item.message_id for item in items]

    def after_commit(self, connection, pending):
        self.seen.append(connection.in_transaction())
        connection.execute(self.table.insert(),
                           [{'message_id': value} for value in pending])
        if self.commit:
            connection.commit()
        if self.fail:
            raise RuntimeError('follow-up failed')


@pytest.mark.parametrize('commit, fail', [
    (True, False), (False, False), (True, True), (False, True)])
def test_follow_ups_run_on_the_batch_connection_after_the_commit(
        conf, store, commit, fail):
    """What a follow-up commits stays and the rest is rolled back.

    A failing follow-up neither undoes the batch nor stops the next.
    """
    table = sqlalchemy.Table(
        'follow_ups_%s' % uuid.uuid4().hex[:8], sqlalchemy.MetaData(),
        sqlalchemy.Column('message_id', sqlalchemy.String(64)))
    table.create(store.engine)
    try:
        first = FollowUpHandler(table, commit, fail)
        second = FollowUpHandler(table, False, False)
        ingest = pipeline.Pipeline(
            store, TraitsFromPayload(),
            pipeline.load_handlers(conf)[:2] + [first, second])
        batch = [message(), message()]
        assert len(ingest.process('cell1', batch)) == 2
        for item in batch:
            row, _body = stored(store, item['metadata']['message_id'])
            assert row.malformed is False
        assert first.seen == second.seen == [False]
        with store.engine.connect() as connection:
            followed = connection.execute(
                sqlalchemy.select(table.c.message_id)).scalars().all()
        expected = [item['metadata']['message_id'] for item in batch]
        assert sorted(followed) == (sorted(expected) if commit else [])
    finally:
        table.drop(store.engine)
