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
"""Configuration options of stacktach_os.

Every option lives in one module of this package, one module per group;
importing this package registers them all on the global ``CONF``.
"""

from oslo_config import cfg

from stacktach_os.conf import api
from stacktach_os.conf import database
from stacktach_os.conf import health
from stacktach_os.conf import metrics
from stacktach_os.conf import notification
from stacktach_os.conf import paths
from stacktach_os.conf import tracing
from stacktach_os.conf import verifier

CONF = cfg.CONF

paths.register_opts(CONF)
database.register_opts(CONF)
notification.register_opts(CONF)
api.register_opts(CONF)
verifier.register_opts(CONF)
metrics.register_opts(CONF)
tracing.register_opts(CONF)
health.register_opts(CONF)
