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
"""Every migration runs on each database, and ends where the models are."""

from oslo_db.sqlalchemy import test_migrations
import pytest
import sqlalchemy
import testtools

from stacktach_os.db import api as db_api
from stacktach_os.db import migration
from stacktach_os.db import models
from tests.functional import database


class _ModelsMigrationsSync(test_migrations.ModelsMigrationsSync):
    """oslo.db's models-versus-migrations comparison, on one backend."""

    BACKEND = None

    def setUp(self):
        super().setUp()
        context = database.throwaway_url(self.BACKEND)
        self.store = db_api.Store(context.__enter__())
        self.addCleanup(context.__exit__, None, None, None)
        self.addCleanup(self.store.dispose)

    def get_engine(self):
        return self.store.engine

    def get_metadata(self):
        return models.Base.metadata

    def db_sync(self, engine):
        migration.upgrade(self.store)


class TestModelsSyncSQLite(_ModelsMigrationsSync, testtools.TestCase):
    BACKEND = 'sqlite'


class TestModelsSyncMySQL(_ModelsMigrationsSync, testtools.TestCase):
    BACKEND = 'mysql'


class TestModelsSyncPostgreSQL(_ModelsMigrationsSync, testtools.TestCase):
    BACKEND = 'postgresql'


@pytest.mark.parametrize('backend', database.BACKENDS)
def test_each_revision_upgrades_in_turn(backend):
    """Walk the revisions one at a time, oldest first, checking each."""
    revisions = [rev for rev, _doc in reversed(migration.history())]
    with database.throwaway_url(backend) as url:
        store = db_api.Store(url)
        try:
            assert not migration.is_current(store)
            for revision in revisions:
                migration.upgrade(store, revision)
                assert migration.current_revision(store) == revision
            assert migration.is_current(store)
            tables = sqlalchemy.inspect(store.engine).get_table_names()
            assert set(models.Base.metadata.tables) <= set(tables)
        finally:
            store.dispose()
