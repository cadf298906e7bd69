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
"""The API root: version discovery."""

import pecan

from stacktach_os.api import params
from stacktach_os.api.v1 import base
from stacktach_os.api.v1 import root as v1_root
from stacktach_os.api.v1 import types


class RootController(base.Controller):
    """``/``: the list of API versions."""

    v1 = v1_root.V1Controller()

    @base.expose(types.Versions)
    def get_all(self):
        """Return the API versions."""
        params.Query(pecan.request)
        return types.Versions(versions=[v1_root.version(pecan.request)])
