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
"""The v1 root: the version document and the v1 resources."""

import pecan

from stacktach_os.api import params
from stacktach_os.api.v1 import base
from stacktach_os.api.v1 import deployments
from stacktach_os.api.v1 import event_types
from stacktach_os.api.v1 import events
from stacktach_os.api.v1 import hosts
from stacktach_os.api.v1 import instances
from stacktach_os.api.v1 import kpis
from stacktach_os.api.v1 import requests
from stacktach_os.api.v1 import timings
from stacktach_os.api.v1 import types
from stacktach_os.api.v1 import usage
from stacktach_os.api.v1 import verifications

VERSION_ID = 'v1'


def version(request):
    """Return the document of version 1, its link based on the request."""
    return types.Version(
        id=VERSION_ID, status='CURRENT',
        links=[types.Link(rel='self',
                          href=request.application_url + '/v1/')])


class V1Controller(base.Controller):
    """``/v1``: the version document; the resources below it."""

    events = events.EventsController()
    event_types = event_types.EventTypesController()
    deployments = deployments.DeploymentsController()
    hosts = hosts.HostsController()
    verifications = verifications.VerificationsController()
    instances = instances.InstancesController()
    requests = requests.RequestsController()
    timings = timings.TimingsController()
    kpis = kpis.KpisController()
    usage = usage.UsageController()

    @base.expose(types.VersionDocument)
    def get_all(self):
        """Return the version document."""
        params.Query(pecan.request)
        return types.VersionDocument(version=version(pecan.request))
