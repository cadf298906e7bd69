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
"""The client library: endpoint, errors, paging."""

import http.server
import threading

from keystoneauth1 import noauth
from keystoneauth1 import session as ks_session
from osc_lib import exceptions
from oslo_serialization import jsonutils
import pytest

from stacktach_os.osc import client as st_client
from tests.unit.osc import fakes


def _client(responses, **kwargs):
    session = fakes.FakeSession(responses, **kwargs)
    return st_client.Client(session, endpoint=fakes.ENDPOINT), session


@pytest.mark.parametrize('given', [
    'http://api:8790', 'http://api:8790/', 'http://api:8790/v1',
    'http://api:8790/v1/'])
def test_endpoint_is_the_root_without_v1(given):
    client = st_client.Client(fakes.FakeSession(), endpoint=given)
    assert client.endpoint == 'http://api:8790'


def test_endpoint_from_the_catalog_by_service_type_interface_region():
    session = fakes.FakeSession(
        {'/stacktach/v1/hosts': {'hosts': []}},
        catalog={('stacktach', 'internal', 'RegionTwo'):
                 'https://cloud/stacktach'})
    client = st_client.Client(session, interface='internal',
                              region_name='RegionTwo')
    assert client.list('/hosts', ('hosts',)) == []
    assert session.requests[0].url == 'https://cloud/stacktach/v1/hosts'


def test_no_endpoint_in_the_catalog_says_how_to_give_one():
    client = st_client.Client(fakes.FakeSession())
    with pytest.raises(exceptions.EndpointNotFound) as caught:
        client.get('/events')
    assert '--os-stacktach-url' in str(caught.value)
    assert 'stacktach' in str(caught.value)


@pytest.mark.parametrize('status, cls', [
    (400, exceptions.BadRequest), (401, exceptions.Unauthorized),
    (403, exceptions.Forbidden), (404, exceptions.NotFound),
    (409, exceptions.Conflict), (500, exceptions.ClientException),
    (503, exceptions.ClientException)])
def test_http_errors_carry_the_api_message_and_request_id(status, cls):
    client, _session = _client({'/v1/events': fakes.FakeResponse(
        status, {'error_message': {'faultcode': 'Client',
                                   'faultstring': 'since: bad date',
                                   'debuginfo': None}},
        headers={'x-openstack-request-id': 'req-123'})})
    with pytest.raises(cls) as caught:
        client.get('/events')
    assert caught.value.code == status
    assert str(caught.value) == (
        'since: bad date (Request-ID: req-123) (HTTP %d)' % status)


@pytest.mark.parametrize('body, message', [
    ({'error': {'code': 401, 'title': 'Unauthorized',
                'message': 'The request you have made requires '
                           'authentication.'}},
     'The request you have made requires authentication.'),
    ({'faultstring': 'plain WSME fault'}, 'plain WSME fault'),
    ({'error_message': jsonutils.dumps({'faultstring': 'as a string'})},
     'as a string'),
])
def test_error_documents_of_every_shape(body, message):
    client, _session = _client({'/v1/events': fakes.FakeResponse(401, body)})
    with pytest.raises(exceptions.Unauthorized) as caught:
        client.get('/events')
    assert caught.value.message == message


def test_an_error_that_is_not_json_shows_its_text_or_reason():
    client, _session = _client({
        '/v1/a': fakes.FakeResponse(502, text='<html>Bad gateway</html>'),
        '/v1/b': fakes.FakeResponse(404, text='', reason='Not Found')})
    with pytest.raises(exceptions.ClientException) as caught:
        client.get('/a')
    assert caught.value.message == '<html>Bad gateway</html>'
    with pytest.raises(exceptions.NotFound) as caught:
        client.get('/b')
    assert caught.value.message == 'Not Found'


def test_a_success_that_is_not_json_is_a_clear_error():
    client, _session = _client({'/v1/events': fakes.FakeResponse(
        200, text='<html>welcome to nginx</html>')})
    with pytest.raises(exceptions.CommandError) as caught:
        client.get('/events')
    assert 'not JSON' in str(caught.value)
    assert fakes.ENDPOINT in str(caught.value)


def test_project_id_of_the_token_or_none():
    assert _client({}, project_id='p1')[0].project_id() == 'p1'
    assert st_client.Client(object(), endpoint='http://x').project_id() \
        is None


def test_items_of_prefers_the_named_key_then_the_only_list():
    assert st_client.items_of({'events': [1], 'links': []},
                              ('events',)) == [1]
    assert st_client.items_of({'usage': [{'a': 1}], 'links': []},
                              ('images',)) == [{'a': 1}]
    document = {'request_id': 'r', 'state': 'active'}
    assert st_client.items_of(document, ('x',)) == [document]
    assert st_client.items_of([{'a': 1}]) == [{'a': 1}]


def test_one_page_without_limit():
    client, session = _client({'/v1/hosts': [
        fakes.page('hosts', [{'name': 'a'}], 'limit=1&marker=a'),
        fakes.page('hosts', [{'name': 'b'}])]})
    assert client.list('/hosts', ('hosts',)) == [{'name': 'a'}]
    assert len(session.requests) == 1
    assert session.params() == {}


def test_limit_follows_next_links_and_asks_only_for_what_is_missing():
    client, session = _client({'/v1/hosts': [
        fakes.page('hosts', [{'name': 'a'}, {'name': 'b'}],
                   'deployment=c1&limit=2&marker=b'),
        fakes.page('hosts', [{'name': 'c'}, {'name': 'd'}],
                   'deployment=c1&limit=2&marker=d'),
        fakes.page('hosts', [{'name': 'e'}])]})
    names = [item['name'] for item in client.list(
        '/hosts', ('hosts',), [('deployment', 'c1')], limit=3)]
    assert names == ['a', 'b', 'c']
    assert session.params(0) == {'deployment': ['c1'], 'limit': ['3']}
    # The API capped the page at 2: the next request asks for 1.
    assert session.params(1) == {'deployment': ['c1'], 'marker': ['b'],
                                 'limit': ['1']}
    assert len(session.requests) == 2


def test_limit_minus_one_reads_every_page():
    client, session = _client({'/v1/hosts': [
        fakes.page('hosts', [{'name': 'a'}], 'marker=a'),
        fakes.page('hosts', [{'name': 'b'}], 'marker=b'),
        fakes.page('hosts', [])]})
    assert len(client.list('/hosts', ('hosts',), limit=-1)) == 2
    assert [session.params(i) for i in range(3)] == [
        {}, {'marker': ['a']}, {'marker': ['b']}]


def test_a_next_link_to_the_same_page_does_not_loop():
    client, session = _client({'/v1/hosts': fakes.page(
        'hosts', [{'name': 'a'}], 'marker=a')})
    assert len(client.list('/hosts', ('hosts',), limit=-1)) == 2
    assert len(session.requests) == 2


def test_repeated_parameters_are_kept():
    client, session = _client({'/v1/events': fakes.page('events', [])})
    client.list('/events', ('events',), [('trait:a', 'ge:1'),
                                         ('trait:a', 'lt:5')])
    assert session.params() == {'trait:a': ['ge:1', 'lt:5']}


class _Handler(http.server.BaseHTTPRequestHandler):
    """A tiny real API: /v1/events pages, /v1/events/bad answers 400."""

    def do_GET(self):
        self.server.seen.append((self.path, self.headers.get('X-Auth-Token')))
        if self.path.startswith('/v1/events/bad'):
            status, body = 400, {'error_message': {
                'faultstring': 'marker: bad'}}
        elif 'marker=m2' in self.path:
            status, body = 200, {'events': [{'message_id': 'm3'}],
                                 'links': []}
        else:
            status, body = 200, {
                'events': [{'message_id': 'm1'}, {'message_id': 'm2'}],
                'links': [{'rel': 'next', 'href':
                           'http://elsewhere/v1/events?limit=2&marker=m2'}]}
        payload = jsonutils.dump_as_bytes(body)
        self.send_response(status)
        self.send_header('Content-Type', 'application/json')
        self.send_header('Content-Length', str(len(payload)))
        self.send_header('X-OpenStack-Request-Id', 'req-real')
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@pytest.fixture
def real_api():
    server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), _Handler)
    server.seen = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_through_a_real_keystoneauth_session(real_api):
    url = 'http://127.0.0.1:%d/' % real_api.server_address[1]
    session = ks_session.Session(auth=noauth.NoAuth(endpoint=url))
    # No endpoint given: found through the auth plugin, as with
    # --os-auth-type none --os-endpoint URL.
    client = st_client.Client(session)
    events = client.list('/events', ('events',), [('trait:a', 'x y')],
                         limit=3)
    assert [event['message_id'] for event in events] == ['m1', 'm2', 'm3']
    # The next link's query is followed on the client's own endpoint.
    assert real_api.seen[0][0] == '/v1/events?trait%3Aa=x+y&limit=3'
    assert real_api.seen[1][0] == '/v1/events?marker=m2&limit=1'
    with pytest.raises(exceptions.BadRequest) as caught:
        client.get('/events/bad')
    assert str(caught.value) == \
        'marker: bad (Request-ID: req-real) (HTTP 400)'


def test_an_unreachable_api_is_a_clear_error():
    session = ks_session.Session(auth=noauth.NoAuth())
    client = st_client.Client(session, endpoint='http://127.0.0.1:9')
    with pytest.raises(exceptions.CommandError) as caught:
        client.get('/events')
    assert 'Cannot reach the stacktach API at http://127.0.0.1:9' in str(
        caught.value)
