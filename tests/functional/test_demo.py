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
"""stacktach-os-demo end to end: simulate, ingest, verify, serve, query.

The demo's verifier must verify every exists record except those the
simulator made wrong on purpose, and flag each of those with the code the
simulator's manifest expects; the real ``openstack`` command must show
its events and verdicts.
"""

import json
import shutil
import subprocess
import sys
import urllib.request

from oslo_config import fixture as config_fixture
import pytest

from stacktach_os import conf as st_conf
from stacktach_os import demo
from stacktach_os.notigen import simulation


@pytest.fixture
def running(tmp_path):
    fixture = config_fixture.Config(st_conf.CONF)
    fixture.setUp()
    conf = demo.prepare_conf()
    settings = simulation.Settings(seed=3, tenants=4, hosts=6, cells=2,
                                   instances=25, days=1.5)
    instance = demo.Demo(conf, str(tmp_path), settings, faults=6)
    instance.configure('127.0.0.1', 0)
    try:
        instance.start_store()
        instance.start_listeners()
        instance.simulate()
        instance.wait_until_stored()
        instance.verify()
        instance.url = instance.start_api()
        yield instance
    finally:
        instance.stop()
        fixture.cleanUp()


def _get_all(url):
    found = []
    while url:
        with urllib.request.urlopen(url, timeout=60) as response:
            document = json.load(response)
        found.extend(document['verifications'])
        url = next((link['href'] for link in document.get('links', [])
                    if link['rel'] == 'next'), None)
    return found


def test_verdicts_match_the_manifest(running):
    manifest = running.run.manifest()
    injected = {message_id: fault['code']
                for fault in manifest['faults']
                for message_id in fault['message_ids']}
    assert injected, 'the simulator injected no fault'
    verdicts = _get_all(running.url + '/v1/verifications?limit=500')
    instances = [verdict for verdict in verdicts
                 if verdict['resource_type'] == 'instance']
    assert len(instances) == manifest['exists']['total']
    by_message = {verdict['message_id']: verdict for verdict in verdicts}
    for message_id, code in injected.items():
        verdict = by_message[message_id]
        assert (verdict['status'], verdict['code']) == ('failed', code)
    wrong = [verdict for verdict in verdicts
             if verdict['message_id'] not in injected
             and verdict['status'] != 'verified']
    assert wrong == []


def _openstack(running, *args):
    command = shutil.which('openstack') or [sys.executable, '-m',
                                            'openstackclient.shell']
    if isinstance(command, str):
        command = [command]
    result = subprocess.run(
        command + ['--os-auth-type', 'none', '--os-endpoint', running.url,
                   'stacktach'] + list(args) + ['-f', 'json'],
        capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_openstack_client_shows_the_demo(running):
    events = _openstack(running, 'event', 'list', '--limit', '5')
    assert len(events) == 5
    summary = _openstack(running, 'verification', 'summary')
    assert summary
