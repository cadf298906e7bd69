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
"""A batch's transaction is READ COMMITTED on both database servers."""

import pytest
import sqlalchemy

from stacktach_os.db import archive
from stacktach_os.db import models
from tests.functional.db import samples


def _count(session):
    return session.execute(sqlalchemy.select(
        sqlalchemy.func.count()).select_from(
            models.RawNotification.__table__)).scalar()


def test_a_batch_sees_what_others_commit_meanwhile(store):
    """No snapshot: each statement reads what is committed when it runs.

    Under MySQL's default (REPEATABLE READ) the second count would still
    be the first, and the batch's locking reads would lock index gaps.
    """
    if store.backend == 'sqlite':
        pytest.skip('SQLite takes one write transaction at a time')
    with store.batch() as batch:
        with batch.transaction() as session:
            before = _count(session)
            with store.writer() as other:
                archive.add_notifications(other,
                                          samples.archive_rows('other-1'))
            assert _count(session) == before + 1


def test_the_follow_up_has_the_default_isolation(store):
    """Only the batch's own transaction is set; what follows is not."""
    if store.backend != 'mysql':
        pytest.skip('only MySQL sets the isolation of the batch')
    with store.batch() as batch:
        with batch.transaction() as session:
            _count(session)
        connection = batch.connection
        before = _count(connection)
        with store.writer() as other:
            archive.add_notifications(other, samples.archive_rows('other-2'))
        assert _count(connection) == before  # REPEATABLE READ's snapshot
        assert batch.end_follow_up()
