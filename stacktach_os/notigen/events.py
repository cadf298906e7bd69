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
"""What happens in the simulated cloud, before it is written in a format.

The lifecycle produces :class:`Event` objects: one step of one request
(an instance's state saved, an operation starting or ending, an audit
``exists``...), with the request's :class:`Context` and a snapshot of the
instance. The format modules (:mod:`legacy`, :mod:`versioned`) write each
event as the notifications nova would send for it; :mod:`images` and
:mod:`volumes` write glance's and cinder's.
"""

import dataclasses
import datetime
import functools

# Event kinds.
UPDATE = 'update'            # an instance's state saved (instance.update)
ACTION = 'action'            # an operation's .start/.end/.error
EXISTS = 'exists'            # the usage audit's exists
SCHEDULER = 'scheduler'      # scheduler.select_destinations.start/.end
BUILD_ERROR = 'build_error'  # the conductor gives up a build (NoValidHost)
WRAPPER = 'wrapper'          # nova's wrap_exception: a method raised
IMAGE = 'image'              # glance image.create/upload/activate/delete
IMAGE_EXISTS = 'image_exists'
VOLUME = 'volume'            # cinder volume.create/delete .start/.end
VOLUME_EXISTS = 'volume_exists'

START = 'start'
END = 'end'
ERROR = 'error'

# Services, named after their binaries.
NOVA_API = 'nova-api'
NOVA_COMPUTE = 'nova-compute'
NOVA_SCHEDULER = 'nova-scheduler'
NOVA_CONDUCTOR = 'nova-conductor'
GLANCE = 'glance-api'
CINDER = 'cinder-volume'


@dataclasses.dataclass(frozen=True)
class Context(object):
    """The request context a notification carries."""

    request_id: str
    timestamp: datetime.datetime
    project_id: str | None = None
    project_name: str | None = None
    user_id: str | None = None
    user_name: str | None = None
    roles: tuple = ('member', 'reader')
    is_admin: bool = False
    global_request_id: str | None = None
    remote_address: str | None = None

    def as_dict(self):
        """Return the context as nova's RequestContext.to_dict() has it.

        Secrets are not there: oslo.messaging sends a redacted copy. Each
        call returns a new dict.
        """
        return dict(self._dict)

    @functools.cached_property
    def _dict(self):
        user_identity = '%s %s - %s %s' % (
            self.user_id or '-', self.project_id or '-',
            'default' if self.user_id else '-',
            'default' if self.project_id else '-')
        return {
            'user': self.user_id,
            'tenant': self.project_id,
            'system_scope': None,
            'project': self.project_id,
            'domain': None,
            'user_domain': 'default' if self.user_id else None,
            'project_domain': 'default' if self.project_id else None,
            'is_admin': self.is_admin,
            'read_only': False,
            'show_deleted': False,
            'request_id': self.request_id,
            'global_request_id': self.global_request_id,
            'resource_uuid': None,
            'roles': list(self.roles),
            'user_identity': user_identity,
            'is_admin_project': True,
            'user_id': self.user_id,
            'project_id': self.project_id,
            'read_deleted': 'no',
            'remote_address': self.remote_address,
            'timestamp': self.timestamp.isoformat(),
            'quota_class': None,
            'user_name': self.user_name,
            'project_name': self.project_name,
        }


@dataclasses.dataclass
class Event(object):
    """One step of one request, in no format yet.

    ``bus`` names the message bus the step's service publishes on: a
    cell's name for its computes and conductor, ``api`` for the services
    of the top level (API, scheduler, super conductor, glance, cinder).
    ``view`` is the instance as it is after the step; ``extra`` holds
    what a kind needs besides (old states, fault, audit period...).
    """

    when: datetime.datetime
    kind: str
    service: str
    host: str
    bus: str
    context: Context
    view: object = None
    action: str | None = None
    phase: str | None = None
    extra: dict = dataclasses.field(default_factory=dict)


@dataclasses.dataclass(frozen=True)
class Fault(object):
    """An exception an operation failed with."""

    exception: str
    message: str
    code: int = 500
    function: str = '_build_and_run_instance'
    module: str = 'nova.compute.manager'
