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
"""Throw-away databases on SQLite, MariaDB/MySQL and PostgreSQL."""

import contextlib
import os
import tempfile

from oslo_db import exception as db_exc
from oslo_db.sqlalchemy import provision

from stacktach_os.db import api as db_api
from stacktach_os.db import migration
from tests import services

BACKENDS = ('sqlite', 'mysql', 'postgresql')

_ADMIN_URLS = {
    'mysql': services.MYSQL_URL,
    'postgresql': services.POSTGRESQL_URL,
}


def _server_backend(backend_name):
    backend = provision.Backend(backend_name, _ADMIN_URLS[backend_name])
    try:
        return backend._verify()
    except db_exc.BackendNotAvailable as exc:
        services.unavailable(backend_name, str(exc))


@contextlib.contextmanager
def throwaway_url(backend_name):
    """Yield the URL of a new, empty database; drop it afterwards."""
    if backend_name == 'sqlite':
        with tempfile.TemporaryDirectory() as directory:
            yield 'sqlite:///' + os.path.join(directory, 'test.sqlite')
        return
    backend = _server_backend(backend_name)
    ident = provision._random_ident()
    backend.create_named_database(ident)
    try:
        yield str(backend.provisioned_database_url(ident).render_as_string(
            hide_password=False))
    finally:
        backend.drop_named_database(ident, conditional=True)


@contextlib.contextmanager
def migrated_store(backend_name):
    """Yield a Store on a new database upgraded to the newest schema."""
    with throwaway_url(backend_name) as url:
        store = db_api.Store(url)
        try:
            migration.upgrade(store)
            yield store
        finally:
            store.dispose()
