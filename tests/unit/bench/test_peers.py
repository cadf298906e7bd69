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
"""The distill + store benchmark against Ceilometer + Panko, at tiny N."""

import argparse
import os

from oslo_config import fixture as config_fixture
import pytest

from stacktach_os.bench import __main__ as bench
from stacktach_os.bench import peer_env
from stacktach_os.bench import peers
from stacktach_os import conf as st_conf

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))))
DEFINITIONS = os.path.join(TOP, 'etc', 'stacktach_os',
                           'event_definitions.yaml')
PEER_VENV = os.environ.get('STACKTACH_BENCH_PEER_VENV',
                           os.path.join(TOP, '.bench', 'peers-venv'))


@pytest.fixture
def conf():
    fixture = config_fixture.Config(st_conf.CONF)
    fixture.setUp()
    yield st_conf.CONF
    fixture.cleanUp()


def test_table_compares_each_database_with_panko():
    text = peers.table(1000, [('mysql', 'Ceilometer + Panko', 1000, 4.0),
                              ('mysql', 'stacktach_os', 1000, 0.2)])
    lines = text.splitlines()
    assert lines[2] == ('| mysql | Ceilometer + Panko | 1000 | 1000 | 4.0 '
                        '| 250 | 1.0× |')
    assert lines[3] == ('| mysql | stacktach_os | 1000 | 1000 | 0.2 '
                        '| 5000 | 20.0× |')


def test_notifications_mix_both_nova_formats():
    messages = peers.notifications(400)
    assert len(messages) == 400
    types = {message['event_type'] for message in messages}
    assert 'compute.instance.exists' in types
    assert 'instance.exists' in types
    assert messages == peers.notifications(400)


def test_stacktach_side_alone_on_sqlite(conf, capsys):
    assert bench.main(['peers', '-n', '60', '--skip-peer', '--database',
                       'sqlite', '--definitions', DEFINITIONS]) == 0
    out = capsys.readouterr().out
    assert '| sqlite | stacktach_os | 60 | 60 |' in out


def test_both_sides_on_sqlite(conf, capsys):
    reason = peer_env.available(PEER_VENV)
    if reason:
        pytest.skip('the peers virtualenv is a benchmark-only tool: %s'
                    % reason)
    assert bench.main(['peers', '-n', '60', '--database', 'sqlite',
                       '--peer-venv', PEER_VENV]) == 0
    out = capsys.readouterr().out
    assert '| sqlite | Ceilometer + Panko | 60 | 60 |' in out
    assert '| sqlite | stacktach_os | 60 | 60 |' in out


def test_stacktach_side_archives_and_stores_events_only(conf):
    # What Ceilometer + Panko do: no tracking handlers on our side.
    parser = argparse.ArgumentParser()
    peers.add_arguments(parser)
    args = parser.parse_args(['--skip-peer', '--definitions', DEFINITIONS])
    configured = peers.configure(args, DEFINITIONS)
    assert configured.notification.handlers == ['archive', 'events']
