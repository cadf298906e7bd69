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
driver's own bulk path: one multi-row INSERT per chunk on MySQL (PyMySQL
rewrites an executemany INSERT into one), ``execute_values`` on
PostgreSQL (psycopg2 renders the rows in C), and sqlite3's C executemany.
Values are always passed as parameters, never formatted into SQL here.
"""

from oslo_db import exception as db_exc

from stacktach_os.db import utils

# Rows per statement: large enough to amortise the round trip, small
# enough to stay far below MySQL's max_allowed_packet with long texts.
ROWS_PER_STATEMENT = 1000


def insert_rows(session, table, columns, rows):
    """Insert ``rows`` (tuples in the order of ``columns``) into ``table``.

    Runs in the session's transaction; errors surface as SQLAlchemy
    (and oslo.db) exceptions, as any other statement's do.
    """
    if not rows:
        return
    connection = session.connection()
    dialect = connection.dialect.name
    column_list = ', '.join(table.c[name].name for name in columns)
    if dialect == 'postgresql':
        _insert_postgresql(connection, table.name, column_list, rows)
        return
    if dialect == 'sqlite':
        rows = _bind_for_sqlite(connection.dialect, table, columns, rows)
    marker = '?' if connection.dialect.paramstyle == 'qmark' else '%s'
    statement = 'INSERT INTO %s (%s) VALUES (%s)' % (
        table.name, column_list, ', '.join([marker] * len(columns)))
    for chunk in utils.chunks(rows, ROWS_PER_STATEMENT):
        connection.exec_driver_sql(statement, chunk)


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


def _insert_postgresql(connection, table_name, column_list, rows):
    # psycopg2 is imported only where PostgreSQL is used.
    import psycopg2
    from psycopg2 import extras

    statement = 'INSERT INTO %s (%s) VALUES %%s' % (table_name, column_list)
    cursor = connection.connection.dbapi_connection.cursor()
    try:
        extras.execute_values(cursor, statement, rows,
                              page_size=ROWS_PER_STATEMENT)
    except (psycopg2.OperationalError, psycopg2.InterfaceError) as error:
        raise db_exc.DBConnectionError(error)
    except psycopg2.IntegrityError as error:
        if error.pgcode == '23505':  # unique_violation
            raise db_exc.DBDuplicateEntry(inner_exception=error)
        raise db_exc.DBError(error)
    except psycopg2.Error as error:
        raise db_exc.DBError(error)
    finally:
        cursor.close()
