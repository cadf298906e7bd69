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
"""Trace ids of request ids."""

import uuid

import pytest

from stacktach_os.tracing import ids


def test_request_ids_are_trace_ids():
    assert ids.trace_id_of('req-0af76519-16cd-43dd-8448-eb211c80319c') == (
        '0af7651916cd43dd8448eb211c80319c')
    assert ids.trace_id_of('0af76519-16cd-43dd-8448-eb211c80319c') is None
    assert ids.trace_id_of('req-nope') is None
    assert ids.trace_id_of(None) is None


def test_the_global_request_id_comes_first():
    assert ids.request_trace_id(
        'req-00000000-0000-0000-0000-000000000001',
        'req-00000000-0000-0000-0000-000000000002') == '0' * 31 + '2'
    assert ids.request_trace_id(
        'req-00000000-0000-0000-0000-000000000001', None) == '0' * 31 + '1'


def test_trace_url():
    assert ids.trace_url('http://j/trace/{trace_id}', 'ab') == (
        'http://j/trace/ab')
    assert ids.trace_url(None, 'ab') is None
    assert ids.trace_url('http://j/{trace_id}', None) is None


@pytest.mark.parametrize('text', [
    '0AF76519-16CD-43DD-8448-EB211C80319C',
    '0af7651916cd43dd8448eb211c80319c',
    '{0af76519-16cd-43dd-8448-eb211c80319c}',
    'urn:uuid:0af76519-16cd-43dd-8448-eb211c80319c',
    '0af76519-16cd-43dd-8448-eb211c80319g', '0af76519',
    '+af76519-16cd-43dd-8448-eb211c80319c',
    '0af76519_16cd_43dd_8448_eb211c80319c',
    ' 0af76519-16cd-43dd-8448-eb211c80319',
])
def test_the_trace_id_is_the_uuid_of_the_request_id(text):
    try:
        expected = uuid.UUID(text).hex
    except ValueError:
        expected = None
    assert ids.trace_id_of('req-' + text) == expected
