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
"""The whole of stacktach_os in one process, on the embedded defaults.

``stacktach-os-demo`` needs no server: an SQLite file in a temporary
directory, oslo.messaging's in-process ``fake://`` bus (one per simulated
cell, plus the API cell's), the notification listener on each bus, a
simulated cloud publishing what nova, glance and cinder would, the usage
verifier, and the REST API without authentication on 127.0.0.1.
"""

import os
import shutil
import tempfile
import threading
import time

from oslo_log import log
import oslo_messaging

from stacktach_os.api import app as api_app
from stacktach_os.cmd import api as api_command
from stacktach_os import conf as st_conf
from stacktach_os.db import api as db_api
from stacktach_os.db import archive
from stacktach_os.db import migration
from stacktach_os.db import verification
from stacktach_os.notification import listener as st_listener
from stacktach_os.notification import service as notification_service
from stacktach_os.notigen import bus as notigen_bus
from stacktach_os.notigen import generator
from stacktach_os.notigen import model
from stacktach_os.notigen import simulation
from stacktach_os.verifier import notifier as verifier_notifier
from stacktach_os.verifier import verifier as verifier_module

LOG = log.getLogger(__name__)


class Demo(object):
    """A running demonstration: its store, buses, listeners and API."""

    def __init__(self, conf, state_dir, settings, faults):
        self.conf = conf
        self.state_dir = state_dir
        self.settings = settings
        self.faults = faults
        self.store = None
        self.listeners = []
        self.transports = {}
        self.server = None
        self.run = None
        self.published = 0
        self.verification = None

    def configure(self, host, port):
        """Point every option at the demonstration's own resources."""
        conf = self.conf
        url = 'sqlite:///%s' % os.path.join(self.state_dir,
                                            'stacktach_os.sqlite')
        conf.set_override('state_path', self.state_dir)
        conf.set_override('connection', url, group='database')
        conf.set_override('auth_strategy', 'noauth', group='api')
        conf.set_override('host', host, group='api')
        conf.set_override('port', port, group='api')
        conf.set_override('batch_timeout', 1, group='notification')

    def start_store(self):
        """Create the database and its schema."""
        self.store = db_api.store_from_conf(self.conf)
        migration.upgrade(self.store)

    def bus_names(self):
        """The buses of the simulated cloud: the API cell's and each cell's."""
        cloud = simulation.Simulation(self.settings).cloud
        return [model.API_BUS] + [cell.name for cell in cloud.cells]

    def start_listeners(self):
        """Listen to every in-process bus as stacktach-os-notification does."""
        pipeline = notification_service.build_pipeline(self.conf, self.store)
        for name in self.bus_names():
            transport = oslo_messaging.get_notification_transport(
                self.conf, url='fake://')
            self.transports[name] = transport
            endpoint = st_listener.NotificationEndpoint(
                name, pipeline, self.conf.notification.max_retry_delay)
            listener = st_listener.build_listener(self.conf, transport,
                                                  endpoint)
            listener.start()
            self.listeners.append(listener)

    def simulate(self):
        """Publish the simulated cloud's notifications on its buses."""
        self.run = generator.Run(self.settings, faults_count=self.faults)
        sink = notigen_bus.BusSink(transports=self.transports)
        try:
            for notification in self.run.notifications():
                sink.send(notification)
                self.published += 1
        finally:
            sink.close()
        return self.published

    def stored(self):
        """How many notifications are stored so far."""
        with self.store.reader() as session:
            return archive.count_notifications(session)

    def wait_until_stored(self, timeout=600):
        """Wait until every published notification is stored."""
        deadline = time.monotonic() + timeout
        while self.stored() < self.published:
            if time.monotonic() > deadline:
                raise RuntimeError('only %d of %d notifications stored after '
                                   '%ds' % (self.stored(), self.published,
                                            timeout))
            time.sleep(0.5)

    def verify(self):
        """Verify every exists record; verdicts go out on the API bus."""
        emitter = verifier_notifier.Emitter(
            self.conf, transport=self.transports[model.API_BUS])
        verifier = verifier_module.Verifier.from_conf(
            self.conf, self.store, emitter, name='stacktach-os-demo')
        # Simulated time lies in the past: everything has settled.
        self.verification = verifier.run_pass(drain=True)
        return self.verification

    def statuses(self):
        """Return {resource type: {status: count}} of the exists records."""
        with self.store.reader() as session:
            return {kind: verification.count_statuses(session, kind)
                    for kind in verification.RESOURCE_TYPES}

    def verification_lines(self):
        """Describe the verdicts against what the simulator injected."""
        manifest = self.run.manifest() if self.run else {}
        expected = manifest.get('exists', {})
        lines = []
        for kind, counts in sorted(self.statuses().items()):
            if counts:
                lines.append('%s exists: %s' % (kind, ', '.join(
                    '%d %s' % (count, status)
                    for status, count in sorted(counts.items()))))
        if expected:
            lines.append('the simulator made %d of %d exists wrong on '
                         'purpose (%s)' % (
                             expected.get('expected_failed', 0),
                             expected.get('total', 0),
                             ', '.join(sorted({
                                 fault['code'] for fault in
                                 manifest.get('faults', [])})) or 'none'))
        return lines

    def start_api(self):
        """Serve the API in a thread; return its base URL."""
        application = api_app.load_app(self.conf, self.store)
        self.server = api_command.make_server(self.conf, application)
        threading.Thread(target=self.server.serve_forever, daemon=True,
                         name='stacktach-os-api').start()
        host, port = self.server.server_address[:2]
        return 'http://%s:%d' % (host, port)

    def stop(self):
        """Stop the API and the listeners; close the database."""
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
        for listener in self.listeners:
            listener.stop()
        for listener in self.listeners:
            listener.wait()
        for transport in self.transports.values():
            transport.cleanup()
        if self.store is not None:
            self.store.dispose()


def prepare_conf(argv=None):
    """Parse the demo's configuration (no configuration file needed)."""
    conf = st_conf.CONF
    log.register_options(conf)
    log.set_defaults(default_log_levels=log.get_default_log_levels() + [
        'stacktach_os=WARN', 'oslo_messaging=WARN', 'alembic=WARN',
        'stevedore=WARN'])
    conf(argv or [], project='stacktach_os', default_config_files=[])
    log.setup(conf, 'stacktach_os')
    return conf


def make_state_dir(path=None):
    """Return the directory the demo keeps its database in."""
    if path:
        os.makedirs(path, exist_ok=True)
        return path
    return tempfile.mkdtemp(prefix='stacktach-os-demo-')


def remove_state_dir(path):
    """Remove a state directory the demo made."""
    shutil.rmtree(path, ignore_errors=True)
