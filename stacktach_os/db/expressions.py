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
"""SQL expressions that each backend writes its own way."""

from sqlalchemy.ext import compiler
from sqlalchemy.sql import expression

from stacktach_os.db import types as db_types


class seconds_between(expression.FunctionElement):
    """The seconds from the first datetime to the second, as a float.

    Microseconds are kept on PostgreSQL and MySQL; SQLite's date
    functions count milliseconds.
    """

    type = db_types.Double
    name = 'seconds_between'
    inherit_cache = True


@compiler.compiles(seconds_between)
def _seconds_sqlite(element, sql_compiler, **kw):
    start, end = [sql_compiler.process(clause, **kw)
                  for clause in element.clauses]
    return '((julianday(%s) - julianday(%s)) * 86400.0)' % (end, start)


@compiler.compiles(seconds_between, 'postgresql')
def _seconds_postgresql(element, sql_compiler, **kw):
    start, end = [sql_compiler.process(clause, **kw)
                  for clause in element.clauses]
    return 'EXTRACT(EPOCH FROM (%s - %s))' % (end, start)


@compiler.compiles(seconds_between, 'mysql')
@compiler.compiles(seconds_between, 'mariadb')
def _seconds_mysql(element, sql_compiler, **kw):
    start, end = [sql_compiler.process(clause, **kw)
                  for clause in element.clauses]
    return '(TIMESTAMPDIFF(MICROSECOND, %s, %s) / 1000000.0)' % (start, end)
