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

"""Tracking: instance lifecycle, timings, requests and usage.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import mysql

# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
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
SLOT = sa.String(64).with_variant(
    mysql.VARCHAR(64, collation='utf8mb4_bin'), *_MYSQL)
DOUBLE = sa.Float(precision=53).with_variant(
    mysql.DOUBLE(asdecimal=False), *_MYSQL)
NAME = sa.String(255)
WORD = sa.String(16)
TABLE_ARGS = {'mysql_engine': 'InnoDB', 'mysql_charset': 'utf8mb4'}


def _id():
    return sa.Column('id', ID, autoincrement=True, nullable=False)


def _column(name, type_, nullable=True):
    return sa.Column(name, type_, nullable=nullable)


def _verification_columns():
    return [_column('status', WORD, nullable=False),
            _column('reason', LONGTEXT),
            _column('verified_at', DATETIME)]


def _index(table, name, *columns):
    op.create_index(name, table, list(columns))


def _lifecycle():
    op.create_table(
        'instance_transitions',
        _id(),
        _column('message_id', KEY, nullable=False),
        _column('instance_id', KEY, nullable=False),
        _column('deployment', NAME, nullable=False),
        _column('project_id', NAME),
        _column('generated', DATETIME, nullable=False),
        _column('event_type', NAME, nullable=False),
        _column('request_id', NAME),
        _column('host', NAME),
        _column('reported_old', sa.Boolean(), nullable=False),
        _column('old_state', NAME),
        _column('state', NAME),
        _column('old_task_state', NAME),
        _column('task_state', NAME),
        sa.PrimaryKeyConstraint('id'),
        **TABLE_ARGS)
    _index('instance_transitions',
           'ix_instance_transitions_instance_generated',
           'instance_id', 'generated')

    op.create_table(
        'instance_states',
        _id(),
        _column('instance_id', KEY, nullable=False),
        _column('deployment', NAME, nullable=False),
        _column('project_id', NAME),
        _column('state', NAME),
        _column('task_state', NAME),
        _column('host', NAME),
        _column('last_generated', DATETIME, nullable=False),
        _column('last_message_id', KEY, nullable=False),
        _column('last_event_type', NAME, nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('instance_id',
                            name='uniq_instance_states0instance_id'),
        **TABLE_ARGS)
    _index('instance_states', 'ix_instance_states_project_generated',
           'project_id', 'last_generated')
    _index('instance_states', 'ix_instance_states_state',
           'state', 'last_generated')


def _timings():
    op.create_table(
        'timings',
        _id(),
        _column('slot', SLOT, nullable=False),
        _column('seq', sa.Integer(), nullable=False),
        _column('instance_id', KEY, nullable=False),
        _column('operation', NAME, nullable=False),
        _column('deployment', NAME, nullable=False),
        _column('project_id', NAME),
        _column('request_id', KEY),
        _column('host', NAME),
        _column('end_host', NAME),
        _column('generated', DATETIME, nullable=False),
        _column('start_message_id', KEY),
        _column('start_generated', DATETIME),
        _column('end_message_id', KEY),
        _column('end_generated', DATETIME),
        _column('duration', DOUBLE),
        _column('outcome', WORD, nullable=False),
        _column('error_message', LONGTEXT),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('slot', 'seq', name='uniq_timings0slot0seq'),
        **TABLE_ARGS)
    _index('timings', 'ix_timings_instance_generated',
           'instance_id', 'generated')
    _index('timings', 'ix_timings_request_id', 'request_id')
    _index('timings', 'ix_timings_project_generated',
           'project_id', 'generated')
    _index('timings', 'ix_timings_operation_generated',
           'operation', 'generated')
    _index('timings', 'ix_timings_generated', 'generated')


def _requests():
    op.create_table(
        'requests',
        _id(),
        _column('request_id', KEY, nullable=False),
        _column('global_request_id', KEY),
        _column('deployment', NAME, nullable=False),
        _column('project_id', NAME),
        _column('first_generated', DATETIME, nullable=False),
        _column('first_event_type', NAME),
        _column('last_generated', DATETIME, nullable=False),
        _column('api_generated', DATETIME),
        _column('end_generated', DATETIME),
        _column('end_event_type', NAME),
        _column('duration', DOUBLE),
        _column('kpi', DOUBLE),
        _column('outcome', WORD, nullable=False),
        _column('notification_count', sa.Integer(), nullable=False),
        _column('error_count', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('request_id', name='uniq_requests0request_id'),
        **TABLE_ARGS)
    _index('requests', 'ix_requests_global_request_id', 'global_request_id')
    _index('requests', 'ix_requests_project_generated',
           'project_id', 'first_generated')
    _index('requests', 'ix_requests_generated', 'first_generated')


def _instance_usage():
    op.create_table(
        'instance_launches',
        _id(),
        _column('instance_id', KEY, nullable=False),
        _column('launched_at', DATETIME, nullable=False),
        _column('deployment', NAME, nullable=False),
        _column('project_id', NAME),
        _column('flavor_id', NAME),
        _column('flavor_name', NAME),
        _column('image_id', NAME),
        _column('os_architecture', NAME),
        _column('os_distro', NAME),
        _column('os_version', NAME),
        _column('request_id', KEY),
        _column('message_id', KEY, nullable=False),
        _column('event_type', NAME, nullable=False),
        _column('generated', DATETIME, nullable=False),
        _column('rank', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint(
            'instance_id', 'launched_at',
            name='uniq_instance_launches0instance_id0launched_at'),
        **TABLE_ARGS)
    _index('instance_launches', 'ix_instance_launches_project_launched',
           'project_id', 'launched_at')
    _index('instance_launches', 'ix_instance_launches_launched',
           'launched_at')

    op.create_table(
        'instance_deletes',
        _id(),
        _column('message_id', KEY, nullable=False),
        _column('instance_id', KEY, nullable=False),
        _column('deployment', NAME, nullable=False),
        _column('project_id', NAME),
        _column('launched_at', DATETIME),
        _column('deleted_at', DATETIME, nullable=False),
        _column('request_id', KEY),
        _column('generated', DATETIME, nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('message_id',
                            name='uniq_instance_deletes0message_id'),
        **TABLE_ARGS)
    _index('instance_deletes', 'ix_instance_deletes_instance_launched',
           'instance_id', 'launched_at')
    _index('instance_deletes', 'ix_instance_deletes_project_deleted',
           'project_id', 'deleted_at')
    _index('instance_deletes', 'ix_instance_deletes_deleted', 'deleted_at')

    op.create_table(
        'instance_exists',
        _id(),
        _column('message_id', KEY, nullable=False),
        _column('instance_id', KEY, nullable=False),
        _column('deployment', NAME, nullable=False),
        _column('project_id', NAME),
        _column('request_id', KEY),
        _column('generated', DATETIME, nullable=False),
        _column('audit_period_beginning', DATETIME),
        _column('audit_period_ending', DATETIME),
        _column('launched_at', DATETIME),
        _column('deleted_at', DATETIME),
        _column('state', NAME),
        _column('flavor_id', NAME),
        _column('flavor_name', NAME),
        _column('image_id', NAME),
        _column('os_architecture', NAME),
        _column('os_distro', NAME),
        _column('os_version', NAME),
        _column('bandwidth_in', sa.BigInteger()),
        _column('bandwidth_out', sa.BigInteger()),
        _column('launch_id', ID),
        _column('delete_id', ID),
        *_verification_columns(),
        sa.ForeignKeyConstraint(['launch_id'], ['instance_launches.id'],
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['delete_id'], ['instance_deletes.id'],
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('message_id',
                            name='uniq_instance_exists0message_id'),
        **TABLE_ARGS)
    _index('instance_exists', 'ix_instance_exists_instance_launched',
           'instance_id', 'launched_at')
    _index('instance_exists', 'ix_instance_exists_status_ending',
           'status', 'audit_period_ending')
    _index('instance_exists', 'ix_instance_exists_project_ending',
           'project_id', 'audit_period_ending')
    _index('instance_exists', 'ix_instance_exists_launch_id', 'launch_id')
    _index('instance_exists', 'ix_instance_exists_delete_id', 'delete_id')


def _image_usage():
    op.create_table(
        'image_usage',
        _id(),
        _column('image_id', KEY, nullable=False),
        _column('deployment', NAME, nullable=False),
        _column('project_id', NAME),
        _column('size', sa.BigInteger()),
        _column('status', NAME),
        _column('created_at', DATETIME),
        _column('message_id', KEY, nullable=False),
        _column('event_type', NAME, nullable=False),
        _column('generated', DATETIME, nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('image_id', name='uniq_image_usage0image_id'),
        **TABLE_ARGS)
    _index('image_usage', 'ix_image_usage_project_created',
           'project_id', 'created_at')
    _index('image_usage', 'ix_image_usage_created', 'created_at')

    op.create_table(
        'image_deletes',
        _id(),
        _column('image_id', KEY, nullable=False),
        _column('deployment', NAME, nullable=False),
        _column('project_id', NAME),
        _column('deleted_at', DATETIME, nullable=False),
        _column('message_id', KEY, nullable=False),
        _column('generated', DATETIME, nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('image_id', name='uniq_image_deletes0image_id'),
        **TABLE_ARGS)
    _index('image_deletes', 'ix_image_deletes_project_deleted',
           'project_id', 'deleted_at')
    _index('image_deletes', 'ix_image_deletes_deleted', 'deleted_at')

    op.create_table(
        'image_exists',
        _id(),
        _column('message_id', KEY, nullable=False),
        _column('image_id', KEY, nullable=False),
        _column('deployment', NAME, nullable=False),
        _column('project_id', NAME),
        _column('generated', DATETIME, nullable=False),
        _column('audit_period_beginning', DATETIME),
        _column('audit_period_ending', DATETIME),
        _column('size', sa.BigInteger()),
        _column('created_at', DATETIME),
        _column('deleted_at', DATETIME),
        _column('usage_id', ID),
        _column('delete_id', ID),
        *_verification_columns(),
        sa.ForeignKeyConstraint(['usage_id'], ['image_usage.id'],
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['delete_id'], ['image_deletes.id'],
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('message_id', 'image_id',
                            name='uniq_image_exists0message_id0image_id'),
        **TABLE_ARGS)
    _index('image_exists', 'ix_image_exists_image_id', 'image_id')
    _index('image_exists', 'ix_image_exists_status_ending',
           'status', 'audit_period_ending')
    _index('image_exists', 'ix_image_exists_project_ending',
           'project_id', 'audit_period_ending')
    _index('image_exists', 'ix_image_exists_usage_id', 'usage_id')
    _index('image_exists', 'ix_image_exists_delete_id', 'delete_id')


def _volume_usage():
    op.create_table(
        'volume_usage',
        _id(),
        _column('volume_id', KEY, nullable=False),
        _column('deployment', NAME, nullable=False),
        _column('project_id', NAME),
        _column('size', sa.BigInteger()),
        _column('volume_type', NAME),
        _column('created_at', DATETIME),
        _column('launched_at', DATETIME),
        _column('message_id', KEY, nullable=False),
        _column('generated', DATETIME, nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('volume_id', name='uniq_volume_usage0volume_id'),
        **TABLE_ARGS)
    _index('volume_usage', 'ix_volume_usage_project_created',
           'project_id', 'created_at')
    _index('volume_usage', 'ix_volume_usage_created', 'created_at')

    op.create_table(
        'volume_deletes',
        _id(),
        _column('volume_id', KEY, nullable=False),
        _column('deployment', NAME, nullable=False),
        _column('project_id', NAME),
        _column('deleted_at', DATETIME, nullable=False),
        _column('message_id', KEY, nullable=False),
        _column('generated', DATETIME, nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('volume_id',
                            name='uniq_volume_deletes0volume_id'),
        **TABLE_ARGS)
    _index('volume_deletes', 'ix_volume_deletes_project_deleted',
           'project_id', 'deleted_at')
    _index('volume_deletes', 'ix_volume_deletes_deleted', 'deleted_at')

    op.create_table(
        'volume_exists',
        _id(),
        _column('message_id', KEY, nullable=False),
        _column('volume_id', KEY, nullable=False),
        _column('deployment', NAME, nullable=False),
        _column('project_id', NAME),
        _column('generated', DATETIME, nullable=False),
        _column('audit_period_beginning', DATETIME),
        _column('audit_period_ending', DATETIME),
        _column('size', sa.BigInteger()),
        _column('volume_type', NAME),
        _column('created_at', DATETIME),
        _column('launched_at', DATETIME),
        _column('deleted_at', DATETIME),
        _column('usage_id', ID),
        _column('delete_id', ID),
        *_verification_columns(),
        sa.ForeignKeyConstraint(['usage_id'], ['volume_usage.id'],
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['delete_id'], ['volume_deletes.id'],
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('message_id',
                            name='uniq_volume_exists0message_id'),
        **TABLE_ARGS)
    _index('volume_exists', 'ix_volume_exists_volume_id', 'volume_id')
    _index('volume_exists', 'ix_volume_exists_status_ending',
           'status', 'audit_period_ending')
    _index('volume_exists', 'ix_volume_exists_project_ending',
           'project_id', 'audit_period_ending')
    _index('volume_exists', 'ix_volume_exists_usage_id', 'usage_id')
    _index('volume_exists', 'ix_volume_exists_delete_id', 'delete_id')


def upgrade():
    _lifecycle()
    _timings()
    _requests()
    _instance_usage()
    _image_usage()
    _volume_usage()
