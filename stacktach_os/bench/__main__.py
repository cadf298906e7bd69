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
"""python -m stacktach_os.bench SCENARIO: stacktach_os's benchmarks."""

import argparse
import sys

from stacktach_os.bench import ingest
from stacktach_os.bench import ingest_workers
from stacktach_os.bench import memory
from stacktach_os.bench import metrics
from stacktach_os.bench import peers
from stacktach_os.bench import peers_query
from stacktach_os.bench import query
from stacktach_os.bench import store
from stacktach_os.bench import verify

SCENARIOS = {
    'ingest': ingest,
    'ingest-workers': ingest_workers,
    'memory': memory,
    'metrics': metrics,
    'peers': peers,
    'peers-query': peers_query,
    'query': query,
    'store': store,
    'verify': verify,
}


def main(argv=None):
    """Run one benchmark scenario."""
    parser = argparse.ArgumentParser(prog='python -m stacktach_os.bench')
    subparsers = parser.add_subparsers(dest='scenario', required=True)
    for name, module in SCENARIOS.items():
        module.add_arguments(subparsers.add_parser(
            name, help=module.__doc__.splitlines()[0]))
    args = parser.parse_args(argv)
    SCENARIOS[args.scenario].run(args)
    return 0


if __name__ == '__main__':
    sys.exit(main())
