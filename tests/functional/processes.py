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
"""Real processes for the functional tests: the listener, a private MariaDB.

The listener runs as ``stacktach-os-notification`` does, in its own
process group, so that a test can ``kill -9`` it and everything it
started. The private MariaDB server can be stopped and started again
without disturbing the shared one other tests use.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time

from tests import services


def free_port():
    """Return a TCP port nobody listens on now."""
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def stop(process, timeout=30):
    """Terminate a child process; kill it if it outlives ``timeout`` s."""
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=timeout)


def wait_for(predicate, timeout, interval=0.2, message='condition'):
    """Poll ``predicate`` until it is true; fail after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(interval)
    raise AssertionError('timed out after %ss waiting for %s'
                         % (timeout, message))


def write_config(directory, connection, buses, **notification):
    """Write a stacktach_os.conf for a listener; return its path."""
    lines = ['[DEFAULT]', 'debug = false',
             'log_file = %s' % os.path.join(directory, 'listener.log'),
             '[database]', 'connection = %s' % connection,
             'max_retries = 1', 'retry_interval = 1',
             '[notification]']
    for name, url in buses.items():
        lines.append('messaging_urls = %s=%s' % (name, url))
    for key, value in notification.items():
        lines.append('%s = %s' % (key, value))
    path = os.path.join(directory, 'stacktach_os.conf')
    with open(path, 'w') as config:
        config.write('\n'.join(lines) + '\n')
    return path


class ListenerProcess(object):
    """stacktach-os-notification running in its own process group."""

    def __init__(self, config_path):
        self.config_path = config_path
        self.process = None

    def start(self):
        """Start the listener."""
        self.process = subprocess.Popen(
            [sys.executable, '-c',
             'import sys; from stacktach_os.cmd.notification import main; '
             'sys.exit(main())',
             '--config-file', self.config_path],
            start_new_session=True)
        return self

    def alive(self):
        """True while the listener's main process runs."""
        return self.process is not None and self.process.poll() is None

    def kill(self):
        """kill -9 the listener and every process it started."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self):
        """Stop the listener as an init system would (SIGTERM)."""
        if not self.alive():
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.kill()


class PrivateMariaDB(object):
    """A MariaDB server of the test's own, on a free port."""

    def __init__(self, directory):
        self.datadir = os.path.join(directory, 'mariadb')
        self.port = free_port()
        self.process = None

    @property
    def url(self):
        """The SQLAlchemy URL of the server's ``test`` database."""
        return 'mysql+pymysql://root@127.0.0.1:%d/test' % self.port

    def install(self):
        """Create the data directory and the ``test`` database."""
        for binary in ('mariadb-install-db', 'mariadbd'):
            if shutil.which(binary) is None and not os.path.exists(
                    '/usr/sbin/' + binary):
                services.unavailable('MariaDB', '%s is not installed'
                                     % binary)
        subprocess.run(
            ['mariadb-install-db', '--no-defaults', '--user=root',
             '--datadir=' + self.datadir, '--skip-test-db',
             '--auth-root-authentication-method=normal'],
            check=True, capture_output=True, timeout=120)
        self.start()
        subprocess.run(
            ['mariadb', '--no-defaults', '-h127.0.0.1', '-P%d' % self.port,
             '-uroot', '-e', 'CREATE DATABASE test'],
            check=True, capture_output=True, timeout=60)
        return self

    def start(self):
        """Start the server on its data directory; wait until it answers."""
        binary = shutil.which('mariadbd') or '/usr/sbin/mariadbd'
        self.process = subprocess.Popen(
            [binary, '--no-defaults', '--user=root',
             '--datadir=' + self.datadir, '--port=%d' % self.port,
             '--bind-address=127.0.0.1',
             '--socket=' + os.path.join(self.datadir, 'mysqld.sock'),
             '--pid-file=' + os.path.join(self.datadir, 'mysqld.pid'),
             '--log-error=' + os.path.join(self.datadir, 'error.log')],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for(lambda: services.port_open('127.0.0.1', self.port), 60,
                 message='the private MariaDB to answer')

    def stop(self):
        """Shut the server down cleanly."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=120)
