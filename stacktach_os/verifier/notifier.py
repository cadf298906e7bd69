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
"""The verdict notifications, and how they are sent.

Each verdict is sent as ``<resource>.exists.verified`` (verified and
reconciled records) or ``<resource>.exists.failed``, at INFO priority,
on the [verifier] topics, through oslo.messaging's ``messagingv2``
notification driver. Its message id is derived from the original
notification's id, the resource and the event type (uuid5), and its
timestamp is the verdict's: a verdict sent again after a crash is the
same message, which receivers drop by its id.

oslo.messaging's ``Notifier`` gives every message a random id, so the
message is handed to the driver it loads, through the driver interface
(``oslo.messaging.notify.drivers``) that ``Notifier`` itself uses. The
driver is asked to retry forever: a verdict is marked emitted only once
the bus took it.
"""

import socket

import futurist
import oslo_messaging
from stevedore import driver as stevedore_driver

from stacktach_os.db import verification

#: The notification driver of the verdicts.
DRIVER = 'messagingv2'
#: The namespace of oslo.messaging's notification drivers.
DRIVER_NAMESPACE = 'oslo.messaging.notify.drivers'
PRIORITY = 'INFO'
#: Retry sending forever (oslo.messaging's convention).
RETRY_FOREVER = -1

#: The event types of the verdicts, by resource type and outcome.
EVENT_PREFIXES = {
    'instance': 'compute.instance.exists',
    'image': 'image.exists',
    'volume': 'volume.exists',
}
VERIFIED_SUFFIX = 'verified'
FAILED_SUFFIX = 'failed'


def event_type(resource_type, failed):
    """Return the event type of a verdict on an exists of that type."""
    return '%s.%s' % (EVENT_PREFIXES[resource_type],
                      FAILED_SUFFIX if failed else VERIFIED_SUFFIX)


def notification_id(verdict):
    """Return the message id of a stored verdict's notification."""
    return verification.notification_id(
        verdict['message_id'], verdict['resource_id'], verdict['event_type'])


def payload(verification, original):
    """Return the payload of a verdict notification.

    ``verification`` is the stored verdict (a dict of its columns) and
    ``original`` the exists notification's payload: the result is that
    payload with ``original_message_id``, ``verification_status`` and
    ``verified_at``, and on failure ``code`` and ``reason``. Of an
    ``image.exists``, whose payload lists images, only the image verified
    is kept in ``images``.
    """
    result = dict(original)
    if verification['resource_type'] == 'image' and isinstance(
            result.get('images'), list):
        result['images'] = [
            image for image in result['images']
            if isinstance(image, dict)
            and image.get('id') == verification['resource_id']]
        result['image_id'] = verification['resource_id']
    result['original_message_id'] = verification['message_id']
    result['verification_status'] = verification['status']
    result['verified_at'] = verification['verified_at'].strftime(
        '%Y-%m-%dT%H:%M:%S.%fZ')
    if verification['code'] is not None:
        result['code'] = verification['code']
        result['reason'] = verification['reason']
    return result


class Emitter(object):
    """Sends verdict notifications on the [verifier] topics."""

    def __init__(self, conf, transport=None, topics=None, threads=None):
        """Load the driver; the transport is [oslo_messaging_notifications]'s.

        ``transport``, ``topics`` and ``threads``, when given, replace the
        configured ones.
        """
        self.transport = transport or \
            oslo_messaging.get_notification_transport(conf)
        self._own_transport = transport is None
        self.topics = list(topics or conf.verifier.topics)
        self.publisher_id = 'stacktach-os-verifier.%s' % socket.gethostname()
        self._driver = stevedore_driver.DriverManager(
            DRIVER_NAMESPACE, DRIVER, invoke_on_load=True,
            invoke_args=(conf,),
            invoke_kwds={'topics': self.topics,
                         'transport': self.transport}).driver
        self.threads = threads or conf.verifier.emit_threads
        self._executor = futurist.ThreadPoolExecutor(
            max_workers=self.threads) if self.threads > 1 else None

    def message(self, verification, original_payload):
        """Return the notification of a stored verdict."""
        return {
            'message_id': notification_id(verification),
            'publisher_id': self.publisher_id,
            'event_type': verification['event_type'],
            'priority': PRIORITY,
            'payload': payload(verification, original_payload),
            'timestamp': str(verification['verified_at']),
        }

    def emit(self, verification, original_payload):
        """Send the notification of a stored verdict; block until sent."""
        self._driver.notify({}, self.message(verification, original_payload),
                            PRIORITY, RETRY_FOREVER)

    def emit_all(self, verdicts):
        """Send the notifications of (stored verdict, payload) pairs.

        Returns when all were sent; the first error is raised then.
        """
        if self._executor is None or len(verdicts) < 2:
            self._emit_each(verdicts)
            return
        # One task per thread: a share of the batch each.
        futures = [self._executor.submit(self._emit_each,
                                         verdicts[index::self.threads])
                   for index in range(min(self.threads, len(verdicts)))]
        for future in futures:
            future.result()

    def _emit_each(self, verdicts):
        for verdict, original_payload in verdicts:
            self.emit(verdict, original_payload)

    def close(self):
        """Stop the threads; release the transport if this emitter made it."""
        if self._executor is not None:
            self._executor.shutdown(wait=True)
        if self._own_transport:
            self.transport.cleanup()
