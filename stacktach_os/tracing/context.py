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
"""The request being served, as OpenTelemetry sees it.

The tracing middleware calls :func:`enter` with the request's ids just
before OpenTelemetry's WSGI middleware starts the request's span, and
:func:`leave` once the request is answered. Meanwhile:

- :class:`RequestIdGenerator` gives the next new trace (the request's,
  when no ``traceparent`` came) the trace id of the global request id,
  once (:mod:`stacktach_os.tracing.ids`); spans of a trace that came in
  keep its id, and other new traces get random ids;
- :class:`RequestIdSpanProcessor` puts ``openstack.request_id`` and
  ``openstack.global_request_id`` on every span that starts, the
  request's own span and those of whatever it calls.
"""

import contextvars

from opentelemetry.sdk import trace as sdk_trace
from opentelemetry.sdk.trace import id_generator

REQUEST_ID_ATTRIBUTE = 'openstack.request_id'
GLOBAL_REQUEST_ID_ATTRIBUTE = 'openstack.global_request_id'

_seeded = contextvars.ContextVar('stacktach_os_trace_id_seed', default=0)
_request = contextvars.ContextVar('stacktach_os_request_ids',
                                  default=(None, None))


def enter(request_id, global_request_id, trace_id=None):
    """Start serving a request; ``trace_id`` seeds its trace, if new."""
    return (_request.set((request_id, global_request_id)),
            _seeded.set(int(trace_id, 16) if trace_id else 0))


def leave(tokens):
    """Stop serving the request that :func:`enter` started."""
    request_token, seed_token = tokens
    _seeded.reset(seed_token)
    _request.reset(request_token)


class RequestIdGenerator(id_generator.RandomIdGenerator):
    """Random ids, but the seeded trace id for the next new trace."""

    def generate_trace_id(self):
        """Return the seeded trace id (once), or a random one."""
        trace_id = _seeded.get()
        if trace_id:
            _seeded.set(0)
            return trace_id
        return super().generate_trace_id()


class RequestIdSpanProcessor(sdk_trace.SpanProcessor):
    """Puts the ids of the request being served on every span."""

    def on_start(self, span, parent_context=None):
        """Set the request ids on a span that starts."""
        request_id, global_request_id = _request.get()
        if request_id:
            span.set_attribute(REQUEST_ID_ATTRIBUTE, request_id)
        if global_request_id:
            span.set_attribute(GLOBAL_REQUEST_ID_ATTRIBUTE,
                               global_request_id)
