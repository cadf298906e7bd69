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
"""The store: database connections and transactions.

Everything outside ``stacktach_os.db`` reaches the database through a
:class:`Store`: it opens reader and writer transactions (oslo.db's
enginefacade) and hands their sessions to the query modules of this
package (``archive``, ``events``, ...), which hold all the SQL.
"""

import contextlib
import os
import threading

from oslo_db.sqlalchemy import enginefacade
import sqlalchemy
from sqlalchemy import orm

# oslo.db options handed to the enginefacade, by their [database] names.
_ENGINE_OPTIONS = (
    'connection_recycle_time', 'connection_debug', 'max_pool_size',
    'max_overflow', 'pool_timeout', 'max_retries', 'retry_interval',
    'mysql_sql_mode', 'connection_trace', 'connection_parameters',
    'sqlite_synchronous', 'slave_connection',
)


_READ_COMMITTED = 'SET TRANSACTION ISOLATION LEVEL READ COMMITTED'


class _TransactionScope(object):
    """The object enginefacade attaches one transaction's state to."""


def normalize_url(connection):
    """Return the URL to connect with, completing what the user left out.

    MySQL connections get the utf8mb4 character set unless one is given,
    so that any Unicode text round-trips; the directory of an SQLite file
    is created.
    """
    url = sqlalchemy.engine.make_url(connection)
    if url.get_backend_name() == 'mysql' and 'charset' not in url.query:
        url = url.update_query_dict({'charset': 'utf8mb4'})
    if url.get_backend_name() == 'sqlite' and url.database not in (
            None, '', ':memory:'):
        directory = os.path.dirname(os.path.abspath(url.database))
        os.makedirs(directory, exist_ok=True)
    return url.render_as_string(hide_password=False)


class Store(object):
    """A connection to the stacktach_os database."""

    def __init__(self, connection, **engine_options):
        self.url = normalize_url(connection)
        self._facade = enginefacade.transaction_context()
        self._facade.configure(connection=self.url, sqlite_fk=True,
                               **engine_options)
        # SQLite takes one writer at a time; threads of this process wait
        # for each other here rather than fail with "database is locked".
        is_sqlite = sqlalchemy.engine.make_url(
            self.url).get_backend_name() == 'sqlite'
        self._write_lock = (threading.RLock() if is_sqlite
                            else contextlib.nullcontext())

    @contextlib.contextmanager
    def writer(self):
        """Open a read-write transaction; commit on success."""
        with self._write_lock:
            with self._facade.writer.using(_TransactionScope()) as session:
                yield session

    @contextlib.contextmanager
    def reader(self):
        """Open a read-only transaction."""
        with self._facade.reader.using(_TransactionScope()) as session:
            yield session

    @contextlib.contextmanager
    def batch(self):
        """Check out one writer connection for a batch and its follow-up.

        Yields a :class:`BatchConnection`: the batch's transaction, then
        the statements that need it committed, on the same connection.
        That saves a checkout from the pool (and the ping that checks the
        connection) per batch.
        """
        with self._write_lock:
            with self.engine.connect() as connection:
                yield BatchConnection(connection)

    def answers(self):
        """Return True when the database answers a trivial query."""
        try:
            with self.reader() as session:
                session.execute(sqlalchemy.text('SELECT 1'))
        except Exception:
            return False
        return True

    @property
    def engine(self):
        """The SQLAlchemy engine of the writer."""
        return self._facade.writer.get_engine()

    @property
    def backend(self):
        """The backend name: sqlite, mysql or postgresql."""
        return self.engine.dialect.name

    def dispose(self):
        """Close every pooled connection."""
        self._facade.dispose_pool()


class BatchConnection(object):
    """The writer connection of one batch (see :meth:`Store.batch`).

    ``connection`` is the SQLAlchemy Core connection: after
    :meth:`transaction` committed, statements on it begin a new
    transaction, which :meth:`end_follow_up` rolls back unless the caller
    committed it (``connection.commit()``).
    """

    def __init__(self, connection):
        """Wrap ``connection``, a checked-out Core connection."""
        self.connection = connection

    @contextlib.contextmanager
    def transaction(self):
        """Open the batch's read-write transaction; commit on success.

        Yields an ORM session joined to it, for the query functions of
        this package. On MySQL the transaction is READ COMMITTED, as
        PostgreSQL's are by default: its locking reads lock the rows they
        find, not the gaps between index entries, which concurrent
        batches inserting there would wait for (and deadlock on). The
        handlers never rely on gap locks: two batches that insert the
        same new key meet at its unique index instead.
        """
        with self.connection.begin():
            if self.connection.dialect.name == 'mysql':
                # For this transaction only; it has not started yet.
                self.connection.exec_driver_sql(_READ_COMMITTED)
            with orm.Session(bind=self.connection) as session:
                yield session

    def end_follow_up(self):
        """Roll back what the statements after the commit left open.

        Returns False when the connection could not even do that: the
        pool then replaces it.
        """
        try:
            self.connection.rollback()
        except Exception:
            return False
        return True


def store_from_conf(conf):
    """Return a :class:`Store` configured by the [database] options."""
    options = {}
    for name in _ENGINE_OPTIONS:
        value = getattr(conf.database, name, None)
        if value is not None:
            options[name] = value
    return Store(conf.database.connection, **options)
