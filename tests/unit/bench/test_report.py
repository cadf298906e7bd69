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
"""The benchmarks' tables and machine description."""

import pytest

from stacktach_os.bench import report


def test_markdown_table_aligns_numeric_columns_right():
    text = report.markdown_table(('name', 'rate'), [('a', '1'), ('b', 2)],
                                 numeric=(1,))
    assert text.splitlines() == ['| name | rate |', '|---|---:|',
                                 '| a | 1 |', '| b | 2 |']


def test_markdown_table_refuses_a_short_row():
    with pytest.raises(ValueError):
        report.markdown_table(('a', 'b'), [('only one',)])


def test_ratio():
    assert report.ratio(25, 2) == '12.5×'
    assert report.ratio(1, 0) == 'n/a'
    assert report.ratio(1, None) == 'n/a'


def test_cpu_model_and_memory_from_proc_files(tmp_path):
    cpuinfo = tmp_path / 'cpuinfo'
    cpuinfo.write_text('processor\t: 0\nmodel name\t: Some CPU @ 2GHz\n')
    meminfo = tmp_path / 'meminfo'
    meminfo.write_text('MemTotal:       24641536 kB\nMemFree: 1 kB\n')
    assert report.cpu_model(str(cpuinfo)) == 'Some CPU @ 2GHz'
    assert report.memory_gib(str(meminfo)) == pytest.approx(23.5, 0.01)


def test_missing_proc_files_are_not_an_error(tmp_path):
    assert report.cpu_model(str(tmp_path / 'none'))
    assert report.memory_gib(str(tmp_path / 'none')) is None


def test_machine_lists_cores_and_python():
    facts = dict(report.machine())
    assert int(facts['cores']) >= 1
    assert facts['Python'].count('.') == 2
