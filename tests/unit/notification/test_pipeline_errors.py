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
"""Which storage errors send a batch back to the bus, and which retry it."""

from oslo_db import exception as db_exc
import pytest
import sqlalchemy.exc

from stacktach_os.notification import pipeline


class Answers(object):
    """A store that answers, or not, the pipeline's trivial query."""

    def __init__(self, answers):
        self._answers = answers

    def answers(self):
        return self._answers


def _mysql_error(code):
    return sqlalchemy.exc.OperationalError(
        'INSERT ...', {}, Exception(code, 'MySQL error %d' % code))


@pytest.mark.parametrize('error, conflict', [
    (db_exc.DBDeadlock(), True),
    (_mysql_error(1205), True),
    (_mysql_error(1467), True),
    (db_exc.DBError(_mysql_error(1205)), True),  # as oslo.db wraps it
    (_mysql_error(2013), False),
    (db_exc.DBConnectionError(), False),
])
def test_lock_conflicts(error, conflict):
    assert pipeline.is_conflict(error) is conflict


@pytest.mark.parametrize('error, answers, transient', [
    (db_exc.DBConnectionError(), True, True),
    (db_exc.DBDeadlock(), True, True),
    (_mysql_error(1205), True, True),
    (_mysql_error(2013), False, True),
    (_mysql_error(2013), True, False),
    (db_exc.DBError(), False, False),
    (ValueError('a bug'), False, False),
])
def test_transient_errors(error, answers, transient):
    ingest = pipeline.Pipeline(Answers(answers), None, [])
    assert ingest._is_transient(error) is transient
