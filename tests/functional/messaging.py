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
"""RabbitMQ for the functional tests: private vhosts, publishing, queues.

Each test that needs buses gets its own vhosts (one per simulated cell),
created with ``rabbitmqctl`` and deleted afterwards, so that tests never
see each other's messages.
"""

import contextlib
import shutil
import subprocess
import uuid

from oslo_config import cfg
import oslo_messaging

from tests import services


def _rabbitmqctl(*args):
    return subprocess.run(['rabbitmqctl', '-q'] + list(args), check=True,
                          capture_output=True, text=True, timeout=60).stdout


def require_rabbitmq():
    """Skip (or fail under CI) when RabbitMQ or rabbitmqctl is missing."""
    if not services.port_open('127.0.0.1', 5672):
        services.unavailable('RabbitMQ', 'nothing listens on 127.0.0.1:5672')
    if shutil.which('rabbitmqctl') is None:
        services.unavailable('RabbitMQ', 'rabbitmqctl is not installed')


def vhost_url(vhost):
    """Return the transport URL of a vhost on the test broker."""
    base = services.RABBIT_URL.rstrip('/')
    return '%s/%s' % (base, vhost)


@contextlib.contextmanager
def vhosts(*names):
    """Create one private vhost per name; yield {name: transport URL}."""
    require_rabbitmq()
    suffix = uuid.uuid4().hex[:8]
    created = {}
    try:
        for name in names:
            vhost = 'stacktach-test-%s-%s' % (name, suffix)
            _rabbitmqctl('add_vhost', vhost)
            created[name] = vhost
            _rabbitmqctl('set_permissions', '-p', vhost, 'guest',
                         '.*', '.*', '.*')
        yield {name: vhost_url(vhost) for name, vhost in created.items()}
    finally:
        for vhost in created.values():
            try:
                _rabbitmqctl('delete_vhost', vhost)
            except subprocess.SubprocessError:
                pass


def queues(url):
    """Return {queue name: (messages, consumers)} of a vhost."""
    vhost = url.rsplit('/', 1)[1]
    result = {}
    for line in _rabbitmqctl('list_queues', '-p', vhost, 'name', 'messages',
                             'consumers').splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1].isdigit():
            result[parts[0]] = (int(parts[1]), int(parts[2]))
    return result


def consumers_ready(url, pool='stacktach'):
    """True when the listener pool's queue has a consumer.

    oslo.messaging's rabbit driver names a pool's queue after the pool and
    binds it to every topic and priority of the listener.
    """
    return queues(url).get(pool, (0, 0))[1] > 0


class Publisher(object):
    """Publishes notifications on one bus as an OpenStack service does."""

    def __init__(self, url, topic='notifications', publisher_id=None):
        self.conf = cfg.ConfigOpts()
        self.conf([], project='stacktach-test')
        self.transport = oslo_messaging.get_notification_transport(
            self.conf, url=url)
        self.notifier = oslo_messaging.Notifier(
            self.transport, publisher_id=publisher_id or 'compute.host-1',
            driver='messagingv2', topics=[topic])

    def publish(self, event_type, payload, ctxt=None, priority='info',
                publisher_id=None):
        """Publish one notification with the given priority."""
        notifier = self.notifier
        if publisher_id:
            notifier = notifier.prepare(publisher_id=publisher_id)
        getattr(notifier, priority)(ctxt or {}, event_type, payload)

    def close(self):
        """Release the connection."""
        self.transport.cleanup()
