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
"""Small simulator runs shared by the tests (each made once)."""

import functools

from stacktach_os.notigen import generator
from stacktach_os.notigen import simulation

FAULTS = 21


def settings(**overrides):
    """Return the settings of a small run with many failures."""
    values = dict(seed=7, tenants=5, hosts=5, cells=2, instances=45,
                  days=1.0, failure_rate=0.2, operation_interval=4 * 3600.0)
    values.update(overrides)
    return simulation.Settings(**values)


@functools.lru_cache(maxsize=None)
def run(nova_format=generator.BOTH, faults=FAULTS):
    """Return (notifications, manifest) of the small run in a format."""
    made = generator.Run(settings(), nova_format=nova_format,
                         faults_count=faults)
    notifications = list(made.notifications())
    return notifications, made.manifest()
