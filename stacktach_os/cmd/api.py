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
"""stacktach-os-api: serve the REST API on [api] host and port.

A simple threaded HTTP server for development and demonstrations: each
request is served by one of ``[api] workers`` threads. In production,
run ``stacktach_os.wsgi.api:application`` under uwsgi or mod_wsgi.
"""

import signal
import socket
import sys
import threading
from wsgiref import simple_server

import futurist
from oslo_log import log

from stacktach_os.api import app
from stacktach_os import conf as st_conf
from stacktach_os.metrics import prometheus
from stacktach_os import service

LOG = log.getLogger(__name__)


class _RequestHandler(simple_server.WSGIRequestHandler):
    """Log requests through oslo.log rather than on stderr."""

    def log_message(self, format, *args):
        """Log one request line."""
        LOG.info('%s %s', self.address_string(), format % args)


class ThreadPoolServer(simple_server.WSGIServer):
    """A WSGI server that serves requests on a pool of threads."""

    request_queue_size = 128

    def __init__(self, address, workers):
        if ':' in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, _RequestHandler)
        self._pool = futurist.ThreadPoolExecutor(max_workers=workers)

    def process_request(self, request, client_address):
        """Hand the connection to a worker thread."""
        self._pool.submit(self._serve, request, client_address)

    def _serve(self, request, client_address):
        try:
            self.finish_request(request, client_address)
        except Exception:
            self.handle_error(request, client_address)
        finally:
            self.shutdown_request(request)

    def server_close(self):
        """Stop listening and wait for the requests being served."""
        super().server_close()
        self._pool.shutdown(wait=True)


def make_server(conf, application):
    """Return a server of ``application`` on [api] host and port."""
    server = ThreadPoolServer((conf.api.host, conf.api.port),
                              conf.api.workers)
    server.set_app(application)
    return server


def main(argv=None):
    """Run stacktach-os-api until SIGINT or SIGTERM."""
    argv = sys.argv[1:] if argv is None else argv
    conf = service.prepare_service(argv, conf=st_conf.CONF)
    if conf.metrics.backend == 'prometheus' and prometheus.api_directory(conf):
        # This process is the whole server: the values of the last run
        # would be added to its own.
        prometheus.clear(prometheus.api_directory(conf))
    server = make_server(conf, app.load_app(conf))
    host, port = server.server_address[:2]
    LOG.info('Serving the stacktach_os API on http://%s:%s/ with %d '
             'threads', host, port, conf.api.workers)

    def stop(signum, frame):
        threading.Thread(target=server.shutdown).start()

    signal.signal(signal.SIGTERM, stop)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == '__main__':
    sys.exit(main())
