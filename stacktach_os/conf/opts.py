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
"""Entry points for oslo-config-generator.

The generator calls ``list_opts``, which lists every option that
stacktach_os registers, including oslo.db's [database] options with the
defaults stacktach_os gives them.
"""


from stacktach_os.conf import api
from stacktach_os.conf import database
from stacktach_os.conf import health
from stacktach_os.conf import metrics
from stacktach_os.conf import notification
from stacktach_os.conf import paths
from stacktach_os.conf import tracing
from stacktach_os.conf import verifier

_MODULES = [
    paths,
    database,
    notification,
    api,
    verifier,
    metrics,
    tracing,
    health,
]


def list_opts():
    """Return (group, options) pairs of every stacktach_os option."""
    grouped = {}
    for module in _MODULES:
        listed = module.list_opts()
        pairs = listed.items() if isinstance(listed, dict) else listed
        for group, opts in pairs:
            grouped.setdefault(group, []).extend(opts)
    return [(group, sorted(opts, key=lambda opt: opt.name))
            for group, opts in sorted(grouped.items())]
