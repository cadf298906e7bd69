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
"""``/v1/usage``: the usage records that billing relies on.

Nova: ``/v1/usage/launches``, ``/v1/usage/deletes``, ``/v1/usage/exists``;
glance: ``/v1/usage/images/usage``, ``.../deletes``, ``.../exists``;
cinder: ``/v1/usage/volumes/usage``, ``.../deletes``, ``.../exists``.

Filters (each at most once): the resource (``instance_id``, ``image_id``
or ``volume_id``), ``deployment``, ``since`` (inclusive) and ``until``
(exclusive) on the record's own time (``launched_at``, ``deleted_at``,
``created_at`` or the end of the audit period), and for exists records
``status`` (``pending``, ``verifying``, ``verified``, ``failed``,
``reconciled``); ``project_id``, ``all_projects``; ``limit``, ``marker``
(a record id), ``sort`` (``time``, the default, newest first;
``generated``; ``id``).
"""

import dataclasses

import pecan

from stacktach_os.api import params
from stacktach_os.api import rbac
from stacktach_os.api.v1 import base
from stacktach_os.api.v1 import filters
from stacktach_os.api.v1 import types
from stacktach_os.api.v1 import usage_types
from stacktach_os.db import usage
from stacktach_os.db import verification
from stacktach_os.policies import usage as policy

SORT_KEYS = ('time', 'generated', 'id')


@dataclasses.dataclass(frozen=True)
class Records(object):
    """A list of usage records: what it reads and how it answers."""

    kind: str
    resource: str
    document: type
    collection: type
    key: str
    status: bool = False


def list_records(records):
    """Answer the current request with a page of ``records``."""
    request = pecan.request
    allowed = (records.resource, 'deployment', 'since', 'until')
    if records.status:
        allowed += ('status',)
    query = params.Query(request, allowed + params.PAGING + params.PROJECTS)
    scope = rbac.project_scope(request, query, policy.LIST,
                               policy.ALL_PROJECTS)
    since, until = filters.time_range(query)
    status = (filters.choice(query, 'status', verification.STATUSES)
              if records.status else None)
    page = query.page(SORT_KEYS, usage.DEFAULT_SORT)
    with base.reading(request) as session:
        rows = usage.list_records(
            session, scope, page, records.kind,
            resource_id=query.text(records.resource),
            deployment=query.text('deployment'), status=status,
            since=since, until=until)
        links = (usage.exists_links(session, records.kind, rows)
                 if records.kind in usage.EXISTS_RESOURCES else {})
        documents = [records.document.from_row(row, **links.get(row.id, {}))
                     for row in rows]
    return records.collection(**{
        records.key: documents,
        'links': base.next_links(request, page,
                                 [str(row.id) for row in rows])})


def controller(records):
    """Return a controller that lists ``records``."""

    class RecordsController(base.Controller):
        """A list of usage records."""

        @base.expose(records.collection)
        def get_all(self):
            """Return a page of the records that match the filters."""
            return list_records(records)

    return RecordsController()


def _index(names):
    request = pecan.request
    params.Query(request)
    return usage_types.UsageIndex(links=[
        types.Link(rel=name, href=request.path_url.rstrip('/') + '/' + name)
        for name in names])


class ImagesController(base.Controller):
    """``/v1/usage/images``."""

    usage = controller(Records('image_usage', 'image_id',
                               usage_types.ImageUsage,
                               usage_types.ImageUsageCollection, 'usage'))
    deletes = controller(Records('image_deletes', 'image_id',
                                 usage_types.ImageDelete,
                                 usage_types.ImageDeleteCollection,
                                 'deletes'))
    exists = controller(Records('image_exists', 'image_id',
                                usage_types.ImageExists,
                                usage_types.ImageExistsCollection, 'exists',
                                status=True))

    @base.expose(usage_types.UsageIndex)
    def get_all(self):
        """Return the links to the lists of image usage records."""
        return _index(('usage', 'deletes', 'exists'))


class VolumesController(base.Controller):
    """``/v1/usage/volumes``."""

    usage = controller(Records('volume_usage', 'volume_id',
                               usage_types.VolumeUsage,
                               usage_types.VolumeUsageCollection, 'usage'))
    deletes = controller(Records('volume_deletes', 'volume_id',
                                 usage_types.VolumeDelete,
                                 usage_types.VolumeDeleteCollection,
                                 'deletes'))
    exists = controller(Records('volume_exists', 'volume_id',
                                usage_types.VolumeExists,
                                usage_types.VolumeExistsCollection,
                                'exists', status=True))

    @base.expose(usage_types.UsageIndex)
    def get_all(self):
        """Return the links to the lists of volume usage records."""
        return _index(('usage', 'deletes', 'exists'))


class UsageController(base.Controller):
    """``/v1/usage``."""

    launches = controller(Records('instance_launches', 'instance_id',
                                  usage_types.InstanceLaunch,
                                  usage_types.LaunchCollection, 'launches'))
    deletes = controller(Records('instance_deletes', 'instance_id',
                                 usage_types.InstanceDelete,
                                 usage_types.DeleteCollection, 'deletes'))
    exists = controller(Records('instance_exists', 'instance_id',
                                usage_types.InstanceExists,
                                usage_types.ExistsCollection, 'exists',
                                status=True))
    images = ImagesController()
    volumes = VolumesController()

    @base.expose(usage_types.UsageIndex)
    def get_all(self):
        """Return the links to the lists of usage records."""
        return _index(('launches', 'deletes', 'exists', 'images',
                       'volumes'))
