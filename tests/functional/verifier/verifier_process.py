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
"""stacktach-os-verifier as a process of its own, for the tests."""

import os
import signal
import subprocess
import sys


def write_config(directory, connection, transport_url, **verifier):
    """Write the verifier's configuration file; return its path.

    ``verifier`` gives [verifier] options; passes run every second and
    records are verified as soon as their period ended, unless given.
    """
    options = dict(interval=1, settle_time=0)
    options.update(verifier)
    lines = ['[DEFAULT]', 'debug = false',
             'log_file = %s' % os.path.join(directory, 'verifier.log'),
             'graceful_shutdown_timeout = 30',
             '[database]', 'connection = %s' % connection,
             '[oslo_messaging_notifications]',
             'transport_url = %s' % transport_url, '[verifier]']
    lines.extend('%s = %s' % item for item in sorted(options.items()))
    path = os.path.join(directory, 'verifier.conf')
    with open(path, 'w') as config:
        config.write('\n'.join(lines) + '\n')
    return path


class VerifierProcess(object):
    """stacktach-os-verifier running in its own process group."""

    def __init__(self, config_path):
        self.config_path = config_path
        self.process = None

    def start(self):
        """Start the verifier."""
        self.process = subprocess.Popen(
            [sys.executable, '-c',
             'import sys; from stacktach_os.cmd.verifier import main; '
             'sys.exit(main())', '--config-file', self.config_path],
            start_new_session=True)
        return self

    def freeze(self):
        """Stop the verifier and its workers where they are (SIGSTOP)."""
        os.killpg(self.process.pid, signal.SIGSTOP)

    def thaw(self):
        """Let a frozen verifier go on (SIGCONT)."""
        os.killpg(self.process.pid, signal.SIGCONT)

    def kill(self):
        """kill -9 the verifier and its workers."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self):
        """SIGTERM, as an init system stops it; return the exit code."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=90)
            except subprocess.TimeoutExpired:
                self.kill()
        return self.process.returncode

    def signal(self, number):
        """Send a signal to the verifier's main process."""
        os.kill(self.process.pid, number)

    def alive(self):
        """True while the verifier's main process runs."""
        return self.process is not None and self.process.poll() is None
