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
"""Nova, glance and cinder flows of two projects, through the pipeline.

Project A (deployment ``cell-a``) runs the legacy full flow and a failed
create; project B (``cell-b``) the versioned full flow. Each has an
image kept, an image deleted, the images' exists, and a volume created,
deleted and audited. The notifications go through the ingestion
pipeline with the default handlers, without a distiller: the tracking
tables and the archive are filled, the events table is left alone.
"""

import dataclasses
import datetime

from oslo_config import cfg

from stacktach_os.conf import notification
from stacktach_os.notification import pipeline
from tests.samples import image_volume
from tests.samples import nova_flows

DAY = datetime.datetime(2026, 3, 2)
BATCH_SIZE = 10


def retenant(value, project_id):
    """Return a copy of a message with the samples' project replaced."""
    if isinstance(value, dict):
        return {key: retenant(item, project_id)
                for key, item in value.items()}
    if isinstance(value, list):
        return [retenant(item, project_id) for item in value]
    return project_id if value == nova_flows.PROJECT else value


@dataclasses.dataclass
class Tenant(object):
    """What one project's notifications were, and what they make."""

    project_id: str
    deployment: str
    flows: list
    images: tuple  # (kept, deleted)
    volume_id: str
    messages: list

    def instances(self):
        """The ids of the instances of the project."""
        return {flow.expected.instance_id for flow in self.flows}

    def launched(self):
        """The ids of the instances that were launched."""
        return {flow.expected.instance_id for flow in self.flows
                if flow.expected.launches}

    def requests(self):
        """Every request id of the project's notifications."""
        return {message['ctxt']['request_id'] for message in self.messages}

    def kpis(self):
        """The request ids that have a KPI."""
        return {request_id for flow in self.flows
                for request_id, (_count, _outcome, kpi)
                in flow.expected.requests.items() if kpi is not None}


@dataclasses.dataclass
class Tracked(object):
    """The two projects' tenants."""

    a: Tenant
    b: Tenant


def _images(tag, project_id, day):
    kept = 'img-%s-kept' % tag
    gone = 'img-%s-gone' % tag
    created = day + datetime.timedelta(hours=1)
    deleted = day + datetime.timedelta(hours=5)
    ending = day + datetime.timedelta(days=1)
    request_id = 'req-image-%s' % tag
    samples = [
        image_volume.image('image.upload', kept, created, size=1024,
                           owner=project_id, request_id=request_id),
        image_volume.image('image.activate', kept,
                           created + datetime.timedelta(seconds=2),
                           size=1024, created_at=created, owner=project_id,
                           request_id=request_id),
        image_volume.image('image.activate', gone, created, size=4096,
                           owner=project_id, request_id=request_id),
        image_volume.image('image.delete', gone, deleted, size=4096,
                           created_at=created, deleted_at=deleted,
                           status='deleted', owner=project_id,
                           request_id=request_id),
        image_volume.image_exists(
            ending + datetime.timedelta(minutes=5), day, ending,
            [(kept, 1024, created, None), (gone, 4096, created, deleted)],
            owner=project_id),
    ]
    return (kept, gone), samples


def _volume(tag, day):
    volume_id = 'vol-%s' % tag
    created = day + datetime.timedelta(hours=2)
    deleted = day + datetime.timedelta(hours=7)
    ending = day + datetime.timedelta(days=1)
    request_id = 'req-volume-%s' % tag
    samples = [
        image_volume.volume('volume.create.end', volume_id, created,
                            size=20, request_id=request_id),
        image_volume.volume('volume.delete.end', volume_id, deleted,
                            size=20, created_at=created, status='deleted',
                            request_id=request_id),
        image_volume.volume('volume.exists', volume_id,
                            ending + datetime.timedelta(minutes=5),
                            size=20, created_at=created, deleted_at=deleted,
                            status='deleted', beginning=day, ending=ending,
                            request_id='req-volume-audit-%s' % tag),
    ]
    return volume_id, samples


def tenant(tag, project_id, deployment, flows, day):
    """Return the :class:`Tenant` of a project (not stored yet)."""
    images, image_samples = _images(tag, project_id, day)
    volume_id, volume_samples = _volume(tag, day)
    samples = [sample for flow in flows for sample in flow.samples]
    samples += image_samples + volume_samples
    messages = [retenant(sample.listener(), project_id)
                for sample in samples]
    return Tenant(project_id=project_id, deployment=deployment,
                  flows=flows, images=images, volume_id=volume_id,
                  messages=messages)


def ingest(store, messages, deployment, batch_size=BATCH_SIZE):
    """Store messages through the pipeline with the default handlers."""
    conf = cfg.ConfigOpts()
    notification.register_opts(conf)
    conf([], project='stacktach_os', default_config_files=[])
    pipe = pipeline.Pipeline(store, None, pipeline.load_handlers(conf))
    for start in range(0, len(messages), batch_size):
        pipe.store(pipe.prepare(deployment,
                                messages[start:start + batch_size]))


def seed(store, project_a, project_b):
    """Store both projects' notifications; return a :class:`Tracked`."""
    legacy, versioned = nova_flows.LEGACY, nova_flows.VERSIONED
    tracked = Tracked(
        a=tenant('a', project_a, 'cell-a', [
            nova_flows.full_flow(legacy, name='tenant-a'),
            nova_flows.failed_create(legacy, name='tenant-a-failed')], DAY),
        b=tenant('b', project_b, 'cell-b', [
            nova_flows.full_flow(versioned, name='tenant-b')],
            DAY + datetime.timedelta(days=1)))
    for owner in (tracked.a, tracked.b):
        ingest(store, owner.messages, owner.deployment)
    return tracked
