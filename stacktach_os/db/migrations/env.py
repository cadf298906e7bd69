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
"""Alembic environment of the stacktach_os migrations."""

from alembic import context

from stacktach_os.db import models

config = context.config
target_metadata = models.Base.metadata


def run_migrations_online():
    """Run the migrations on the connection handed in by migration.py."""
    connection = config.attributes.get('connection')
    if connection is None:
        raise RuntimeError('stacktach_os migrations run through '
                           'stacktach-os-dbsync, which supplies the '
                           'database connection')
    context.configure(connection=connection,
                      target_metadata=target_metadata,
                      render_as_batch=connection.dialect.name == 'sqlite')
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
