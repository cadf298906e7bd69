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
"""stacktach-os-distill: notifications in, one JSON line per event out."""

import io
import json
import os
import subprocess
import sys

import pytest
import yaml

from stacktach_os.cmd import distill

DEFINITIONS = [
    {'event_type': 'compute.instance.*',
     'traits': {
         'instance_id': {'fields': 'payload.instance_id'},
         'memory_mb': {'type': 'int', 'fields': 'payload.memory_mb'},
         'launched_at': {'type': 'datetime', 'fields': 'payload.launched_at'},
         'ratio': {'type': 'float', 'fields': 'payload.ratio'},
     }},
]

LISTENER = {
    'event_type': 'compute.instance.create.end',
    'publisher_id': 'compute.cpu-1',
    'priority': 'INFO',
    'ctxt': {'request_id': 'req-1', 'project_id': 'proj-1'},
    'payload': {'instance_id': 'i-1', 'memory_mb': 512, 'ratio': 0.5,
                'launched_at': '2025-03-01T10:00:00.25+01:00'},
    'metadata': {'message_id': 'msg-1',
                 'timestamp': '2025-03-01 09:00:01.000002'},
}

LEGACY = {
    'event_type': 'compute.instance.delete.start',
    'publisher_id': 'compute.cpu-2',
    'priority': 'INFO',
    'message_id': 'msg-2',
    'timestamp': '2025-03-01T09:05:00Z',
    '_context_request_id': 'req-2',
    '_context_project_id': 'proj-2',
    '_context_auth_token': 'secret',
    'payload': {'instance_id': 'i-2', 'memory_mb': '', 'launched_at': ''},
}


@pytest.fixture
def definitions_file(tmp_path):
    path = tmp_path / 'defs.yaml'
    path.write_text(yaml.safe_dump(DEFINITIONS))
    return str(path)


def run(argv, stdin=b''):
    out, err = io.StringIO(), io.StringIO()
    status = distill.main(argv, stdin=io.BytesIO(stdin), stdout=out,
                          stderr=err)
    events = [json.loads(line) for line in out.getvalue().splitlines()]
    return status, events, err.getvalue()


def lines(*items):
    return ''.join((item if isinstance(item, str) else json.dumps(item))
                   + '\n' for item in items).encode('utf-8')


def test_listener_and_legacy_envelopes(definitions_file):
    status, events, err = run(['--definitions', definitions_file],
                              lines(LISTENER, LEGACY))
    assert (status, err) == (0, '')
    assert events == [
        {'event_type': 'compute.instance.create.end', 'message_id': 'msg-1',
         'generated': '2025-03-01T09:00:01.000002',
         'traits': [
             {'name': 'instance_id', 'type': 'text', 'value': 'i-1'},
             {'name': 'launched_at', 'type': 'datetime',
              'value': '2025-03-01T09:00:00.250000'},
             {'name': 'memory_mb', 'type': 'int', 'value': 512},
             {'name': 'project_id', 'type': 'text', 'value': 'proj-1'},
             {'name': 'ratio', 'type': 'float', 'value': 0.5},
             {'name': 'request_id', 'type': 'text', 'value': 'req-1'},
             {'name': 'service', 'type': 'text', 'value': 'compute.cpu-1'},
             {'name': 'tenant_id', 'type': 'text', 'value': 'proj-1'}]},
        {'event_type': 'compute.instance.delete.start', 'message_id': 'msg-2',
         'generated': '2025-03-01T09:05:00.000000',
         'traits': [
             {'name': 'instance_id', 'type': 'text', 'value': 'i-2'},
             {'name': 'project_id', 'type': 'text', 'value': 'proj-2'},
             {'name': 'request_id', 'type': 'text', 'value': 'req-2'},
             {'name': 'service', 'type': 'text', 'value': 'compute.cpu-2'},
             {'name': 'tenant_id', 'type': 'text', 'value': 'proj-2'}]},
    ]


def test_capture_wrappers(definitions_file):
    status, events, err = run(
        ['--definitions', definitions_file],
        lines({'source': 'x', 'notification': LISTENER},
              {'format': 'legacy', 'flow': [LEGACY, LISTENER]}))
    assert (status, err) == (0, '')
    assert [e['message_id'] for e in events] == ['msg-1', 'msg-2', 'msg-1']


def test_bad_lines_are_reported_and_skipped(definitions_file):
    no_timestamp = dict(LEGACY, message_id='msg-3')
    del no_timestamp['timestamp']
    bad_timestamp = dict(LEGACY, timestamp='the day after')
    status, events, err = run(
        ['--definitions', definitions_file],
        lines(LISTENER, '{"event_type": ', '', '[1, 2]', no_timestamp,
              {'flow': [LEGACY, {'payload': {}}]}, bad_timestamp,
              LEGACY) + b'\xff\xfe\n')
    assert status == 1
    assert [e['message_id'] for e in events] == ['msg-1', 'msg-2', 'msg-2']
    messages = err.splitlines()
    assert messages[0].startswith('<stdin>:2: not JSON: ')
    assert messages[1].startswith(
        '<stdin>:4: not a notification: notification is not a JSON object')
    assert messages[2] == ('<stdin>:5: not a notification: timestamp is '
                           'missing')
    assert messages[3].startswith(
        '<stdin>:6, flow item 2: not a notification: message_id is missing; '
        'event_type is missing')
    assert messages[4].startswith(
        "<stdin>:7: not a notification: timestamp 'the day after' is not")
    assert messages[5].startswith('<stdin>:9: not UTF-8: ')
    assert len(messages) == 6


def test_trait_problems_are_warnings(definitions_file):
    status, events, err = run(
        ['--definitions', definitions_file],
        lines(dict(LEGACY, payload={'instance_id': 'i-4',
                                    'memory_mb': 'a lot'})))
    assert status == 0
    assert len(events) == 1
    assert err == ("<stdin>:1: warning: trait memory_mb (int) left out: "
                   "'a lot' is not an integer\n")


def test_catchall(definitions_file):
    other = dict(LISTENER, event_type='image.upload')
    status, events, err = run(['--definitions', definitions_file],
                              lines(other))
    assert [e['event_type'] for e in events] == ['image.upload']
    status, events, err = run(
        ['--no-catchall', '--definitions', definitions_file], lines(other))
    assert (status, events, err) == (0, [], '')


def test_input_files_and_several_definitions(tmp_path, definitions_file):
    later = tmp_path / 'later.yaml'
    later.write_text(yaml.safe_dump([{
        'event_type': 'compute.instance.create.end',
        'traits': {'flavor': 'payload.instance_type'}}]))
    one = tmp_path / 'one.jsonl'
    one.write_bytes(lines(LISTENER))
    two = tmp_path / 'two.jsonl'
    two.write_bytes(lines(LEGACY))
    status, events, err = run(
        [str(one), '--definitions', definitions_file, str(later), '--',
         str(two), str(tmp_path / 'missing.jsonl')])
    assert status == 1
    assert err == '%s: cannot read: No such file or directory\n' % (
        tmp_path / 'missing.jsonl')
    # The later file's definition wins for create.end only.
    assert [t['name'] for t in events[0]['traits']] == [
        'project_id', 'request_id', 'service', 'tenant_id']
    assert events[1]['traits'][0]['name'] == 'instance_id'


def test_definitions_errors(tmp_path):
    bad = tmp_path / 'bad.yaml'
    bad.write_text('- {event_type: a, traits: {x: {fields: p, type: bool}}}')
    status, events, err = run(['--definitions', str(bad)], lines(LISTENER))
    assert (status, events) == (2, [])
    assert err == (
        "stacktach-os-distill: %s: definition 1 (event_type a), trait 'x': "
        "invalid trait type 'bool' (expected one of text, int, float, "
        "datetime)\n" % bad)


def test_hint_when_inputs_follow_definitions(tmp_path, definitions_file):
    inputs = tmp_path / 'in.jsonl'
    inputs.write_bytes(lines(LISTENER, LEGACY))
    status, events, err = run(['--definitions', definitions_file,
                               str(inputs)])
    assert status == 2
    assert err.splitlines()[-1] == (
        'stacktach-os-distill: --definitions takes every file that follows '
        'it: put the inputs before it, or after "--"')


def test_default_definitions_are_the_shipped_ones():
    status, events, err = run([], lines(LISTENER))
    assert (status, err) == (0, '')
    traits = {t['name']: t['value'] for t in events[0]['traits']}
    assert traits['instance_id'] == 'i-1'
    assert traits['host'] == 'cpu-1'


def test_console_script_reads_stdin_and_survives_a_closed_pipe(
        definitions_file):
    env = dict(os.environ, PYTHONPATH=os.getcwd())
    process = subprocess.run(
        [sys.executable, '-m', 'stacktach_os.cmd.distill', '--definitions',
         definitions_file],
        input=lines(*[LISTENER] * 3), capture_output=True, env=env,
        timeout=60)
    assert process.returncode == 0, process.stderr
    assert len(process.stdout.splitlines()) == 3
    shell = subprocess.run(
        '%s -m stacktach_os.cmd.distill --definitions %s | head -c 10'
        % (sys.executable, definitions_file), shell=True,
        input=lines(*[LISTENER] * 20000), capture_output=True, env=env,
        timeout=120)
    assert len(shell.stdout) == 10
    assert b'Traceback' not in shell.stderr
