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
"""Tests of the helpers of the query modules."""

from stacktach_os.db import utils


def test_row_tuples_follow_the_columns():
    rows = [{'a': 1, 'b': 2, 'c': 3}, {'a': 4, 'b': 5, 'c': 6}]
    assert utils.row_tuples(rows, ('c', 'a')) == [(3, 1), (6, 4)]


def test_row_tuples_of_one_column_are_tuples():
    assert utils.row_tuples([{'a': 1}], ['a']) == [(1,)]


def test_chunks_bound_their_size():
    assert list(utils.chunks(range(5), 2)) == [[0, 1], [2, 3], [4]]
