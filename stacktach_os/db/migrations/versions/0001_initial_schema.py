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

"""Initial schema: the archive, events and typed traits.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import mysql

# revision identifiers, used by Alembic.
revision = '0001'
down_revision = None
branch_labels = None
depends_on = None

# The column types as they were when this revision was written.
_MYSQL = ('mysql', 'mariadb')
ID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')
DATETIME = sa.DateTime().with_variant(mysql.DATETIME(fsp=6), *_MYSQL)
BLOB = sa.LargeBinary().with_variant(mysql.LONGBLOB(), *_MYSQL)
LONGTEXT = sa.Text().with_variant(
    mysql.LONGTEXT(collation='utf8mb4_bin'), *_MYSQL)
KEY = sa.String(255).with_variant(
    mysql.VARCHAR(255, collation='utf8mb4_bin'), *_MYSQL)
DOUBLE = sa.Float(precision=53).with_variant(
    mysql.DOUBLE(asdecimal=False), *_MYSQL)
NAME = sa.String(255)
TABLE_ARGS = {'mysql_engine': 'InnoDB', 'mysql_charset': 'utf8mb4'}


def _create_trait_table(name, value_columns):
    op.create_table(
        name,
        sa.Column('event_id', ID, nullable=False),
        sa.Column('name', NAME, nullable=False),
        *value_columns,
        sa.PrimaryKeyConstraint('event_id', 'name'),
        **TABLE_ARGS)


def upgrade():
    op.create_table(
        'raw_notifications',
        sa.Column('id', ID, autoincrement=True, nullable=False),
        sa.Column('message_id', NAME, nullable=False),
        sa.Column('deployment', NAME, nullable=False),
        sa.Column('event_type', NAME, nullable=True),
        sa.Column('publisher_id', NAME, nullable=True),
        sa.Column('host', NAME, nullable=True),
        sa.Column('priority', sa.String(16), nullable=True),
        sa.Column('generated', DATETIME, nullable=True),
        sa.Column('received', DATETIME, nullable=False),
        sa.Column('request_id', NAME, nullable=True),
        sa.Column('global_request_id', NAME, nullable=True),
        sa.Column('project_id', NAME, nullable=True),
        sa.Column('resource_id', NAME, nullable=True),
        sa.Column('body', BLOB, nullable=False),
        sa.Column('malformed', sa.Boolean(), nullable=False),
        sa.Column('error', LONGTEXT, nullable=True),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('message_id'),
        **TABLE_ARGS)
    op.create_index('ix_raw_notifications_generated', 'raw_notifications',
                    ['generated'])
    op.create_index('ix_raw_notifications_malformed', 'raw_notifications',
                    ['malformed', 'received'])
    op.create_index('ix_raw_notifications_request_id', 'raw_notifications',
                    ['request_id'])
    op.create_index('ix_raw_notifications_resource_generated',
                    'raw_notifications', ['resource_id', 'generated'])

    op.create_table(
        'events',
        sa.Column('id', ID, autoincrement=True, nullable=False),
        sa.Column('message_id', NAME, nullable=False),
        sa.Column('event_type', NAME, nullable=False),
        sa.Column('generated', DATETIME, nullable=False),
        sa.Column('deployment', NAME, nullable=False),
        sa.Column('project_id', NAME, nullable=True),
        sa.Column('resource_id', NAME, nullable=True),
        sa.Column('request_id', NAME, nullable=True),
        sa.Column('host', NAME, nullable=True),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('message_id'),
        **TABLE_ARGS)
    op.create_index('ix_events_deployment_generated', 'events',
                    ['deployment', 'generated'])
    op.create_index('ix_events_generated', 'events', ['generated'])
    op.create_index('ix_events_project_generated', 'events',
                    ['project_id', 'generated'])
    op.create_index('ix_events_request_id', 'events', ['request_id'])
    op.create_index('ix_events_resource_generated', 'events',
                    ['resource_id', 'generated'])
    op.create_index('ix_events_type_generated', 'events',
                    ['event_type', 'generated'])

    _create_trait_table('trait_text', [
        sa.Column('value', LONGTEXT, nullable=False),
        sa.Column('value_key', KEY, nullable=False)])
    _create_trait_table('trait_int', [
        sa.Column('value', sa.BigInteger(), nullable=False)])
    _create_trait_table('trait_float', [
        sa.Column('value', DOUBLE, nullable=False)])
    _create_trait_table('trait_datetime', [
        sa.Column('value', DATETIME, nullable=False)])
    op.create_index('ix_trait_text_name_value', 'trait_text',
                    ['name', 'value_key'])
    op.create_index('ix_trait_int_name_value', 'trait_int', ['name', 'value'])
    op.create_index('ix_trait_float_name_value', 'trait_float',
                    ['name', 'value'])
    op.create_index('ix_trait_datetime_name_value', 'trait_datetime',
                    ['name', 'value'])
