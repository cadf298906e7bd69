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
"""Pecan hooks: what every request carries to the controllers."""

from oslo_context import context
from pecan import hooks


class ConfigHook(hooks.PecanHook):
    """Attach the configuration and the policy enforcer to the request."""

    def __init__(self, conf, enforcer):
        self.conf = conf
        self.enforcer = enforcer

    def before(self, state):
        """Set request.conf and request.enforcer."""
        state.request.conf = self.conf
        state.request.enforcer = self.enforcer


class DBHook(hooks.PecanHook):
    """Attach the store to the request."""

    def __init__(self, store):
        self.store = store

    def before(self, state):
        """Set request.store."""
        state.request.store = self.store


class ContextHook(hooks.PecanHook):
    """Make the request's oslo.context from the identity headers.

    keystonemiddleware's auth_token (or the noauth middleware) sets these
    headers; the application itself must never be served without one of
    them in front.
    """

    def before(self, state):
        """Set request.context."""
        state.request.context = context.RequestContext.from_environ(
            state.request.environ)
