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
"""JSON errors, public paths and noauth: the middleware of the API."""

import json

import pytest
import webob
import webtest

from stacktach_os.api import auth
from stacktach_os.api import middleware


def _app(status, body, content_type='text/html'):
    def application(environ, start_response):
        start_response(status, [('Content-Type', content_type),
                                ('Content-Length', str(len(body))),
                                ('X-Kept', 'yes')])
        return [body]
    return webtest.TestApp(middleware.JsonErrorMiddleware(application))


def test_success_passes_untouched():
    response = _app('200 OK', b'<p>fine</p>').get('/')
    assert response.body == b'<p>fine</p>'
    assert response.content_type == 'text/html'


@pytest.mark.parametrize('body, content_type, expected', [
    (b'404 Not Found\n\nThe resource could not be found.', 'text/html',
     'Not Found'),
    (json.dumps({'faultcode': 'Client', 'faultstring': 'limit: bad',
                 'debuginfo': None}).encode(), 'application/json',
     'limit: bad'),
    (json.dumps({'error': {'code': 401, 'title': 'Unauthorized',
                           'message': 'The request you have made requires '
                                      'authentication.'}}).encode(),
     'application/json',
     'The request you have made requires authentication.'),
    (b'', 'text/plain', 'Not Found'),
])
def test_client_errors_become_json_faults(body, content_type, expected):
    response = _app('404 Not Found', body, content_type).get(
        '/', status=404)
    assert response.content_type == 'application/json'
    assert response.json == {'error_message': {
        'faultcode': 'Client', 'faultstring': expected, 'debuginfo': None}}
    assert response.headers['X-Kept'] == 'yes'
    assert int(response.headers['Content-Length']) == len(response.body)


def test_server_errors_keep_their_detail_in_the_log():
    secret = json.dumps({'faultcode': 'Server', 'faultstring':
                         '(pymysql.err.OperationalError) SELECT secret',
                         'debuginfo': None}).encode()
    response = _app('500 Internal Server Error', secret,
                    'application/json').get(
        '/', status=500, extra_environ={'openstack.request_id': 'req-1'})
    fault = response.json['error_message']
    assert fault['faultcode'] == 'Server'
    assert 'SELECT' not in fault['faultstring']
    assert 'req-1' in fault['faultstring']


def test_head_errors_have_no_body():
    response = _app('404 Not Found', b'gone').head('/', status=404)
    assert response.body == b''


def _echo_identity(environ, start_response):
    identity = {key: value for key, value in environ.items()
                if key.startswith('HTTP_X_') or key.startswith('HTTP_OPEN')}
    start_response('200 OK', [('Content-Type', 'application/json')])
    return [json.dumps(identity).encode()]


def _denied(environ, start_response):
    start_response('401 Unauthorized', [('Content-Type', 'text/plain')])
    return [b'no']


SPOOFED = {'X-Roles': 'admin', 'X-Project-Id': 'B', 'X-User-Id': 'u',
           'OpenStack-System-Scope': 'all', 'X-Identity-Status': 'Confirmed'}


@pytest.mark.parametrize('path', ['/', '/v1', '/v1/', ''])
def test_public_paths_skip_auth_and_drop_identity(path):
    app = webtest.TestApp(auth.PublicPaths(_echo_identity, _denied))
    request = webob.Request.blank('/', headers=SPOOFED)
    request.environ['PATH_INFO'] = path
    response = app.do_request(request)
    assert response.json == {}


@pytest.mark.parametrize('path', ['/v1/events', '/v1//', '/v2', '/v1/x/'])
def test_other_paths_go_through_auth(path):
    app = webtest.TestApp(auth.PublicPaths(_echo_identity, _denied))
    app.get(path, headers=SPOOFED, status=401)


def test_noauth_makes_everyone_an_admin():
    app = webtest.TestApp(auth.NoAuthMiddleware(_echo_identity))
    identity = app.get('/v1/events', headers={
        'X-Roles': 'reader', 'X-Project-Id': 'A',
        'OpenStack-System-Scope': 'all'}).json
    assert identity == {'HTTP_X_ROLES': 'admin,member,reader',
                        'HTTP_X_PROJECT_ID': 'A',
                        'HTTP_X_USER_ID': 'noauth',
                        'HTTP_X_IDENTITY_STATUS': 'Confirmed'}
    assert 'HTTP_X_PROJECT_ID' not in app.get('/v1/events').json
