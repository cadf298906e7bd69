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
"""stacktach-os-notigen's command line."""

import io
import json

import pytest

from stacktach_os.cmd import notigen

SMALL = ['--instances', '12', '--days', '0.25', '--tenants', '3',
         '--hosts', '3', '--cells', '1']


def run(argv):
    stderr = io.StringIO()
    status = notigen.main(argv, stderr=stderr)
    return status, stderr.getvalue()


def test_writes_json_lines_and_manifest(tmp_path):
    out = tmp_path / 'out.jsonl'
    manifest = tmp_path / 'manifest.json'
    status, said = run(SMALL + ['--format', 'versioned', '--output',
                                str(out), '--manifest', str(manifest),
                                '--inject-faults', '3'])
    assert status == 0
    lines = out.read_text().splitlines()
    bodies = [json.loads(line) for line in lines]
    assert bodies
    for body in bodies:
        assert set(body) == {'ctxt', 'publisher_id', 'event_type',
                             'priority', 'payload', 'metadata'}
        assert set(body['metadata']) == {'message_id', 'timestamp'}
        assert not body['event_type'].startswith('compute.instance.')
    written = json.loads(manifest.read_text())
    assert written['complete'] is True
    assert written['notifications'] == len(bodies)
    assert written['settings']['format'] == 'versioned'
    assert len(written['faults']) == 3
    assert written['exists']['expected_failed'] == 3
    assert '%d notifications' % len(bodies) in said


def test_billing_error_share(tmp_path):
    manifest = tmp_path / 'manifest.json'
    status, _said = run(SMALL + ['--output', str(tmp_path / 'o'),
                                 '--manifest', str(manifest),
                                 '--format', 'legacy',
                                 '--inject-billing-errors', '0.05'])
    assert status == 0
    written = json.loads(manifest.read_text())
    exists = written['event_types']['compute.instance.exists']
    # The share is of the exists the run would send without faults.
    assert abs(len(written['faults']) - 0.05 * exists) <= 2


@pytest.mark.parametrize('argv, message', [
    (['--cells', '4', '--hosts', '2'], '4 cells need at least 4 hosts'),
    (['--days', '0'], '--days must be more than 0'),
    (['--inject-faults', '100000'], 'cannot inject 100000 faults'),
    (['--start', 'yesterday'], 'not an ISO 8601 date'),
    (['--audit-period', '5'], '--audit-period must be between'),
])
def test_bad_options_are_refused_clearly(tmp_path, capsys, argv, message):
    with pytest.raises(SystemExit) as raised:
        notigen.main(SMALL + argv + ['--output', str(tmp_path / 'o')],
                     stderr=io.StringIO())
    assert raised.value.code == 2
    assert message in capsys.readouterr().err


def test_output_or_bus_is_required(capsys):
    with pytest.raises(SystemExit):
        notigen.main(SMALL, stderr=io.StringIO())
    assert 'one of the arguments --output --transport-url is required' in \
        capsys.readouterr().err


def test_unknown_bus_is_refused(capsys):
    with pytest.raises(SystemExit):
        notigen.main(SMALL + ['--transport-url', 'cell7=rabbit://h/'],
                     stderr=io.StringIO())
    assert "names 'cell7', which is no bus" in capsys.readouterr().err


def test_unwritable_output(tmp_path):
    status, said = run(SMALL + ['--output',
                                str(tmp_path / 'missing' / 'out')])
    assert status == 1
    assert 'No such file or directory' in said
