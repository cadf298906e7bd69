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
"""API request time per endpoint and status, as a metric.

:class:`EndpointHook` names, for each request Pecan routed, the
controller method that answered it (``RequestsController.get_one``):
a label of bounded cardinality, unlike paths full of ids.
:class:`TimingMiddleware`, outside authentication so that refused
requests count too, times each request into ``api_request`` with that
endpoint (``unrouted`` when Pecan was not reached), the method and the
status code. It is in the pipeline only when metrics are on.
"""

import time

from pecan import hooks

from stacktach_os import metrics

ENDPOINT_KEY = 'stacktach_os.endpoint'
UNROUTED = 'unrouted'

REQUEST_TIME = metrics.timer(
    'api_request', 'Time to answer an API request.',
    ('endpoint', 'method', 'status'))


class EndpointHook(hooks.PecanHook):
    """Record which controller method answers the request."""

    def before(self, state):
        """Name the controller method in the WSGI environment."""
        controller = state.controller
        owner = getattr(controller, '__self__', None)
        name = getattr(controller, '__name__', 'unknown')
        if owner is not None:
            name = '%s.%s' % (type(owner).__name__, name)
        state.request.environ[ENDPOINT_KEY] = name


class TimingMiddleware(object):
    """Times every request into ``api_request``."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        start = time.perf_counter()
        status = []

        def recording_start_response(code, headers, exc_info=None):
            status.append(code.split(' ', 1)[0])
            return start_response(code, headers, exc_info)

        try:
            return self.application(environ, recording_start_response)
        finally:
            REQUEST_TIME.observe(
                time.perf_counter() - start,
                endpoint=environ.get(ENDPOINT_KEY, UNROUTED),
                method=environ.get('REQUEST_METHOD', ''),
                status=status[-1] if status else '500')


def wrap(application):
    """Return ``application`` timed, or itself while metrics are off."""
    if not metrics.enabled():
        return application
    return TimingMiddleware(application)
