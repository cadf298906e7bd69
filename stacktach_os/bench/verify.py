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
"""Verifier benchmark: exists records verified per second.

N instances are loaded directly through the store's functions into a new
database: a launch each, a delete for one in ten, and one pending
``compute.instance.exists`` per instance (its notification archived, as
the listener keeps it), one in a hundred reporting another flavor. Then
verifier passes (``--workers`` of them at once, each in its own process
as ``stacktach-os-verifier`` runs them) verify them all: claim, read the
launches and deletes, apply the rules, store the verdicts, send one
notification per verdict through RabbitMQ (``--transport-url``), mark
them sent. The rate is exists per second from the first claim to the
last verdict sent.
"""

import cProfile
import datetime
import io
import multiprocessing
import pstats
import time
import uuid

from oslo_config import cfg
import oslo_messaging

from stacktach_os.bench import ingest
from stacktach_os.conf import verifier as verifier_conf
from stacktach_os.db import api as db_api
from stacktach_os.db import archive
from stacktach_os.db import codec
from stacktach_os.db import migration
from stacktach_os.db import usage
from stacktach_os.db import verification
from stacktach_os.verifier import notifier
from stacktach_os.verifier import verifier as st_verifier

DAY_1 = datetime.datetime(2026, 3, 2)
DAY_2 = datetime.datetime(2026, 3, 3)
LOAD_CHUNK = 5000
# One instance in DELETED_EVERY is deleted in the period, one exists in
# FAULTY_EVERY reports another flavor than its launch's.
DELETED_EVERY = 10
FAULTY_EVERY = 100


def add_arguments(parser):
    """Add the verify benchmark's options to an argparse parser."""
    parser.add_argument('-n', '--count', type=int, default=100000,
                        help='pending exists records (default 100000)')
    parser.add_argument('--batch-size', type=int, default=1000,
                        help='[verifier] batch_size (default 1000)')
    parser.add_argument('--workers', type=int, default=1,
                        help='verifier processes at once (default 1)')
    parser.add_argument('--database', action='append',
                        choices=sorted(ingest.DATABASES),
                        help='databases to verify in (repeatable; default '
                             'mysql)')
    parser.add_argument('--mysql-url', default=ingest.DATABASES['mysql'])
    parser.add_argument('--postgresql-url',
                        default=ingest.DATABASES['postgresql'])
    parser.add_argument('--transport-url',
                        default='rabbit://guest:guest@127.0.0.1:5672/',
                        help='the bus the verdicts are sent on')
    parser.add_argument('--profile', action='store_true',
                        help='profile the first verifier and print where '
                             'its time goes')


def _legacy_exists(instance_id, project_id, launched_at, deleted_at,
                   flavor_id):
    """A legacy ``compute.instance.exists`` payload of production size."""
    return {
        'tenant_id': project_id, 'user_id': 'user-%s' % project_id[-4:],
        'instance_id': instance_id, 'display_name': 'web-%s' % instance_id[:8],
        'hostname': 'web', 'reservation_id': 'r-%s' % instance_id[:8],
        'instance_type': 'm1.small', 'instance_type_id': 5,
        'instance_flavor_id': flavor_id, 'memory_mb': 2048, 'vcpus': 1,
        'root_gb': 20, 'ephemeral_gb': 0, 'disk_gb': 20,
        'host': 'compute-1', 'node': 'compute-1',
        'availability_zone': 'nova',
        'state': 'deleted' if deleted_at else 'active',
        'state_description': '', 'progress': '',
        'created_at': str(launched_at - datetime.timedelta(seconds=30)),
        'launched_at': str(launched_at),
        'terminated_at': str(deleted_at) if deleted_at else '',
        'deleted_at': str(deleted_at) if deleted_at else '',
        'image_ref_url': 'http://glance:9292/images/image-1',
        'image_meta': {'base_image_ref': 'image-1', 'architecture': 'x86_64',
                       'os_distro': 'ubuntu', 'os_version': '22.04',
                       'container_format': 'bare', 'disk_format': 'qcow2',
                       'min_disk': '20', 'min_ram': '0'},
        'architecture': 'x86_64', 'os_type': 'linux', 'metadata': {},
        'audit_period_beginning': str(DAY_1),
        'audit_period_ending': str(DAY_2),
        'bandwidth': {'public': {'bw_in': 123456, 'bw_out': 654321}},
    }


def _instance(number):
    """The launch, delete (or None), exists and archive rows of one."""
    instance_id = str(uuid.UUID(int=number + 1))
    project_id = 'project-%04d' % (number % 1000)
    launched_at = DAY_1 - datetime.timedelta(
        days=3, seconds=number % 86400, microseconds=number % 1000000)
    deleted_at = (DAY_1 + datetime.timedelta(seconds=3600 + number % 80000)
                  if number % DELETED_EVERY == 0 else None)
    exists_flavor = '3' if number % FAULTY_EVERY == 7 else '2'
    common = dict(instance_id=instance_id, deployment='cell1',
                  project_id=project_id)
    image = dict(image_id='image-1', os_architecture='x86_64',
                 os_distro='ubuntu', os_version='22.04')
    launch = dict(common, launched_at=launched_at, flavor_id='2',
                  flavor_name='m1.small', request_id=None,
                  message_id='launch-%d' % number,
                  event_type='compute.instance.create.end',
                  generated=launched_at, rank=2, **image)
    delete = None
    if deleted_at is not None:
        delete = dict(common, message_id='delete-%d' % number,
                      launched_at=launched_at, deleted_at=deleted_at,
                      request_id=None, generated=deleted_at)
    message_id = str(uuid.UUID(int=(1 << 64) + number))
    generated = DAY_2 + datetime.timedelta(minutes=10)
    exists = dict(common, message_id=message_id, request_id=None,
                  generated=generated, audit_period_beginning=DAY_1,
                  audit_period_ending=DAY_2, launched_at=launched_at,
                  deleted_at=deleted_at,
                  state='deleted' if deleted_at else 'active',
                  flavor_id=exists_flavor, flavor_name='m1.small',
                  bandwidth_in=123456, bandwidth_out=654321, **image)
    body = {'message_id': message_id, 'timestamp': str(generated),
            'event_type': 'compute.instance.exists',
            'publisher_id': 'compute.compute-1', 'priority': 'INFO',
            'ctxt': {'request_id': 'req-audit', 'project_id': project_id},
            'payload': _legacy_exists(instance_id, project_id, launched_at,
                                      deleted_at, exists_flavor)}
    blob, _clean = codec.encode_body(body)
    raw = dict(message_id=message_id, deployment='cell1',
               event_type='compute.instance.exists',
               publisher_id='compute.compute-1', host='compute-1',
               priority='INFO', generated=generated, received=generated,
               request_id='req-audit', global_request_id=None,
               project_id=project_id, resource_id=instance_id, body=blob,
               malformed=False, error=None)
    return launch, delete, exists, raw


def load(store, count):
    """Bulk-load ``count`` instances; return the failures expected."""
    for start in range(0, count, LOAD_CHUNK):
        launches, deletes, exists, raws = [], [], [], []
        for number in range(start, min(count, start + LOAD_CHUNK)):
            launch, delete, record, raw = _instance(number)
            launches.append(launch)
            if delete is not None:
                deletes.append(delete)
            exists.append(record)
            raws.append(raw)
        with store.writer() as session:
            archive.add_notifications(session, raws)
            usage.add_instance_usage(session, launches, deletes, exists)
    return len([number for number in range(count)
                if number % FAULTY_EVERY == 7])


def _conf():
    conf = cfg.ConfigOpts()
    verifier_conf.register_opts(conf)
    conf([], project='stacktach_os', default_config_files=[])
    return conf


def _verify(url, transport_url, topic, batch_size, profile, queue):
    """One verifier: passes until nothing is left; report its figures."""
    conf = _conf()
    store = db_api.Store(url)
    transport = oslo_messaging.get_notification_transport(
        conf, url=transport_url)
    emitter = notifier.Emitter(conf, transport=transport, topics=[topic])
    verifier = st_verifier.Verifier(store, emitter, batch_size=batch_size,
                                    settle_time=0, claim_timeout=3600)
    profiler = cProfile.Profile() if profile else None
    started = time.perf_counter()
    if profiler:
        profiler.enable()
    result = verifier.run_pass()
    if profiler:
        profiler.disable()
    elapsed = time.perf_counter() - started
    text = None
    if profiler:
        stream = io.StringIO()
        pstats.Stats(profiler, stream=stream).sort_stats(
            'cumulative').print_stats(30)
        text = stream.getvalue()
    transport.cleanup()
    store.dispose()
    queue.put((result.claimed, result.emitted, elapsed, text))


def run(args):
    """Run the verify benchmark; print and return its figures."""
    results = []
    topic = 'stacktach-bench-verdicts-%s' % uuid.uuid4().hex[:8]
    for name in args.database or ['mysql']:
        with ingest.throwaway_database(
                name, ingest.admin_url(args, name)) as url:
            store = db_api.Store(url)
            migration.upgrade(store)
            started = time.perf_counter()
            faulty = load(store, args.count)
            print('%s: loaded %d instances and pending exists in %.1fs'
                  % (name, args.count, time.perf_counter() - started))
            store.dispose()
            context = multiprocessing.get_context('spawn')
            queue = context.Queue()
            workers = [context.Process(target=_verify, args=(
                url, args.transport_url, topic, args.batch_size,
                args.profile and index == 0, queue))
                for index in range(args.workers)]
            started = time.perf_counter()
            for worker in workers:
                worker.start()
            reports = [queue.get() for _worker in workers]
            elapsed = time.perf_counter() - started
            for worker in workers:
                worker.join()
            with store.reader() as session:
                statuses = verification.count_statuses(session, 'instance')
                emitted = verification.count_emitted(session)
            store.dispose()
        claimed = sum(report[0] for report in reports)
        slowest = max(report[2] for report in reports)
        if claimed != args.count or emitted != args.count or statuses != {
                'verified': args.count - faulty, 'failed': faulty}:
            raise RuntimeError('the verifiers did not verify everything: '
                               'claimed %d, sent %d, statuses %s'
                               % (claimed, emitted, statuses))
        rate = args.count / slowest
        results.append((name, rate, elapsed))
        print('%s: %d exists verified and sent in %.1fs by %d verifier(s): '
              '%.0f exists/s (%d failed)' % (name, args.count, slowest,
                                             args.workers, rate, faulty))
        for report in reports:
            if report[3]:
                print(report[3])
    _print_table(args, results)
    return results


def _print_table(args, results):
    print('\n%d pending exists, batch_size %d, %d verifier(s)\n'
          % (args.count, args.batch_size, args.workers))
    print('| database | exists verified/s | seconds |')
    print('|---|---:|---:|')
    for name, rate, elapsed in results:
        print('| %s | %.0f | %.1f |' % (name, rate, elapsed))
