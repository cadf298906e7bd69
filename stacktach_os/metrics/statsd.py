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
"""The statsd backend: metrics as statsd lines over UDP, batched.

A metric's name is ``<prefix>.<service>.<host>.<name>`` followed by its
label values, each made a safe name component (``.``, ``:``, ``|``,
``@``, ``#`` and spaces become ``_``): ``stacktach.stacktach-os-
notification.node1.notifications_received.cell1.compute_instance_exists``.
Lines wait in a buffer, sent as one datagram when it is full or every
``[metrics] statsd_flush_interval`` seconds, by a daemon thread.
"""

import re
import socket
import threading

from oslo_log import log

from stacktach_os.metrics import _children

LOG = log.getLogger(__name__)

# What fits an Ethernet frame's UDP payload without fragments.
MAX_DATAGRAM = 1432
_UNSAFE = re.compile(r'[^A-Za-z0-9_\-]')
_SUFFIXES = {'counter': 'c', 'gauge': 'g', 'timer': 'ms'}
_METHODS = {'counter': 'add', 'gauge': 'set', 'timer': 'observe'}


def component(value):
    """Return ``value`` as a safe statsd name component."""
    return _UNSAFE.sub('_', str(value)) or '_'


def line(name, value, kind):
    """Return the statsd line of one value (a timer's value in seconds)."""
    if kind == 'timer':
        return '%s:%.3f|ms' % (name, value * 1000.0)
    if kind == 'counter':
        return '%s:%d|c' % (name, value)
    return '%s:%s|g' % (name, value)


class StatsdBackend(object):
    """Sends metrics to a statsd server."""

    def __init__(self, host, port, prefix, dimensions, flush_interval=1.0,
                 max_datagram=MAX_DATAGRAM):
        self.address = (host, port)
        family = socket.AF_INET6 if ':' in host else socket.AF_INET
        self._socket = socket.socket(family, socket.SOCK_DGRAM)
        self._base = '.'.join([component(prefix)] + [
            component(value) for value in dimensions.values()])
        self._max = max_datagram
        self._buffer = []
        self._size = 0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._interval = flush_interval
        self._thread = threading.Thread(target=self._flush_periodically,
                                        name='statsd-flush', daemon=True)
        self._thread.start()

    @classmethod
    def from_conf(cls, conf, dimensions):
        """Return the backend of ``[metrics]``."""
        return cls(conf.metrics.statsd_host, conf.metrics.statsd_port,
                   conf.metrics.statsd_prefix, dimensions,
                   conf.metrics.statsd_flush_interval)

    def _send(self, lines):
        try:
            self._socket.sendto('\n'.join(lines).encode('utf-8'),
                                self.address)
        except OSError as error:  # metrics must never stop the daemon
            LOG.debug('statsd: could not send %d lines: %s', len(lines),
                      error)

    def emit(self, text):
        """Buffer one statsd line; send the buffer when it is full."""
        full = None
        with self._lock:
            if self._size + len(text) + 1 > self._max and self._buffer:
                full, self._buffer, self._size = self._buffer, [], 0
            self._buffer.append(text)
            self._size += len(text) + 1
        if full:
            self._send(full)

    def flush(self):
        """Send what the buffer holds."""
        with self._lock:
            lines, self._buffer, self._size = self._buffer, [], 0
        if lines:
            self._send(lines)

    def _flush_periodically(self):
        while not self._stop.wait(self._interval):
            self.flush()

    def _implementation(self, metric):
        prefix = '%s.%s' % (self._base, component(metric.name))
        kind = metric.kind
        emit = self.emit

        def make(values):
            name = '.'.join([prefix] + [component(v) for v in values])
            return lambda value=1: emit(line(name, value, kind))
        return _children.Implementation(make, metric.labels,
                                        _METHODS[kind])

    counter = gauge = timer = _implementation

    def close(self):
        """Send what is buffered and stop."""
        self._stop.set()
        self._thread.join()
        self.flush()
        self._socket.close()
