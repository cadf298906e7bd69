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
"""The same seed gives the same notifications, byte for byte."""

import io
import json

from stacktach_os.cmd import notigen
from stacktach_os.notigen import generator
from tests.unit.notigen import runs

ARGS = ['--instances', '25', '--days', '0.5', '--tenants', '4', '--hosts',
        '4', '--failure-rate', '0.2', '--inject-faults', '7']


def produce(tmp_path, name, *extra):
    out = tmp_path / ('%s.jsonl' % name)
    manifest = tmp_path / ('%s.json' % name)
    status = notigen.main(ARGS + list(extra) + [
        '--output', str(out), '--manifest', str(manifest)],
        stderr=io.StringIO())
    assert status == 0
    return out.read_bytes(), manifest.read_bytes()


def test_same_seed_same_bytes(tmp_path):
    first = produce(tmp_path, 'a', '--seed', '42')
    second = produce(tmp_path, 'b', '--seed', '42')
    assert first[0] and first[0] == second[0]
    assert first[1] == second[1]


def test_other_seed_other_cloud(tmp_path):
    first = produce(tmp_path, 'a', '--seed', '1')
    second = produce(tmp_path, 'b', '--seed', '2')
    assert first[0] != second[0]


def _without_ids(notification):
    body = dict(notification.body)
    body['metadata'] = dict(body['metadata'], message_id=None)
    return json.dumps(body, sort_keys=True)


def test_the_format_does_not_change_what_happens():
    legacy, _manifest = runs.run(generator.LEGACY)
    both, _manifest = runs.run(generator.BOTH)
    assert [_without_ids(item) for item in legacy] == [
        _without_ids(item) for item in both if not item.versioned]


def test_faults_change_only_the_exists_they_alter():
    clean, clean_manifest = runs.run(generator.BOTH, faults=0)
    faulty, manifest = runs.run(generator.BOTH)
    assert clean_manifest['faults'] == []
    altered = {message_id for fault in manifest['faults']
               for message_id in fault['message_ids']}
    moments = {(item.body['metadata']['timestamp'], item.body['event_type'])
               for item in faulty
               if item.body['metadata']['message_id'] in altered}
    kept = [_without_ids(item) for item in faulty
            if item.body['metadata']['message_id'] not in altered]
    unaltered = [_without_ids(item) for item in clean
                 if (item.body['metadata']['timestamp'],
                     item.body['event_type']) not in moments]
    assert kept == unaltered
    added = [fault for fault in manifest['faults']
             if fault['fault'] == 'never_launched']
    assert len(faulty) == len(clean) + 2 * len(added)
    assert len(unaltered) == len(clean) - len(altered) + 2 * len(added)
