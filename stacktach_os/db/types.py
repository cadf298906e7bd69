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
"""Column types that behave the same on SQLite, MySQL and PostgreSQL."""

from sqlalchemy.dialects import mysql
from sqlalchemy import types

# DATETIME keeps microseconds on PostgreSQL and SQLite; MySQL needs fsp=6.
PreciseDateTime = types.DateTime().with_variant(
    mysql.DATETIME(fsp=6), 'mysql', 'mariadb')

# BLOB on MySQL holds 64 KiB; a compressed notification may be larger.
LargeBlob = types.LargeBinary().with_variant(
    mysql.LONGBLOB(), 'mysql', 'mariadb')

# TEXT on MySQL holds 64 KiB; a text trait may be any length. Binary
# collation on MySQL so that comparisons are exact, as on PostgreSQL.
LongText = types.Text().with_variant(
    mysql.LONGTEXT(collation='utf8mb4_bin'), 'mysql', 'mariadb')


def ExactString(length):
    """A VARCHAR compared exactly (case and trailing spaces) everywhere."""
    return types.String(length).with_variant(
        mysql.VARCHAR(length, collation='utf8mb4_bin'), 'mysql', 'mariadb')


# A float that round-trips a Python float exactly (DOUBLE PRECISION).
Double = types.Float(precision=53).with_variant(
    mysql.DOUBLE(asdecimal=False), 'mysql', 'mariadb')

# Identifiers: UUIDs, request ids, project ids, message ids.
IDENTIFIER_LENGTH = 255
NAME_LENGTH = 255

BigInteger = types.BigInteger

# An auto-incrementing 64-bit primary key. SQLite only auto-increments an
# INTEGER PRIMARY KEY, so the type is INTEGER there.
BigIntegerId = types.BigInteger().with_variant(types.Integer(), 'sqlite')
