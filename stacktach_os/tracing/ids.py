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
"""Trace ids from OpenStack request ids.

An OpenStack request id is ``req-`` and a UUID: 128 bits, exactly an
OpenTelemetry trace id. The tracing middleware starts the trace of a
request that comes without a ``traceparent`` with the trace id of its
global request id (or of its own request id, which the services it calls
receive as their global request id), so that the trace of a request is
found from any notification that carries one of its request ids. This
module only computes; it needs no OpenTelemetry.
"""

import uuid

_PREFIX = 'req-'


def trace_id_of(request_id):
    """Return the trace id (32 hex digits) of a request id, or None."""
    if not isinstance(request_id, str) or not request_id.startswith(
            _PREFIX):
        return None
    text = request_id[len(_PREFIX):]
    digits = text.replace('-', '')
    try:
        if len(digits) == 32 and digits.isascii() and digits.isalnum():
            # The usual form: 32 hex digits, hyphens or not. uuid.UUID
            # would give the same, five times slower.
            int(digits, 16)
            return digits.lower()
        return uuid.UUID(text).hex
    except ValueError:
        return None


def request_trace_id(request_id, global_request_id=None):
    """Return the trace id of a request: its global request id's, if any.

    A request that another service made on behalf of a user request
    belongs to the trace of that user request.
    """
    return trace_id_of(global_request_id) or trace_id_of(request_id)


def trace_url(template, trace_id):
    """Return the UI link of a trace, or None without a template or id."""
    if not template or not trace_id:
        return None
    return template.replace('{trace_id}', trace_id)
