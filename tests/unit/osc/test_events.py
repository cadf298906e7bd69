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
"""Argument parsing and output of the event commands."""

from keystoneauth1 import exceptions as ks_exc
from osc_lib import exceptions
from oslo_serialization import jsonutils
import pytest
import yaml

from stacktach_os.osc.v1 import events
from tests.unit.osc import fakes

EVENT = {
    'message_id': 'm-1', 'event_type': 'compute.instance.create.end',
    'generated': '2026-01-31T12:00:00.000001+00:00', 'deployment': 'cell1',
    'project_id': 'project-a', 'resource_id': 'i-1', 'request_id': 'req-1',
    'host': 'compute-1',
}


def _event(message_id, generated='2026-01-31T12:00:00.000001+00:00',
           **fields):
    return dict(EVENT, message_id=message_id, generated=generated, **fields)


def _events_session(*pages, **kwargs):
    return fakes.FakeSession({'/v1/events': list(pages)}, **kwargs)


def test_event_list_sends_every_filter():
    session = _events_session(fakes.page('events', [EVENT]))
    code, _output = fakes.run(events.ListEvent, [
        '--event-type', 'compute.instance.*.end',
        '--since', '2026-01-31T00:00:00Z', '--until', '2026-02-01',
        '--instance', 'i-1', '--request', 'req-1', '--deployment', 'cell1',
        '--trait', 'memory_mb=ge:2048', '--trait', 'memory_mb=lt:8192',
        '--trait', 'state=active', '--project', 'project-b',
        '--limit', '10', '--marker', 'm-0', '--sort', 'generated:asc',
    ], session)
    assert code == 0
    assert session.requests[0].path == '/v1/events'
    assert session.params() == {
        'event_type': ['compute.instance.*.end'],
        'since': ['2026-01-31T00:00:00Z'], 'until': ['2026-02-01'],
        'instance_id': ['i-1'], 'request_id': ['req-1'],
        'deployment': ['cell1'],
        'trait:memory_mb': ['ge:2048', 'lt:8192'],
        'trait:state': ['active'], 'project_id': ['project-b'],
        'marker': ['m-0'], 'sort': ['generated:asc'], 'limit': ['10'],
    }


def test_event_list_scope_defaults_to_the_token_project():
    session = _events_session(fakes.page('events', []))
    fakes.run(events.ListEvent, [], session)
    assert session.params() == {'all_projects': ['false']}


def test_event_list_without_a_token_project_lets_the_api_decide():
    session = _events_session(fakes.page('events', []), project_id=None)
    fakes.run(events.ListEvent, [], session)
    assert session.params() == {}


def test_event_list_all_projects():
    session = _events_session(fakes.page('events', []))
    fakes.run(events.ListEvent, ['--all-projects'], session)
    assert session.params() == {'all_projects': ['true']}


@pytest.mark.parametrize('argv', [
    ['--project', 'p', '--all-projects'],
    ['--trait', 'no-equals-sign'],
    ['--trait', '=value-without-name'],
    ['--limit', '0'], ['--limit', 'ten'], ['--limit', '-2'],
    ['unexpected-positional'],
])
def test_event_list_rejects_bad_arguments(argv, capsys):
    with pytest.raises(SystemExit) as caught:
        fakes.run(events.ListEvent, argv, _events_session())
    assert caught.value.code == 2
    assert 'error:' in capsys.readouterr().err


def test_event_list_table_has_the_known_columns_first_then_new_fields():
    session = _events_session(fakes.page('events', [
        dict(EVENT, cell_name='new-field'), _event('m-2', host=None)]))
    _code, output = fakes.run(events.ListEvent, [], session)
    header = [cell.strip() for cell in output.splitlines()[1].split('|')
              if cell.strip()]
    assert header == list(events.EVENT_COLUMNS) + ['cell_name']
    assert 'compute.instance.create.end' in output
    assert 'new-field' in output


def test_event_list_json_keeps_the_api_names_and_values():
    session = _events_session(fakes.page('events', [EVENT]))
    assert fakes.run_json(events.ListEvent, [], session) == [EVENT]


def test_event_list_columns_and_formats():
    session = _events_session(fakes.page('events', [EVENT, _event('m-2')]))
    _code, output = fakes.run(events.ListEvent, [
        '-f', 'value', '-c', 'message_id', '-c', 'host'], session)
    assert output == 'm-1 compute-1\nm-2 compute-1\n'
    _code, output = fakes.run(events.ListEvent, [
        '-f', 'csv', '-c', 'message_id', '-c', 'event_type'], session)
    assert output.splitlines() == [
        '"message_id","event_type"',
        '"m-1","compute.instance.create.end"',
        '"m-2","compute.instance.create.end"']
    _code, output = fakes.run(events.ListEvent, [
        '-f', 'yaml', '-c', 'message_id'], session)
    assert yaml.safe_load(output) == [{'message_id': 'm-1'},
                                      {'message_id': 'm-2'}]


def test_event_list_empty_json_is_an_empty_list():
    session = _events_session(fakes.page('events', []))
    assert fakes.run_json(events.ListEvent, [], session) == []


def test_event_list_limit_follows_the_pages():
    session = _events_session(
        fakes.page('events', [_event('m-1'), _event('m-2')],
                   'limit=2&marker=m-2&all_projects=false'),
        fakes.page('events', [_event('m-3')]))
    rows = fakes.run_json(events.ListEvent, ['--limit', '3'], session)
    assert [row['message_id'] for row in rows] == ['m-1', 'm-2', 'm-3']
    assert session.params(1) == {'all_projects': ['false'],
                                 'marker': ['m-2'], 'limit': ['1']}


def test_event_list_api_error_is_raised_with_its_message():
    session = _events_session(fakes.FakeResponse(400, {'error_message': {
        'faultstring': "since: 'yesterday' is not an ISO 8601 date"}}))
    with pytest.raises(exceptions.BadRequest) as caught:
        fakes.run(events.ListEvent, ['--since', 'yesterday'], session)
    assert 'yesterday' in str(caught.value)


DETAIL = dict(EVENT, traits=[
    {'name': 'memory_mb', 'type': 'int', 'value': 2048},
    {'name': 'state', 'type': 'text', 'value': 'active'},
    {'name': 'launched_at', 'type': 'datetime',
     'value': '2026-01-31T11:59:00+00:00'}])


def test_event_show_traits_one_per_line():
    session = fakes.FakeSession({'/v1/events/m%2F1': DETAIL})
    _code, output = fakes.run(events.ShowEvent, ['m/1'], session)
    assert session.requests[0].path == '/v1/events/m%2F1'
    assert session.params() == {}
    assert '| traits' in output
    assert 'memory_mb=2048' in output
    assert 'launched_at=2026-01-31T11:59:00+00:00' in output
    _code, output = fakes.run(events.ShowEvent, [
        'm/1', '-f', 'value', '-c', 'traits'], session)
    assert 'memory_mb' in output


def test_event_show_json_has_the_typed_traits():
    session = fakes.FakeSession({'/v1/events/m-1': DETAIL})
    assert fakes.run_json(events.ShowEvent, ['m-1'], session) == DETAIL


def test_event_show_raw_is_the_notification():
    notification = {
        'message_id': 'm-1', 'event_type': 'compute.instance.create.end',
        'publisher_id': 'compute.compute-1', 'priority': 'INFO',
        'malformed': False, 'error': None,
        'body': {'payload': {'instance_id': 'i-1', 'memory_mb': 2048},
                 'event_type': 'compute.instance.create.end'}}
    session = fakes.FakeSession({'/v1/events/m-1/notification':
                                 notification})
    assert fakes.run_json(events.ShowEvent, ['m-1', '--raw'],
                          session) == notification
    _code, output = fakes.run(events.ShowEvent, [
        'm-1', '--raw', '-f', 'table'], session)
    assert '"memory_mb": 2048' in output
    assert output.index('message_id') < output.index('body')


def test_event_show_unknown_is_not_found():
    session = fakes.FakeSession({'/v1/events/nope': fakes.FakeResponse(
        404, {'error_message': {'faultstring': 'Event nope not found'}})})
    with pytest.raises(exceptions.NotFound) as caught:
        fakes.run(events.ShowEvent, ['nope'], session)
    assert str(caught.value) == 'Event nope not found (HTTP 404)'


def test_event_show_needs_a_message_id():
    with pytest.raises(SystemExit):
        fakes.run(events.ShowEvent, [], fakes.FakeSession())


def test_event_type_list():
    session = fakes.FakeSession({'/v1/event_types': fakes.page(
        'event_types', [{'name': 'compute.instance.create.end'},
                        {'name': 'image.upload'}])})
    _code, output = fakes.run(events.ListEventType, [
        '--all-projects', '--limit', '5', '--sort', 'name:desc',
        '--marker', 'a', '-f', 'value'], session)
    assert output == 'compute.instance.create.end\nimage.upload\n'
    assert session.params() == {'all_projects': ['true'], 'limit': ['5'],
                                'sort': ['name:desc'], 'marker': ['a']}


def test_event_trait_list():
    session = fakes.FakeSession({
        '/v1/event_types/compute.instance.create.end/traits': fakes.page(
            'traits', [{'name': 'memory_mb', 'types': ['int']},
                       {'name': 'odd', 'types': ['int', 'text']}])})
    _code, output = fakes.run(events.ListEventTrait, [
        'compute.instance.create.end', '--project', 'p'], session)
    assert session.params() == {'project_id': ['p']}
    assert 'int, text' in output
    rows = fakes.run_json(events.ListEventTrait,
                          ['compute.instance.create.end'], session)
    assert rows[1] == {'name': 'odd', 'types': ['int', 'text']}


class _Interrupt(object):
    """time.sleep that lets ``polls`` polls happen, then is Ctrl-C."""

    def __init__(self, polls):
        self.polls = polls
        self.sleeps = []

    def __call__(self, seconds):
        self.sleeps.append(seconds)
        if len(self.sleeps) > self.polls:
            raise KeyboardInterrupt()


def _watch(monkeypatch, argv, session, polls):
    sleep = _Interrupt(polls)
    monkeypatch.setattr(events.time, 'sleep', sleep)
    code, output = fakes.run(events.WatchEvent, argv, session)
    return code, output, sleep


def test_event_watch_prints_new_events_until_ctrl_c(monkeypatch):
    session = _events_session(
        fakes.page('events', [_event('m-1')]),    # the latest one
        fakes.page('events', [_event('m-2', '2026-01-31T12:00:01+00:00'),
                              _event('m-3', '2026-01-31T12:00:02+00:00')]),
        fakes.page('events', []),
        fakes.page('events', [_event('m-4', '2026-01-31T12:00:03+00:00')]))
    code, output, sleep = _watch(monkeypatch, [
        '--event-type', 'compute.*', '--interval', '0.5', '-f', 'value',
        '-c', 'message_id'], session, polls=3)
    assert code == 0
    assert output == 'm-2\nm-3\nm-4\n'
    assert sleep.sleeps == [0.5] * 4
    assert session.params(0) == {'event_type': ['compute.*'],
                                 'all_projects': ['false'],
                                 'sort': ['generated:desc'], 'limit': ['1']}
    assert session.params(1) == {'event_type': ['compute.*'],
                                 'all_projects': ['false'],
                                 'sort': ['generated:asc'],
                                 'marker': ['m-1']}
    assert session.params(2)['marker'] == ['m-3']
    assert session.params(3)['marker'] == ['m-3']


def test_event_watch_with_nothing_stored_yet_starts_without_marker(
        monkeypatch):
    session = _events_session(fakes.page('events', []),
                              fakes.page('events', [_event('m-1')]))
    code, output, _sleep = _watch(monkeypatch, [
        '-f', 'value', '-c', 'message_id'], session, polls=1)
    assert (code, output) == (0, 'm-1\n')
    assert 'marker' not in session.params(1)


def test_event_watch_backlog_prints_the_latest_oldest_first(monkeypatch):
    session = _events_session(
        fakes.page('events', [_event('m-3'), _event('m-2'), _event('m-1')]),
        fakes.page('events', []))
    code, output, _sleep = _watch(monkeypatch, [
        '--backlog', '3', '-f', 'value', '-c', 'message_id'], session,
        polls=1)
    assert (code, output) == (0, 'm-1\nm-2\nm-3\n')
    assert session.params(0)['limit'] == ['3']
    assert session.params(1)['marker'] == ['m-3']


def test_event_watch_follows_every_page_of_a_burst(monkeypatch):
    session = _events_session(
        fakes.page('events', [_event('m-0')]),
        fakes.page('events', [_event('m-1'), _event('m-2')],
                   'sort=generated:asc&marker=m-2&limit=2'),
        fakes.page('events', [_event('m-3')]))
    _code, output, _sleep = _watch(monkeypatch, [
        '-f', 'json', '--noindent', '-c', 'message_id'], session, polls=1)
    batches = [jsonutils.loads(line) for line in output.splitlines()]
    assert batches == [[{'message_id': 'm-1'}, {'message_id': 'm-2'}],
                       [{'message_id': 'm-3'}]]


def test_event_watch_goes_on_when_the_last_event_expired(monkeypatch):
    gone = fakes.FakeResponse(400, {'error_message': {
        'faultstring': "marker: 'm-1' names nothing in this list"}})
    t1 = '2026-01-31T12:00:01+00:00'
    session = _events_session(
        fakes.page('events', [_event('m-1', t1)]),
        gone,
        fakes.page('events', [_event('m-0', t1), _event('m-2', t1)]))
    code, output, _sleep = _watch(monkeypatch, [
        '--since', '2026-01-01', '-f', 'value', '-c', 'message_id'],
        session, polls=2)
    assert (code, output) == (0, 'm-0\nm-2\n')
    assert session.params(2) == {'all_projects': ['false'],
                                 'sort': ['generated:asc'], 'since': [t1]}


def test_event_watch_keeps_trying_when_the_api_is_down(monkeypatch):
    session = _events_session(
        fakes.page('events', [_event('m-1')]),
        ks_exc.ConnectFailure('connection refused'),
        fakes.FakeResponse(503, text='Service Unavailable'),
        fakes.page('events', [_event('m-2')]))
    code, output, _sleep = _watch(monkeypatch, [
        '-f', 'value', '-c', 'message_id'], session, polls=3)
    assert (code, output) == (0, 'm-2\n')
    assert session.params(3)['marker'] == ['m-1']


def test_event_watch_ends_on_a_client_error(monkeypatch):
    session = _events_session(
        fakes.page('events', [_event('m-1')]),
        fakes.FakeResponse(403, {'error_message': {
            'faultstring': 'Policy does not allow it'}}))
    with pytest.raises(exceptions.Forbidden):
        _watch(monkeypatch, [], session, polls=3)


def test_event_watch_bad_filter_is_an_error(monkeypatch):
    session = _events_session(fakes.FakeResponse(400, {'error_message': {
        'faultstring': 'event_type is empty'}}))
    with pytest.raises(exceptions.BadRequest):
        _watch(monkeypatch, ['--event-type', ''], session, polls=1)


def test_event_watch_table_prints_each_batch(monkeypatch):
    session = _events_session(
        fakes.page('events', [_event('m-1')]),
        fakes.page('events', [_event('m-2')]),
        fakes.page('events', [_event('m-3')]))
    _code, output, _sleep = _watch(monkeypatch, [], session, polls=2)
    assert output.count('| message_id') == 2
    assert 'm-2' in output and 'm-3' in output and 'm-1' not in output


@pytest.mark.parametrize('argv', [
    ['--interval', '0'], ['--interval', '-1'], ['--interval', 'soon'],
    ['--backlog', '-1'], ['--limit', '5'], ['--marker', 'm']])
def test_event_watch_rejects_bad_arguments(argv):
    with pytest.raises(SystemExit):
        fakes.run(events.WatchEvent, argv, _events_session())
