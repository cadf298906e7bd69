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
"""Claims, take-backs and the outbox, on every backend.

Verifiers that run at once never verify a record twice; a record whose
verifier died is verified by another after the claim timeout; a verdict
stored but not sent is sent by the next pass, with the same message id.
"""

import datetime
import socket
import subprocess
import sys
import threading
import time
import uuid

from oslo_db import exception as db_exc
import pytest

from stacktach_os.db import models
from stacktach_os.db import usage
from stacktach_os.db import verification
from stacktach_os.verifier import notifier
from tests.functional.verifier import conftest

DAY_1 = datetime.datetime(2026, 3, 2)
DAY_2 = datetime.datetime(2026, 3, 3)
LAUNCHED = datetime.datetime(2026, 3, 1, 10, 0, 0)


def _seed(store, count, ending=DAY_2, prefix='inst'):
    """Store ``count`` instances, each launched with a pending exists."""
    launches, exists = [], []
    for number in range(count):
        instance_id = '%s-%05d' % (prefix, number)
        common = dict(instance_id=instance_id, deployment='cell1',
                      project_id='project-%d' % (number % 3),
                      generated=LAUNCHED)
        launches.append(dict(
            common, launched_at=LAUNCHED, flavor_id='2',
            flavor_name='m1.small', image_id='image-1',
            os_architecture='x86_64', os_distro=None, os_version=None,
            request_id=None, message_id='launch-%s' % instance_id,
            event_type='compute.instance.create.end', rank=2))
        exists.append(dict(
            common, message_id='exists-%s-%s' % (instance_id, ending),
            request_id=None, audit_period_beginning=ending - (DAY_2 - DAY_1),
            audit_period_ending=ending, launched_at=LAUNCHED,
            deleted_at=None, state='active', flavor_id='2',
            flavor_name='m1.small', image_id='image-1',
            os_architecture='x86_64', os_distro=None, os_version=None,
            bandwidth_in=None, bandwidth_out=None))
    with store.writer() as session:
        usage.add_instance_usage(session, launches, [], exists)
    return [row['message_id'] for row in exists]


def _statuses(store):
    with store.reader() as session:
        return verification.count_statuses(session, 'instance')


def test_parallel_verifiers_never_verify_a_record_twice(store, bus,
                                                        make_verifier):
    message_ids = _seed(store, 240)
    verifiers = [make_verifier(batch_size=7, name='verifier-%d' % number)
                 for number in range(3)]
    results = [None] * len(verifiers)
    errors = []
    start = threading.Barrier(len(verifiers))

    def run(index):
        try:
            start.wait()
            results[index] = verifiers[index].run_pass()
        except Exception as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=run, args=(index,))
               for index in range(len(verifiers))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(300)
    assert not errors, errors
    assert sum(result.claimed for result in results) == len(message_ids)
    if store.backend != 'sqlite':
        # The servers let the verifiers work side by side.
        assert all(result.claimed for result in results), results
    stored = conftest.verdicts(store)
    assert len(stored) == len(message_ids)
    assert {row.status for row in stored.values()} == {'verified'}
    claimants = {row.claimed_by.rsplit(':', 1)[0] for row in stored.values()}
    assert claimants <= {'verifier-0', 'verifier-1', 'verifier-2'}
    received = bus.wait_for(len(message_ids))
    assert len(received) == len({item[0] for item in received}) == len(
        message_ids)
    assert _statuses(store) == {'verified': len(message_ids)}


def test_only_settled_periods_are_verified(store, make_verifier):
    now = datetime.datetime.utcnow().replace(microsecond=0)
    recent = _seed(store, 2, ending=now - datetime.timedelta(seconds=30),
                   prefix='recent')
    old = _seed(store, 3, ending=now - datetime.timedelta(hours=2),
                prefix='old')
    result = make_verifier(settle_time=600).run_pass()
    assert result.claimed == len(old)
    assert {key[1] for key in conftest.verdicts(store)} == set(old)
    assert _statuses(store) == {'verified': 3, 'pending': 2}
    later = now + datetime.timedelta(minutes=11)
    assert make_verifier(settle_time=600).run_pass(
        as_of=later).claimed == len(recent)


def test_a_dead_verifier_claim_is_taken_back(store, bus, make_verifier):
    message_ids = _seed(store, 5)
    # A verifier claims, then dies before it stores its verdicts.
    dead = 'dead-verifier:%s' % uuid.uuid4().hex[:8]
    with store.writer() as session:
        claimed = verification.claim(
            session, 'instance', dead, datetime.datetime.utcnow(),
            datetime.datetime.utcnow(), 3)
    assert len(claimed) == 3
    assert _statuses(store) == {'verifying': 3, 'pending': 2}
    # Another pass before the timeout leaves the claim alone.
    first = make_verifier(claim_timeout=60).run_pass()
    assert (first.taken_back, first.claimed) == (0, 2)
    time.sleep(1.2)
    second = make_verifier(claim_timeout=1).run_pass()
    assert (second.taken_back, second.claimed) == (3, 3)
    assert _statuses(store) == {'verified': 5}
    # The dead verifier's verdicts, should it wake up, are refused.
    verdicts = [verification.Verdict(
        exists_id=row['id'], message_id=row['message_id'],
        resource_id=row['instance_id'], status='failed', code='x',
        reason='late', event_type='compute.instance.exists.failed')
        for row in claimed]
    with store.writer() as session:
        assert verification.store_verdicts(
            session, 'instance', dead, verdicts,
            datetime.datetime.utcnow()) == []
    stored = conftest.verdicts(store)
    assert {row.status for row in stored.values()} == {'verified'}
    received = bus.wait_for(len(message_ids))
    assert len(received) == len(message_ids)


def _claim_and_store(store, kind='instance', limit=100, token=None):
    """Claim and judge as a verifier does, then 'crash' before sending."""
    token = token or 'crashed:%s' % uuid.uuid4().hex[:8]
    with store.writer() as session:
        claimed = verification.claim(
            session, kind, token, datetime.datetime.utcnow(),
            datetime.datetime.utcnow(), limit)
    verdicts = []
    for row in claimed:
        event_type = notifier.event_type(kind, False)
        verdicts.append(verification.Verdict(
            exists_id=row['id'], message_id=row['message_id'],
            resource_id=row['instance_id'], status='verified', code=None,
            reason=None, event_type=event_type))
    with store.writer() as session:
        return verification.store_verdicts(session, kind, token, verdicts,
                                           datetime.datetime.utcnow())


def test_a_verdict_stored_but_not_sent_is_sent_later(store, bus,
                                                     make_verifier):
    message_ids = _seed(store, 4)
    stored = _claim_and_store(store)
    assert len(stored) == 4
    with store.reader() as session:
        assert verification.count_unemitted(session) == 4
    # Another verifier leaves recent verdicts to their own verifier...
    assert make_verifier(claim_timeout=60).run_pass().late_emitted == 0
    # ...but a restarted verifier sends what is unsent.
    result = make_verifier(claim_timeout=60).run_pass(drain=True)
    assert result.late_emitted == 4
    received = bus.wait_for(4)
    assert sorted(item[0] for item in received) == sorted(
        notifier.notification_id(row) for row in stored)
    assert {item[2]['original_message_id'] for item in received} == set(
        message_ids)
    with store.reader() as session:
        assert verification.count_unemitted(session) == 0
        assert verification.count_emitted(session) == 4


def test_a_restart_leaves_the_verdicts_of_live_verifiers_alone(
        store, bus, make_verifier):
    _seed(store, 2)
    other = subprocess.Popen([sys.executable, '-c',
                              'import time; time.sleep(60)'])
    try:
        _claim_and_store(store, token='%s:%d:w1:%s' % (
            socket.gethostname(), other.pid, uuid.uuid4().hex[:8]))
        # That verifier still runs: it will send them itself.
        assert make_verifier().run_pass(drain=True).late_emitted == 0
    finally:
        other.kill()
        other.wait()
    assert make_verifier().run_pass(drain=True).late_emitted == 2
    assert len(bus.wait_for(2)) == 2


def test_old_unsent_verdicts_are_sent_by_any_verifier(store, bus,
                                                      make_verifier):
    _seed(store, 2)
    _claim_and_store(store)
    time.sleep(1.2)
    assert make_verifier(claim_timeout=1).run_pass().late_emitted == 2
    assert len(bus.wait_for(2)) == 2


def test_a_verdict_sent_twice_has_one_message_id(store, bus, make_verifier):
    _seed(store, 3)
    verifier = make_verifier()
    verifier.run_pass()
    first = bus.wait_for(3)
    # The verifier crashed after sending, before marking them sent.
    with store.writer() as session:
        session.execute(models.Verification.__table__.update()
                        .values(emitted=False, emitted_at=None))
    assert make_verifier().run_pass(drain=True).late_emitted == 3
    received = bus.wait_for(6)
    assert len(received) == 6
    assert {item[0] for item in received} == {item[0] for item in first}
    payloads = {}
    for message_id, event_type, payload in received:
        payloads.setdefault(message_id, []).append((event_type, payload))
    for copies in payloads.values():
        assert copies[0] == copies[1]


def test_a_record_without_audit_period_fails(store, bus, make_verifier):
    with store.writer() as session:
        usage.add_instance_usage(session, [], [], [dict(
            instance_id='inst-x', deployment='cell1', project_id='p',
            generated=DAY_2, message_id='exists-no-period', request_id=None,
            audit_period_beginning=None, audit_period_ending=None,
            launched_at=LAUNCHED, deleted_at=None, state='active',
            flavor_id='2', flavor_name='m1.small', image_id=None,
            os_architecture=None, os_distro=None, os_version=None,
            bandwidth_in=None, bandwidth_out=None)])
    make_verifier().run_pass()
    [row] = conftest.verdicts(store).values()
    assert (row.status, row.code) == ('failed', 'no_audit_period')
    assert len(bus.wait_for(1)) == 1


def test_a_claim_is_exclusive_even_when_rows_were_read_stale(store):
    _seed(store, 3)
    now = datetime.datetime.utcnow()
    with store.writer() as session:
        first = verification.claim(session, 'instance', 'a', now, now, 10)
    assert len(first) == 3
    # Whatever a second verifier read before, the records are taken.
    with store.writer() as session:
        assert verification.claim(session, 'instance', 'b', now, now,
                                  10) == []
    table = models.InstanceExists.__table__
    with pytest.raises((verification.ClaimConflict,
                        db_exc.DBDuplicateEntry)):
        with store.writer() as session:
            session.execute(table.update().values(status='pending'))
            # The verifications rows still hold the first claim.
            verification.claim(session, 'instance', 'b', now, now, 10)
