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
"""The real ``openstack`` command with the plugin, against a local API.

The API here is a small in-process HTTP server that answers
``/v1/events`` as stacktach-os-api does (newest first, or oldest first
after a marker); ``--os-auth-type none --os-endpoint`` point the real
``openstack`` at it, so these tests need no service.
"""

import http.server
import os
import re
import signal
import subprocess
import sys
import threading
import time
from urllib import parse

from oslo_serialization import jsonutils
import pytest

from tests.unit.osc import test_plugin

OPENSTACK = os.path.join(os.path.dirname(sys.executable), 'openstack')


def _event(number):
    return {'message_id': 'm-%d' % number,
            'event_type': 'compute.instance.update',
            'generated': '2026-01-31T12:00:%02d+00:00' % number,
            'project_id': 'project-a'}


class _EventsHandler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        url = parse.urlsplit(self.path)
        query = dict(parse.parse_qsl(url.query))
        self.server.queries.append(query)
        events = list(self.server.events)
        if query.get('sort') == 'generated:asc':
            if 'marker' in query:
                ids = [event['message_id'] for event in events]
                events = events[ids.index(query['marker']) + 1:]
        else:
            events.reverse()
        events = events[:int(query.get('limit', 100))]
        payload = jsonutils.dump_as_bytes({'events': events, 'links': []})
        self.send_response(200 if url.path == '/v1/events' else 404)
        self.send_header('Content-Type', 'application/json')
        self.send_header('Content-Length', str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@pytest.fixture
def api():
    server = http.server.ThreadingHTTPServer(('127.0.0.1', 0),
                                             _EventsHandler)
    server.events = [_event(1), _event(2)]
    server.queries = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def _env():
    env = {name: value for name, value in os.environ.items()
           if not name.startswith('OS_')}
    env['HOME'] = os.environ.get('HOME', '/tmp')
    env['COLUMNS'] = '200'
    return env


def _openstack(api, *argv):
    url = 'http://127.0.0.1:%d' % api.server_address[1]
    return [OPENSTACK, '--os-auth-type', 'none', '--os-endpoint', url,
            'stacktach'] + list(argv)


def _option_help(text):
    """Return {option: help text} of an argparse help page."""
    helps = {}
    current = None
    for line in text.splitlines():
        if line.startswith('  -'):
            spec, _gap, rest = line.strip().partition('  ')
            current = re.findall(r'--[\w-]+', spec)[-1]
            helps[current] = rest.strip()
        elif current and line.startswith(' ' * 10) and line.strip():
            helps[current] += ' ' + line.strip()
        else:
            current = None
    return helps


def test_help_shows_every_option_with_a_description():
    result = subprocess.run(
        [OPENSTACK, 'help', 'stacktach', 'event', 'list'], env=_env(),
        capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    helps = _option_help(result.stdout)
    expected = ['--event-type', '--since', '--until', '--instance',
                '--request', '--deployment', '--trait', '--project',
                '--all-projects', '--limit', '--marker', '--sort',
                '--format', '--column']
    for option in expected:
        assert helps.get(option, '').strip(), (option, result.stdout)
    assert not [option for option, text in helps.items()
                if not text.strip()], result.stdout


def test_every_option_of_every_command_has_a_help_text():
    from importlib import metadata
    commands = {ep.name: ep.load() for ep in metadata.entry_points(
        group='openstack.stacktach.v1')}
    assert len(commands) == len(test_plugin.COMMANDS)
    for name, command_class in commands.items():
        command = command_class(None, None)
        parser = command.get_parser('openstack ' + name.replace('_', ' '))
        assert command.get_description().strip(), name
        for action in parser._actions:
            assert action.help and action.help.strip(), (name, action.dest)


def test_event_list_through_openstack(api):
    result = subprocess.run(
        _openstack(api, 'event', 'list', '-f', 'json', '--limit', '5'),
        env=_env(), capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert jsonutils.loads(result.stdout) == [_event(2), _event(1)]
    assert api.queries == [{'limit': '5'}]


def test_event_watch_through_openstack_stops_cleanly_on_ctrl_c(api):
    process = subprocess.Popen(
        _openstack(api, 'event', 'watch', '--interval', '0.2', '-f',
                   'value', '-c', 'message_id'),
        env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True)
    try:
        deadline = time.monotonic() + 60
        while (len([q for q in api.queries if 'marker' in q]) < 2
               and time.monotonic() < deadline):
            time.sleep(0.1)
        api.events.extend([_event(3), _event(4)])
        deadline = time.monotonic() + 30
        while (not any(q.get('marker') == 'm-4' for q in api.queries)
               and time.monotonic() < deadline):
            time.sleep(0.1)
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, stderr
    assert stdout == 'm-3\nm-4\n'
    assert 'Traceback' not in stderr
