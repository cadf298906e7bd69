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
"""Usage: launches, deletes and exists of instances, images and volumes."""

import datetime

import pytest

from stacktach_os.db import paging
from stacktach_os.db import usage
from stacktach_os.notification import pipeline
from tests.functional.tracking import conftest
from tests.samples import image_volume
from tests.samples import nova_flows

ALL = conftest.ALL
FORMATS = nova_flows.FORMATS
PAGE = paging.Page(limit=100, sort=(('time', paging.ASC),))


def _records(read, kind, **filters):
    return read(usage.list_records, ALL, PAGE, kind, **filters)


def _links(read, kind, rows):
    """(usage or launch id, delete id) of each exists row, by row id."""
    found = read(usage.exists_links, kind, rows)
    return {row_id: tuple(links.values()) for row_id, links in found.items()}


def _instance_usage(read, instance_id):
    launches = _records(read, 'instance_launches', resource_id=instance_id)
    deletes = _records(read, 'instance_deletes', resource_id=instance_id)
    exists = read(usage.list_records, ALL,
                  paging.Page(limit=100, sort=(('generated', paging.ASC),)),
                  'instance_exists', resource_id=instance_id)
    launch_times = {row.id: row.launched_at for row in launches}
    delete_ids = {row.id for row in deletes}
    links = _links(read, 'instance_exists', exists)
    return (
        [(row.launched_at, row.flavor_id) for row in launches],
        [(row.launched_at, row.deleted_at) for row in deletes],
        [(row.launched_at, row.deleted_at,
          launch_times.get(links[row.id][0]) is not None
          and usage.second_of(launch_times[links[row.id][0]])
          == usage.second_of(row.launched_at),
          links[row.id][1] in delete_ids) for row in exists],
        launches, exists)


@pytest.mark.parametrize('fmt', FORMATS)
def test_full_flow(ingest, read, fmt):
    flow = nova_flows.full_flow(fmt)
    ingest(flow.listener_messages(), batch_size=10)
    expected = flow.expected
    launches, deletes, exists, launch_rows, exists_rows = _instance_usage(
        read, expected.instance_id)
    assert launches == expected.launches
    assert deletes == expected.deletes
    assert exists == expected.exists
    create = launch_rows[0]
    # The create's own .end decides, not the resize's .start.
    assert create.event_type.endswith('create.end')
    assert create.rank == 2
    assert (create.flavor_name, create.image_id) == (
        'm1.small', nova_flows.IMAGE)
    assert create.request_id == nova_flows.request_id('full', fmt, 'create')
    assert launch_rows[1].flavor_name == 'm1.large'
    assert launch_rows[1].os_architecture == 'x86_64'
    if fmt == nova_flows.LEGACY:
        assert (create.os_distro, create.os_version) == ('ubuntu', '22.04')
    audit = exists_rows[2]
    assert (audit.audit_period_beginning, audit.audit_period_ending) == (
        nova_flows.DAY_1, nova_flows.DAY_2)
    assert (audit.status, audit.project_id, audit.flavor_id) == (
        'pending', nova_flows.PROJECT, nova_flows.SMALL['flavorid'])
    assert audit.state == 'active'
    assert exists_rows[3].state == 'deleted'
    if fmt == nova_flows.LEGACY:
        assert (audit.bandwidth_in, audit.bandwidth_out) == (1256, 3478)
    else:
        assert audit.bandwidth_in is None


@pytest.mark.parametrize('fmt', FORMATS)
def test_exists_first_are_linked_when_the_rest_arrives(ingest, read, fmt):
    flow = nova_flows.full_flow(fmt)
    messages = flow.listener_messages()
    exists = [message for message in messages
              if message['event_type'].endswith('exists')]
    rest = [message for message in messages if message not in exists]
    ingest(exists)
    _launches, _deletes, found, _rows, _ = _instance_usage(
        read, flow.expected.instance_id)
    assert [(launch, delete) for _l, _d, launch, delete in found] == [
        (False, False)] * 4
    ingest(conftest.shuffled(rest), batch_size=7)
    launches, deletes, found, _rows, _ = _instance_usage(
        read, flow.expected.instance_id)
    assert (launches, deletes, found) == (
        flow.expected.launches, flow.expected.deletes, flow.expected.exists)


@pytest.mark.parametrize('fmt', FORMATS)
def test_same_notification_twice(ingest, read, fmt):
    flow = nova_flows.full_flow(fmt)
    messages = flow.listener_messages()
    ingest(messages)
    ingest(list(reversed(messages)), batch_size=5)
    launches, deletes, exists, _rows, _ = _instance_usage(
        read, flow.expected.instance_id)
    assert (launches, deletes, exists) == (
        flow.expected.launches, flow.expected.deletes, flow.expected.exists)


@pytest.mark.parametrize('fmt', FORMATS)
def test_delete_of_an_instance_never_seen(ingest, read, fmt):
    flow = nova_flows.unseen_delete(fmt)
    ingest(flow.listener_messages())
    expected = flow.expected
    launches, deletes, exists, _rows, _ = _instance_usage(
        read, expected.instance_id)
    assert (launches, deletes, exists) == ([], expected.deletes, [])
    launched_at, deleted_at = expected.deletes[0]
    day = deleted_at.replace(hour=0, minute=0, second=0)
    audit = nova_flows.audit_exists(
        fmt, expected.instance_id, launched_at, day,
        day + datetime.timedelta(days=1), deleted_at=deleted_at)
    ingest([audit.listener()])
    _launches, _deletes, exists, _rows, _ = _instance_usage(
        read, expected.instance_id)
    assert exists == [(launched_at, deleted_at, False, True)]


@pytest.mark.parametrize('fmt', FORMATS)
def test_failed_create_launches_nothing(ingest, read, fmt):
    flow = nova_flows.failed_create(fmt)
    ingest(flow.listener_messages())
    assert _records(read, 'instance_launches') == []


def test_image_usage_deletes_and_exists(ingest, read):
    kept = 'a1b2c3d4-0000-4000-8000-000000000001'
    gone = 'a1b2c3d4-0000-4000-8000-000000000002'
    day = datetime.datetime(2026, 4, 1)
    created = day + datetime.timedelta(hours=1)
    deleted = day + datetime.timedelta(hours=5)
    exists = image_volume.image_exists(
        day + datetime.timedelta(days=1, minutes=5), day,
        day + datetime.timedelta(days=1),
        [(kept, 2048, created, None), (gone, 4096, created, deleted),
         (kept, 2048, created, None)])
    # The audit arrives first; the usage and delete later.
    ingest([exists.listener()])
    ingest([sample.listener() for sample in (
        image_volume.image('image.upload', kept, created, size=1024,
                           status='saving'),
        image_volume.image('image.activate', kept,
                           created + datetime.timedelta(seconds=3),
                           size=2048, created_at=created),
        image_volume.image('image.activate', gone, created, size=4096),
        image_volume.image('image.delete', gone, deleted, size=4096,
                           created_at=created, deleted_at=deleted,
                           status='deleted'))], batch_size=2)
    usage_rows = {row.image_id: row for row in _records(read,
                                                        'image_usage')}
    assert (usage_rows[kept].size, usage_rows[kept].status,
            usage_rows[kept].created_at) == (2048, 'active', created)
    assert usage_rows[kept].event_type == 'image.activate'
    [delete] = _records(read, 'image_deletes')
    assert (delete.image_id, delete.deleted_at) == (gone, deleted)
    rows = {row.image_id: row for row in _records(read, 'image_exists')}
    assert len(rows) == 2
    links = _links(read, 'image_exists', list(rows.values()))
    assert links[rows[kept].id] == (usage_rows[kept].id, None)
    assert links[rows[gone].id] == (usage_rows[gone].id, delete.id)
    assert rows[gone].deleted_at == deleted
    assert (rows[gone].audit_period_ending, rows[gone].status,
            rows[gone].project_id) == (day + datetime.timedelta(days=1),
                                       'pending', image_volume.PROJECT)
    # Another audit finds what is already known.
    later = image_volume.image_exists(
        day + datetime.timedelta(days=2, minutes=5),
        day + datetime.timedelta(days=1), day + datetime.timedelta(days=2),
        [(kept, 2048, created, None)])
    ingest([later.listener()])
    [latest] = _records(read, 'image_exists', resource_id=kept,
                        since=day + datetime.timedelta(days=2))
    assert _links(read, 'image_exists', [latest])[latest.id] == (
        usage_rows[kept].id, None)


def test_volume_usage_deletes_and_exists(ingest, read):
    volume_id = 'f0e1d2c3-0000-4000-8000-00000000000a'
    day = datetime.datetime(2026, 4, 1)
    created = day + datetime.timedelta(hours=2)
    deleted = day + datetime.timedelta(days=1, hours=3)
    first = image_volume.volume(
        'volume.exists', volume_id, day + datetime.timedelta(days=1),
        size=20, created_at=created, beginning=day,
        ending=day + datetime.timedelta(days=1))
    ingest([first.listener()])
    ingest([
        image_volume.volume('volume.create.start', volume_id,
                            created - datetime.timedelta(seconds=5),
                            size=20, status='creating').listener(),
        image_volume.volume('volume.create.end', volume_id, created,
                            size=20).listener(),
        image_volume.volume('volume.delete.end', volume_id, deleted,
                            size=20, created_at=created,
                            status='deleted').listener(),
        image_volume.volume(
            'volume.exists', volume_id, day + datetime.timedelta(days=2),
            size=20, created_at=created, deleted_at=deleted,
            status='deleted', beginning=day + datetime.timedelta(days=1),
            ending=day + datetime.timedelta(days=2)).listener(),
    ])
    [created_row] = _records(read, 'volume_usage')
    assert (created_row.size, created_row.created_at,
            created_row.volume_type) == (
        20, created, '8a3f1e2d-4c5b-4a69-8e7f-6d5c4b3a2910')
    [delete] = _records(read, 'volume_deletes')
    assert delete.deleted_at == deleted
    before, after = _records(read, 'volume_exists')
    assert _links(read, 'volume_exists', [before, after]) == {
        before.id: (created_row.id, None),
        after.id: (created_row.id, delete.id)}
    assert after.deleted_at == deleted
    assert [row.id for row in _records(read, 'volume_exists',
                                       status='pending')] == [
        before.id, after.id]


def test_records_pages_scope_and_errors(ingest, read):
    flows = [nova_flows.full_flow(nova_flows.LEGACY, name='p%d' % n)
             for n in range(3)]
    ingest([message for flow in flows
            for message in flow.listener_messages()])
    seen = []
    marker = None
    while True:
        page = read(usage.list_records, ALL,
                    paging.Page(limit=5, marker=marker),
                    'instance_launches')
        seen.extend(row.id for row in page)
        if len(page) < 5:
            break
        marker = str(page[-1].id)
    assert len(seen) == len(set(seen)) == 12
    assert len(read(usage.list_records, nova_flows.PROJECT,
                    paging.Page(limit=100), 'instance_exists',
                    status='pending')) == 12
    assert read(usage.list_records, 'another-project',
                paging.Page(limit=100), 'instance_exists') == []
    assert len(read(usage.list_records, ALL, paging.Page(limit=100),
                    'instance_exists', since=nova_flows.DAY_3)) == 3
    some = read(usage.get_record, ALL, 'instance_deletes', 1)
    assert some is not None and some.deleted_at == nova_flows.DELETED
    with pytest.raises(ValueError):
        read(usage.list_records, ALL, PAGE, 'flavors')
    with pytest.raises(ValueError):
        read(usage.list_records, ALL, PAGE, 'instance_launches',
             status='pending')
    with pytest.raises(paging.MarkerNotFound):
        read(usage.list_records, ALL, paging.Page(limit=5, marker='99999'),
             'instance_launches')


@pytest.mark.parametrize('fmt', FORMATS)
def test_batches_committed_together_are_linked_when_read(store, conf,
                                                         read, fmt):
    """Neither batch saw the other's rows; the links are found anyway."""
    if store.backend == 'sqlite':
        pytest.skip('SQLite takes one write transaction at a time')
    flow = nova_flows.full_flow(fmt)
    messages = flow.listener_messages()
    exists = [message for message in messages
              if message['event_type'].endswith('exists')]
    rest = [message for message in messages if message not in exists]
    pipe = pipeline.Pipeline(store, None, pipeline.load_handlers(conf))
    usage_handler = pipe.handlers[-1]
    exists_items = pipe.prepare(nova_flows.DEPLOYMENT, exists)
    rest_items = pipe.prepare(nova_flows.DEPLOYMENT, rest)
    # Two transactions in flight at once, each blind to the other's rows.
    with store.writer() as first:
        usage_handler.handle(first, exists_items)
        with store.writer() as second:
            usage_handler.handle(second, rest_items)
    launches, deletes, found, _rows, _ = _instance_usage(
        read, flow.expected.instance_id)
    assert (launches, deletes, found) == (
        flow.expected.launches, flow.expected.deletes, flow.expected.exists)
