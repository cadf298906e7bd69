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
"""Turn a batch of notifications into stored rows, exactly once.

:meth:`Pipeline.prepare` reads each notification (envelope, secrets
scrubbed, description, distilled event); :meth:`Pipeline.store` then runs
the enabled handlers over the notifications not stored before, all in one
database transaction. :meth:`Pipeline.process` does both and decides what
happens on failure: a notification that cannot be read is kept with the
reason, never retried; only an unreachable database makes the batch go
back to the bus (:class:`StoreUnavailable`).
"""

import dataclasses
import datetime

from oslo_db import exception as db_exc
from oslo_log import log
from oslo_utils import timeutils
import sqlalchemy.exc
from stevedore import extension
from stevedore import named

from stacktach_os.db import archive
from stacktach_os.db import codec
from stacktach_os.db import types as db_types
from stacktach_os.notification import describe
from stacktach_os.notification import envelope
from stacktach_os.notification import sanitize
from stacktach_os.notification import scrub

LOG = log.getLogger(__name__)

HANDLER_NAMESPACE = 'stacktach_os.notification.handlers'
ARCHIVE_HANDLER = 'archive'

# Database errors after which the same batch will succeed once the
# database is back (lock conflicts, deadlocks included, are told apart by
# is_conflict).
UNREACHABLE_ERRORS = (
    db_exc.DBConnectionError,
    sqlalchemy.exc.DisconnectionError,
    sqlalchemy.exc.TimeoutError,
)
# Errors that may be transient or not (a lost server, or a packet too
# big): transient only when the database does not answer any more.
AMBIGUOUS_ERRORS = (sqlalchemy.exc.OperationalError,)
# MySQL errors of a lock conflict between concurrent transactions, which
# oslo.db does not turn into DBDeadlock: 1205 (lock wait timeout) and
# 1467, which InnoDB gives when it cannot take the AUTO-INC lock of an
# INSERT ... SELECT (a deadlock on that lock, in effect).
MYSQL_CONFLICTS = frozenset((1205, 1467))
# Times a batch that met a lock conflict is stored again at once, before
# it goes back to the bus.
CONFLICT_RETRIES = 3


class StoreUnavailable(Exception):
    """The database cannot be reached; the batch must be retried later."""


class HandlerConfigError(Exception):
    """The handlers option is wrong: no archive first, or unknown names."""


@dataclasses.dataclass
class Item(object):
    """One notification of a batch, read and ready for the handlers."""

    deployment: str
    received: datetime.datetime
    notification: envelope.Notification
    description: dict
    event: object = None
    problems: list = dataclasses.field(default_factory=list)
    # The stored (compressed) body, and whether its text needed no repair.
    body_blob: bytes = b''
    clean: bool = True

    @property
    def message_id(self):
        """The notification's message id (made up when it had none)."""
        return self.notification.message_id

    @property
    def malformed(self):
        """True when anything in the notification could not be read."""
        return bool(self.problems)


def load_handlers(conf):
    """Return the enabled handlers, in the configured order.

    The archive must come first: it is what makes redelivered
    notifications recognisable.
    """
    names = list(conf.notification.handlers)
    if not names or names[0] != ARCHIVE_HANDLER:
        raise HandlerConfigError(
            '[notification] handlers must start with %r (got %s)'
            % (ARCHIVE_HANDLER, ', '.join(names) or 'nothing'))

    def missing(unknown):
        raise HandlerConfigError(
            'no such notification handler: %s (installed: %s)'
            % (', '.join(sorted(unknown)),
               ', '.join(sorted(installed_handlers()))))

    manager = named.NamedExtensionManager(
        HANDLER_NAMESPACE, names=names, invoke_on_load=True,
        invoke_args=(conf,), name_order=True,
        on_missing_entrypoints_callback=missing)
    return [extension.obj for extension in manager]


def installed_handlers():
    """Return the names of the installed handler plugins."""
    return extension.ExtensionManager(HANDLER_NAMESPACE).names()


def _matches(error, classes):
    inner = getattr(error, 'inner_exception', None)
    return isinstance(error, classes) or isinstance(inner, classes)


def is_conflict(error):
    """True when ``error`` is a lock conflict with another transaction.

    Storing the same batch again succeeds once the other has finished.
    """
    if _matches(error, (db_exc.DBDeadlock,)):
        return True
    inner = getattr(error, 'inner_exception', None) or error
    original = getattr(inner, 'orig', None)
    code = getattr(original, 'args', (None,))[:1]
    return bool(code) and code[0] in MYSQL_CONFLICTS


class Pipeline(object):
    """Reads and stores batches of notifications."""

    def __init__(self, store, distiller, handlers):
        """Store with ``handlers``, distilling with ``distiller`` if any."""
        self.db = store
        self.distiller = distiller
        self.handlers = handlers

    # Reading.

    def prepare(self, deployment, messages, priority=None, received=None):
        """Return an :class:`Item` for each message of a batch."""
        received = received or timeutils.utcnow()
        return [self._prepare_one(deployment, message, priority, received)
                for message in messages]

    def _prepare_one(self, deployment, message, priority, received):
        try:
            notification = envelope.from_listener(message, priority)
        except Exception as error:  # never lose a message to a bug
            LOG.exception('Could not read a notification envelope')
            notification = envelope.normalize(None)
            notification.payload = message
            notification.problems = ['envelope could not be read: %s'
                                     % error]
        problems = list(notification.problems)
        nonfinite = []
        notification.ctxt = scrub.scrub(notification.ctxt, nonfinite)
        notification.payload = scrub.scrub(notification.payload, nonfinite)
        notification.extra = scrub.scrub(notification.extra, nonfinite)
        self._fit_envelope(notification, problems)
        description = {
            key: sanitize.fit_column(key, value,
                                     db_types.IDENTIFIER_LENGTH, problems)
            for key, value in describe.describe(notification).items()}
        body = notification.body()
        body_blob, clean = codec.encode_body(body, finite=not nonfinite)
        item = Item(deployment=deployment, received=received,
                    notification=notification, description=description,
                    problems=problems, body_blob=body_blob, clean=clean)
        if (self.distiller is not None and notification.event_type
                and notification.timestamp):
            self._distill(item, body)
        return item

    @staticmethod
    def _fit_envelope(notification, problems):
        for name in ('event_type', 'publisher_id'):
            setattr(notification, name, sanitize.fit_column(
                name, getattr(notification, name),
                db_types.NAME_LENGTH, problems))
        message_id = notification.message_id
        fitted, repaired = sanitize.storable_text(message_id)
        if repaired or len(message_id) > db_types.IDENTIFIER_LENGTH:
            problems.append('message_id %r cannot be stored as it is; '
                            'replaced by a derived id' % message_id[:80])
            notification.message_id = envelope.derive_message_id(message_id)
        if notification.priority is not None:
            notification.priority = notification.priority[:16]

    def _distill(self, item, body):
        try:
            event = self.distiller.distill(body)
        except Exception as error:  # a definition bug must not stop us
            LOG.exception('Could not distill %s', item.message_id)
            item.problems.append('distiller failed: %s' % error)
            return
        if event is None:
            return
        item.problems.extend(event.problems)
        item.event = event
        if item.clean:  # traits come from the body: nothing to repair
            return
        for trait in event.traits:
            if trait.dtype == 'text':
                value, repaired = sanitize.storable_text(trait.value)
                if repaired:
                    item.problems.append(
                        'trait %s had characters that cannot be stored; '
                        'replaced with U+FFFD' % trait.name)
                    trait.value = value

    # Storing.

    def _is_transient(self, error):
        """True when ``error`` means the batch will succeed later.

        The database cannot be reached, or another transaction held the
        locks this one needed.
        """
        if _matches(error, UNREACHABLE_ERRORS) or is_conflict(error):
            return True
        if _matches(error, AMBIGUOUS_ERRORS):
            return not self.db.answers()
        return False

    def store(self, items):
        """Store the items not stored before, in one transaction.

        Returns the items that were new. Duplicates within the batch and
        notifications already archived are skipped.
        """
        return self._store(items, look_up_known=True)

    def _store(self, items, look_up_known):
        """Store the items, in one transaction; return the new ones.

        Without ``look_up_known`` every item is taken as new, which saves
        a query: a notification stored before then makes the archive's
        unique message id refuse the batch (DBDuplicateEntry), and the
        caller stores it again looking them up.
        """
        unique = {}
        for item in items:
            unique.setdefault(item.message_id, item)
        with self.db.batch() as batch:
            with batch.transaction() as session:
                if look_up_known:
                    known = archive.known_message_ids(session, unique)
                    fresh = [item for message_id, item in unique.items()
                             if message_id not in known]
                else:
                    fresh = list(unique.values())
                pending = [(handler, handler.handle(session, fresh))
                           for handler in self.handlers]
            self._after_commit(batch, pending, len(fresh))
        return fresh

    @staticmethod
    def _after_commit(batch, pending, count):
        """Run what the handlers left to do once the batch is committed.

        On the batch's connection; a failure is logged, and the batch
        stays stored.
        """
        for handler, work in pending:
            if work is None:
                continue
            try:
                handler.after_commit(batch.connection, work)
            except Exception:
                LOG.exception('%s could not finish after the commit of %d '
                              'notifications', type(handler).__name__,
                              count)
            if not batch.end_follow_up():
                LOG.warning('The connection was lost after the commit of %d '
                            'notifications', count)
                return

    def process(self, deployment, messages, priority=None):
        """Read and store a batch; return the items that were new.

        Raises :class:`StoreUnavailable` when the database cannot be
        reached: the caller hands the batch back to the bus.
        """
        items = self.prepare(deployment, messages, priority)
        try:
            return self._store_retrying_duplicates(items)
        except Exception as error:
            if self._is_transient(error):
                raise StoreUnavailable(str(error)) from error
            LOG.exception('Batch of %d could not be stored (%s); storing '
                          'its notifications one by one', len(items), error)
        return self._store_one_by_one(items)

    def _store_retrying_duplicates(self, items):
        # Redelivered notifications are rare: the first attempts do not
        # look for them, and meet the archive's unique message id if
        # there are any.
        for attempt in range(CONFLICT_RETRIES + 1):
            try:
                return self._store(items, look_up_known=False)
            except db_exc.DBDuplicateEntry:
                # Stored before, or by another worker since we looked.
                return self.store(items)
            except Exception as error:
                if not is_conflict(error) or attempt == CONFLICT_RETRIES:
                    raise
                LOG.info('Batch of %d met a lock conflict (%s); storing it '
                         'again', len(items), error)

    def _store_one_by_one(self, items):
        fresh = []
        for item in items:
            try:
                fresh.extend(self._store_retrying_duplicates([item]))
                continue
            except Exception as error:
                if self._is_transient(error):
                    raise StoreUnavailable(str(error)) from error
                reason = 'could not be stored whole: %s' % error
            LOG.error('Notification %s %s; archiving it alone',
                      item.message_id, reason)
            item.problems.append(reason[:2000])
            item.event = None
            try:
                fresh.extend(self._archive_only(item))
            except Exception as error:
                if self._is_transient(error):
                    raise StoreUnavailable(str(error)) from error
                LOG.exception('Notification %s from %s is lost: even its '
                              'archive row was refused', item.message_id,
                              item.deployment)
        return fresh

    def _archive_only(self, item):
        archive_handler = self.handlers[0]
        with self.db.writer() as session:
            if archive.known_message_ids(session, [item.message_id]):
                return []
            archive_handler.handle(session, [item])
        return [item]
