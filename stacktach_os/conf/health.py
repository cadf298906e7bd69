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
"""The [health] group: liveness files of the listener and verifier."""

from oslo_config import cfg

GROUP = 'health'

health_opts = [
    cfg.StrOpt(
        'heartbeat_dir',
        help='A directory where every worker of stacktach-os-notification '
             'and stacktach-os-verifier touches its file '
             '(<process name>.<worker number>) every heartbeat_interval '
             'seconds while it works: a file older than a few intervals '
             'means a dead or stuck worker. Unset: no files.'),
    cfg.IntOpt(
        'heartbeat_interval',
        default=10,
        min=1,
        help='Seconds between two touches of a heartbeat file.'),
    cfg.IntOpt(
        'stuck_after',
        default=600,
        min=1,
        help='A listener worker whose batch has been in hand for longer '
             'than this many seconds stops touching its heartbeat file.'),
]


def register_opts(conf):
    """Register the [health] options."""
    conf.register_opts(health_opts, group=GROUP)


def list_opts():
    """List the [health] options for the config generator."""
    return {GROUP: health_opts}
