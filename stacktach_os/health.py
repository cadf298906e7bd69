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
"""Liveness of the daemons' workers: a heartbeat file each.

A :class:`Heartbeat` thread touches its file every interval for as long
as the worker says it is alive, and removes it when the worker stops.
A supervisor (systemd, Kubernetes' exec probe, a cron job) reads its
age: ``find /run/stacktach_os -name 'stacktach-os-*' -mmin +1``.
"""

import os
import threading

from oslo_log import log

from stacktach_os.conf import health as health_conf

LOG = log.getLogger(__name__)


class Heartbeat(object):
    """Touches ``path`` every ``interval`` seconds while ``alive()``."""

    def __init__(self, path, interval, alive=lambda: True):
        self.path = path
        self.interval = interval
        self.alive = alive
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat, daemon=True,
                                        name='heartbeat')

    def touch(self):
        """Touch the file now."""
        with open(self.path, 'a'):
            os.utime(self.path)

    def _beat(self):
        while not self._stop.is_set():
            try:
                if self.alive():
                    self.touch()
                else:
                    LOG.warning('Not alive: %s is not touched', self.path)
            except OSError as error:
                LOG.warning('Cannot touch %s: %s', self.path, error)
            self._stop.wait(self.interval)

    def start(self):
        """Start touching the file."""
        self._thread.start()
        return self

    def stop(self):
        """Stop touching the file, and remove it."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()
        try:
            os.unlink(self.path)
        except OSError:
            pass


def stuck_after(conf):
    """Return ``[health] stuck_after`` with heartbeat files on, else None."""
    health_conf.register_opts(conf)
    return conf.health.stuck_after if conf.health.heartbeat_dir else None


def start_heartbeat(conf, service, worker_id, alive=lambda: True):
    """Start the heartbeat of a worker; None without a heartbeat_dir."""
    health_conf.register_opts(conf)
    directory = conf.health.heartbeat_dir
    if not directory:
        return None
    os.makedirs(directory, exist_ok=True)
    path = os.path.join(directory, '%s.%d' % (service, worker_id))
    return Heartbeat(path, conf.health.heartbeat_interval, alive).start()
