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
"""Pipeline benchmark: read, distill and store, without a message bus.

Runs the ingestion pipeline of ``stacktach-os-notification`` (envelope,
scrubbing, distiller, the enabled handlers, one transaction per batch)
in one thread over production-sized notifications, into a new database,
so that its cost can be profiled apart from oslo.messaging's.
"""

import collections
import cProfile
import io
import pstats
import time
import uuid

from stacktach_os.bench import ingest
from stacktach_os.bench import samples
from stacktach_os.db import api as db_api
from stacktach_os.db import migration
from stacktach_os.notification import service as notification_service


def add_arguments(parser):
    """Add the store benchmark's options to an argparse parser."""
    ingest.add_arguments(parser)
    parser.add_argument('--stages', action='store_true',
                        help='print the CPU and wall time per notification '
                             'of reading, of each handler and of the rest')


def listener_messages(count):
    """Return ``count`` notifications as the batch listener hands them."""
    messages = []
    for event_type, payload, ctxt, publisher in samples.mix(count):
        messages.append({
            'ctxt': ctxt, 'publisher_id': publisher,
            'event_type': event_type, 'payload': payload,
            'metadata': {'message_id': str(uuid.uuid4()),
                         'timestamp': '2026-11-01 10:00:00.000001'}})
    return messages


class StageTimer(object):
    """CPU and wall time of each stage of a pipeline: reading, handlers.

    The pipeline's and handlers' methods are wrapped on these objects
    only; the stage names are ``read``, each handler's class name, and
    ``<handler> after commit``. ``rest`` is what :meth:`Pipeline.process`
    spends outside those: the transaction's begin and commit, the
    connection's checkout, and the known-id query when there is one.
    """

    def __init__(self, pipeline):
        """Time the stages of ``pipeline`` from now on."""
        self.cpu = collections.Counter()
        self.wall = collections.Counter()
        self._wrap(pipeline, 'prepare', 'read')
        self._wrap(pipeline, 'process', 'process')
        for handler in pipeline.handlers:
            name = type(handler).__name__
            self._wrap(handler, 'handle', name)
            self._wrap(handler, 'after_commit', name + ' after commit')

    def _wrap(self, owner, method_name, stage):
        method = getattr(owner, method_name)

        def timed(*args, **kwargs):
            cpu_start = time.process_time()
            wall_start = time.perf_counter()
            try:
                return method(*args, **kwargs)
            finally:
                self.cpu[stage] += time.process_time() - cpu_start
                self.wall[stage] += time.perf_counter() - wall_start

        setattr(owner, method_name, timed)

    def rows(self, count):
        """Return (stage, CPU us, wall us) per notification, by stage."""
        stages = [stage for stage in self.cpu
                  if stage != 'process' and self.wall[stage] > 0]
        rest_cpu = self.cpu['process'] - sum(self.cpu[stage]
                                             for stage in stages)
        rest_wall = self.wall['process'] - sum(self.wall[stage]
                                               for stage in stages)
        rows = [(stage, self.cpu[stage], self.wall[stage])
                for stage in stages]
        rows.append(('rest (transaction, known ids)', rest_cpu, rest_wall))
        return [(stage, cpu * 1e6 / count, wall * 1e6 / count)
                for stage, cpu, wall in rows]


def print_stages(rows):
    """Print the stage rows of :meth:`StageTimer.rows` as a table."""
    print('\n| stage | CPU us/notification | wall us/notification |')
    print('|---|---:|---:|')
    for stage, cpu, wall in rows:
        print('| %s | %.1f | %.1f |' % (stage, cpu, wall))
    print()


def run(args):
    """Run the store benchmark; print and return its figures."""
    conf = ingest.configure(args)
    messages = listener_messages(args.count)
    results = []
    for name in args.database or ['mysql', 'postgresql']:
        for handlers in ingest.handler_sets(args, conf):
            conf.set_override('handlers', handlers, group='notification')
            rate = _measure(args, conf, name, messages)
            results.append((name, ','.join(handlers), rate))
            print('%s (%s): %.0f notifications/s (%.0f us each)'
                  % (name, ','.join(handlers), rate, 1e6 / rate))
    conf.clear_override('handlers', group='notification')
    return results


def _measure(args, conf, name, messages):
    with ingest.throwaway_database(
            name, ingest.admin_url(args, name)) as url:
        store = db_api.Store(url)
        migration.upgrade(store)
        pipeline = notification_service.build_pipeline(conf, store)
        stages = StageTimer(pipeline) if args.stages else None
        profiler = cProfile.Profile() if args.profile else None
        started = time.perf_counter()
        if profiler:
            profiler.enable()
        for start in range(0, len(messages), args.batch_size):
            pipeline.process(
                'bench', messages[start:start + args.batch_size], 'info')
        if profiler:
            profiler.disable()
        elapsed = time.perf_counter() - started
        store.dispose()
    if stages:
        print_stages(stages.rows(len(messages)))
    if profiler:
        stream = io.StringIO()
        stats = pstats.Stats(profiler, stream=stream)
        stats.sort_stats('tottime').print_stats(30)
        print(stream.getvalue())
    return len(messages) / elapsed
