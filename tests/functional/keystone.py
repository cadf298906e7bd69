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
"""A real Keystone for the API tests, with two projects and four users.

The ``keystone`` fixture (session-scoped: it starts once per test run)
runs the installed ``keystone`` package on SQLite in a temporary
directory: ``keystone-manage db_sync``, ``fernet_setup``,
``credential_setup`` and ``bootstrap``, then Keystone's public WSGI
application in a subprocess on 127.0.0.1 and a free port. Through its
API it then creates:

- projects ``project-a``, ``project-b`` and ``service``;
- ``member-a`` (member of A), ``reader-a`` (reader of A), ``member-b``
  (member of B), and the bootstrap ``admin`` (admin of project ``admin``
  and of the system);
- ``stacktach``, the service user keystonemiddleware validates tokens
  with (role ``service`` on project ``service``).

Tokens are real Fernet tokens obtained with keystoneauth1.

Run as a script (``python -m tests.functional.keystone CONFIG PORT``) the
module serves Keystone; the fixture starts it that way, so that
Keystone's global configuration stays out of the test process.
"""

import contextlib
import dataclasses
import grp
import os
import pwd
import shutil
import socketserver
import subprocess
import sys
from wsgiref import simple_server

from keystoneauth1 import exceptions as ks_exc
from keystoneauth1.identity import v3
from keystoneauth1 import session as ks_session
import pytest

from tests.functional import processes
from tests import services

ADMIN_PASSWORD = 'admin-secret'
DOMAIN = 'default'
REGION = 'RegionOne'
_REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))

# (user, project, role) assignments made after bootstrap.
_ASSIGNMENTS = (
    ('member-a', 'project-a', 'member'),
    ('reader-a', 'project-a', 'reader'),
    ('member-b', 'project-b', 'member'),
    ('stacktach', 'service', 'service'),
)


@dataclasses.dataclass
class Keystone(object):
    """A running Keystone and what the fixture created in it."""

    url: str
    projects: dict
    users: dict
    log_path: str
    _tokens: dict = dataclasses.field(default_factory=dict, repr=False)

    @property
    def auth_url(self):
        """The identity v3 endpoint."""
        return self.url + '/v3'

    def password(self, user):
        """Return the password of a user the fixture created."""
        return ADMIN_PASSWORD if user == 'admin' else user + '-secret'

    def auth(self, user, project=None, system=False):
        """Return a keystoneauth1 Password plugin for a user and scope."""
        scope = {'system_scope': 'all'} if system else {
            'project_name': project, 'project_domain_id': DOMAIN}
        return v3.Password(auth_url=self.auth_url, username=user,
                           password=self.password(user),
                           user_domain_id=DOMAIN, **scope)

    def token(self, user, project=None, system=False):
        """Return a real token of ``user`` scoped to a project or system.

        Tokens are cached: getting one costs a password hash.
        """
        key = (user, project, system)
        if key not in self._tokens:
            session = ks_session.Session(
                auth=self.auth(user, project, system))
            self._tokens[key] = session.get_token()
        return self._tokens[key]

    def authtoken_options(self):
        """The [keystone_authtoken] options of a service using Keystone."""
        return {
            'www_authenticate_uri': self.auth_url,
            'auth_url': self.auth_url,
            'auth_type': 'password',
            'username': 'stacktach',
            'password': self.password('stacktach'),
            'user_domain_id': DOMAIN,
            'project_name': 'service',
            'project_domain_id': DOMAIN,
            'memcached_servers': '',
            'region_name': REGION,
            'interface': 'public',
        }


def _write_config(directory):
    path = os.path.join(directory, 'keystone.conf')
    lines = [
        '[DEFAULT]',
        'log_file = %s' % os.path.join(directory, 'keystone.log'),
        '[database]',
        'connection = sqlite:///%s' % os.path.join(directory,
                                                   'keystone.sqlite'),
        '[token]', 'provider = fernet', 'expiration = 7200',
        '[fernet_tokens]',
        'key_repository = %s' % os.path.join(directory, 'fernet-keys'),
        '[fernet_receipts]',
        'key_repository = %s' % os.path.join(directory, 'fernet-receipts'),
        '[credential]',
        'key_repository = %s' % os.path.join(directory, 'credential-keys'),
        '[cache]', 'enabled = false',
    ]
    with open(path, 'w') as config:
        config.write('\n'.join(lines) + '\n')
    return path


def _keystone_manage():
    candidate = os.path.join(os.path.dirname(sys.executable),
                             'keystone-manage')
    if os.path.exists(candidate):
        return candidate
    found = shutil.which('keystone-manage')
    if found is None:
        services.unavailable('Keystone', 'keystone-manage is not installed')
    return found


def _manage(config_path, *args):
    owner = ('--keystone-user', pwd.getpwuid(os.getuid()).pw_name,
             '--keystone-group', grp.getgrgid(os.getgid()).gr_name)
    needs_owner = args[0] in ('fernet_setup', 'credential_setup')
    result = subprocess.run(
        [_keystone_manage(), '--config-file', config_path] + list(args) +
        (list(owner) if needs_owner else []),
        capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        raise AssertionError('keystone-manage %s failed:\n%s%s'
                             % (args[0], result.stdout, result.stderr))


def _answers(url):
    try:
        return ks_session.Session().get(
            url, authenticated=False, raise_exc=False,
            timeout=5).status_code == 200
    except ks_exc.ConnectFailure:
        return False


def _create(session, url, collection, body):
    response = session.post(url + '/v3/' + collection, json=body)
    return response.json()[collection[:-1]]['id']


def _populate(url):
    admin = v3.Password(auth_url=url + '/v3', username='admin',
                        password=ADMIN_PASSWORD, user_domain_id=DOMAIN,
                        project_name='admin', project_domain_id=DOMAIN)
    session = ks_session.Session(auth=admin)
    roles = {role['name']: role['id'] for role in
             session.get(url + '/v3/roles').json()['roles']}
    projects = {'admin': session.get(
        url + '/v3/projects?name=admin').json()['projects'][0]['id']}
    for name in ('project-a', 'project-b', 'service'):
        projects[name] = _create(session, url, 'projects', {'project': {
            'name': name, 'domain_id': DOMAIN}})
    users = {'admin': session.get(
        url + '/v3/users?name=admin').json()['users'][0]['id']}
    for user, project, role in _ASSIGNMENTS:
        users[user] = _create(session, url, 'users', {'user': {
            'name': user, 'domain_id': DOMAIN,
            'password': user + '-secret'}})
        session.put('%s/v3/projects/%s/users/%s/roles/%s' % (
            url, projects[project], users[user], roles[role]))
    return projects, users


def _tail(path, lines=40):
    try:
        with open(path) as log:
            return ''.join(log.readlines()[-lines:])
    except OSError:
        return '(no log)'


@contextlib.contextmanager
def running_keystone(directory):
    """Set up and run Keystone in ``directory``; yield a :class:`Keystone`."""
    try:
        import keystone  # noqa: F401
    except ImportError as error:
        services.unavailable('Keystone', str(error))
    port = processes.free_port()
    url = 'http://127.0.0.1:%d' % port
    config_path = _write_config(directory)
    _manage(config_path, 'db_sync')
    _manage(config_path, 'fernet_setup')
    _manage(config_path, 'credential_setup')
    _manage(config_path, 'bootstrap', '--bootstrap-password', ADMIN_PASSWORD,
            '--bootstrap-public-url', url + '/v3',
            '--bootstrap-region-id', REGION)
    log_path = os.path.join(directory, 'server.log')
    with open(log_path, 'w') as log:
        process = subprocess.Popen(
            [sys.executable, '-m', 'tests.functional.keystone', config_path,
             str(port)],
            cwd=_REPO_ROOT, stdout=log, stderr=subprocess.STDOUT)
    try:
        def ready():
            if process.poll() is not None:
                raise AssertionError('Keystone exited with %s:\n%s' % (
                    process.returncode, _tail(log_path)))
            return _answers(url + '/v3')

        processes.wait_for(ready, 120, interval=0.5,
                           message='Keystone to answer on %s' % url)
        projects, users = _populate(url)
        yield Keystone(url=url, projects=projects, users=users,
                       log_path=log_path)
    finally:
        processes.stop(process)


@pytest.fixture(scope='session')
def keystone(tmp_path_factory):
    """A real Keystone, started once for the whole test run."""
    with running_keystone(str(tmp_path_factory.mktemp('keystone'))) as ks:
        yield ks


class _ThreadingServer(socketserver.ThreadingMixIn, simple_server.WSGIServer):
    daemon_threads = True


class _QuietHandler(simple_server.WSGIRequestHandler):
    def log_message(self, format, *args):
        pass


def serve(config_path, port):
    """Serve Keystone's public application on 127.0.0.1:``port``."""
    os.environ['OS_KEYSTONE_CONFIG_FILES'] = config_path
    del sys.argv[1:]  # Keystone parses the command line too.
    from keystone.server import wsgi
    application = wsgi.initialize_public_application()
    server = simple_server.make_server(
        '127.0.0.1', port, application, server_class=_ThreadingServer,
        handler_class=_QuietHandler)
    server.serve_forever()


if __name__ == '__main__':
    serve(sys.argv[1], int(sys.argv[2]))
