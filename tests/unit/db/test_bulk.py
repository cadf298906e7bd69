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
"""The order of the columns in bulk JSON documents."""

import datetime
import uuid

import sqlalchemy

from stacktach_os.db import bulk


def _table(name):
    return sqlalchemy.Table(name, sqlalchemy.MetaData(),
                            sqlalchemy.Column('id', sqlalchemy.Integer))


def _row(index):
    return {'message_id': str(uuid.uuid4()), 'flag': index % 2 == 0,
            'generated': datetime.datetime(2026, 11, 28, 12, 0, index),
            'state': 'active', 'count': index, 'note': None}


def test_narrow_columns_come_first():
    order = bulk.document_order(_table('narrow_first_%s' % uuid.uuid4().hex),
                                [_row(index) for index in range(30)])
    assert order == ['count', 'flag', 'note', 'state', 'generated',
                     'message_id']


def test_the_order_is_worked_out_once_per_table_and_columns():
    table = _table('once_%s' % uuid.uuid4().hex)
    first = bulk.document_order(table, [{'a': 'x' * 50, 'b': 1}])
    assert first == ['b', 'a']
    assert bulk.document_order(table, [{'a': 1, 'b': 'x' * 50}]) == first
    other = bulk.document_order(table, [{'b': 'x' * 50, 'c': 1}])
    assert other == ['c', 'b']
