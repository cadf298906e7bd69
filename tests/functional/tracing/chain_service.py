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
"""A WSGI service of a chain, traced as an operator's service would be.

``python chain_service.py NAME PORT OTLP_URL [NEXT_URL]`` serves, on
127.0.0.1:PORT, an application behind oslo.middleware's request_id and
the ``stacktach_tracing`` paste filter (built by its filter factory, as
paste.deploy would). Each request calls NEXT_URL, if any, inside a
client span, with the trace and the global request id in its headers;
the answer lists the request ids of this service and of those after it.
SIGTERM stops it after the spans are sent.
"""

import json
import signal
import sys
import urllib.request
from wsgiref import simple_server

from oslo_middleware import request_id

from stacktach_os import tracing
from stacktach_os.tracing import middleware


def make_app(name, next_url):
    """Return the application of one service of the chain."""

    def application(environ, start_response):
        own, global_id = middleware.request_ids(environ)
        answer = [{'service': name, 'request_id': own,
                   'global_request_id': global_id}]
        if next_url:
            with tracing.tracer('chain').start_as_current_span(
                    'call %s' % next_url):
                call = urllib.request.Request(
                    next_url, headers=middleware.outgoing_headers(environ))
                with urllib.request.urlopen(call, timeout=30) as response:
                    answer.extend(json.load(response))
        body = json.dumps(answer).encode()
        start_response('200 OK', [('Content-Type', 'application/json'),
                                  ('Content-Length', str(len(body)))])
        return [body]
    return application


class _QuietHandler(simple_server.WSGIRequestHandler):
    def log_message(self, format, *args):
        pass


def main(argv):
    """Serve one service of the chain until SIGTERM."""
    name, port, otlp_url = argv[0], int(argv[1]), argv[2]
    next_url = argv[3] if len(argv) > 3 else None
    traced = middleware.filter_factory(
        {}, service_name=name, otlp_endpoint=otlp_url)
    app = request_id.RequestId(traced(make_app(name, next_url)))
    server = simple_server.make_server('127.0.0.1', port, app,
                                       handler_class=_QuietHandler)
    signal.signal(signal.SIGTERM, lambda *args: sys.exit(0))
    try:
        server.serve_forever()
    finally:
        tracing.shutdown()


if __name__ == '__main__':
    main(sys.argv[1:])
