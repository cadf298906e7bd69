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
"""Tests of secret scrubbing and of fitting text into columns."""

from stacktach_os.notification import sanitize
from stacktach_os.notification import scrub


def test_secrets_are_scrubbed_at_any_depth():
    value = {
        'auth_token': 'abc', 'user': 'bob',
        'nested': [{'admin_password': 'pw', 'size': 1}],
        'service_catalog': [{'endpoints': []}],
        'Secret_Key': 'k', 'empty_password': None,
    }
    assert scrub.scrub(value) == {
        'auth_token': '***', 'user': 'bob',
        'nested': [{'admin_password': '***', 'size': 1}],
        'service_catalog': '***', 'Secret_Key': '***',
        'empty_password': None,
    }


def test_scrub_leaves_the_original_alone():
    value = {'password': 'pw'}
    scrub.scrub(value)
    assert value == {'password': 'pw'}


def test_unstorable_characters_are_replaced_and_reported():
    problems = []
    fitted = sanitize.fit_column('host', 'a\x00b\ud800c', 255, problems)
    assert fitted == 'a\ufffdb\ufffdc'
    assert len(problems) == 1


def test_long_values_are_shortened_and_reported():
    problems = []
    assert sanitize.fit_column('host', 'x' * 300, 255, problems) == 'x' * 255
    assert problems == ['host is longer than 255 characters; shortened']


def test_any_valid_unicode_is_kept():
    assert sanitize.storable_text('日本 🚀 é') == ('日本 🚀 é', False)


def test_scrub_reports_floats_that_are_not_finite():
    report = []
    value = {'a': [1.5, {'b': float('nan')}], 'c': float('inf'), 'd': 2}
    assert scrub.scrub(value, report) is value
    assert report == [scrub.NONFINITE, scrub.NONFINITE]


def test_scrub_reports_nothing_of_finite_values():
    report = []
    scrub.scrub({'a': [1.5, -0.0, 'x', None, True], 'b': 10 ** 30}, report)
    assert report == []
