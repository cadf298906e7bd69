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
"""Verdicts on notification flows stored by the listener's pipeline.

Each flow goes through the default handlers into a store of each
backend; a verifier pass then judges every exists, and each verdict must
arrive on the bus once, with its derived id.
"""

import collections
import copy
import datetime
import uuid

import pytest

from stacktach_os.db import models
from stacktach_os.db import verification
from stacktach_os.notigen import generator
from stacktach_os.notigen import simulation
from stacktach_os.verifier import notifier
from stacktach_os.verifier import reconcile
from tests.functional.verifier import conftest
from tests.samples import image_volume
from tests.samples import nova_flows
from tests.unit.verifier import fake_nova

FORMATS = nova_flows.FORMATS
LEGACY = nova_flows.LEGACY
DAY_1, DAY_2, DAY_3 = nova_flows.DAY_1, nova_flows.DAY_2, nova_flows.DAY_3


def _time(fmt, when):
    if fmt == LEGACY:
        return nova_flows.legacy_time(when)
    return nova_flows.versioned_time(when)


def edited(sample, fmt, label, launched_at=None, flavor=None, period=None,
           deleted_at=None):
    """A copy of a nova sample with another message id and values."""
    sample = copy.deepcopy(sample)
    sample.message_id = str(uuid.uuid5(uuid.NAMESPACE_URL, '%s/%s/%s' % (
        sample.message_id, fmt, label)))
    payload = sample.payload
    data = payload if fmt == LEGACY else payload['nova_object.data']
    if launched_at is not None:
        data['launched_at'] = _time(fmt, launched_at)
    if deleted_at is not None:
        data['deleted_at'] = data['terminated_at'] = _time(fmt, deleted_at)
    if flavor is not None:
        if fmt == LEGACY:
            data.update(instance_flavor_id=flavor['flavorid'],
                        instance_type=flavor['name'],
                        instance_type_id=flavor['id'])
        else:
            data['flavor']['nova_object.data'].update(
                flavorid=flavor['flavorid'], name=flavor['name'])
    if period is not None:
        beginning, ending = (_time(fmt, when) for when in period)
        if fmt == LEGACY:
            data.update(audit_period_beginning=beginning,
                        audit_period_ending=ending)
        else:
            data['audit_period']['nova_object.data'].update(
                audit_period_beginning=beginning,
                audit_period_ending=ending)
    return sample


def _exists_samples(flow):
    return [sample for sample in flow.samples
            if sample.event_type.endswith('exists')]


def _without(flow, suffix):
    return [sample for sample in flow.samples
            if not sample.event_type.endswith(suffix)]


def _delete_end(flow):
    [sample] = [sample for sample in flow.samples
                if sample.event_type.endswith('delete.end')]
    return sample


def _messages(samples):
    return [sample.listener() for sample in samples]


def _instance_verdicts(store):
    return {message_id: (row.status, row.code)
            for (kind, message_id, _resource), row
            in conftest.verdicts(store).items() if kind == 'instance'}


def _check_emitted(store, bus):
    """Every verdict arrived once, with its id; return the payloads."""
    stored = conftest.verdicts(store)
    received = bus.wait_for(len(stored))
    assert len(received) == len(stored)
    by_id = {message_id: (event_type, payload)
             for message_id, event_type, payload in received}
    assert len(by_id) == len(received)
    for (kind, message_id, resource_id), row in stored.items():
        assert row.emitted and row.emitted_at is not None
        event_type = notifier.event_type(kind, row.status == 'failed')
        expected_id = verification.notification_id(message_id, resource_id,
                                                   event_type)
        assert row.event_type == event_type
        got_type, payload = by_id[expected_id]
        assert got_type == event_type
        assert payload['original_message_id'] == message_id
        assert payload['verification_status'] == row.status
        assert payload.get('code') == row.code
    return by_id


@pytest.mark.parametrize('fmt', FORMATS)
def test_create_resize_revert_rebuild_delete_verify(ingest, store, bus,
                                                    make_verifier, fmt):
    flow = nova_flows.full_flow(fmt)
    ingest(flow.listener_messages())
    result = make_verifier(batch_size=3).run_pass()
    assert result.claimed == 4 and result.verdicts == {'verified': 4}
    verdicts = _instance_verdicts(store)
    assert verdicts == {sample.message_id: ('verified', None)
                        for sample in _exists_samples(flow)}
    statuses = conftest.exists_statuses(store, models.InstanceExists)
    assert set(statuses.values()) == {('verified', None)}
    by_id = _check_emitted(store, bus)
    # The payload is the exists notification's own.
    nightly = _exists_samples(flow)[2]
    [(event_type, payload)] = [
        value for value in by_id.values()
        if value[1]['original_message_id'] == nightly.message_id]
    assert event_type == 'compute.instance.exists.verified'
    original = nightly.payload
    assert {key: payload[key] for key in original} == original


@pytest.mark.parametrize('fmt', FORMATS)
def test_exists_before_and_after_a_resize(ingest, store, bus, make_verifier,
                                          fmt):
    flow = nova_flows.full_flow(fmt)
    before = _exists_samples(flow)[0]
    after = edited(before, fmt, 'after-resize',
                   launched_at=nova_flows.LAUNCH_RESIZE,
                   flavor=nova_flows.LARGE,
                   period=(DAY_1, nova_flows.at(150)))
    stale = edited(before, fmt, 'old-flavor',
                   launched_at=nova_flows.LAUNCH_RESIZE,
                   period=(DAY_1, nova_flows.at(150)))
    ingest(_messages(flow.samples + [after, stale]))
    make_verifier().run_pass()
    verdicts = _instance_verdicts(store)
    assert verdicts[before.message_id] == ('verified', None)
    assert verdicts[after.message_id] == ('verified', None)
    assert verdicts[stale.message_id] == ('failed', 'launch_mismatch_flavor')
    reasons = conftest.exists_statuses(store, models.InstanceExists)
    assert reasons[stale.message_id] == (
        'failed', 'launch_mismatch_flavor: flavor_id: exists 2 != launch 4')
    _check_emitted(store, bus)


@pytest.mark.parametrize('fmt', FORMATS)
def test_delete_never_seen(ingest, store, bus, make_verifier, fmt):
    flow = nova_flows.full_flow(fmt)
    ingest(_messages(_without(flow, 'delete.end')))
    make_verifier().run_pass()
    exists = _exists_samples(flow)
    verdicts = _instance_verdicts(store)
    assert [verdicts[sample.message_id] for sample in exists] == [
        ('verified', None)] * 3 + [('failed', 'delete_mismatch')]
    _check_emitted(store, bus)


@pytest.mark.parametrize('fmt', FORMATS)
def test_create_never_seen(ingest, store, bus, make_verifier, fmt):
    instance_id = str(uuid.uuid4())
    launched = datetime.datetime(2026, 2, 27, 8, 0, 5)
    audit = nova_flows.audit_exists(fmt, instance_id, launched, DAY_1, DAY_2)
    ingest(_messages([audit]))
    make_verifier().run_pass()
    assert _instance_verdicts(store) == {
        audit.message_id: ('failed', 'no_launch')}
    _check_emitted(store, bus)


@pytest.mark.parametrize('fmt', FORMATS)
def test_delete_of_an_instance_whose_create_was_never_seen(
        ingest, store, bus, make_verifier, fmt):
    flow = nova_flows.unseen_delete(fmt)
    launched = datetime.datetime(2025, 12, 24, 18, 30, 5)
    deleted = nova_flows.at(5)
    audit = nova_flows.audit_exists(fmt, flow.expected.instance_id, launched,
                                    DAY_1, DAY_2, deleted_at=deleted)
    ingest(_messages(flow.samples + [audit]))
    make_verifier().run_pass()
    assert _instance_verdicts(store) == {
        audit.message_id: ('failed', 'no_launch')}


@pytest.mark.parametrize('fmt', FORMATS)
def test_two_deletes(ingest, store, bus, make_verifier, fmt):
    flow = nova_flows.full_flow(fmt)
    second = edited(_delete_end(flow), fmt, 'second-delete',
                    deleted_at=nova_flows.DELETED
                    + datetime.timedelta(seconds=90))
    second.timestamp += datetime.timedelta(seconds=90)
    ingest(_messages(flow.samples + [second]))
    make_verifier().run_pass()
    exists = _exists_samples(flow)
    verdicts = _instance_verdicts(store)
    assert [verdicts[sample.message_id] for sample in exists] == [
        ('verified', None)] * 3 + [('failed', 'multiple_deletes')]
    _check_emitted(store, bus)


def test_images_and_volumes(ingest, store, bus, make_verifier):
    created = datetime.datetime(2026, 3, 1, 8, 0, 0)
    deleted = datetime.datetime(2026, 3, 2, 15, 0, 0)
    when = datetime.datetime(2026, 3, 1, 8, 0, 30)
    images = [
        image_volume.image('image.upload', 'img-ok', when, created_at=created),
        image_volume.image('image.activate', 'img-ok', when,
                           created_at=created),
        image_volume.image('image.activate', 'img-big', when, size=100,
                           created_at=created),
        image_volume.image('image.activate', 'img-gone', when,
                           created_at=created),
        image_volume.image('image.delete', 'img-gone', deleted,
                           created_at=created, deleted_at=deleted,
                           status='deleted'),
    ]
    audit = image_volume.image_exists(
        DAY_2 + datetime.timedelta(minutes=5), DAY_1, DAY_2, [
            ('img-ok', 41126400, created, None),
            ('img-big', 200, created, None),
            ('img-gone', 41126400, created, deleted),
            ('img-unseen', 5, created, None)])
    volumes = [
        image_volume.volume('volume.create.end', 'vol-ok', when,
                            created_at=created),
        image_volume.volume('volume.create.end', 'vol-grown', when,
                            created_at=created),
        image_volume.volume('volume.create.end', 'vol-gone', when,
                            created_at=created),
        image_volume.volume('volume.delete.end', 'vol-gone', deleted,
                            created_at=created, deleted_at=deleted,
                            status='deleted'),
    ]
    ending = DAY_2 + datetime.timedelta(minutes=7)
    volume_audits = [
        image_volume.volume('volume.exists', 'vol-ok', ending,
                            created_at=created, beginning=DAY_1,
                            ending=DAY_2),
        image_volume.volume('volume.exists', 'vol-grown', ending, size=20,
                            created_at=created, beginning=DAY_1,
                            ending=DAY_2),
        image_volume.volume('volume.exists', 'vol-gone', ending,
                            created_at=created, deleted_at=deleted,
                            beginning=DAY_1, ending=DAY_2),
        image_volume.volume('volume.exists', 'vol-unseen', ending,
                            created_at=created, beginning=DAY_1,
                            ending=DAY_2),
    ]
    ingest(_messages(images + [audit] + volumes + volume_audits))
    make_verifier().run_pass()
    found = {(kind, resource): (row.status, row.code)
             for (kind, _message, resource), row
             in conftest.verdicts(store).items()}
    assert found == {
        ('image', 'img-ok'): ('verified', None),
        ('image', 'img-big'): ('failed', 'usage_mismatch_size'),
        ('image', 'img-gone'): ('verified', None),
        ('image', 'img-unseen'): ('failed', 'no_usage'),
        ('volume', 'vol-ok'): ('verified', None),
        ('volume', 'vol-grown'): ('failed', 'usage_mismatch_size'),
        ('volume', 'vol-gone'): ('verified', None),
        ('volume', 'vol-unseen'): ('failed', 'no_usage'),
    }
    by_id = _check_emitted(store, bus)
    image_payloads = [payload for event_type, payload in by_id.values()
                      if event_type.startswith('image.')]
    assert sorted(payload['image_id'] for payload in image_payloads) == [
        'img-big', 'img-gone', 'img-ok', 'img-unseen']
    for payload in image_payloads:
        assert [image['id'] for image in payload['images']] == [
            payload['image_id']]


def _stored_by_bus(ingest, notifications, batch_size=200):
    """Store a simulator run as the listener would, bus by bus."""
    pending = collections.defaultdict(list)
    for item in notifications:
        pending[item.bus].append(item.body)
        if len(pending[item.bus]) >= batch_size:
            ingest(pending.pop(item.bus), deployment=item.bus)
    for name, bodies in pending.items():
        ingest(bodies, deployment=name)


def test_simulated_cloud_with_injected_faults(ingest, store, bus,
                                              make_verifier):
    """Every exists of a simulated day gets the verdict notigen expects."""
    settings = simulation.Settings(
        seed=7, tenants=4, hosts=4, cells=2, instances=24, days=0.5,
        failure_rate=0.2, operation_interval=3 * 3600.0)
    run = generator.Run(settings, nova_format='both', faults_count=7)
    _stored_by_bus(ingest, run.notifications())
    manifest = run.manifest()
    make_verifier(batch_size=100).run_pass()
    expected = {message_id: fault['code'] for fault in manifest['faults']
                for message_id in fault['message_ids']}
    assert {fault['code'] for fault in manifest['faults']} == set(
        expected.values())
    verdicts = _instance_verdicts(store)
    assert len(verdicts) == manifest['exists']['total']
    assert {message_id: code for message_id, (status, code)
            in verdicts.items() if status != 'verified'} == expected
    assert {status for message_id, (status, _code) in verdicts.items()
            if message_id in expected} == {'failed'}
    others = {row.status for (kind, _m, _r), row
              in conftest.verdicts(store).items() if kind != 'instance'}
    assert others == {'verified'}
    _check_emitted(store, bus)


@pytest.fixture
def nova_server():
    server = fake_nova.FakeNova().start()
    yield server
    server.stop()


def test_failures_nova_confirms_are_reconciled(ingest, store, bus, conf,
                                               make_verifier, nova_server,
                                               tmp_path):
    """Launches nobody saw: Nova confirms one exists, not the other."""
    fmt = LEGACY
    launched = datetime.datetime(2026, 2, 27, 8, 0, 5, 250000)
    confirmed_id, other_id = str(uuid.uuid4()), str(uuid.uuid4())
    confirmed = nova_flows.audit_exists(fmt, confirmed_id, launched, DAY_1,
                                        DAY_2, name='confirmed')
    other = nova_flows.audit_exists(fmt, other_id, launched, DAY_1, DAY_2,
                                    name='other')
    nova_server.add(confirmed_id, nova_flows.PROJECT,
                    '2026-02-27T08:00:05.000000', 'm1.small', '2')
    nova_server.add(other_id, nova_flows.PROJECT,
                    '2026-02-27T08:00:05.000000', 'm1.large', '4')
    ingest(_messages([confirmed, other]))
    reconciler = reconcile.Reconciler(
        fake_nova.credentials_conf(tmp_path, nova_server))
    result = make_verifier(reconciler=reconciler).run_pass()
    assert result.verdicts == {'reconciled': 1, 'failed': 1}
    stored = {message_id: row for (_kind, message_id, _resource), row
              in conftest.verdicts(store).items()}
    row = stored[confirmed.message_id]
    assert (row.status, row.code) == ('reconciled', 'no_launch')
    assert row.event_type == 'compute.instance.exists.verified'
    assert 'reconciled: Nova confirms launched_at' in row.reason
    row = stored[other.message_id]
    assert (row.status, row.code) == ('failed', 'no_launch')
    assert row.reason.endswith(
        'not reconciled: flavor: exists m1.small != nova m1.large')
    statuses = conftest.exists_statuses(store, models.InstanceExists)
    assert statuses[confirmed.message_id][0] == 'reconciled'
    by_id = _check_emitted(store, bus)
    assert {event_type for event_type, _payload in by_id.values()} == {
        'compute.instance.exists.verified', 'compute.instance.exists.failed'}
