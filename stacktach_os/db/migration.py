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
"""Schema migrations: alembic, driven from Python.

``stacktach-os-dbsync`` and the tests use these functions; the schema is
never created any other way.
"""

import os

from alembic import command as alembic_command
from alembic import config as alembic_config
from alembic import migration as alembic_migration
from alembic import script as alembic_script

MIGRATIONS_DIR = os.path.join(os.path.dirname(__file__), 'migrations')


def alembic_cfg(connection=None):
    """Return an alembic Config for our migrations.

    ``connection`` is an open SQLAlchemy connection that env.py uses
    instead of creating its own engine.
    """
    cfg = alembic_config.Config()
    cfg.set_main_option('script_location', MIGRATIONS_DIR)
    cfg.attributes['connection'] = connection
    return cfg


def upgrade(store, revision='head'):
    """Upgrade the store's schema to ``revision``."""
    with store.engine.begin() as connection:
        alembic_command.upgrade(alembic_cfg(connection), revision)


def current_revision(store):
    """Return the revision the store's schema is at, or None."""
    with store.engine.connect() as connection:
        context = alembic_migration.MigrationContext.configure(connection)
        return context.get_current_revision()


def head_revision():
    """Return the newest revision of the migrations."""
    return alembic_script.ScriptDirectory.from_config(
        alembic_cfg()).get_current_head()


def history():
    """Return the revisions, newest first, as (revision, message) pairs."""
    scripts = alembic_script.ScriptDirectory.from_config(alembic_cfg())
    return [(rev.revision, rev.doc) for rev in scripts.walk_revisions()]


def is_current(store):
    """Return True when the store's schema is at the newest revision."""
    return current_revision(store) == head_revision()
