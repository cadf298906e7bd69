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
"""CPU time spent by this process and by local database servers.

On a small, shared machine wall-clock rates move with whatever else
runs; the CPU seconds each side spends per notification move much less,
and tell where the time goes: in the listener or in the database server.
Linux only (``/proc``); elsewhere the server side reads as unknown.
"""

import os
import time

#: Process names of the database servers, by SQLAlchemy backend name.
SERVER_NAMES = {
    'mysql': ('mariadbd', 'mysqld'),
    'postgresql': ('postgres',),
}

_TICKS = os.sysconf('SC_CLK_TCK') if hasattr(os, 'sysconf') else 100


def _processes_named(names):
    try:
        entries = os.listdir('/proc')
    except OSError:
        return []
    found = []
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            with open('/proc/%s/comm' % entry) as comm:
                if comm.read().strip() in names:
                    found.append(entry)
        except OSError:
            continue
    return found


def _cpu_seconds(pid):
    """Return user + system seconds of a process and its reaped children."""
    with open('/proc/%s/stat' % pid) as stat:
        # The command name may hold spaces: the fields start after ')'.
        fields = stat.read().rsplit(')', 1)[1].split()
    utime, stime, cutime, cstime = (int(value) for value in fields[11:15])
    return (utime + stime + cutime + cstime) / _TICKS


def server_seconds(backend):
    """Return the CPU seconds used so far by ``backend``'s local server.

    None when no such server runs on this machine (or it cannot be read).
    """
    names = SERVER_NAMES.get(backend)
    if not names:
        return None
    total = 0.0
    pids = _processes_named(names)
    if not pids:
        return None
    for pid in pids:
        try:
            total += _cpu_seconds(pid)
        except (OSError, IndexError, ValueError):
            continue
    return total


class CpuMeter(object):
    """Measures CPU seconds of this process and a database server."""

    def __init__(self, backend=None):
        """Meter this process, and ``backend``'s server if it is local."""
        self.backend = backend
        self.own = None
        self.server = None

    def __enter__(self):
        self._own_start = time.process_time()
        self._server_start = server_seconds(self.backend)
        return self

    def __exit__(self, *exc_info):
        self.own = time.process_time() - self._own_start
        server_end = server_seconds(self.backend)
        if self._server_start is not None and server_end is not None:
            self.server = server_end - self._server_start
        return False

    def per_thousand(self, count):
        """Return (own, server) CPU milliseconds per 1000 of ``count``."""
        def scaled(seconds):
            if seconds is None or not count:
                return None
            return seconds * 1e6 / count
        return scaled(self.own), scaled(self.server)
