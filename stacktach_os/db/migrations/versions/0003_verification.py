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

"""Verification: the verifier's claims, verdicts and outbox.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import mysql

# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

# The column types as they were when this revision was written.
_MYSQL = ('mysql', 'mariadb')
ID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')
DATETIME = sa.DateTime().with_variant(mysql.DATETIME(fsp=6), *_MYSQL)
LONGTEXT = sa.Text().with_variant(
    mysql.LONGTEXT(collation='utf8mb4_bin'), *_MYSQL)
KEY = sa.String(255).with_variant(
    mysql.VARCHAR(255, collation='utf8mb4_bin'), *_MYSQL)
NAME = sa.String(255)
WORD = sa.String(16)
CODE = sa.String(64)
TABLE_ARGS = {'mysql_engine': 'InnoDB', 'mysql_charset': 'utf8mb4'}


def upgrade():
    op.create_table(
        'verifications',
        sa.Column('id', ID, autoincrement=True, nullable=False),
        sa.Column('resource_type', WORD, nullable=False),
        sa.Column('exists_id', sa.BigInteger(), nullable=False),
        sa.Column('message_id', KEY, nullable=False),
        sa.Column('resource_id', KEY, nullable=False),
        sa.Column('deployment', NAME, nullable=False),
        sa.Column('project_id', NAME),
        sa.Column('audit_period_beginning', DATETIME),
        sa.Column('audit_period_ending', DATETIME),
        sa.Column('status', WORD, nullable=False),
        sa.Column('code', CODE),
        sa.Column('reason', LONGTEXT),
        sa.Column('claimed_by', NAME, nullable=False),
        sa.Column('claimed_at', DATETIME, nullable=False),
        sa.Column('verified_at', DATETIME),
        sa.Column('event_type', NAME),
        sa.Column('emitted', sa.Boolean(), nullable=False),
        sa.Column('emitted_at', DATETIME),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint(
            'resource_type', 'exists_id',
            name='uniq_verifications0resource_type0exists_id'),
        **TABLE_ARGS)
    for name, columns in (
            ('ix_verifications_status_claimed', ['status', 'claimed_at']),
            ('ix_verifications_emitted_verified', ['emitted',
                                                   'verified_at']),
            ('ix_verifications_ending', ['audit_period_ending']),
            ('ix_verifications_project_ending', ['project_id',
                                                 'audit_period_ending']),
            ('ix_verifications_resource_id', ['resource_id'])):
        op.create_index(name, 'verifications', columns)
