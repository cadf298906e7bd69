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
"""Error responses that every client can parse.

Every error, whoever answers it (WSME, Pecan's routing, keystonemiddleware),
is sent as JSON::

    {"error_message": {"faultcode": "Client", "faultstring": "...",
                       "debuginfo": null}}

The text of a server error (5xx) stays in the log: the client gets a
generic message with the request id to quote.
"""

from oslo_serialization import jsonutils

from stacktach_os.i18n import _


def _message(status, body):
    try:
        document = jsonutils.loads(body)
    except ValueError:
        document = None
    if isinstance(document, dict):
        if 'faultstring' in document:
            return document['faultstring']
        error = document.get('error')
        if isinstance(error, dict) and error.get('message'):
            return error['message']
        if isinstance(document.get('error_message'), dict):
            return document['error_message'].get('faultstring')
    return status.split(' ', 1)[1] if ' ' in status else status


class JsonErrorMiddleware(object):
    """Rewrite the body of every error response as a JSON fault."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        """Answer the request, rewriting an error's body."""
        state = {}

        def capture(status, headers, exc_info=None):
            if state.get('returned') or int(status.split(' ', 1)[0]) < 400:
                state['passed'] = True
                return start_response(status, headers, exc_info)
            state['error'] = (status, headers)
            return state.setdefault('written', []).append

        app_iter = self.application(environ, capture)
        state['returned'] = True
        if 'error' not in state:
            return app_iter
        try:
            body = b''.join(state.get('written', []) + list(app_iter))
        finally:
            if hasattr(app_iter, 'close'):
                app_iter.close()
        status, headers = state['error']
        code = int(status.split(' ', 1)[0])
        if code >= 500:
            request_id = environ.get('openstack.request_id')
            faultstring = _('The server could not complete the request; '
                            'its log tells why (request %s).') % request_id
        else:
            faultstring = _message(status, body)
        document = {'error_message': {
            'faultcode': 'Server' if code >= 500 else 'Client',
            'faultstring': faultstring,
            'debuginfo': None,
        }}
        payload = b'' if environ.get('REQUEST_METHOD') == 'HEAD' else (
            jsonutils.dump_as_bytes(document))
        headers = [(name, value) for name, value in headers
                   if name.lower() not in ('content-type', 'content-length')]
        headers.append(('Content-Type', 'application/json'))
        headers.append(('Content-Length', str(len(payload))))
        start_response(status, headers)
        return [payload]
