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
"""Heartbeat files of the workers."""

import os
import time

from oslo_config import cfg

from stacktach_os import health


def make_conf(directory):
    conf = cfg.ConfigOpts()
    conf([], project='stacktach_os')
    health.stuck_after(conf)  # registers [health]
    conf.set_override('heartbeat_dir', directory, 'health')
    conf.set_override('heartbeat_interval', 1, 'health')
    return conf


def test_a_live_worker_touches_its_file_and_removes_it(tmp_path):
    beat = health.start_heartbeat(make_conf(str(tmp_path)),
                                  'stacktach-os-notification', 3)
    path = tmp_path / 'stacktach-os-notification.3'
    deadline = time.monotonic() + 10
    while not path.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert path.exists()
    beat.stop()
    assert not path.exists()


def test_a_stuck_worker_does_not(tmp_path):
    beat = health.start_heartbeat(make_conf(str(tmp_path)), 'w', 0,
                                  alive=lambda: False)
    time.sleep(0.3)
    assert not os.path.exists(str(tmp_path / 'w.0'))
    beat.stop()


def test_no_directory_no_heartbeat():
    conf = cfg.ConfigOpts()
    conf([], project='stacktach_os')
    assert health.start_heartbeat(conf, 'w', 0) is None
    assert health.stuck_after(conf) is None
