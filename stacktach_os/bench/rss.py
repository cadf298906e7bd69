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
"""The resident memory of a process tree, read from /proc."""

import os
import threading

PAGE = os.sysconf('SC_PAGE_SIZE') if hasattr(os, 'sysconf') else 4096


def _read(path):
    try:
        with open(path, encoding='ascii', errors='replace') as stream:
            return stream.read()
    except OSError:  # the process has gone
        return None


def parent_of(pid, proc='/proc'):
    """Return the parent pid of ``pid``, or None when it has gone."""
    stat = _read(os.path.join(proc, str(pid), 'stat'))
    if stat is None:
        return None
    # The command name (field 2) may hold spaces and parentheses.
    return int(stat.rpartition(')')[2].split()[1])


def descendants(pid, proc='/proc'):
    """Return the pids of every process below ``pid``."""
    children = {}
    for name in os.listdir(proc):
        if name.isdigit():
            parent = parent_of(name, proc)
            if parent is not None:
                children.setdefault(parent, []).append(int(name))
    found, pending = [], [int(pid)]
    while pending:
        for child in children.get(pending.pop(), ()):
            found.append(child)
            pending.append(child)
    return sorted(found)


def rss_bytes(pid, proc='/proc'):
    """Return the resident set size of ``pid`` in bytes, or None."""
    statm = _read(os.path.join(proc, str(pid), 'statm'))
    if statm is None:
        return None
    return int(statm.split()[1]) * PAGE


class Sampler(object):
    """Samples the RSS of the processes below a pid, in a thread.

    ``peaks`` maps each pid seen to its largest RSS; ``first`` to its
    first sample.
    """

    def __init__(self, pid, interval=0.5, proc='/proc'):
        self.pid = pid
        self.interval = interval
        self.proc = proc
        self.peaks = {}
        self.first = {}
        self.samples = 0
        self._stop = threading.Event()
        self._thread = None

    def sample(self):
        """Take one sample of every process below the pid."""
        for pid in descendants(self.pid, self.proc):
            rss = rss_bytes(pid, self.proc)
            if rss is None:
                continue
            self.first.setdefault(pid, rss)
            self.peaks[pid] = max(rss, self.peaks.get(pid, 0))
        self.samples += 1

    def _run(self):
        while not self._stop.wait(self.interval):
            self.sample()

    def start(self):
        """Sample every interval until :meth:`stop`."""
        self.sample()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def stop(self):
        """Stop sampling, after one last sample."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        self.sample()

    def peak(self):
        """Return the largest RSS of any one process, in bytes."""
        return max(self.peaks.values(), default=0)


def growth(small, large):
    """Return how much ``large`` exceeds ``small``, as a fraction."""
    return (large - small) / small
