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
"""The ingest benchmark's summary of repeated handler sets."""

from stacktach_os.bench import ingest


def _result(name, handlers, rate, pipeline_cpu=None):
    return ingest.Result(name, handlers, rate, None, (None, None),
                         pipeline_cpu)


def test_each_set_is_averaged_and_compared_with_the_first():
    results = [_result('mysql', 'a', 2000.0), _result('mysql', 'a,b', 1500.0),
               _result('mysql', 'a,b', 1700.0), _result('mysql', 'a', 2200.0)]
    assert ingest.handler_set_summary(results) == [
        ('mysql', 'a', 2, 2100.0, 1.0, None),
        ('mysql', 'a,b', 2, 1600.0, 1600.0 / 2100.0, None)]


def test_each_database_is_compared_with_its_own_first_set():
    results = [_result('mysql', 'a', 2000.0), _result('pg', 'a', 1000.0),
               _result('mysql', 'a,b', 1000.0), _result('pg', 'a,b', 900.0)]
    assert ingest.handler_set_summary(results) == [
        ('mysql', 'a', 1, 2000.0, 1.0, None),
        ('pg', 'a', 1, 1000.0, 1.0, None),
        ('mysql', 'a,b', 1, 1000.0, 0.5, None),
        ('pg', 'a,b', 1, 900.0, 0.9, None)]


def test_the_pipeline_cpu_of_a_set_is_the_mean_of_its_runs():
    results = [_result('mysql', 'a', 2000.0, 120.0),
               _result('mysql', 'a,b', 1500.0, 170.0),
               _result('mysql', 'a,b', 1500.0, 180.0),
               _result('mysql', 'a', 2000.0, 130.0)]
    assert [row[5] for row in ingest.handler_set_summary(results)] == [
        125.0, 175.0]
