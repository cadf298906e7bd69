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

"""Exists: their references are worked out when read, not stored.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28
"""

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

# The reference columns of each exists table, as revision 0002 made them.
_REFERENCES = {
    'instance_exists': ('launch_id', 'delete_id'),
    'image_exists': ('usage_id', 'delete_id'),
    'volume_exists': ('usage_id', 'delete_id'),
}


def upgrade():
    """Drop the exists' reference columns, their foreign keys and indexes.

    Revision 0002 left the foreign keys unnamed, so their names are read
    from the database (MySQL's ``<table>_ibfk_<n>``, PostgreSQL's
    ``<table>_<column>_fkey``); SQLite's batch mode rebuilds the table
    without them.
    """
    inspector = sa.inspect(op.get_bind())
    for table, columns in sorted(_REFERENCES.items()):
        foreign_keys = [
            foreign_key['name']
            for foreign_key in inspector.get_foreign_keys(table)
            if foreign_key['name']
            and set(foreign_key['constrained_columns']) <= set(columns)]
        with op.batch_alter_table(table) as batch:
            for name in foreign_keys:
                batch.drop_constraint(name, type_='foreignkey')
            for column in columns:
                batch.drop_index('ix_%s_%s' % (table, column))
                batch.drop_column(column)
