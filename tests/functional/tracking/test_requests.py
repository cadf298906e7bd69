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
"""Requests: every notification of a request id, its times and its KPI."""

import pytest

from stacktach_os.db import paging
from stacktach_os.db import requests
from tests.functional.tracking import conftest
from tests.samples import nova_flows

ALL = conftest.ALL
FORMATS = nova_flows.FORMATS


def _summary(row):
    # SQLite's date functions count milliseconds.
    kpi = round(row.kpi, 3) if row.kpi is not None else None
    return (row.notification_count, row.outcome, kpi)


def _check(read, expected):
    for request_id, wanted in expected.requests.items():
        row = read(requests.get_request, ALL, request_id)
        assert row is not None, request_id
        assert _summary(row) == wanted, request_id


@pytest.mark.parametrize('fmt', FORMATS)
def test_full_flow(ingest, read, fmt):
    flow = nova_flows.full_flow(fmt)
    ingest(flow.listener_messages(), batch_size=11)
    _check(read, flow.expected)
    resize_id = nova_flows.request_id('full', fmt, 'resize')
    resize = read(requests.get_request, ALL, resize_id)
    api, compute = nova_flows.API[fmt], nova_flows.COMPUTE_1[fmt]
    separator = ':' if fmt == nova_flows.VERSIONED else '.'
    who = read(requests.participants, [resize_id])[resize_id]
    assert who.services == sorted({
        api.split(separator)[0], compute.split(separator)[0]})
    assert who.hosts == ['api-1', 'compute-1', 'compute-2']
    assert resize.deployment == 'cell1'
    assert who.deployments == ['cell1']
    assert resize.project_id == nova_flows.PROJECT
    assert resize.first_generated == resize.api_generated == (
        nova_flows.at(100))
    assert resize.end_generated == resize.last_generated == (
        nova_flows.at(141))
    assert resize.duration == pytest.approx(41.0, abs=1e-3)
    assert resize.kpi == pytest.approx(41.0, abs=1e-3)
    assert resize.first_event_type.endswith('update')
    assert resize.end_event_type.endswith('.end')
    assert resize.error_count == 0


@pytest.mark.parametrize('fmt', FORMATS)
def test_out_of_order_and_redelivered(ingest, read, fmt):
    flow = nova_flows.full_flow(fmt)
    messages = flow.listener_messages()
    ingest(conftest.shuffled(messages), batch_size=6)
    ingest(messages[:15], batch_size=4)
    _check(read, flow.expected)


@pytest.mark.parametrize('fmt', FORMATS)
def test_failed_create_is_an_error(ingest, read, fmt):
    flow = nova_flows.failed_create(fmt)
    ingest(flow.listener_messages(), batch_size=5)
    _check(read, flow.expected)
    [request_id] = flow.expected.requests
    row = read(requests.get_request, ALL, request_id)
    assert row.error_count == 3
    assert row.end_generated == nova_flows.at(12)
    assert read(requests.participants, [request_id])[request_id].hosts == [
        'compute-1', 'compute-2', 'cond-1', 'sched-1']


@pytest.mark.parametrize('fmt', FORMATS)
def test_delete_of_an_instance_never_seen(ingest, read, fmt):
    flow = nova_flows.unseen_delete(fmt)
    ingest(flow.listener_messages())
    _check(read, flow.expected)


def test_request_across_deployments(ingest, read):
    flow = nova_flows.full_flow(nova_flows.LEGACY)
    request_id = nova_flows.request_id('full', 'legacy', 'delete')
    messages = [message for message in flow.listener_messages()
                if message['ctxt']['request_id'] == request_id]
    # The API's notification comes from the API cell's bus.
    ingest(messages[1:], deployment='cell1')
    ingest(messages[:1], deployment='api')
    row = read(requests.get_request, ALL, request_id)
    assert row.deployment == 'api'
    assert read(requests.participants, [request_id])[
        request_id].deployments == ['api', 'cell1']
    assert row.notification_count == 6
    assert row.kpi == pytest.approx(12.0, abs=1e-3)
    page = paging.Page(limit=10)
    assert [found.request_id for found in read(
        requests.list_requests, ALL, page, deployment='cell1')] == [
        request_id]
    assert [found.request_id for found in read(
        requests.list_requests, ALL, page, deployment='api')] == [
        request_id]
    assert read(requests.list_requests, ALL, page,
                deployment='cell') == []


def test_notifications_of_a_request(ingest, read):
    flow = nova_flows.full_flow(nova_flows.VERSIONED)
    ingest(reversed(flow.listener_messages()))
    request_id = nova_flows.request_id('full', 'versioned', 'revert')
    rows = read(requests.list_notifications, ALL, request_id)
    assert [row.event_type for row in rows] == [
        'instance.update', 'instance.resize_revert.start',
        'instance.update', 'instance.resize_revert.end']
    assert [row.host for row in rows] == [
        'api-1', 'compute-2', 'compute-1', 'compute-1']
    assert read(requests.list_notifications, 'another-project',
                request_id) == []
    assert read(requests.list_notifications, nova_flows.PROJECT,
                request_id, limit=2)[-1].event_type == (
        'instance.resize_revert.start')


def test_global_request_id_and_pages(ingest, read):
    flow = nova_flows.full_flow(nova_flows.LEGACY)
    messages = flow.listener_messages()
    for message in messages:
        message['ctxt']['global_request_id'] = 'req-global-heat-stack'
    ingest(messages)
    page = paging.Page(limit=3, sort=(('first_generated', paging.ASC),))
    seen = []
    while True:
        found = read(requests.list_requests, ALL, page,
                     global_request_id='req-global-heat-stack')
        seen.extend(row.request_id for row in found)
        if len(found) < 3:
            break
        page = paging.Page(limit=3, marker=found[-1].request_id,
                           sort=page.sort)
    assert seen == list(flow.expected.requests)
    assert [row.request_id for row in read(
        requests.list_requests, ALL, paging.Page(limit=10),
        outcome='unfinished')] == [
        nova_flows.request_id('full', 'legacy', 'audit-2'),
        nova_flows.request_id('full', 'legacy', 'audit-1')]
    with pytest.raises(paging.MarkerNotFound):
        read(requests.list_requests, nova_flows.PROJECT,
             paging.Page(limit=3, marker='req-unknown'))
