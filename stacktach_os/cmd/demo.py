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
"""stacktach-os-demo: run everything on the embedded defaults and show it.

    stacktach-os-demo [--instances N] [--days D] [--seed S] [--port P]

Simulates a cloud of a few hundred instances over a few days, ingests its
notifications, verifies its usage, then serves the API on 127.0.0.1 and
prints the commands to try, until Ctrl-C.
"""

import argparse
import json
import os
import signal
import sys
import threading
import time

from stacktach_os import demo
from stacktach_os.notigen import simulation


def parse_args(argv):
    """Parse the demo's command line."""
    parser = argparse.ArgumentParser(
        prog='stacktach-os-demo',
        description='Run stacktach_os on the embedded defaults (SQLite, an '
                    'in-process bus, a simulated cloud) and serve its API.')
    parser.add_argument('--instances', type=int, default=300,
                        help='instances of the simulated cloud (300)')
    parser.add_argument('--days', type=float, default=3.0,
                        help='simulated days (3)')
    parser.add_argument('--tenants', type=int, default=12)
    parser.add_argument('--hosts', type=int, default=16)
    parser.add_argument('--cells', type=int, default=2)
    parser.add_argument('--seed', type=int, default=1,
                        help='the same seed gives the same cloud (1)')
    parser.add_argument('--faults', type=int, default=8,
                        help='usage records made wrong on purpose, for the '
                             'verifier to catch (8)')
    parser.add_argument('--host', default='127.0.0.1')
    parser.add_argument('--port', type=int, default=8790,
                        help='API port (8790; 0 picks a free one)')
    parser.add_argument('--state-dir',
                        help='keep the database here (default: a temporary '
                             'directory, removed on exit)')
    parser.add_argument('--no-serve', action='store_true',
                        help='load and verify, print the summary, then exit')
    return parser.parse_args(argv)


def _summary(running, url):
    settings = running.settings
    lines = [
        '',
        'stacktach_os demo',
        '  simulated %d instances of %d tenants over %g days on buses %s'
        % (settings.instances, settings.tenants, settings.days,
           ', '.join(running.bus_names())),
        '  %d notifications published and stored in %s'
        % (running.published, running.conf.database.connection),
    ]
    lines.extend('  ' + line for line in running.verification_lines())
    if url:
        endpoint = '--os-auth-type none --os-endpoint %s' % url
        lines += [
            '',
            'API (no authentication: for this demo only): %s/v1' % url,
            '',
            'Try:',
            '  openstack %s stacktach event list --limit 10' % endpoint,
            '  openstack %s stacktach event list --event-type '
            "'compute.instance.create.*' --limit 5" % endpoint,
            '  openstack %s stacktach deployment list' % endpoint,
            '  openstack %s stacktach verification summary' % endpoint,
            '  openstack %s stacktach verification list --status failed'
            % endpoint,
            '  curl %s/v1/events?limit=3' % url,
            '',
            'Ctrl-C stops the demo.',
        ]
    return '\n'.join(lines)


def main(argv=None):
    """Run the demonstration."""
    args = parse_args(sys.argv[1:] if argv is None else argv)
    settings = simulation.Settings(
        seed=args.seed, tenants=args.tenants, hosts=args.hosts,
        cells=args.cells, instances=args.instances, days=args.days)
    try:
        settings.validate()
    except ValueError as error:
        print('stacktach-os-demo: %s' % error, file=sys.stderr)
        return 2
    state_dir = demo.make_state_dir(args.state_dir)
    conf = demo.prepare_conf()
    running = demo.Demo(conf, state_dir, settings, args.faults)
    running.configure(args.host, args.port)
    started = time.monotonic()
    try:
        print('Starting: database in %s, in-process buses, listeners...'
              % state_dir, flush=True)
        running.start_store()
        running.start_listeners()
        print('Simulating the cloud and publishing its notifications...',
              flush=True)
        running.simulate()
        running.wait_until_stored()
        print('Verifying usage...', flush=True)
        running.verify()
        manifest = os.path.join(state_dir, 'manifest.json')
        with open(manifest, 'w') as output:
            json.dump(running.run.manifest(), output, indent=2,
                      sort_keys=True)
        url = None if args.no_serve else running.start_api()
        print(_summary(running, url), flush=True)
        print('  (%.0fs; simulator manifest: %s)'
              % (time.monotonic() - started, manifest), flush=True)
        if not args.no_serve:
            stop = threading.Event()
            signal.signal(signal.SIGTERM, lambda *_: stop.set())
            try:
                while not stop.wait(1):
                    pass
            except KeyboardInterrupt:
                pass
    finally:
        running.stop()
        if not args.state_dir:
            demo.remove_state_dir(state_dir)
    return 0


if __name__ == '__main__':
    sys.exit(main())
