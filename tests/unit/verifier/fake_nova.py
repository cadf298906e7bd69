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
"""An HTTP server in the test process that plays Keystone and Nova.

It answers what reconciliation asks, as the real services do: Keystone's
``POST /identity/v3/auth/tokens`` (a token and a catalog with the compute
endpoint), Nova's version documents (microversions 2.1 to 2.96), ``GET
/servers/{id}`` (404 for a deleted server, as for a non-admin lookup)
and ``GET /servers/detail?deleted=True&uuid=...`` (deleted servers, for
an admin). Requests without the token it issued get a 401.
"""

import http.server
import json
import threading
from urllib import parse
import uuid

from oslo_config import cfg

from stacktach_os.conf import verifier as verifier_conf

MAX_MICROVERSION = '2.96'
TOKEN = 'gAAAAAB-fake-nova-token'


def server_document(instance_id, project_id, launched_at, flavor_name,
                    flavor_id, deleted_at=None, microversion=None):
    """A server as Nova shows it (flavor by name from 2.47 on)."""
    deleted = deleted_at is not None
    if microversion is not None and tuple(
            int(part) for part in microversion.split('.')) >= (2, 47):
        flavor = {'vcpus': 1, 'ram': 2048, 'disk': 20, 'ephemeral': 0,
                  'swap': 0, 'original_name': flavor_name,
                  'extra_specs': {}}
    else:
        flavor = {'id': flavor_id, 'links': []}
    return {
        'id': instance_id, 'name': 'web', 'tenant_id': project_id,
        'user_id': 'user-1', 'status': 'DELETED' if deleted else 'ACTIVE',
        'OS-EXT-STS:vm_state': 'deleted' if deleted else 'active',
        'OS-EXT-STS:task_state': None, 'OS-EXT-STS:power_state': 1,
        'OS-SRV-USG:launched_at': launched_at,
        'OS-SRV-USG:terminated_at': deleted_at,
        'flavor': flavor, 'image': {'id': 'image-1', 'links': []},
        'addresses': {}, 'metadata': {}, 'links': [],
        'created': '2026-03-01T10:00:00Z', 'updated': '2026-03-01T10:00:30Z',
        'hostId': 'h', 'key_name': None, 'config_drive': '',
        'accessIPv4': '', 'accessIPv6': '', 'progress': 0,
    }


class FakeNova(object):
    """The servers Nova knows, and the HTTP server that shows them."""

    def __init__(self):
        self.servers = {}  # id -> (fields, deleted_at)
        self.requests = []
        self.microversions = []
        self.httpd = http.server.ThreadingHTTPServer(
            ('127.0.0.1', 0), _handler(self))
        self.thread = threading.Thread(target=self.httpd.serve_forever,
                                       daemon=True)

    @property
    def url(self):
        """The base URL of the server."""
        return 'http://127.0.0.1:%d' % self.httpd.server_address[1]

    @property
    def auth_url(self):
        """Keystone's v3 URL."""
        return self.url + '/identity/v3'

    def add(self, instance_id, project_id, launched_at, flavor_name,
            flavor_id, deleted_at=None):
        """Add a server (times as Nova writes them)."""
        self.servers[instance_id] = dict(
            project_id=project_id, launched_at=launched_at,
            flavor_name=flavor_name, flavor_id=flavor_id,
            deleted_at=deleted_at)

    def start(self):
        """Serve in a thread."""
        self.thread.start()
        return self

    def stop(self):
        """Stop serving."""
        self.httpd.shutdown()
        self.httpd.server_close()

    def catalog(self):
        """The service catalog of a token."""
        return [{
            'type': 'compute', 'name': 'nova', 'id': 'compute-service',
            'endpoints': [{
                'id': 'compute-public', 'interface': 'public',
                'region': 'RegionOne', 'region_id': 'RegionOne',
                'url': self.url + '/compute/v2.1'}]}]


def _version(base):
    return {'id': 'v2.1', 'status': 'CURRENT', 'version': MAX_MICROVERSION,
            'min_version': '2.1', 'updated': '2013-07-23T11:33:21Z',
            'links': [{'rel': 'self', 'href': base + '/compute/v2.1/'}],
            'media-types': [{'base': 'application/json',
                             'type': 'application/vnd.openstack.compute+json;'
                                     'version=2.1'}]}


def _handler(nova):
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = 'HTTP/1.1'

        def log_message(self, *args):
            pass

        def _send(self, status, document, headers=None):
            body = json.dumps(document).encode()
            self.send_response(status)
            self.send_header('Content-Type', 'application/json')
            self.send_header('Content-Length', str(len(body)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def _microversion(self):
            header = self.headers.get('OpenStack-API-Version', '')
            if header.startswith('compute '):
                return header.split(' ', 1)[1].strip()
            return self.headers.get('X-OpenStack-Nova-API-Version') or '2.1'

        def do_POST(self):
            length = int(self.headers.get('Content-Length') or 0)
            body = json.loads(self.rfile.read(length) or b'{}')
            nova.requests.append(('POST', self.path, body))
            if self.path.rstrip('/') != '/identity/v3/auth/tokens':
                return self._send(404, {'error': 'not found'})
            user = body['auth']['identity']['password']['user']
            if user.get('password') != 'secret':
                return self._send(401, {'error': {
                    'code': 401, 'title': 'Unauthorized',
                    'message': 'The request you have made requires '
                               'authentication.'}})
            token = {
                'methods': ['password'],
                'expires_at': '2099-01-01T00:00:00.000000Z',
                'issued_at': '2026-01-01T00:00:00.000000Z',
                'user': {'id': 'verifier-user', 'name': user['name'],
                         'domain': {'id': 'default', 'name': 'Default'}},
                'project': {'id': 'service-project', 'name': 'service',
                            'domain': {'id': 'default', 'name': 'Default'}},
                'roles': [{'id': 'admin-role', 'name': 'admin'}],
                'catalog': nova.catalog(),
            }
            self._send(201, {'token': token}, {'X-Subject-Token': TOKEN})

        def do_GET(self):
            split = parse.urlsplit(self.path)
            path = split.path.rstrip('/')
            query = parse.parse_qs(split.query)
            nova.requests.append(('GET', self.path,
                                  self.headers.get('X-Auth-Token')))
            if path == '/compute':
                return self._send(300, {'versions': [_version(nova.url)]})
            if path == '/compute/v2.1':
                return self._send(200, {'version': _version(nova.url)})
            if self.headers.get('X-Auth-Token') != TOKEN:
                return self._send(401, {'error': 'no valid token'})
            microversion = self._microversion()
            nova.microversions.append(microversion)
            prefix = '/compute/v2.1/servers/'
            if path == prefix + 'detail':
                return self._list(query, microversion)
            if path.startswith(prefix):
                instance_id = path[len(prefix):]
                found = nova.servers.get(instance_id)
                if found is None or found['deleted_at'] is not None:
                    return self._send(404, {'itemNotFound': {
                        'code': 404, 'message': 'Instance %s could not be '
                        'found.' % instance_id}})
                return self._send(200, {'server': server_document(
                    instance_id, microversion=microversion, **found)},
                    {'OpenStack-API-Version': 'compute ' + microversion})
            self._send(404, {'error': 'not found'})

        def _list(self, query, microversion):
            deleted = query.get('deleted', ['False'])[0].lower() == 'true'
            wanted = query.get('uuid', [None])[0]
            servers = [
                server_document(instance_id, microversion=microversion,
                                **found)
                for instance_id, found in sorted(nova.servers.items())
                if (found['deleted_at'] is not None) == deleted
                and wanted in (None, instance_id)]
            self._send(200, {'servers': servers},
                       {'OpenStack-API-Version': 'compute ' + microversion})

    return Handler


def new_id():
    """A server id."""
    return str(uuid.uuid4())


def credentials_conf(directory, nova, password='secret', auth=True):
    """A ConfigOpts whose [service_credentials] log in to ``nova``."""
    lines = ['[service_credentials]', 'region_name = RegionOne']
    if auth:
        lines += ['auth_type = v3password',
                  'auth_url = %s' % nova.auth_url,
                  'username = stacktach', 'password = %s' % password,
                  'user_domain_id = default', 'project_name = service',
                  'project_domain_id = default', 'timeout = 10']
    path = directory / 'service_credentials.conf'
    path.write_text('\n'.join(lines) + '\n')
    conf = cfg.ConfigOpts()
    verifier_conf.register_opts(conf)
    conf(['--config-file', str(path)], project='stacktach_os')
    return conf
