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
"""Timings: starts paired with ends in event time, whatever the order."""

import datetime

import pytest

from stacktach_os.db import paging
from stacktach_os.db import timings
from tests.functional.tracking import conftest
from tests.samples import nova_flows

ALL = conftest.ALL
FORMATS = nova_flows.FORMATS
PAGE = paging.Page(limit=1000)


def _by_operation(rows):
    found = {}
    for row in sorted(rows, key=lambda row: (row.generated, row.id)):
        found.setdefault(row.operation, []).append(row.outcome)
    return found


def _timings(read, **filters):
    return read(timings.list_timings, ALL, PAGE, **filters)


def _op(fmt, names):
    return names[0] if fmt == nova_flows.LEGACY else names[1]


@pytest.mark.parametrize('fmt', FORMATS)
def test_full_flow(ingest, read, fmt):
    flow = nova_flows.full_flow(fmt)
    ingest(flow.listener_messages(), batch_size=9)
    rows = _timings(read, instance_id=flow.expected.instance_id)
    assert _by_operation(rows) == flow.expected.timings
    by_op = {row.operation: row for row in rows}
    create = by_op['create']
    assert create.duration == 27.0
    assert (create.host, create.end_host) == ('compute-1', 'compute-1')
    assert create.request_id == nova_flows.request_id('full', fmt, 'create')
    assert create.project_id == nova_flows.PROJECT
    assert create.deployment == nova_flows.DEPLOYMENT
    assert create.start_generated == nova_flows.at(4)
    assert create.end_generated == nova_flows.at(31)
    # A revert starts on the destination and ends on the source.
    revert = by_op[_op(fmt, nova_flows.RESIZE_REVERT)]
    assert (revert.host, revert.end_host) == ('compute-2', 'compute-1')
    assert revert.duration == 20.0
    assert by_op[_op(fmt, nova_flows.REBUILD)].duration == 29.0
    assert by_op['delete'].duration == 11.0


@pytest.mark.parametrize('fmt', FORMATS)
def test_any_arrival_order_gives_the_same_timings(ingest, read, fmt):
    flow = nova_flows.full_flow(fmt)
    ingest(reversed(flow.listener_messages()), batch_size=3)
    rows = _timings(read, instance_id=flow.expected.instance_id)
    assert _by_operation(rows) == flow.expected.timings
    assert all(row.duration is not None for row in rows)


@pytest.mark.parametrize('fmt', FORMATS)
def test_late_start_completes_the_row(ingest, read, fmt):
    flow = nova_flows.full_flow(fmt)
    messages = {message['event_type']: message
                for message in flow.listener_messages()}
    prefix = 'compute.instance.' if fmt == nova_flows.LEGACY else 'instance.'
    ingest([messages[prefix + 'create.end']])
    [row] = _timings(read, instance_id=flow.expected.instance_id)
    assert (row.outcome, row.start_message_id, row.duration) == (
        'unmatched', None, None)
    ingest([messages[prefix + 'create.start']])
    [row] = _timings(read, instance_id=flow.expected.instance_id)
    assert (row.outcome, row.duration) == ('ok', 27.0)
    assert row.generated == nova_flows.at(4)


@pytest.mark.parametrize('fmt', FORMATS)
def test_start_without_end_is_unmatched_until_the_end(ingest, read, fmt):
    flow = nova_flows.full_flow(fmt)
    messages = flow.listener_messages()
    starts = [message for message in messages
              if message['event_type'].endswith('.start')]
    ingest(starts)
    rows = _timings(read, instance_id=flow.expected.instance_id)
    assert {row.outcome for row in rows} == {'unmatched'}
    ingest(messages)
    rows = _timings(read, instance_id=flow.expected.instance_id)
    assert _by_operation(rows) == flow.expected.timings


@pytest.mark.parametrize('fmt', FORMATS)
def test_failed_create_with_reschedules(ingest, read, fmt):
    flow = nova_flows.failed_create(fmt)
    ingest(conftest.shuffled(flow.listener_messages()), batch_size=4)
    rows = _timings(read, instance_id=flow.expected.instance_id)
    assert _by_operation(rows) == flow.expected.timings
    creates = sorted((row for row in rows if row.operation == 'create'),
                     key=lambda row: row.generated)
    assert [row.host for row in creates] == ['compute-1', 'compute-2']
    assert [row.duration for row in creates] == [5.0, 5.0]
    assert 'disk image is corrupt' in creates[0].error_message
    assert 'not enough memory' in creates[1].error_message
    [gave_up] = [row for row in rows
                 if row.operation == 'compute_task.build_instances']
    assert gave_up.start_message_id is None
    assert 'Exceeded maximum number of retries' in gave_up.error_message
    # Both runs of the build belong to one request.
    assert len({row.request_id for row in rows}) == 1


def test_legacy_error_named_after_the_failed_method(ingest, read):
    flow = nova_flows.unseen_delete(nova_flows.LEGACY)
    start = flow.listener_messages()[0]
    error = {
        'ctxt': start['ctxt'], 'publisher_id': 'compute.compute-1',
        'event_type': 'terminate_instance', 'priority': 'error',
        'payload': {'exception': {'kwargs': {
            'reason': 'volume detach timed out'}},
            'args': {'instance': {'uuid': flow.expected.instance_id,
                                  'project_id': nova_flows.PROJECT}}},
        'metadata': {'message_id': 'c1d2e3f4-0000-4000-8000-00000000abcd',
                     'timestamp': str(nova_flows.at(3))}}
    ingest([start, error])
    [row] = _timings(read, instance_id=flow.expected.instance_id)
    assert (row.operation, row.outcome, row.duration) == (
        'delete', 'error', 2.0)
    assert row.error_message == 'volume detach timed out'


def test_both_formats_of_one_instance_are_kept_apart(ingest, read):
    instance_id = '4b8e2c1a-9d7f-4e6b-a5c3-2f1e0d9c8b7a'
    legacy = nova_flows.full_flow(nova_flows.LEGACY, instance_id=instance_id)
    versioned = nova_flows.full_flow(nova_flows.VERSIONED,
                                     instance_id=instance_id)
    ingest(legacy.listener_messages() + versioned.listener_messages())
    creates = _timings(read, instance_id=instance_id, operation='create')
    assert [row.outcome for row in creates] == ['ok', 'ok']


@pytest.mark.parametrize('fmt', FORMATS)
def test_same_notification_twice(ingest, read, fmt):
    flow = nova_flows.full_flow(fmt)
    messages = flow.listener_messages()
    ingest(messages)
    ingest(messages[:10] + messages[10:20], batch_size=7)
    rows = _timings(read, instance_id=flow.expected.instance_id)
    assert _by_operation(rows) == flow.expected.timings


def _create(instance_id, seconds, host, start):
    """A legacy create of ``seconds``, starting at ``start``."""
    flow = nova_flows.full_flow(nova_flows.LEGACY, name=instance_id,
                                instance_id=instance_id)
    messages = [dict(message) for message in flow.listener_messages()
                if message['event_type'].startswith('compute.instance.create')]
    stamps = (start, start + datetime.timedelta(seconds=seconds))
    for message, stamp in zip(messages, stamps):
        message['metadata'] = dict(message['metadata'], timestamp=str(stamp))
        message['publisher_id'] = 'compute.%s' % host
    return messages


def test_summary_over_every_matching_timing(ingest, read):
    start = datetime.datetime(2026, 5, 1)
    messages = []
    for n in range(1, 21):
        messages.extend(_create('i-%02d' % n, n, 'host-%d' % (n % 2),
                                start + datetime.timedelta(minutes=n)))
    ingest(messages, batch_size=13)
    [create] = read(timings.summarize, ALL, operation='create')
    assert create == {
        'key': 'create', 'count': 20, 'ok': 20, 'errors': 0,
        'unmatched': 0, 'timed': 20, 'min': 1.0, 'max': 20.0,
        'mean': 10.5, 'p50': 10.0, 'p95': 19.0, 'p99': 20.0}
    by_host = read(timings.summarize, ALL, group_by='host')
    assert [(row['key'], row['count'], row['min'], row['max'])
            for row in by_host] == [('host-0', 10, 2.0, 20.0),
                                    ('host-1', 10, 1.0, 19.0)]
    assert [row['p50'] for row in by_host] == [10.0, 9.0]
    everything = read(timings.summarize, ALL, group_by=None,
                      since=start + datetime.timedelta(minutes=11),
                      percentiles=(50, 90))
    assert everything == [{
        'key': None, 'count': 10, 'ok': 10, 'errors': 0, 'unmatched': 0,
        'timed': 10, 'min': 11.0, 'max': 20.0, 'mean': 15.5,
        'p50': 15.0, 'p90': 19.0}]
    assert read(timings.summarize, 'another-project') == []
    with pytest.raises(ValueError):
        read(timings.summarize, ALL, group_by='payload')


def test_summary_counts_errors_and_unmatched(ingest, read):
    flow = nova_flows.failed_create(nova_flows.VERSIONED)
    ingest(flow.listener_messages()[:-3])
    [create] = read(timings.summarize, ALL, operation='create')
    assert (create['count'], create['errors'], create['unmatched'],
            create['timed']) == (2, 1, 1, 1)
    assert create['p50'] == create['p99'] == 5.0


def test_pages_and_filters(ingest, read):
    flow = nova_flows.full_flow(nova_flows.LEGACY)
    ingest(flow.listener_messages())
    seen = []
    marker = None
    while True:
        page = read(timings.list_timings, ALL,
                    paging.Page(limit=4, marker=marker,
                                sort=(('duration', paging.DESC),)))
        seen.extend(page)
        if len(page) < 4:
            break
        marker = str(page[-1].id)
    assert len(seen) == 9
    durations = [row.duration for row in seen]
    assert durations == sorted(durations, reverse=True)
    assert {row.operation for row in _timings(read, host='compute-2')} == {
        'resize.prep', 'finish_resize', 'resize.revert'}
    assert [row.operation for row in _timings(
        read, request_id=nova_flows.request_id('full', 'legacy',
                                               'revert'))] == [
        'resize.revert']
    assert _timings(read, outcome='error') == []
    assert len(_timings(read, since=nova_flows.at(100),
                        until=nova_flows.at(300))) == 4
    with pytest.raises(paging.MarkerNotFound):
        read(timings.list_timings, ALL, paging.Page(limit=4, marker='x'))
    assert read(timings.get_timing, ALL, seen[0].id).id == seen[0].id
    assert read(timings.get_timing, 'another-project', seen[0].id) is None
