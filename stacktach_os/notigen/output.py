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
"""Where the simulator's notifications go, and how fast.

- :class:`FileSink` writes JSON lines in the listener shape.
- :class:`Pacer` sends as fast as possible, at a steady rate, or in real
  time (one simulated second per second).

Publishing on message buses is :mod:`bus`'s job.
"""

import json
import sys
import time


class FileSink(object):
    """Writes notifications as JSON lines to a file or standard output."""

    # What sending can fail with.
    errors = (OSError,)

    def __init__(self, path):
        """Write to ``path``; '-' is standard output. Raises OSError."""
        self.path = path
        if path == '-':
            self._file = sys.stdout
            self._close = False
        else:
            self._file = open(path, 'w', encoding='utf-8')
            self._close = True
        self._write = self._file.write

    def send(self, notification):
        """Write one notification."""
        self._write(json.dumps(notification.body) + '\n')

    def close(self):
        """Flush, and close the file unless it is standard output."""
        self._file.flush()
        if self._close:
            self._file.close()


class Pacer(object):
    """Decides when each notification may go."""

    def __init__(self, rate=None, realtime=False, start=None,
                 sleep=time.sleep, now=time.monotonic):
        """Pace at ``rate`` per second, or in real time from ``start``.

        With neither, notifications go as fast as they are made.
        """
        if rate is not None and realtime:
            raise ValueError('give a rate or real time, not both')
        if rate is not None and rate <= 0:
            raise ValueError('the rate must be positive')
        self.rate = rate
        self.realtime = realtime
        self.start = start
        self._sleep = sleep
        self._now = now
        self._began = None
        self._count = 0

    def wait(self, when):
        """Sleep until the notification of simulated time ``when`` is due."""
        if self._began is None:
            self._began = self._now()
        if self.rate is not None:
            due = self._began + self._count / self.rate
            self._count += 1
        elif self.realtime:
            due = self._began + (when - self.start).total_seconds()
        else:
            return
        delay = due - self._now()
        if delay > 0:
            self._sleep(delay)
