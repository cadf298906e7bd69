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
"""A verifier's pass over the exists records that are ready.

A pass:

1. takes back the claims older than ``claim_timeout`` (their verifier
   died mid-batch): those records are pending again;
2. sends the verdicts stored but not emitted (their verifier died between
   its commit and its notifications): on a verifier's first pass, those
   stored before it started (but by a verifier still running on this
   host); later, those older than ``claim_timeout``;
3. for instances, images and volumes in turn, until none is ready:
   claims a batch of pending records whose audit period ended more than
   ``settle_time`` ago, reads what was seen of their resources, applies
   the rules (and, for failed instances, reconciliation with Nova),
   stores the verdicts (one transaction), sends one notification per
   verdict, then marks them emitted. A batch's notifications are sent
   while the next batch is verified.

A verdict is committed before its notification is sent, and marked
emitted after: a crash anywhere leaves either a claim to take back or a
verdict to send, never a verdict sent twice with different ids. The
receivers see every verdict at least once, and drop repeats by message
id.
"""

import collections
import dataclasses
import datetime
import os
import random
import socket
import time
import uuid

import futurist
from oslo_db import exception as db_exc
from oslo_log import log
from oslo_utils import timeutils
import sqlalchemy

from stacktach_os.db import verification
from stacktach_os.notification import envelope
from stacktach_os.verifier import base
from stacktach_os.verifier import cinder
from stacktach_os.verifier import glance
from stacktach_os.verifier import notifier
from stacktach_os.verifier import nova
from stacktach_os.verifier import reconcile

LOG = log.getLogger(__name__)

#: The order resource types are verified in.
RESOURCE_TYPES = tuple(verification.RESOURCE_TYPES)
#: The rules of each resource type.
RULES = {'instance': nova, 'image': glance, 'volume': cinder}
#: Attempts of a transaction that collided with another verifier's.
ATTEMPTS = 20
_RETRIED = (verification.ClaimConflict, db_exc.DBDeadlock,
            db_exc.DBDuplicateEntry)
# SQLite refuses at once a writer that would wait for another in a
# deadlock; the transaction is tried again.
_SQLITE_LOCKED = 'database is locked'


def _collided(error):
    """True when a transaction failed because another one got in first."""
    if isinstance(error, _RETRIED):
        return True
    return (isinstance(error, (sqlalchemy.exc.OperationalError,
                               db_exc.DBError))
            and _SQLITE_LOCKED in str(error))


@dataclasses.dataclass
class PassResult(object):
    """What one pass did."""

    taken_back: int = 0
    claimed: int = 0
    verdicts: collections.Counter = dataclasses.field(
        default_factory=collections.Counter)
    # Verdicts per (status, failure code).
    codes: collections.Counter = dataclasses.field(
        default_factory=collections.Counter)
    emitted: int = 0
    late_emitted: int = 0

    def __bool__(self):
        return bool(self.taken_back or self.claimed or self.emitted
                    or self.late_emitted)


def _alive_here(claimed_by):
    """True when a claimant (``host:pid:...``) is another live process here.

    Claimants of other hosts, or named otherwise, are not known to live.
    """
    host, _separator, rest = (claimed_by or '').partition(':')
    pid = rest.split(':', 1)[0]
    if host != socket.gethostname() or not pid.isdigit():
        return False
    pid = int(pid)
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _utcnow():
    return timeutils.utcnow().replace(tzinfo=None)


def _json_value(value):
    if isinstance(value, datetime.datetime):
        return value.strftime('%Y-%m-%dT%H:%M:%S.%f')
    return value


def record_payload(kind, record):
    """A payload made of an exists record, when its notification is gone.

    Used when the archive does not hold the exists notification (the
    archive handler is disabled, or the archive was expired).
    """
    skipped = ('id', 'status', 'reason', 'verified_at')
    payload = {name: _json_value(value) for name, value in record.items()
               if name not in skipped}
    payload['resource_type'] = kind
    return payload


def _fields(cls):
    return [field.name for field in dataclasses.fields(cls)]


class _History(object):
    """What was seen of the resources of a batch, as the rules read it."""

    def __init__(self, kind, session, records):
        self.kind = kind
        key = verification.get_resource_type(kind).key
        ids = [record[key] for record in records]
        if kind == 'instance':
            launches, deletes = verification.instance_history(
                session, ids, _fields(nova.Launch), _fields(nova.Delete))
            self.launches = {
                instance: [base.pick(nova.Launch, row) for row in rows]
                for instance, rows in launches.items()}
            self.deletes = {
                instance: [base.pick(nova.Delete, row) for row in rows]
                for instance, rows in deletes.items()}
        else:
            read = (verification.image_history if kind == 'image'
                    else verification.volume_history)
            module = RULES[kind]
            usage, deletes = read(session, ids, _fields(module.Usage),
                                  _fields(module.Delete))
            self.usage = {resource: base.pick(module.Usage, row)
                          for resource, row in usage.items()}
            self.deletes = {resource: base.pick(module.Delete, row)
                            for resource, row in deletes.items()}

    def verify(self, record):
        """Return (the exists as the rules see it, Failure or None)."""
        if self.kind == 'instance':
            exists = base.pick(nova.Exists, record)
            return exists, nova.verify(
                exists, self.launches.get(exists.instance_id, []),
                self.deletes.get(exists.instance_id, []))
        if self.kind == 'image':
            exists = base.pick(glance.Exists, record)
            return exists, glance.verify(
                exists, self.usage.get(exists.image_id),
                self.deletes.get(exists.image_id))
        exists = base.pick(cinder.Exists, record)
        return exists, cinder.verify(
            exists, self.usage.get(exists.volume_id),
            self.deletes.get(exists.volume_id))


class Verifier(object):
    """Verifies the exists records of a store and emits the verdicts."""

    def __init__(self, store, emitter, batch_size=1000, settle_time=600,
                 claim_timeout=600, reconciler=None, name=None):
        """Verify with these settings (times in seconds)."""
        self.store = store
        self.emitter = emitter
        self.batch_size = batch_size
        self.settle_time = datetime.timedelta(seconds=settle_time)
        self.claim_timeout = datetime.timedelta(seconds=claim_timeout)
        self.reconciler = reconciler
        self.name = name or '%s:%d' % (socket.gethostname(), os.getpid())
        self.started_at = _utcnow()

    @classmethod
    def from_conf(cls, conf, store, emitter, name=None):
        """Return the verifier the [verifier] options describe."""
        options = conf.verifier
        reconciler = (reconcile.Reconciler(conf) if options.reconcile
                      else None)
        return cls(store, emitter, batch_size=options.batch_size,
                   settle_time=options.settle_time,
                   claim_timeout=options.claim_timeout,
                   reconciler=reconciler, name=name)

    # Transactions.

    def _write(self, function, *args):
        """Run ``function(session, *args)`` in a write transaction.

        A collision with another verifier (a record claimed at the same
        moment, a deadlock, SQLite's lock) rolls it back; it is then
        tried again, after a random pause.
        """
        for attempt in range(1, ATTEMPTS + 1):
            try:
                with self.store.writer() as session:
                    return function(session, *args)
            except Exception as error:
                if attempt == ATTEMPTS or not _collided(error):
                    raise
                LOG.debug('Verifier %(name)s retries after a collision: '
                          '%(error)s', {'name': self.name, 'error': error})
                time.sleep(random.uniform(0.01, 0.05) * attempt)

    # The pass.

    def run_pass(self, stop=None, as_of=None, drain=False):
        """Verify every ready record; return a :class:`PassResult`.

        ``stop`` (a threading.Event) ends the pass between batches;
        ``as_of`` replaces the current time in the settle rule;
        ``drain`` sends every unemitted verdict stored before this
        verifier started, however recent, but those of verifiers still
        running on this host (a verifier's first pass: the verdicts of
        a verifier that stopped before sending them).
        """
        result = PassResult()
        now = _utcnow()
        result.taken_back = self._write(verification.take_back,
                                        now - self.claim_timeout)
        if result.taken_back:
            LOG.warning('Took back %d exists records claimed more than '
                        '%s ago', result.taken_back, self.claim_timeout)
        result.late_emitted = self.emit_unemitted(
            self.started_at if drain else now - self.claim_timeout, stop)
        ended_before = (as_of or now) - self.settle_time
        # A batch's notifications are sent while the next batch is
        # verified; one batch at most waits to be sent.
        with futurist.ThreadPoolExecutor(max_workers=1) as sender:
            sending = None
            try:
                for kind in RESOURCE_TYPES:
                    while not (stop is not None and stop.is_set()):
                        claimed, stored = self._verify_batch(
                            kind, ended_before, result)
                        if sending is not None:
                            result.emitted += sending.result()
                            sending = None
                        if stored:
                            sending = sender.submit(self.emit, stored)
                        if claimed < self.batch_size:
                            break
            finally:
                if sending is not None:
                    result.emitted += sending.result()
        return result

    def verify_batch(self, kind, ended_before, result=None):
        """Claim, verify, store and emit one batch; return its size."""
        result = result if result is not None else PassResult()
        claimed, stored = self._verify_batch(kind, ended_before, result)
        result.emitted += self.emit(stored)
        return claimed

    def _verify_batch(self, kind, ended_before, result):
        """Claim, verify and store a batch; return (size, stored rows)."""
        token = '%s:%s' % (self.name, uuid.uuid4().hex[:12])
        columns = ['message_id'] + _fields(RULES[kind].Exists)
        records = self._write(verification.claim, kind, token, _utcnow(),
                              ended_before, self.batch_size, columns)
        if not records:
            return 0, []
        result.claimed += len(records)
        with self.store.reader() as session:
            history = _History(kind, session, records)
        verdicts = [self.judge(kind, record, history) for record in records]
        stored = self._write(verification.store_verdicts, kind, token,
                             verdicts, _utcnow())
        if len(stored) < len(records):
            LOG.warning('%d of %d %s exists records were taken back '
                        'before their verdicts were stored',
                        len(records) - len(stored), len(records), kind)
        result.verdicts.update(row['status'] for row in stored)
        result.codes.update((row['status'], row['code'] or '')
                            for row in stored)
        return len(records), stored

    def judge(self, kind, record, history):
        """Return the :class:`verification.Verdict` on one record."""
        exists, failure = history.verify(record)
        status = verification.VERIFIED
        code = reason = None
        if failure is not None:
            status = verification.FAILED
            code, reason = failure.code, failure.reason
            if kind == 'instance' and self.reconciler is not None:
                checked = self.reconciler.check(exists)
                if checked.confirmed:
                    status = verification.RECONCILED
                    reason = '%s; reconciled: %s' % (reason, checked.detail)
                else:
                    reason = '%s; not reconciled: %s' % (reason,
                                                         checked.detail)
        return verification.Verdict(
            exists_id=record['id'], message_id=record['message_id'],
            resource_id=record[verification.get_resource_type(kind).key],
            status=status, code=code, reason=reason,
            event_type=notifier.event_type(
                kind, status == verification.FAILED))

    # The outbox.

    def _payloads(self, session, rows):
        """Return {verification id: original exists payload}."""
        bodies = verification.archived_bodies(
            session, [row['message_id'] for row in rows])
        payloads = {}
        missing = collections.defaultdict(list)
        for row in rows:
            body = bodies.get(row['message_id'])
            payload = (envelope.normalize(body).payload
                       if body is not None else None)
            if isinstance(payload, dict):
                payloads[row['id']] = payload
            else:
                missing[row['resource_type']].append(row)
        for kind, kind_rows in missing.items():
            records = verification.exists_rows(
                session, kind, [row['exists_id'] for row in kind_rows])
            for row in kind_rows:
                record = records.get(row['exists_id'], {
                    'message_id': row['message_id']})
                payloads[row['id']] = record_payload(kind, record)
        return payloads

    def emit(self, rows):
        """Send the notifications of stored verdicts, then mark them."""
        if not rows:
            return 0
        with self.store.reader() as session:
            payloads = self._payloads(session, rows)
        self._send(rows, payloads)
        self._write(verification.mark_emitted, [row['id'] for row in rows],
                    _utcnow())
        return len(rows)

    def emit_unemitted(self, verified_before=None, stop=None):
        """Send the stored verdicts nobody emitted; return how many.

        Those stored before ``verified_before`` only, when given. On the
        servers, the rows being sent are locked, and those another
        verifier is sending skipped; SQLite, which would lock the whole
        database meanwhile, reads them, sends them, then marks them.
        """
        total = 0
        lock = self.store.backend != 'sqlite'
        while not (stop is not None and stop.is_set()):
            if lock:
                with self.store.writer() as session:
                    found = verification.unemitted(
                        session, self.batch_size, verified_before, lock=True)
                    rows = self._abandoned(found)
                    self._send(rows, self._payloads(session, rows))
                    verification.mark_emitted(
                        session, [row['id'] for row in rows], _utcnow())
            else:
                with self.store.reader() as session:
                    found = verification.unemitted(
                        session, self.batch_size, verified_before)
                    rows = self._abandoned(found)
                    payloads = self._payloads(session, rows)
                self._send(rows, payloads)
                self._write(verification.mark_emitted,
                            [row['id'] for row in rows], _utcnow())
            total += len(rows)
            if len(found) < self.batch_size or not rows:
                break
        if total:
            LOG.warning('Sent %d verdicts that were stored but not sent '
                        '(a verifier stopped before sending them)', total)
        return total

    @staticmethod
    def _abandoned(rows):
        """The rows whose verifier is not a live process of this host.

        A verifier on this host that is still running sends its verdicts
        itself; sending them too would only make duplicates.
        """
        return [row for row in rows if not _alive_here(row['claimed_by'])]

    def _send(self, rows, payloads):
        self.emitter.emit_all([(row, payloads[row['id']]) for row in rows])
