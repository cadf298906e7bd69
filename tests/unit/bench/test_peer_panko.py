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
"""The peer driver's pure parts (it runs in the peers' virtualenv)."""

import datetime
import io
import json
import sys

from stacktach_os.bench import peer_panko


def test_instance_and_request_lookups_are_trait_filters():
    assert peer_panko.event_filter_arguments({'instance_id': 'i-1'}) == {
        'traits_filter': [{'key': 'instance_id', 'string': 'i-1',
                           'op': 'eq'}]}
    assert peer_panko.event_filter_arguments({'request_id': 'req-1'}) == {
        'traits_filter': [{'key': 'request_id', 'string': 'req-1',
                           'op': 'eq'}]}


def test_type_and_window_lookup():
    arguments = peer_panko.event_filter_arguments({
        'event_type': 'compute.instance.update',
        'since': '2026-05-01T10:00:00Z', 'until': '2026-05-01T11:00:00'})
    assert arguments == {
        'event_type': 'compute.instance.update',
        'start_timestamp': datetime.datetime(2026, 5, 1, 10),
        'end_timestamp': datetime.datetime(2026, 5, 1, 11)}


def test_batches_and_lines():
    assert list(peer_panko.batches([1, 2, 3, 4, 5], 2)) == [
        [1, 2], [3, 4], [5]]
    assert peer_panko.read_lines(io.StringIO('{"a": 1}\n\n[2]\n')) == [
        {'a': 1}, [2]]


def test_parser_defaults():
    args = peer_panko.parser().parse_args(['query', '--url', 'sqlite://'])
    assert (args.command, args.url, args.limit, args.batch_size) == (
        'query', 'sqlite://', 100, 100)


def test_imports_only_the_standard_library():
    # The peers' interpreter has none of stacktach_os's dependencies.
    names = {name for name, module in vars(peer_panko).items()
             if type(module) is type(sys)}
    assert names <= {'argparse', 'datetime', 'json', 'sys', 'time'}
    json.dumps(peer_panko.TRAIT_TYPES)
