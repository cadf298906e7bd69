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
"""Fixtures of the API functional tests: seeded stores, Keystone."""

from urllib import parse

import pytest

from tests.functional import database
from tests.functional.keystone import keystone  # noqa: F401


@pytest.fixture(scope='module', params=database.BACKENDS)
def backend_store(request):
    """A migrated store per backend, shared by the tests of a module."""
    with database.migrated_store(request.param) as store:
        yield store


def collect(app, url, collection, headers=None, limit=None, key=None):
    """GET every page of a list; return its items in order.

    Checks on the way that no page is longer than its limit and that no
    item comes twice: ``key`` gives the identity of an item (by default
    its ``message_id`` or ``name``).
    """
    items = []
    if limit is not None:
        url += ('&' if '?' in url else '?') + 'limit=%d' % limit
    pages = 0
    while url:
        response = app.get(url, headers=headers or {})
        document = response.json
        page = document[collection]
        query = parse.parse_qs(parse.urlsplit(url).query)
        if 'limit' in query:
            assert len(page) <= int(query['limit'][0])
        items.extend(page)
        links = [link['href'] for link in document['links']
                 if link['rel'] == 'next']
        url = links[0] if links else None
        pages += 1
        assert pages < 1000, 'paging does not end'
    keys = [key(item) if key else item.get('message_id', item.get('name'))
            for item in items]
    assert len(keys) == len(set(keys)), 'an item came twice: %s' % keys
    return items
