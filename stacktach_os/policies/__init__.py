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
"""oslo.policy rules of the REST API, one module per resource.

``list_rules`` is the ``oslo.policy.policies`` entry point that
``oslopolicy-sample-generator`` and the API's enforcer use.
"""

from stacktach_os.policies import base
from stacktach_os.policies import deployments
from stacktach_os.policies import event_types
from stacktach_os.policies import events
from stacktach_os.policies import hosts
from stacktach_os.policies import instances
from stacktach_os.policies import kpis
from stacktach_os.policies import requests
from stacktach_os.policies import timings
from stacktach_os.policies import usage
from stacktach_os.policies import verifications

_MODULES = (base, events, event_types, deployments, hosts, verifications,
            instances, requests, timings, kpis, usage)


def list_rules():
    """Return every policy rule of stacktach_os."""
    return [rule for module in _MODULES for rule in module.list_rules()]
