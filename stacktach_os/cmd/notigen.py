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
"""stacktach-os-notigen: simulate a cloud and send its notifications.

    stacktach-os-notigen [--seed N] [--tenants N] [--hosts N] [--cells N]
                         [--instances N] [--volumes N] [--days D]
                         [--start ISO] [--audit-period SECONDS]
                         [--failure-rate R] [--format legacy|versioned|both]
                         [--inject-faults N | --inject-billing-errors R]
                         [--manifest FILE]
                         (--output FILE | --transport-url URL ...)
                         [--topic T] [--versioned-topic T]
                         [--rate N | --realtime]

Instances are created, updated, stopped and started, rebooted, resized
(confirmed or reverted), rebuilt, rescued, snapshotted and deleted over
the simulated days, with the notifications nova sends at each step, in
one or both of its formats; glance's and cinder's come too. Every audit
period each instance that existed in it gets an ``exists`` that matches
its history, except the faults injected on purpose, which the manifest
lists with the verdict each must get (see stacktach_os.notigen.faults).
The same seed and options give the same notifications, byte for byte
(except with ``--realtime``, which starts now unless ``--start`` is
given).

``--output FILE`` writes JSON lines in the shape oslo.messaging's
listener hands notifications over ('-' for standard output).
``--transport-url`` publishes through oslo.messaging instead: a bare URL
for every bus, or ``NAME=URL`` for the top-level bus (``api``) or one
cell's (``cell1``, ``cell2``...).
"""

import argparse
import datetime
import json
import sys
import time

from stacktach_os.notigen import clock
from stacktach_os.notigen import faults
from stacktach_os.notigen import generator
from stacktach_os.notigen import model
from stacktach_os.notigen import output
from stacktach_os.notigen import simulation

PROG = 'stacktach-os-notigen'


def _positive_int(text):
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError('%r is negative' % text)
    return value


def _share(text):
    value = float(text)
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError('%r is not between 0 and 1' % text)
    return value


def _parser():
    defaults = simulation.Settings()
    parser = argparse.ArgumentParser(
        prog=PROG,
        description='Simulate a cloud of tenants, cells and hosts and send '
                    'the notifications nova, glance and cinder would.')
    cloud = parser.add_argument_group('the simulated cloud')
    cloud.add_argument('--seed', type=int, default=defaults.seed,
                       help='random seed: the same seed gives the same '
                            'notifications (default %(default)s)')
    cloud.add_argument('--tenants', type=_positive_int,
                       default=defaults.tenants,
                       help='projects (default %(default)s)')
    cloud.add_argument('--hosts', type=_positive_int, default=defaults.hosts,
                       help='compute hosts (default %(default)s)')
    cloud.add_argument('--cells', type=_positive_int, default=defaults.cells,
                       help='nova cells, each with its own bus '
                            '(default %(default)s)')
    cloud.add_argument('--instances', type=_positive_int,
                       default=defaults.instances,
                       help='instances created over the run '
                            '(default %(default)s)')
    cloud.add_argument('--volumes', type=_positive_int, default=None,
                       help='cinder volumes created over the run (default: '
                            'a third of the instances)')
    cloud.add_argument('--days', type=float, default=defaults.days,
                       help='simulated days (default %(default)s)')
    cloud.add_argument('--start', default=None,
                       help='simulated start, ISO 8601 UTC (default '
                            '%s; with --realtime, now)'
                            % clock.DEFAULT_START.isoformat())
    cloud.add_argument('--audit-period', type=int,
                       default=defaults.audit_period, metavar='SECONDS',
                       help='length of the usage audit periods that end in '
                            'exists notifications (default %(default)s)')
    cloud.add_argument('--failure-rate', type=_share,
                       default=defaults.failure_rate,
                       help='share of operations that fail: builds '
                            'rescheduled or given up, reboot, rebuild and '
                            'rescue errors (default %(default)s)')
    cloud.add_argument('--format', choices=generator.FORMATS,
                       default=generator.BOTH,
                       help='nova notification format (default '
                            '%(default)s)')
    billing = parser.add_argument_group('injected billing errors')
    inject = billing.add_mutually_exclusive_group()
    inject.add_argument('--inject-faults', type=_positive_int, default=None,
                        metavar='N',
                        help='alter N exists so that a verifier must fail '
                             'them')
    inject.add_argument('--inject-billing-errors', type=_share,
                        default=None, metavar='SHARE',
                        help='alter this share of the exists (e.g. 0.02)')
    billing.add_argument('--manifest', metavar='FILE',
                         help='write the run\'s manifest (counts, and each '
                              'injected fault with its expected verdict) '
                              'as JSON')
    out = parser.add_argument_group('output')
    where = out.add_mutually_exclusive_group(required=True)
    where.add_argument('--output', metavar='FILE',
                       help='write JSON lines to FILE ("-": standard '
                            'output)')
    where.add_argument('--transport-url', action='append', metavar='URL',
                       help='publish through oslo.messaging: a bare URL for '
                            'every bus, or NAME=URL for the "api" bus or a '
                            'cell\'s ("cell1"...); repeatable')
    out.add_argument('--topic', default='notifications',
                     help='notification topic (default %(default)s)')
    out.add_argument('--versioned-topic', default=None,
                     help='topic of versioned nova notifications (default: '
                          '--topic; nova\'s own is versioned_notifications)')
    pace = out.add_mutually_exclusive_group()
    pace.add_argument('--rate', type=float, default=None,
                      help='notifications per second (default: as fast as '
                           'possible)')
    pace.add_argument('--realtime', action='store_true',
                      help='send each notification at its simulated time, '
                           'one simulated second per second')
    return parser


def _start(args):
    if args.start:
        return clock.parse_start(args.start)
    if args.realtime:
        now = datetime.datetime.now(datetime.timezone.utc)
        return now.replace(tzinfo=None, microsecond=0)
    return clock.DEFAULT_START


def _settings(args):
    return simulation.Settings(
        seed=args.seed, tenants=args.tenants, hosts=args.hosts,
        cells=args.cells, instances=args.instances, volumes=args.volumes,
        days=args.days, start=_start(args), audit_period=args.audit_period,
        failure_rate=args.failure_rate)


def _sink(args, settings):
    if args.output:
        return output.FileSink(args.output)
    # oslo.messaging loads a lot: only when publishing.
    from stacktach_os.notigen import bus
    buses = [model.API_BUS] + ['cell%d' % number
                               for number in range(1, settings.cells + 1)]
    urls = bus.parse_transport_urls(args.transport_url, buses)
    return bus.BusSink(urls, topic=args.topic,
                       versioned_topic=args.versioned_topic)


def _write_manifest(path, manifest):
    with open(path, 'w', encoding='utf-8') as stream:
        json.dump(manifest, stream, indent=1, sort_keys=False)
        stream.write('\n')


def main(argv=None, stderr=None):
    """Run stacktach-os-notigen; return the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    stderr = stderr if stderr is not None else sys.stderr
    try:
        settings = _settings(args)
        run = generator.Run(settings, nova_format=args.format,
                            faults_count=args.inject_faults,
                            faults_ratio=args.inject_billing_errors)
        pacer = output.Pacer(rate=args.rate, realtime=args.realtime,
                             start=settings.start)
        run.prepare()
        sink = _sink(args, settings)
    except (ValueError, faults.FaultPlanError) as error:
        parser.error(str(error))
    except OSError as error:
        stderr.write('%s: %s\n' % (PROG, error))
        return 1
    began = time.monotonic()
    sent = 0
    status = 0
    try:
        for notification in run.notifications():
            pacer.wait(notification.when)
            sink.send(notification)
            sent += 1
    except KeyboardInterrupt:
        stderr.write('%s: interrupted\n' % PROG)
        status = 130
    except sink.errors as error:  # a bus that cannot be reached, a full disk
        stderr.write('%s: could not send: %s\n' % (PROG, error))
        status = 1
    finally:
        sink.close()
    elapsed = max(time.monotonic() - began, 1e-9)
    manifest = run.manifest()
    manifest['complete'] = status == 0
    if args.manifest:
        try:
            _write_manifest(args.manifest, manifest)
        except OSError as error:
            stderr.write('%s: %s\n' % (PROG, error))
            status = status or 1
    stderr.write('%s: %d notifications in %.1f s (%.0f/s); %d exists, %d '
                 'of them altered on purpose\n'
                 % (PROG, sent, elapsed, sent / elapsed,
                    manifest['exists']['total'],
                    manifest['exists']['expected_failed']))
    return status


if __name__ == '__main__':
    sys.exit(main())
