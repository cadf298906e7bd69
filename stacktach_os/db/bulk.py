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
"""Fast multi-row INSERTs for the ingestion hot path.

A batch of notifications makes thousands of trait rows. SQLAlchemy's
executemany processes every parameter of every row in Python before the
driver escapes it again; here rows are plain tuples handed to the
driver's own bulk path:

- MariaDB >= 10.6 and MySQL >= 8.0: the rows travel as one JSON document,
  a single parameter, which the server expands with ``JSON_TABLE``.
  PyMySQL escapes parameters in Python, value by value; one JSON text
  costs a fraction of that (orjson, then :class:`JsonText`'s
  escape).
- Older MySQL: one multi-row INSERT per chunk (PyMySQL rewrites an
  executemany INSERT into one).
- PostgreSQL: the same JSON document, expanded by
  ``json_array_elements``.
- In both, tables with binary columns (the archive of bodies) take a
  multi-row INSERT (``execute_values`` on PostgreSQL): the drivers write
  bytes as hex in C, while JSON would need base64, which costs the
  server more than the client saves.
- SQLite: sqlite3's C executemany.

Values are always passed as parameters, never formatted into SQL here.
"""

import datetime
import json

import orjson
from oslo_db import exception as db_exc
from sqlalchemy import types as sa_types

from stacktach_os.db import utils

# Rows per statement: large enough to amortise the round trip, small
# enough to stay far below MySQL's max_allowed_packet with long texts.
ROWS_PER_STATEMENT = 1000
# Upper bound of a JSON document sent to JSON_TABLE, in characters; a
# larger one is split (the default max_allowed_packet is 16 MiB).
JSON_DOCUMENT_LIMIT = 4 * 1024 * 1024


def insert_rows(session, table, columns, rows, suffix=''):
    """Insert ``rows`` (tuples in the order of ``columns``) into ``table``.

    ``suffix`` ends each statement: an ON CONFLICT or ON DUPLICATE KEY
    UPDATE clause without parameters, say. Runs in the session's
    transaction; errors surface as SQLAlchemy (and oslo.db) exceptions,
    as any other statement's do.
    """
    if not rows:
        return
    connection = session.connection()
    if insert_json(connection, table, columns, rows, suffix):
        return
    dialect = connection.dialect.name
    column_list = ', '.join(table.c[name].name for name in columns)
    if dialect == 'postgresql':
        _insert_postgresql(connection, 'INSERT INTO %s (%s) VALUES %%s%s'
                           % (table.name, column_list, suffix), rows)
        return
    if dialect == 'sqlite':
        rows = _bind_for_sqlite(connection.dialect, table, columns, rows)
    marker = '?' if connection.dialect.paramstyle == 'qmark' else '%s'
    statement = 'INSERT INTO %s (%s) VALUES (%s)%s' % (
        table.name, column_list, ', '.join([marker] * len(columns)), suffix)
    for chunk in utils.chunks(rows, ROWS_PER_STATEMENT):
        connection.exec_driver_sql(statement, chunk)


# The column order of each (table, columns) in the JSON documents.
_DOCUMENT_ORDERS = {}
# Rows of the first batch of a table whose values size its columns.
ORDER_SAMPLE_ROWS = 20


def _json_width(value):
    """About how many characters ``value`` takes in a JSON document."""
    if value is None or isinstance(value, bool):
        return 5
    if isinstance(value, str):
        return len(value) + 2
    if isinstance(value, datetime.datetime):
        return 28
    return len(str(value))


def document_order(table, rows):
    """Return the columns of ``rows`` (dicts) in the order to send them.

    Narrow values first: the servers find each column of a JSON row by
    reading through the ones before it (MariaDB's JSON_TABLE paths,
    PostgreSQL's ``->>`` on json), so a row costs less to read when its
    long texts come last. Measured on MariaDB with the tracking tables,
    that order saves about 5% of the server's CPU. The order is worked
    out once per table and set of columns, from the values of the first
    rows given; any order is correct.
    """
    key = (table.name, tuple(rows[0]))
    try:
        return _DOCUMENT_ORDERS[key]
    except KeyError:
        pass
    sample = rows[:ORDER_SAMPLE_ROWS]
    width = {column: sum(_json_width(row[column]) for row in sample)
             for column in key[1]}
    order = _DOCUMENT_ORDERS[key] = sorted(key[1], key=width.__getitem__)
    return order


def insert_json(connection, table, columns, rows, suffix=''):
    """Insert ``rows`` with one JSON document per statement, if possible.

    ``suffix`` ends each statement (an ON DUPLICATE KEY UPDATE or ON
    CONFLICT clause, say). Returns False, having done nothing, when the
    server or a column type does not allow it.
    """
    plan = _json_plan(connection.dialect, table, tuple(columns))
    if plan is None:
        return False
    bind = _json_binder(connection)
    for document in _json_documents(rows):
        connection.exec_driver_sql(plan + suffix, (bind(document),))
    return True


class JsonText(object):
    """A JSON document bound as a PyMySQL parameter.

    PyMySQL escapes a string parameter character by character
    (``str.translate``), about 20 ns of CPU a character: 4 ms for the
    200 KB document of a batch's text traits. The JSON text of
    :func:`_json_document` holds no control characters (it writes them
    as ``\\uXXXX``), so only quotes and backslashes need escaping, which
    ``str.replace`` does in a hundredth of that time. See
    :func:`_mysql_literal`.
    """

    __slots__ = ('text',)

    def __init__(self, text):
        """Hold ``text``, a document written by :func:`_json_document`."""
        self.text = text


def _mysql_literal(dbapi_connection):
    """Return the PyMySQL encoder of :class:`JsonText` for a connection.

    It writes the quoted literal as PyMySQL would, for the connection's
    current mode (with or without NO_BACKSLASH_ESCAPES).
    """
    from pymysql.constants import SERVER_STATUS

    no_backslash = SERVER_STATUS.SERVER_STATUS_NO_BACKSLASH_ESCAPES

    def literal(document, mapping=None):
        text = document.text
        if dbapi_connection.server_status & no_backslash:
            return "'" + text.replace("'", "''") + "'"
        return ("'" + text.replace('\\', '\\\\').replace("'", "\\'")
                + "'")

    return literal


def _json_binder(connection):
    """Return how to bind a JSON document on this connection."""
    if connection.dialect.driver != 'pymysql':
        return _same
    dbapi_connection = connection.connection.dbapi_connection
    encoders = dbapi_connection.encoders
    if JsonText not in encoders:
        encoders[JsonText] = _mysql_literal(dbapi_connection)
    return JsonText


def _same(value):
    return value


# The JSON insert of each (dialect, server version, table, columns), or
# None where there is none: rendering it costs more than the insert of
# a small batch.
_JSON_PLANS = {}


def _json_plan(dialect, table, columns):
    key = (dialect.name, dialect.server_version_info, table.name, columns)
    try:
        return _JSON_PLANS[key]
    except KeyError:
        pass
    plan = None
    if dialect.name == 'postgresql':
        plan = _postgresql_json_insert(dialect, table, columns)
    elif dialect.name == 'mysql' and _has_json_table(dialect):
        plan = _mysql_json_insert(dialect, table, columns)
    _JSON_PLANS[key] = plan
    return plan


def _has_json_table(dialect):
    version = dialect.server_version_info or ()
    if getattr(dialect, 'is_mariadb', False):
        return version >= (10, 6)
    return version >= (8, 0, 4)


# The column types JSON can carry as this module writes them.
_JSON_TYPES = (sa_types.Integer, sa_types.String, sa_types.Float,
               sa_types.DateTime, sa_types.Boolean)


def _column_types(dialect, table, columns):
    """Return the dialect's type of each column, or None if JSON cannot."""
    column_types = [table.c[name].type.dialect_impl(dialect)
                    for name in columns]
    if all(isinstance(column_type, _JSON_TYPES)
           for column_type in column_types):
        return column_types
    return None


def _mysql_json_insert(dialect, table, columns):
    """Return the JSON_TABLE insert of these columns, or None."""
    column_types = _column_types(dialect, table, columns)
    if column_types is None:
        return None
    definitions = []
    for index, column_type in enumerate(column_types):
        sql_type = column_type.compile(dialect=dialect)
        if isinstance(column_type, sa_types.String):
            # The document is utf8mb4; keep every character and the
            # column's collation.
            sql_type = sql_type.replace(
                ' COLLATE', ' CHARACTER SET utf8mb4 COLLATE', 1)
            if 'CHARACTER SET' not in sql_type:
                sql_type += ' CHARACTER SET utf8mb4'
        definitions.append("c%d %s PATH '$[%d]'" % (index, sql_type, index))
    selected = ', '.join('c%d' % index for index in range(len(columns)))
    return ("INSERT INTO %s (%s) SELECT %s FROM JSON_TABLE(%%s, '$[*]' "
            "COLUMNS (%s)) AS bulk_rows"
            % (table.name, ', '.join(columns), selected,
               ', '.join(definitions)))


def _json_default(value):
    """Write what JSON has no type for: datetimes, as MySQL reads them."""
    if isinstance(value, datetime.datetime):
        return value.isoformat(' ')
    raise TypeError('%r cannot be written to JSON' % (value,))


def _json_document(rows):
    """Return the JSON array of ``rows`` as text.

    orjson writes it several times faster than the standard library, and
    the same way, but for datetimes (``T`` between date and time, which
    both servers read as well) and what it refuses (integers beyond 64
    bits, say), which the standard library writes instead.
    """
    try:
        return orjson.dumps(rows, default=_json_default).decode('utf-8')
    except TypeError:
        return json.dumps(rows, ensure_ascii=False, separators=(',', ':'),
                          default=_json_default)


def _json_documents(rows):
    """Yield JSON arrays of rows, each below the document size limit."""
    for chunk in utils.chunks(rows, ROWS_PER_STATEMENT * 5):
        document = _json_document(chunk)
        if len(document) <= JSON_DOCUMENT_LIMIT or len(chunk) == 1:
            yield document
        else:
            half = len(chunk) // 2
            yield from _json_documents(chunk[:half])
            yield from _json_documents(chunk[half:])


def _postgresql_json_insert(dialect, table, columns):
    """Return the json_array_elements insert of these columns, or None."""
    column_types = _column_types(dialect, table, columns)
    if column_types is None:
        return None
    casts = []
    for index, column_type in enumerate(column_types):
        if isinstance(column_type, sa_types.String):
            casts.append("e->>%d" % index)
        else:
            casts.append("(e->>%d)::%s" % (
                index, column_type.compile(dialect=dialect)))
    return ('INSERT INTO %s (%s) SELECT %s FROM '
            'json_array_elements(%%s::json) AS e'
            % (table.name, ', '.join(columns), ', '.join(casts)))


def _bind_for_sqlite(dialect, table, columns, rows):
    """Convert values as SQLAlchemy's types do on SQLite.

    SQLite stores datetimes as text, which compares correctly only in the
    one format SQLAlchemy writes (always with microseconds).
    """
    processors = []
    for name in columns:
        column_type = table.c[name].type.dialect_impl(dialect)
        processors.append(column_type.bind_processor(dialect))
    if not any(processors):
        return rows
    return [tuple(process(value) if process else value
                  for process, value in zip(processors, row))
            for row in rows]


def _insert_postgresql(connection, statement, rows):
    """psycopg2's execute_values, its errors turned into oslo.db's."""
    # psycopg2 is imported only where PostgreSQL is used.
    import psycopg2
    from psycopg2 import errors
    from psycopg2 import extras

    cursor = connection.connection.dbapi_connection.cursor()
    try:
        extras.execute_values(cursor, statement, rows,
                              page_size=ROWS_PER_STATEMENT)
    except (psycopg2.OperationalError, psycopg2.InterfaceError) as error:
        if isinstance(error, errors.DeadlockDetected):
            raise db_exc.DBDeadlock(error)
        raise db_exc.DBConnectionError(error)
    except psycopg2.IntegrityError as error:
        if error.pgcode == '23505':  # unique_violation
            raise db_exc.DBDuplicateEntry(inner_exception=error)
        raise db_exc.DBError(error)
    except psycopg2.Error as error:
        raise db_exc.DBError(error)
    finally:
        cursor.close()
