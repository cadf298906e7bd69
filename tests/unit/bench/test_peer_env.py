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
"""The peers' virtualenv: making it, and running the driver."""

import importlib.util
import os
import sys

import pytest

from stacktach_os.bench import peer_env


def test_create_makes_a_venv_and_installs_the_pinned_versions(
        tmp_path, monkeypatch):
    commands = []
    monkeypatch.setattr(peer_env, 'versions', lambda venv: {'venv': venv})
    venv = str(tmp_path / 'peers')
    result = peer_env.create(venv, '/usr/bin/python3',
                             run=lambda command, check: commands.append(
                                 command))
    assert result == {'venv': venv}
    assert commands[0] == ['/usr/bin/python3', '-m', 'venv', venv]
    assert commands[1][:4] == [os.path.join(venv, 'bin', 'python'), '-m',
                               'pip', 'install']
    assert 'panko==10.0.0' in commands[1]
    assert all('==' in requirement for requirement in peer_env.REQUIREMENTS)


def test_a_missing_venv_says_how_to_make_it(tmp_path):
    with pytest.raises(peer_env.PeerUnavailable, match='--setup'):
        peer_env.run_driver(str(tmp_path / 'none'), 'versions')
    assert 'no peers virtualenv' in peer_env.available(str(tmp_path))


@pytest.mark.skipif(importlib.util.find_spec('ceilometer') is not None,
                    reason='ceilometer is installed here')
def test_a_driver_failure_carries_its_standard_error(tmp_path):
    (tmp_path / 'bin').mkdir()
    os.symlink(sys.executable, tmp_path / 'bin' / 'python')
    with pytest.raises(peer_env.PeerFailed, match='ceilometer'):
        peer_env.run_driver(str(tmp_path), 'versions')
