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
"""The ingest-workers benchmark's pure parts."""

from stacktach_os.bench import __main__ as bench
from stacktach_os.bench import ingest_workers


def test_shared_counter_is_done_at_the_total():
    counter = ingest_workers.SharedCounter(5)
    counter.add(3)
    assert not counter.done.is_set()
    counter.add(2)
    assert counter.done.is_set() and counter.count == 5


def test_workers_option_takes_a_list():
    parser = bench.argparse.ArgumentParser()
    ingest_workers.add_arguments(parser)
    assert parser.parse_args([]).workers == [1, 2]
    assert parser.parse_args(['--workers', '1,2,4']).workers == [1, 2, 4]


def test_table_compares_with_the_bare_listener_of_as_many_workers():
    text = ingest_workers.table(100, [('bare', 1, 1000.0),
                                      ('full', 1, 500.0),
                                      ('bare', 2, 1600.0),
                                      ('full', 2, 800.0)])
    assert text.splitlines()[3] == '| full | 1 | 500 | 0.50 |'
    assert text.splitlines()[5] == '| full | 2 | 800 | 0.50 |'
