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
"""The errors the API answers with.

WSME turns these into a JSON fault with their status code; anything else
a controller raises is a 500 whose detail stays in the log.
"""

from wsme import exc


class BadRequest(exc.ClientSideError):
    """400: a parameter is unknown, repeated, malformed or out of range."""

    def __init__(self, message):
        super().__init__(message, status_code=400)


class Forbidden(exc.ClientSideError):
    """403: the policy does not allow this request."""

    def __init__(self, message):
        super().__init__(message, status_code=403)


class NotFound(exc.ClientSideError):
    """404: no such resource, or none the caller may see."""

    def __init__(self, message):
        super().__init__(message, status_code=404)
