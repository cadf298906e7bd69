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
"""``openstack stacktach usage ...``: the usage records billing relies on.

Nova: ``usage launch list``, ``usage delete list``, ``usage exists list``
(``GET /v1/usage/launches|deletes|exists``); glance: ``usage image
list|delete list|exists list`` (``GET /v1/usage/images/usage|deletes|
exists``); cinder: ``usage volume ...`` (``GET /v1/usage/volumes/...``).
Each list is bounded in time by its record's own time: launched_at,
deleted_at, created_at or the end of the audit period.
"""

from stacktach_os.i18n import _
from stacktach_os.osc.v1 import base

SORT_KEYS = ('time', 'generated', 'id')

STATUS = base.Filter(
    '--status', 'status', '<status>',
    _('List the records of this verification status: pending, verified, '
      'failed or reconciled'))
DEPLOYMENT = base.Filter('--deployment', 'deployment', '<deployment>',
                         _('List the records of this deployment only'))
INSTANCE = base.Filter('--instance', 'instance_id', '<instance-id>',
                       _('List the records of this instance only'))
IMAGE = base.Filter('--image', 'image_id', '<image-id>',
                    _('List the records of this image only'))
VOLUME = base.Filter('--volume', 'volume_id', '<volume-id>',
                     _('List the records of this volume only'))

EXISTS_COLUMNS = ('audit_period_beginning', 'audit_period_ending',
                  'status', 'reason', 'verified_at')


def _filters(resource, what, time, status=False):
    """The filters of a usage list: resource, deployment, time range."""
    return ((resource, DEPLOYMENT) + ((STATUS,) if status else ()) + (
        base.Filter('--since', 'since', '<time>',
                    _('List the %(what)s whose %(time)s is at or after '
                      'this time (%(format)s)') % {
                          'what': what, 'time': time,
                          'format': base.TIME_HELP}),
        base.Filter('--until', 'until', '<time>',
                    _('List the %(what)s whose %(time)s is before this '
                      'time (%(format)s)') % {
                          'what': what, 'time': time,
                          'format': base.TIME_HELP})))


class _UsageList(base.ListCommand):
    """A list of usage records, newest first."""

    marker = '<record-id>'
    sort_keys = SORT_KEYS


class ListLaunch(_UsageList):
    """List the instance launches seen (create, rebuild, resize...)."""

    path = '/usage/launches'
    keys = ('launches',)
    columns = ('id', 'instance_id', 'launched_at', 'project_id',
               'flavor_id', 'flavor_name', 'image_id', 'os_architecture',
               'os_distro', 'os_version', 'event_type', 'request_id',
               'deployment', 'message_id', 'generated')
    what = _('launches')
    filters = _filters(INSTANCE, what, 'launched_at')


class ListDelete(_UsageList):
    """List the instance deletes seen."""

    path = '/usage/deletes'
    keys = ('deletes',)
    columns = ('id', 'instance_id', 'launched_at', 'deleted_at',
               'project_id', 'request_id', 'deployment', 'message_id',
               'generated')
    what = _('deletes')
    filters = _filters(INSTANCE, what, 'deleted_at')


class ListExists(_UsageList):
    """List the compute.instance.exists records and their verification."""

    path = '/usage/exists'
    keys = ('exists',)
    columns = (('id', 'instance_id') + EXISTS_COLUMNS +
               ('launched_at', 'deleted_at', 'state', 'project_id',
                'flavor_id', 'flavor_name', 'image_id', 'os_architecture',
                'os_distro', 'os_version', 'bandwidth_in', 'bandwidth_out',
                'deployment', 'message_id', 'generated'))
    what = _('exists records')
    filters = _filters(INSTANCE, what, 'audit_period_ending', status=True)


class ListImageUsage(_UsageList):
    """List the image usage records seen (image uploads)."""

    path = '/usage/images/usage'
    keys = ('usage',)
    columns = ('id', 'image_id', 'created_at', 'size', 'status',
               'project_id', 'event_type', 'deployment', 'message_id',
               'generated')
    what = _('image usage records')
    filters = _filters(IMAGE, what, 'created_at')


class ListImageDelete(_UsageList):
    """List the image deletes seen."""

    path = '/usage/images/deletes'
    keys = ('deletes',)
    columns = ('id', 'image_id', 'deleted_at', 'project_id', 'deployment',
               'message_id', 'generated')
    what = _('image deletes')
    filters = _filters(IMAGE, what, 'deleted_at')


class ListImageExists(_UsageList):
    """List the image.exists records and their verification."""

    path = '/usage/images/exists'
    keys = ('exists',)
    columns = (('id', 'image_id') + EXISTS_COLUMNS +
               ('size', 'created_at', 'deleted_at', 'project_id',
                'deployment', 'message_id', 'generated'))
    what = _('image exists records')
    filters = _filters(IMAGE, what, 'audit_period_ending', status=True)


class ListVolumeUsage(_UsageList):
    """List the volume usage records seen (volume creates)."""

    path = '/usage/volumes/usage'
    keys = ('usage',)
    columns = ('id', 'volume_id', 'created_at', 'launched_at', 'size',
               'volume_type', 'project_id', 'deployment', 'message_id',
               'generated')
    what = _('volume usage records')
    filters = _filters(VOLUME, what, 'created_at')


class ListVolumeDelete(_UsageList):
    """List the volume deletes seen."""

    path = '/usage/volumes/deletes'
    keys = ('deletes',)
    columns = ('id', 'volume_id', 'deleted_at', 'project_id', 'deployment',
               'message_id', 'generated')
    what = _('volume deletes')
    filters = _filters(VOLUME, what, 'deleted_at')


class ListVolumeExists(_UsageList):
    """List the volume.exists records and their verification."""

    path = '/usage/volumes/exists'
    keys = ('exists',)
    columns = (('id', 'volume_id') + EXISTS_COLUMNS +
               ('size', 'volume_type', 'created_at', 'deleted_at',
                'project_id', 'deployment', 'message_id', 'generated'))
    what = _('volume exists records')
    filters = _filters(VOLUME, what, 'audit_period_ending', status=True)
