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
"""WSME types of the usage records: nova, glance and cinder.

Times are UTC; ``generated`` is the time of the notification a record
was made of, ``message_id`` its id. Exists records are ``pending`` until
a verifier gives its verdict (``status``, ``reason``, ``verified_at``);
``launch_id``/``usage_id`` and ``delete_id`` are the ids of the records
they refer to, among those stored when they are read (null while none
is).
"""

from wsme import types as wtypes

from stacktach_os.api.v1 import tracking_types
from stacktach_os.api.v1 import types


class InstanceLaunch(tracking_types.RowDocument):
    """An instance launched (create, rebuild, resize, rescue...).

    One per instance and launched_at; event_type is the
    notification that told it best.
    """

    id = int
    instance_id = wtypes.text
    launched_at = types.timestamp
    deployment = wtypes.text
    project_id = wtypes.text
    flavor_id = wtypes.text
    flavor_name = wtypes.text
    image_id = wtypes.text
    os_architecture = wtypes.text
    os_distro = wtypes.text
    os_version = wtypes.text
    request_id = wtypes.text
    event_type = wtypes.text
    message_id = wtypes.text
    generated = types.timestamp


class InstanceDelete(tracking_types.RowDocument):
    """An instance deleted: one per delete notification."""

    id = int
    instance_id = wtypes.text
    launched_at = types.timestamp
    deleted_at = types.timestamp
    deployment = wtypes.text
    project_id = wtypes.text
    request_id = wtypes.text
    message_id = wtypes.text
    generated = types.timestamp


class InstanceExists(tracking_types.RowDocument):
    """An instance's usage over an audit period, as nova reported it."""

    id = int
    instance_id = wtypes.text
    audit_period_beginning = types.timestamp
    audit_period_ending = types.timestamp
    status = wtypes.text
    reason = wtypes.text
    verified_at = types.timestamp
    launched_at = types.timestamp
    deleted_at = types.timestamp
    state = wtypes.text
    deployment = wtypes.text
    project_id = wtypes.text
    flavor_id = wtypes.text
    flavor_name = wtypes.text
    image_id = wtypes.text
    os_architecture = wtypes.text
    os_distro = wtypes.text
    os_version = wtypes.text
    bandwidth_in = int
    bandwidth_out = int
    launch_id = int
    delete_id = int
    request_id = wtypes.text
    message_id = wtypes.text
    generated = types.timestamp


class ImageUsage(tracking_types.RowDocument):
    """An image created (uploaded, activated): one per image."""

    id = int
    image_id = wtypes.text
    deployment = wtypes.text
    project_id = wtypes.text
    size = int
    status = wtypes.text
    created_at = types.timestamp
    event_type = wtypes.text
    message_id = wtypes.text
    generated = types.timestamp


class ImageDelete(tracking_types.RowDocument):
    """An image deleted: one per image."""

    id = int
    image_id = wtypes.text
    deployment = wtypes.text
    project_id = wtypes.text
    deleted_at = types.timestamp
    message_id = wtypes.text
    generated = types.timestamp


class ImageExists(tracking_types.RowDocument):
    """One image of an ``image.exists`` notification."""

    id = int
    image_id = wtypes.text
    audit_period_beginning = types.timestamp
    audit_period_ending = types.timestamp
    status = wtypes.text
    reason = wtypes.text
    verified_at = types.timestamp
    size = int
    created_at = types.timestamp
    deleted_at = types.timestamp
    deployment = wtypes.text
    project_id = wtypes.text
    usage_id = int
    delete_id = int
    message_id = wtypes.text
    generated = types.timestamp


class VolumeUsage(tracking_types.RowDocument):
    """A volume created: one per volume."""

    id = int
    volume_id = wtypes.text
    deployment = wtypes.text
    project_id = wtypes.text
    size = int
    volume_type = wtypes.text
    created_at = types.timestamp
    launched_at = types.timestamp
    message_id = wtypes.text
    generated = types.timestamp


class VolumeDelete(tracking_types.RowDocument):
    """A volume deleted: one per volume."""

    id = int
    volume_id = wtypes.text
    deployment = wtypes.text
    project_id = wtypes.text
    deleted_at = types.timestamp
    message_id = wtypes.text
    generated = types.timestamp


class VolumeExists(tracking_types.RowDocument):
    """A volume's usage over an audit period (``volume.exists``)."""

    id = int
    volume_id = wtypes.text
    audit_period_beginning = types.timestamp
    audit_period_ending = types.timestamp
    status = wtypes.text
    reason = wtypes.text
    verified_at = types.timestamp
    size = int
    volume_type = wtypes.text
    created_at = types.timestamp
    launched_at = types.timestamp
    deleted_at = types.timestamp
    deployment = wtypes.text
    project_id = wtypes.text
    usage_id = int
    delete_id = int
    message_id = wtypes.text
    generated = types.timestamp


class LaunchCollection(wtypes.Base):
    """A page of instance launches."""

    launches = [InstanceLaunch]
    links = [types.Link]


class DeleteCollection(wtypes.Base):
    """A page of instance deletes."""

    deletes = [InstanceDelete]
    links = [types.Link]


class ExistsCollection(wtypes.Base):
    """A page of instance exists records."""

    exists = [InstanceExists]
    links = [types.Link]


class ImageUsageCollection(wtypes.Base):
    """A page of image usage records."""

    usage = [ImageUsage]
    links = [types.Link]


class ImageDeleteCollection(wtypes.Base):
    """A page of image deletes."""

    deletes = [ImageDelete]
    links = [types.Link]


class ImageExistsCollection(wtypes.Base):
    """A page of image exists records."""

    exists = [ImageExists]
    links = [types.Link]


class VolumeUsageCollection(wtypes.Base):
    """A page of volume usage records."""

    usage = [VolumeUsage]
    links = [types.Link]


class VolumeDeleteCollection(wtypes.Base):
    """A page of volume deletes."""

    deletes = [VolumeDelete]
    links = [types.Link]


class VolumeExistsCollection(wtypes.Base):
    """A page of volume exists records."""

    exists = [VolumeExists]
    links = [types.Link]


class UsageIndex(wtypes.Base):
    """The lists of usage records below ``/v1/usage``."""

    links = [types.Link]
