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
"""Publishing the simulator's notifications through oslo.messaging.

:class:`BusSink` publishes through oslo.messaging's Notifier with the
``messagingv2`` driver, one transport URL per bus (the top level and each
cell), as nova, glance and cinder publish.
"""

from oslo_config import cfg
import oslo_messaging

from stacktach_os.notigen import model

DEFAULT_TOPIC = 'notifications'
PUBLISHER = 'stacktach-os-notigen'


def parse_transport_urls(values, buses):
    """Return {bus: transport URL} of ``--transport-url`` values.

    A value is a bare URL, the bus of everything without its own, or
    ``NAME=URL`` for one bus: ``api`` (nova-api, the scheduler, the top
    conductor, glance, cinder) or a cell (``cell1``...). Without a bare URL
    the ``api`` bus falls back to the first one named. Raises ValueError.
    """
    default = None
    named = {}
    for value in values:
        name, separator, url = value.partition('=')
        if separator and '://' not in name:
            name, url = name.strip(), url.strip()
        else:
            name, url = None, value.strip()
        if '://' not in url:
            raise ValueError('--transport-url %r is not a transport URL '
                             '(e.g. rabbit://user:password@host:5672/)'
                             % value)
        if name is None:
            if default is not None:
                raise ValueError('give one bare --transport-url at most; '
                                 'name the others NAME=URL')
            default = url
            continue
        if name not in buses:
            raise ValueError('--transport-url names %r, which is no bus of '
                             'this cloud (buses: %s)'
                             % (name, ', '.join(buses)))
        if name in named:
            raise ValueError('--transport-url names %r twice' % name)
        named[name] = url
    if not named and default is None:
        raise ValueError('no --transport-url given')
    result = {}
    for bus in buses:
        url = named.get(bus, default)
        if url is None and bus == model.API_BUS:
            url = next(iter(named.values()))
        if url is None:
            raise ValueError('no transport URL for bus %r: give '
                             '--transport-url %s=URL or a bare URL'
                             % (bus, bus))
        result[bus] = url
    return result


class SimulationNotifier(oslo_messaging.Notifier):
    """oslo.messaging's Notifier, sending notifications already made.

    ``info()`` and its kin stamp a random message id and the wall-clock
    time on what they send; the simulator's notifications carry their own
    (ids drawn from the seed, simulated time), so :meth:`send` gives them
    as they are to the Notifier's drivers, ``messagingv2`` here.
    """

    def send(self, body):
        """Send one notification in the listener shape; raise on failure.

        Raises oslo_messaging.MessageDeliveryFailure when the bus cannot
        be reached after the Notifier's retries.
        """
        metadata = body['metadata']
        message = {
            'message_id': metadata['message_id'],
            'publisher_id': body['publisher_id'],
            'event_type': body['event_type'],
            'priority': body['priority'],
            'payload': body['payload'],
            'timestamp': metadata['timestamp'],
        }
        for extension in self._driver_mgr.extensions:
            extension.obj.notify(body['ctxt'], message, body['priority'],
                                 self.retry)


class BusSink(object):
    """Publishes notifications on the buses of the simulated cloud."""

    # What sending can fail with.
    errors = (oslo_messaging.MessagingException, OSError)

    def __init__(self, urls=None, topic=DEFAULT_TOPIC, versioned_topic=None,
                 retry=5, transports=None):
        """Publish to ``urls`` ({bus: URL}) on ``topic``.

        ``transports`` ({bus: oslo.messaging notification transport}) may
        give buses already open instead, such as the in-process
        ``fake://`` one a listener in the same process reads; they are
        left open on close. Versioned nova notifications go to
        ``versioned_topic`` when given (nova's own default is
        ``versioned_notifications``), else to ``topic`` too.
        """
        self.conf = cfg.ConfigOpts()
        self.conf([], project='stacktach_os', default_config_files=[])
        self._owned = {}
        self._notifiers = {}
        self._routes = {}
        by_bus = dict(transports or {})
        for bus, url in (urls or {}).items():
            transport = self._owned.get(url)
            if transport is None:
                transport = oslo_messaging.get_notification_transport(
                    self.conf, url=url)
                self._owned[url] = transport
            by_bus[bus] = transport
        if not by_bus:
            raise ValueError('no bus to publish on')
        for bus, transport in by_bus.items():
            for versioned in (False, True):
                name = versioned_topic if versioned and versioned_topic \
                    else topic
                key = (id(transport), name)
                notifier = self._notifiers.get(key)
                if notifier is None:
                    notifier = SimulationNotifier(
                        transport, publisher_id=PUBLISHER,
                        driver='messagingv2', topics=[name], retry=retry)
                    self._notifiers[key] = notifier
                self._routes[(bus, versioned)] = notifier

    def send(self, notification):
        """Publish one notification on its bus."""
        self._routes[(notification.bus, notification.versioned)].send(
            notification.body)

    def close(self):
        """Release the transports opened from URLs."""
        for transport in self._owned.values():
            transport.cleanup()
