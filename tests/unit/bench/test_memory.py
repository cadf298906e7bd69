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
"""The memory benchmark's pure parts."""

import configparser

from stacktach_os.bench import memory


def test_config_file_sets_the_bus_the_database_and_the_prefetch(tmp_path):
    path = memory.config_file(str(tmp_path), 'mysql+pymysql://x/db',
                              'rabbit://g:g@h:5672/v', 2, 100, 500)
    parsed = configparser.ConfigParser()
    parsed.read(path)
    assert parsed['database']['connection'] == 'mysql+pymysql://x/db'
    assert parsed['notification']['messaging_urls'] == (
        'bench=rabbit://g:g@h:5672/v')
    assert parsed['notification']['workers'] == '2'
    assert parsed['oslo_messaging_rabbit']['rabbit_qos_prefetch_count'] == (
        '500')


def test_no_prefetch_leaves_oslo_messaging_default(tmp_path):
    path = memory.config_file(str(tmp_path), 'sqlite://', 'rabbit://', 1, 1)
    assert 'oslo_messaging_rabbit' not in open(path).read()


def test_verdict_and_table():
    results = [{'count': 1000000, 'seconds': 100.0, 'idle': 80 * memory.MIB,
                'peak': 105 * memory.MIB, 'total': 105 * memory.MIB,
                'samples': 200},
               {'count': 100000, 'seconds': 10.0, 'idle': 80 * memory.MIB,
                'peak': 100 * memory.MIB, 'total': 100 * memory.MIB,
                'samples': 20}]
    change, flat = memory.verdict(results)
    assert round(change, 3) == 0.05 and flat
    lines = memory.table(results, 1).splitlines()
    assert lines[2] == ('| 100,000 | 1 | 10 | 10000 | 80.0 | 100.0 | 100.0 '
                        '| 20 |')
    results[0]['peak'] = 111 * memory.MIB
    assert not memory.verdict(results)[1]
