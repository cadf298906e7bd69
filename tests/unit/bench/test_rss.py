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
"""Sampling the RSS of a process tree from /proc."""

import os
import subprocess
import sys

import pytest

from stacktach_os.bench import rss


def _process(proc, pid, ppid, pages, name='python'):
    directory = proc / str(pid)
    directory.mkdir()
    (directory / 'stat').write_text(
        '%d (%s) S %d 1 1 0 -1\n' % (pid, name, ppid))
    (directory / 'statm').write_text('1000 %d 10 1 0 50 0\n' % pages)


def test_descendants_and_rss_of_a_fake_proc(tmp_path):
    _process(tmp_path, 10, 1, 100, 'stacktach-os-notification: master')
    _process(tmp_path, 11, 10, 200, 'worker (x) y')
    _process(tmp_path, 12, 11, 300)
    _process(tmp_path, 13, 1, 400)
    (tmp_path / 'self').mkdir()
    assert rss.descendants(10, str(tmp_path)) == [11, 12]
    assert rss.parent_of(11, str(tmp_path)) == 10
    assert rss.rss_bytes(12, str(tmp_path)) == 300 * rss.PAGE
    assert rss.rss_bytes(99, str(tmp_path)) is None


def test_sampler_keeps_each_process_peak(tmp_path):
    _process(tmp_path, 10, 1, 100)
    _process(tmp_path, 11, 10, 200)
    sampler = rss.Sampler(10, proc=str(tmp_path))
    sampler.sample()
    (tmp_path / '11' / 'statm').write_text('1000 500 1 1 0 1 0\n')
    sampler.sample()
    (tmp_path / '11' / 'statm').write_text('1000 250 1 1 0 1 0\n')
    sampler.sample()
    assert sampler.first == {11: 200 * rss.PAGE}
    assert sampler.peaks == {11: 500 * rss.PAGE}
    assert sampler.peak() == 500 * rss.PAGE
    assert sampler.samples == 3


@pytest.mark.skipif(not os.path.isdir('/proc/self'), reason='needs /proc')
def test_sampler_thread_sees_a_real_child():
    child = subprocess.Popen([sys.executable, '-c',
                              'import time; time.sleep(5)'])
    try:
        sampler = rss.Sampler(os.getpid(), interval=0.01)
        sampler.start()
        sampler.stop()
        assert sampler.peaks[child.pid] > 1024 * 1024
    finally:
        child.kill()
        child.wait()


def test_growth():
    assert rss.growth(100, 105) == pytest.approx(0.05)
    assert rss.growth(100, 90) == pytest.approx(-0.1)
