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
"""Metrics micro-benchmark: a timed call and a count, off and on.

Times, in nanoseconds per call, a plain function, the same function
decorated with :func:`stacktach_os.metrics.timed`, and
``Counter.add``, with metrics off (``none``) and on each backend
(``prometheus``, without scraping; ``statsd``, to a UDP port on
127.0.0.1), and prints the overhead of each over the plain call.
"""

import socket
import timeit

from stacktach_os import metrics
from stacktach_os.metrics import prometheus
from stacktach_os.metrics import statsd

DIMENSIONS = {'service': 'bench', 'host': 'bench-host'}
TIMER = metrics.timer('bench_call', 'Calls of the benchmark function.',
                      ('kind',))
COUNTER = metrics.counter('bench_count', 'Counts of the benchmark.',
                          ('kind',))


def plain(value):
    """The undecorated function."""
    return value


@metrics.timed(TIMER, kind='bench')
def decorated(value):
    """The same function, timed."""
    return value


def count(value):
    """The same function, counting its calls."""
    COUNTER.add(1, kind='bench')
    return value


def add_arguments(parser):
    """Add the metrics benchmark's options to an argparse parser."""
    parser.add_argument('--number', type=int, default=200000,
                        help='calls per measurement (default 200000)')
    parser.add_argument('--repeat', type=int, default=5,
                        help='measurements; the fastest counts (default 5)')


def _ns_per_call(function, number, repeat):
    namespace = {'function': function}
    times = timeit.repeat('function(1)', globals=namespace, number=number,
                          repeat=repeat)
    return min(times) / number * 1e9


def _backends(receiver_port):
    yield 'none', None
    yield 'prometheus', prometheus.PrometheusBackend(DIMENSIONS)
    yield 'statsd', statsd.StatsdBackend('127.0.0.1', receiver_port,
                                         'bench', DIMENSIONS,
                                         flush_interval=0.5)


def run(args):
    """Run the metrics benchmark; print and return its figures."""
    results = []
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as receiver:
        receiver.bind(('127.0.0.1', 0))
        receiver.setblocking(False)
        try:
            for name, backend in _backends(receiver.getsockname()[1]):
                metrics.use_backend(backend)
                module = globals()
                base = _ns_per_call(plain, args.number, args.repeat)
                timed = _ns_per_call(module['decorated'], args.number,
                                     args.repeat)
                counted = _ns_per_call(count, args.number, args.repeat)
                results.append((name, base, timed, counted))
        finally:
            metrics.reset()
    print('%-11s %10s %10s %10s %10s %10s' % (
        'backend', 'plain ns', 'timed ns', 'overhead', 'count ns',
        'overhead'))
    for name, base, timed, counted in results:
        print('%-11s %10.1f %10.1f %+10.1f %10.1f %+10.1f' % (
            name, base, timed, timed - base, counted, counted - base))
    return results
