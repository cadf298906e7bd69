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
"""The policy rules: documented, registered, and what the personas get."""

from importlib import metadata
import pathlib
import subprocess
import sys

from oslo_context import context
from oslo_policy import policy
import pytest

from stacktach_os.api import app
from stacktach_os import policies
from stacktach_os.policies import deployments
from stacktach_os.policies import event_types
from stacktach_os.policies import events
from stacktach_os.policies import hosts
from stacktach_os.policies import instances
from stacktach_os.policies import kpis
from stacktach_os.policies import requests
from stacktach_os.policies import timings
from stacktach_os.policies import usage
from stacktach_os.policies import verifications
from tests.unit.api import fakes

RESOURCE_RULES = [rule for rule in policies.list_rules()
                  if rule.name.startswith('stacktach_os:')]
READ_RULES = [events.LIST, events.GET, events.GET_NOTIFICATION,
              event_types.LIST, event_types.LIST_TRAITS, deployments.LIST,
              hosts.LIST]
ALL_PROJECTS_RULES = [events.ALL_PROJECTS, event_types.ALL_PROJECTS,
                      deployments.ALL_PROJECTS, hosts.ALL_PROJECTS]
READ_RULES += [verifications.LIST, verifications.SUMMARY]
ALL_PROJECTS_RULES += [verifications.ALL_PROJECTS]
READ_RULES += [instances.LIST, instances.GET, instances.LIFECYCLE,
               instances.TIMINGS, requests.LIST, requests.GET, timings.LIST,
               timings.SUMMARY, kpis.LIST, usage.LIST]
ALL_PROJECTS_RULES += [instances.ALL_PROJECTS, requests.ALL_PROJECTS,
                       timings.ALL_PROJECTS, kpis.ALL_PROJECTS,
                       usage.ALL_PROJECTS]


def test_names_are_unique():
    names = [rule.name for rule in policies.list_rules()]
    assert len(names) == len(set(names))


def test_every_api_rule_is_documented_with_scopes():
    assert {rule.name for rule in RESOURCE_RULES} == set(
        READ_RULES + ALL_PROJECTS_RULES)
    for rule in RESOURCE_RULES:
        assert isinstance(rule, policy.DocumentedRuleDefault), rule.name
        assert rule.description and rule.operations, rule.name
        assert set(rule.scope_types) == {'system', 'project'}, rule.name
        for operation in rule.operations:
            assert operation['method'] == 'GET'
            assert operation['path'].startswith('/v1/')
    for rule in policies.list_rules():
        assert rule.description, rule.name


def test_the_sample_generator_entry_point():
    found = metadata.entry_points(group='oslo.policy.policies',
                                  name='stacktach_os')
    rules = list(found)[0].load()()
    assert [rule.name for rule in rules] == [
        rule.name for rule in policies.list_rules()]


@pytest.fixture(scope='module')
def enforcer():
    return app.make_enforcer(fakes.make_conf())


def _context(project_id=None, roles=(), system=False, domain_id=None):
    return context.RequestContext(
        project_id=project_id, roles=list(roles),
        system_scope='all' if system else None,
        domain_id=domain_id, user_id='user')


PERSONAS = {
    # name: (context, may read project A, may read project B, all projects)
    'project admin': (_context('P', ['admin', 'member', 'reader']),
                      True, True, True),
    'system admin': (_context(roles=['admin', 'member', 'reader'],
                              system=True), True, True, True),
    'system reader': (_context(roles=['reader'], system=True),
                      True, True, True),
    'member of A': (_context('A', ['member', 'reader']), True, False, False),
    'reader of A': (_context('A', ['reader']), True, False, False),
    'member only of A': (_context('A', ['member']), False, False, False),
    'other role in A': (_context('A', ['creator']), False, False, False),
    'system member without reader': (_context(roles=['member'],
                                              system=True),
                                     False, False, False),
}


@pytest.mark.parametrize('persona', sorted(PERSONAS))
def test_personas(enforcer, persona):
    creds, reads_a, reads_b, all_projects = PERSONAS[persona]
    for rule in READ_RULES:
        assert enforcer.authorize(rule, {'project_id': 'A'}, creds) is (
            reads_a), rule
        assert enforcer.authorize(rule, {'project_id': 'B'}, creds) is (
            reads_b), rule
    for rule in ALL_PROJECTS_RULES:
        assert bool(enforcer.authorize(rule, {'project_id': 'A'}, creds)) is (
            all_projects), rule


def test_rows_without_project_are_for_admins_only(enforcer):
    """A project-less token must not match a project-less row."""
    creds = _context(None, ['reader'])
    assert not enforcer.authorize(events.GET, {}, creds)
    assert enforcer.authorize(events.GET, {},
                              _context('P', ['admin']))


def test_domain_scoped_tokens_are_refused(enforcer):
    creds = _context(roles=['admin'], domain_id='default')
    with pytest.raises(policy.InvalidScope):
        enforcer.authorize(events.LIST, {'project_id': 'A'}, creds,
                           do_raise=True)


def test_the_policy_sample_is_up_to_date(tmp_path):
    """``tox -e genpolicy`` has been run since the rules last changed."""
    root = pathlib.Path(__file__).resolve().parents[3]
    generator = pathlib.Path(sys.executable).parent / (
        'oslopolicy-sample-generator')
    output = tmp_path / 'policy.yaml.sample'
    subprocess.run(
        [str(generator), '--config-file',
         'etc/stacktach_os/stacktach_os-policy-generator.conf',
         '--output-file', str(output)],
        cwd=root, check=True, capture_output=True, timeout=120)
    assert output.read_text() == (
        root / 'etc/stacktach_os/policy.yaml.sample').read_text(), (
        'run tox -e genpolicy')
