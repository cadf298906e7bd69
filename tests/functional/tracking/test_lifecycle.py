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
"""Lifecycle: every state change of an instance, and its current state."""

import datetime

import pytest
from sqlalchemy import func
from sqlalchemy import select

from stacktach_os.db import lifecycle
from stacktach_os.db import models
from stacktach_os.db import paging
from tests.functional.tracking import conftest
from tests.samples import nova_flows

ALL = conftest.ALL
FORMATS = nova_flows.FORMATS


def _states(transitions):
    return [(step.state, step.task_state) for step in transitions]


def _count(read, model):
    return read(lambda session: session.scalar(
        select(func.count()).select_from(model)))


@pytest.mark.parametrize('fmt', FORMATS)
def test_full_flow_in_order(ingest, read, fmt):
    flow = nova_flows.full_flow(fmt)
    ingest(flow.listener_messages(), batch_size=10)
    expected = flow.expected
    steps = read(lifecycle.get_lifecycle, ALL, expected.instance_id)
    assert _states(steps) == expected.states
    # Each step says what it came from and what caused it.
    first_resize = [step for step in steps
                    if step.task_state == 'resize_prep'][0]
    assert (first_resize.old_state, first_resize.old_task_state) == (
        'active', None)
    assert first_resize.event_type.endswith('update')
    assert first_resize.request_id == nova_flows.request_id(
        'full', fmt, 'resize')
    assert first_resize.host == 'api-1'
    assert first_resize.project_id == nova_flows.PROJECT
    assert first_resize.deployment == nova_flows.DEPLOYMENT
    state = read(lifecycle.get_state, ALL, expected.instance_id)
    assert (state.state, state.task_state) == ('deleted', None)
    # The latest notification is the next night's audit.
    assert state.last_event_type.endswith('exists')
    assert state.project_id == nova_flows.PROJECT


@pytest.mark.parametrize('fmt', FORMATS)
def test_out_of_order_arrival_gives_the_same_life(ingest, read, fmt):
    flow = nova_flows.full_flow(fmt)
    messages = flow.listener_messages()
    # The delete arrives first, then the rest scrambled, in small batches.
    ingest(messages[-8:])
    ingest(conftest.shuffled(messages[:-8]), batch_size=5)
    expected = flow.expected
    steps = read(lifecycle.get_lifecycle, ALL, expected.instance_id)
    assert _states(steps) == expected.states
    state = read(lifecycle.get_state, ALL, expected.instance_id)
    assert (state.state, state.task_state) == ('deleted', None)


@pytest.mark.parametrize('fmt', FORMATS)
def test_reversed_batches_do_not_roll_the_state_back(ingest, read, fmt):
    flow = nova_flows.full_flow(fmt)
    messages = flow.listener_messages()
    for start in range(len(messages) - 4, -4, -4):
        ingest(messages[max(start, 0):start + 4])
        state = read(lifecycle.get_state, ALL, flow.expected.instance_id)
        assert (state.state, state.task_state) == ('deleted', None)


@pytest.mark.parametrize('fmt', FORMATS)
def test_same_notification_twice_is_stored_once(ingest, read, fmt):
    flow = nova_flows.full_flow(fmt)
    messages = flow.listener_messages()
    assert len(ingest(messages + messages[:5], batch_size=12)) == len(
        messages)
    assert ingest(messages) == []
    steps = read(lifecycle.get_lifecycle, ALL, flow.expected.instance_id)
    assert _states(steps) == flow.expected.states
    stored = _count(read, models.InstanceTransition)
    assert stored == sum(1 for sample in flow.samples
                         if 'scheduler' not in sample.event_type)


@pytest.mark.parametrize('fmt', FORMATS)
def test_unchanged_steps_are_kept_but_left_out(ingest, read, fmt):
    flow = nova_flows.full_flow(fmt)
    ingest(flow.listener_messages())
    every = read(lifecycle.get_lifecycle, ALL, flow.expected.instance_id,
                 changes_only=False)
    changes = read(lifecycle.get_lifecycle, ALL, flow.expected.instance_id)
    assert len(every) > len(changes)
    assert [step.generated for step in every] == sorted(
        step.generated for step in every)
    # The time window and the limit.
    window = read(lifecycle.get_lifecycle, ALL, flow.expected.instance_id,
                  since=nova_flows.at(100), until=nova_flows.at(200))
    assert _states(window) == [
        ('active', 'resize_prep'), ('active', 'resize_migrating'),
        ('active', 'resize_migrated'), ('active', 'resize_finish'),
        ('resized', None)]
    # The first step of a window knows the state before the window.
    assert (window[0].old_state, window[0].old_task_state) == (
        'active', None)
    assert len(read(lifecycle.get_lifecycle, ALL,
                    flow.expected.instance_id, limit=3)) == 3


@pytest.mark.parametrize('fmt', FORMATS)
def test_delete_of_an_instance_never_seen(ingest, read, fmt):
    flow = nova_flows.unseen_delete(fmt)
    ingest(flow.listener_messages())
    steps = read(lifecycle.get_lifecycle, ALL, flow.expected.instance_id)
    assert _states(steps) == flow.expected.states
    assert (steps[0].old_state, steps[0].reported_old) == (None, False)
    state = read(lifecycle.get_state, ALL, flow.expected.instance_id)
    assert state.state == 'deleted'


@pytest.mark.parametrize('fmt', FORMATS)
def test_failed_create_ends_in_error(ingest, read, fmt):
    flow = nova_flows.failed_create(fmt)
    ingest(flow.listener_messages())
    steps = read(lifecycle.get_lifecycle, ALL, flow.expected.instance_id)
    assert _states(steps) == flow.expected.states
    assert steps[-1].event_type.startswith('compute_task.build_instances')
    state = read(lifecycle.get_state, ALL, flow.expected.instance_id)
    assert (state.state, state.host) == ('error', 'compute-2')


def test_reported_old_state_wins_over_the_step_before(ingest, read):
    flow = nova_flows.full_flow(nova_flows.LEGACY)
    # Without the API's update, compute's update still says where the
    # instance came from.
    messages = [message for message in flow.listener_messages()
                if message['publisher_id'] != 'api.api-1']
    ingest(messages)
    steps = read(lifecycle.get_lifecycle, ALL, flow.expected.instance_id)
    migrating = [step for step in steps
                 if step.task_state == 'resize_migrating'][0]
    assert (migrating.old_state, migrating.old_task_state) == (
        'active', 'resize_prep')
    assert migrating.reported_old


def test_project_scope(ingest, read):
    flow = nova_flows.full_flow(nova_flows.VERSIONED)
    ingest(flow.listener_messages())
    instance_id = flow.expected.instance_id
    assert read(lifecycle.get_lifecycle, nova_flows.PROJECT, instance_id)
    assert read(lifecycle.get_lifecycle, 'another-project',
                instance_id) == []
    assert read(lifecycle.get_state, 'another-project', instance_id) is None
    with pytest.raises(TypeError):
        read(lifecycle.get_state, None, instance_id)


def test_list_states_pages(ingest, read):
    flows = [nova_flows.unseen_delete(nova_flows.LEGACY, name='i%d' % n)
             for n in range(5)]
    ingest([message for flow in flows
            for message in flow.listener_messages()])
    seen = []
    marker = None
    while True:
        page = read(lifecycle.list_states, ALL,
                    paging.Page(limit=2, marker=marker), state='deleted')
        seen.extend(row.instance_id for row in page)
        if len(page) < 2:
            break
        marker = page[-1].instance_id
    assert sorted(seen) == sorted(flow.expected.instance_id
                                  for flow in flows)
    with pytest.raises(paging.MarkerNotFound):
        read(lifecycle.list_states, ALL, paging.Page(limit=2,
                                                     marker='nope'))
    assert read(lifecycle.list_states, ALL, paging.Page(limit=10),
                since=datetime.datetime(2030, 1, 1)) == []
