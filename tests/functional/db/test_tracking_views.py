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
"""The reads of the API on the tracking tables, on every backend."""

import datetime

import pytest

from stacktach_os.db import lifecycle
from stacktach_os.db import paging
from stacktach_os.db import timings
from stacktach_os.db import tracking_views

ALL = paging.ALL_PROJECTS
BASE = datetime.datetime(2026, 6, 1, 12, 0, 0)
STATES = ['building', 'active', 'stopped', 'active', 'deleted']


def _transition(number, when, state, task_state=None, instance='i-1',
                project='p-1'):
    return {
        'message_id': 'm-%02d' % number, 'instance_id': instance,
        'deployment': 'cell1', 'project_id': project, 'generated': when,
        'event_type': 'compute.instance.update', 'request_id': 'req-1',
        'host': 'compute-1', 'reported_old': False, 'old_state': None,
        'state': state, 'old_task_state': None, 'task_state': task_state}


@pytest.fixture
def transitions(store):
    """Twelve transitions of i-1, several at the same microsecond."""
    rows = []
    for number in range(12):
        # Times 0, 0, 0, 1, 1, 2, 2, 2, 3, 4, 4, 5 seconds.
        when = BASE + datetime.timedelta(
            seconds=[0, 0, 0, 1, 1, 2, 2, 2, 3, 4, 4, 5][number])
        rows.append(_transition(number, when, STATES[number % 5],
                                'task-%d' % number))
    rows.append(_transition(50, BASE, 'active', instance='i-2',
                            project='p-2'))
    with store.writer() as session:
        lifecycle.add_transitions(session, rows)
    return rows


def _read(store, function, *args, **kwargs):
    with store.reader() as session:
        result = function(session, *args, **kwargs)
        session.expunge_all()
    return result


@pytest.mark.parametrize('limit', [1, 2, 3, 5, 20])
def test_lifecycle_pages_are_the_whole_life(store, transitions, limit):
    whole = _read(store, lifecycle.get_lifecycle, ALL, 'i-1')
    assert len(whole) == 12
    pages, marker = [], None
    while True:
        page = _read(store, tracking_views.lifecycle_page, ALL, 'i-1',
                     limit, marker=marker)
        assert page.limit == limit
        pages.extend(page.transitions)
        if len(page.transitions) < page.limit:
            break
        marker = page.transitions[-1].message_id
    assert pages == whole


def test_lifecycle_page_markers(store, transitions):
    since = BASE + datetime.timedelta(seconds=2)
    page = _read(store, tracking_views.lifecycle_page, ALL, 'i-1', 2,
                 marker='m-05', since=since)
    assert [step.message_id for step in page.transitions] == ['m-06', 'm-07']
    # The step after the marker knows the state before it.
    assert page.transitions[0].old_state == STATES[5 % 5]
    for marker, scope, since in (('m-50', ALL, None), ('m-01', 'p-2', None),
                                 ('nothing', ALL, None),
                                 ('m-01', ALL, since)):
        with pytest.raises(paging.MarkerNotFound):
            _read(store, tracking_views.lifecycle_page, scope, 'i-1', 2,
                  marker=marker, since=since)


def test_instance_seen(store, transitions):
    assert _read(store, tracking_views.instance_seen, ALL, 'i-1')
    assert _read(store, tracking_views.instance_seen, 'p-1', 'i-1')
    assert not _read(store, tracking_views.instance_seen, 'p-2', 'i-1')
    assert not _read(store, tracking_views.instance_seen, ALL, 'i-3')


def _mark(number, phase, when, operation='create', host='compute-1',
          project='p-1', instance=None):
    return timings.Mark(
        family='legacy', instance_id=instance or 'i-%d' % number,
        operation=operation, request_id='req-%d' % number, phase=phase,
        generated=when, message_id='%s-%d-%s' % (operation, number, phase),
        deployment='cell1', project_id=project, host=host)


@pytest.fixture
def runs(store):
    """Timings of three operations on two hosts, durations 1..n s."""
    marks = []
    for number in range(1, 24):
        operation = ('create', 'delete', 'reboot')[number % 3]
        host = 'compute-%d' % (number % 2)
        start = BASE + datetime.timedelta(minutes=number)
        marks.append(_mark(number, timings.START, start, operation, host))
        if number % 7:
            marks.append(_mark(number, timings.END, start +
                               datetime.timedelta(seconds=number),
                               operation, host))
    marks.append(_mark(99, timings.ERROR, BASE, 'create', None, 'p-2'))
    with store.writer() as session:
        timings.record(session, marks)


def test_summary_by_one_field_is_timings_summarize(store, runs):
    for group in timings.GROUPS:
        ours = _read(store, tracking_views.summarize_timings, ALL, (group,))
        theirs = _read(store, timings.summarize, ALL, group_by=group)
        for row in theirs:
            row[group] = row.pop('key')
        assert ours == theirs, group


def test_summary_by_two_fields(store, runs):
    rows = _read(store, tracking_views.summarize_timings, 'p-1',
                 ('operation', 'host'))
    keys = [(row['operation'], row['host']) for row in rows]
    assert keys == sorted(keys)
    assert len(keys) == 6
    create = {row['host']: row for row in rows
              if row['operation'] == 'create'}
    # create: numbers 3, 6, 9, ..., 21; 7 and 14 never ended.
    assert create['compute-0']['count'] == 3  # 6, 12, 18
    assert (create['compute-1']['count'], create['compute-1']['timed'],
            create['compute-1']['unmatched']) == (4, 3, 1)  # 3, 9, 15, 21
    assert create['compute-1']['p50'] == 9.0
    assert create['compute-1']['max'] == 15.0
    assert create['compute-1']['mean'] == pytest.approx(9.0)
    errors = _read(store, tracking_views.summarize_timings, ALL,
                   ('project_id', 'host'), outcome=timings.ERROR)
    assert [(row['project_id'], row['host'], row['errors'], row['p95'])
            for row in errors] == [('p-2', None, 1, None)]


def test_summary_refuses_bad_groups(store):
    for group_by in ((), ('operation', 'operation'), ('flavor',)):
        with pytest.raises(ValueError):
            _read(store, tracking_views.summarize_timings, ALL, group_by)
