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
"""The instance exists rules, one test per rule and code, on hand-written
records."""

import dataclasses
import datetime

import pytest

from stacktach_os.notigen import faults
from stacktach_os.verifier import nova

DAY_1 = datetime.datetime(2026, 3, 2)
DAY_2 = datetime.datetime(2026, 3, 3)
LAUNCHED = datetime.datetime(2026, 3, 1, 10, 0, 29, 500000)
DELETED = datetime.datetime(2026, 3, 2, 9, 0, 11, 250000)
INSTANCE = 'inst-1'
PROJECT = 'project-a'


def launch(**changes):
    values = dict(instance_id=INSTANCE, launched_at=LAUNCHED,
                  project_id=PROJECT, flavor_id='2', flavor_name='m1.small',
                  os_architecture='x86_64', os_distro='ubuntu',
                  os_version='22.04')
    values.update(changes)
    return nova.Launch(**values)


def delete(**changes):
    values = dict(instance_id=INSTANCE, deleted_at=DELETED,
                  launched_at=LAUNCHED)
    values.update(changes)
    return nova.Delete(**values)


def exists(**changes):
    values = dict(instance_id=INSTANCE, audit_period_beginning=DAY_1,
                  audit_period_ending=DAY_2, launched_at=LAUNCHED,
                  deleted_at=None, state='active', project_id=PROJECT,
                  flavor_id='2', flavor_name='m1.small',
                  os_architecture='x86_64', os_distro='ubuntu',
                  os_version='22.04')
    values.update(changes)
    return nova.Exists(**values)


def deleted_exists(**changes):
    return exists(**dict(dict(deleted_at=DELETED, state='deleted'),
                         **changes))


def verdict(record, launches=None, deletes=()):
    failure = nova.verify(record, [launch()] if launches is None
                          else list(launches), list(deletes))
    return failure


def test_active_instance_verifies():
    assert verdict(exists()) is None


def test_deleted_instance_verifies():
    assert verdict(deleted_exists(), deletes=[delete()]) is None


def test_versioned_precision_verifies():
    # Versioned nova writes whole seconds; legacy keeps microseconds.
    record = deleted_exists(launched_at=LAUNCHED.replace(microsecond=0),
                            deleted_at=DELETED.replace(microsecond=0))
    assert verdict(record, deletes=[delete()]) is None


def test_values_one_side_lacks_are_not_compared():
    # Versioned payloads carry no os distro or version.
    record = exists(os_distro=None, os_version=None)
    assert verdict(record) is None
    assert verdict(exists(), [launch(os_distro=None)]) is None


def test_no_audit_period():
    failure = verdict(exists(audit_period_ending=None))
    assert failure.code == 'no_audit_period'
    assert 'audit_period_ending' in failure.reason


def test_missing_launched_at_of_an_active_instance():
    failure = verdict(exists(launched_at=None))
    assert failure.code == 'missing_launched_at'
    assert failure.reason == 'launched_at: exists none, in state active'


def test_missing_launched_at_after_a_launch_was_seen():
    failure = verdict(exists(launched_at=None, state='error'))
    assert failure.code == 'missing_launched_at'
    assert failure.reason == ('launched_at: exists none != launch '
                              '2026-03-01T10:00:29.500000')


def test_never_launched_instance_in_error_verifies():
    assert verdict(exists(launched_at=None, state='error'), []) is None


def test_no_launch():
    failure = verdict(exists(), [])
    assert failure.code == 'no_launch'
    assert INSTANCE in failure.reason


def test_deleted_at_before_launched_at():
    failure = verdict(deleted_exists(
        deleted_at=LAUNCHED - datetime.timedelta(minutes=3)),
        deletes=[delete()])
    assert failure.code == 'deleted_at_before_launched_at'
    assert failure.reason == (
        'deleted_at: exists 2026-03-01T09:57:29.500000 < launched_at: '
        'exists 2026-03-01T10:00:29.500000')


def test_launch_mismatch_launched_at():
    wrong = LAUNCHED - datetime.timedelta(minutes=7)
    failure = verdict(exists(launched_at=wrong))
    assert failure.code == 'launch_mismatch_launched_at'
    assert failure.reason == (
        'launched_at: exists 2026-03-01T09:53:29.500000 != launch '
        '2026-03-01T10:00:29.500000')


def test_launch_mismatch_launched_at_after_the_period():
    later = DAY_2 + datetime.timedelta(hours=1)
    failure = verdict(exists(launched_at=later),
                      [launch(), launch(launched_at=later)])
    assert failure.code == 'launch_mismatch_launched_at'
    assert 'not before audit_period_ending' in failure.reason


def test_launch_mismatch_flavor():
    failure = verdict(exists(flavor_id='3'))
    assert failure.code == 'launch_mismatch_flavor'
    assert failure.reason == 'flavor_id: exists 3 != launch 2'


def test_launch_mismatch_tenant():
    failure = verdict(exists(project_id='project-b'))
    assert failure.code == 'launch_mismatch_tenant'
    assert failure.reason == 'project_id: exists project-b != launch project-a'


def test_launch_mismatch_os_architecture():
    failure = verdict(exists(os_architecture='aarch64'))
    assert failure.code == 'launch_mismatch_os_architecture'
    assert failure.reason == 'os_architecture: exists aarch64 != launch x86_64'


def test_launch_mismatch_os_distro():
    failure = verdict(exists(os_distro='centos'))
    assert failure.code == 'launch_mismatch_os_distro'
    assert failure.reason == 'os_distro: exists centos != launch ubuntu'


def test_launch_mismatch_os_version():
    failure = verdict(exists(os_version='24.04'))
    assert failure.code == 'launch_mismatch_os_version'
    assert failure.reason == 'os_version: exists 24.04 != launch 22.04'


def test_a_matching_launch_among_several_of_the_second_verifies():
    # The two formats' launches of one second may be kept apart.
    launches = [launch(flavor_id='9'), launch(
        launched_at=LAUNCHED.replace(microsecond=0))]
    assert verdict(exists(), launches) is None


def test_state_mismatch():
    failure = verdict(deleted_exists(state='active'), deletes=[delete()])
    assert failure.code == 'state_mismatch'
    assert failure.reason.startswith('state: exists active != deleted')


def test_delete_mismatch_no_delete_seen():
    failure = verdict(deleted_exists())
    assert failure.code == 'delete_mismatch'
    assert failure.reason == ('deleted_at: exists 2026-03-02T09:00:11.250000 '
                              '!= delete none')


def test_delete_mismatch_other_time():
    other = DELETED + datetime.timedelta(seconds=30)
    failure = verdict(deleted_exists(), deletes=[delete(deleted_at=other)])
    assert failure.code == 'delete_mismatch'
    assert failure.reason == ('deleted_at: exists 2026-03-02T09:00:11.250000 '
                              '!= delete 2026-03-02T09:00:41.250000')


def test_delete_mismatch_delete_in_period_not_reported():
    failure = verdict(exists(), deletes=[delete()])
    assert failure.code == 'delete_mismatch'
    assert failure.reason == ('deleted_at: exists none != delete '
                              '2026-03-02T09:00:11.250000')


def test_delete_after_the_period_is_not_this_exists_business():
    later = DAY_2 + datetime.timedelta(hours=2)
    assert verdict(exists(), deletes=[delete(deleted_at=later)]) is None


def test_multiple_deletes():
    second = DELETED + datetime.timedelta(minutes=5)
    failure = verdict(deleted_exists(),
                      deletes=[delete(), delete(deleted_at=second)])
    assert failure.code == 'multiple_deletes'
    assert failure.reason.startswith('deleted_at: 2 deletes of the launch')


def test_one_delete_told_in_both_formats_is_one_delete():
    deletes = [delete(), delete(deleted_at=DELETED.replace(microsecond=0),
                                launched_at=LAUNCHED.replace(microsecond=0))]
    assert verdict(deleted_exists(), deletes=deletes) is None


def test_delete_mismatch_launched_at():
    other = LAUNCHED - datetime.timedelta(days=3)
    failure = verdict(deleted_exists(), deletes=[delete(launched_at=other)])
    assert failure.code == 'delete_mismatch_launched_at'
    assert failure.reason == ('launched_at: exists 2026-03-01T10:00:29.500000 '
                              '!= delete 2026-02-26T10:00:29.500000')


def test_every_rule_has_its_code_in_order():
    assert len(nova.RULES) == len(nova.CODES) == len(set(nova.CODES))
    for rule, code in zip(nova.RULES, nova.CODES):
        assert rule.__name__ == code
        assert code in nova.__doc__


def test_the_simulator_codes_come_in_its_order():
    positions = [nova.CODES.index(code) for code in faults.CHECK_ORDER]
    assert positions == sorted(positions)


@pytest.mark.parametrize('first,second', [
    ('no_launch', 'launch_mismatch_flavor'),
    ('launch_mismatch_launched_at', 'launch_mismatch_tenant'),
    ('launch_mismatch_flavor', 'launch_mismatch_tenant'),
    ('deleted_at_before_launched_at', 'delete_mismatch'),
])
def test_the_first_failure_is_the_verdict(first, second):
    broken = {
        'no_launch': dict(launches=[]),
        'launch_mismatch_launched_at': dict(
            record=dict(launched_at=LAUNCHED - datetime.timedelta(hours=1))),
        'launch_mismatch_flavor': dict(record=dict(flavor_id='7')),
        'launch_mismatch_tenant': dict(record=dict(project_id='other')),
        'deleted_at_before_launched_at': dict(record=dict(
            deleted_at=LAUNCHED - datetime.timedelta(hours=1),
            state='deleted')),
        'delete_mismatch': dict(record=dict(deleted_at=DELETED,
                                            state='deleted')),
    }
    record = dict(broken[second].get('record', {}))
    record.update(broken[first].get('record', {}))
    launches = broken[first].get('launches', broken[second].get('launches'))
    assert verdict(exists(**record), launches).code == first


def test_records_are_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        exists().state = 'deleted'
