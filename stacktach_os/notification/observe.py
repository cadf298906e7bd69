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
"""Metrics and spans of ingestion, batch by batch.

:class:`ObservedPipeline` stands in front of the pipeline when metrics
or tracing are on (:func:`observe`); with both off the listener keeps
the bare pipeline and ingestion pays nothing. Counts are added up per
batch (one record per deployment and event type, not per
notification):

- ``notifications_received``, ``notifications_stored`` (new ones) and
  ``notifications_failed`` (stored with the reason they could not be
  read), per deployment and event type; ``notifications_requeued``
  (handed back to the bus, the database unreachable) per deployment;
- ``batch_store``: the time to read and store a batch (one transaction);
- ``queue_lag_seconds``: the age of the oldest new notification of the
  last batch when it was read (now - its timestamp).

With tracing on, each batch is a span (``notification.batch``) and each
of its notifications a child span (``notification``) with its message
id, event type, request ids and whether it was new.
"""

import collections
import threading
import time

from oslo_utils import timeutils

from stacktach_os import metrics
from stacktach_os.notification import pipeline as st_pipeline
from stacktach_os import tracing
from stacktach_os.tracing import ids

UNKNOWN = 'unknown'

RECEIVED = metrics.counter(
    'notifications_received', 'Notifications read off the bus.',
    ('deployment', 'event_type'))
STORED = metrics.counter(
    'notifications_stored', 'New notifications stored.',
    ('deployment', 'event_type'))
FAILED = metrics.counter(
    'notifications_failed', 'Notifications stored with the reason they '
    'could not be read whole.', ('deployment', 'event_type'))
REQUEUED = metrics.counter(
    'notifications_requeued', 'Notifications handed back to the bus '
    'because the database could not be reached.', ('deployment',))
BATCH_TIME = metrics.timer(
    'batch_store', 'Time to read and store a batch.', ('deployment',))
QUEUE_LAG = metrics.gauge(
    'queue_lag_seconds', 'Age of the oldest new notification of the last '
    'batch when it was read.', ('deployment',))


def _ctxt_value(ctxt, key):
    if not isinstance(ctxt, dict):
        return None
    return ctxt.get(key) or ctxt.get('_context_' + key)


def _message_fields(message):
    """Return (message id, event type, request id, global request id)."""
    if not isinstance(message, dict):
        return None, None, None, None
    metadata = message.get('metadata')
    message_id = (metadata.get('message_id')
                  if isinstance(metadata, dict) else None)
    ctxt = message.get('ctxt')
    return (message_id or message.get('message_id'),
            message.get('event_type'), _ctxt_value(ctxt, 'request_id'),
            _ctxt_value(ctxt, 'global_request_id'))


def _event_type(message):
    if isinstance(message, dict):
        return message.get('event_type') or UNKNOWN
    return UNKNOWN


def count(deployment, messages, fresh):
    """Record the counts and the queue lag of a stored batch."""
    received = collections.Counter(map(_event_type, messages))
    for event_type, number in received.items():
        RECEIVED.add(number, deployment=deployment, event_type=event_type)
    stored = collections.Counter()
    failed = collections.Counter()
    oldest = None
    for item in fresh:
        notification = item.notification
        event_type = notification.event_type or UNKNOWN
        stored[event_type] += 1
        if item.problems:
            failed[event_type] += 1
        when = notification.timestamp
        if when is not None and (oldest is None or when < oldest):
            oldest = when
    for event_type, number in stored.items():
        STORED.add(number, deployment=deployment, event_type=event_type)
    for event_type, number in failed.items():
        FAILED.add(number, deployment=deployment, event_type=event_type)
    if oldest is not None:
        lag = (timeutils.utcnow() - oldest).total_seconds()
        QUEUE_LAG.set(max(lag, 0.0), deployment=deployment)


def _notification_spans(tracer, batch_span, messages, fresh, start, end):
    from opentelemetry import trace
    parent = trace.set_span_in_context(batch_span)
    new = {item.message_id for item in fresh}
    for message in messages:
        message_id, event_type, request_id, global_id = (
            _message_fields(message))
        attributes = {'messaging.message.id': message_id or '',
                      'event_type': event_type or UNKNOWN,
                      'stored': message_id in new}
        if request_id:
            attributes['openstack.request_id'] = request_id
        if global_id:
            attributes['openstack.global_request_id'] = global_id
        trace_id = ids.request_trace_id(request_id, global_id)
        if trace_id:
            attributes['openstack.trace_id'] = trace_id
        span = tracer.start_span('notification', context=parent,
                                 attributes=attributes, start_time=start)
        span.end(end_time=end)


class ObservedPipeline(object):
    """The pipeline, counted and traced batch by batch."""

    def __init__(self, pipeline, stuck_after=None):
        self.pipeline = pipeline
        self.stuck_after = stuck_after
        self._busy = {}

    def alive(self):
        """False when a batch has been in hand for too long."""
        if not self.stuck_after:
            return True
        now = time.monotonic()
        return all(now - since < self.stuck_after
                   for since in list(self._busy.values()))

    def process(self, deployment, messages, priority=None):
        """Process a batch as the pipeline does; record what happened."""
        thread = threading.get_ident()
        self._busy[thread] = time.monotonic()
        try:
            return self._traced(deployment, messages, priority)
        finally:
            del self._busy[thread]

    def _traced(self, deployment, messages, priority):
        if not tracing.enabled():
            return self._process(deployment, messages, priority)
        tracer = tracing.tracer(__name__)
        with tracer.start_as_current_span('notification.batch', attributes={
                'deployment': deployment, 'priority': priority or '',
                'batch.size': len(messages)}) as span:
            start = time.time_ns()
            fresh = self._process(deployment, messages, priority)
            span.set_attribute('batch.stored', len(fresh))
            _notification_spans(tracer, span, messages, fresh, start,
                                time.time_ns())
            return fresh

    def _process(self, deployment, messages, priority):
        start = time.perf_counter()
        try:
            fresh = self.pipeline.process(deployment, messages, priority)
        except st_pipeline.StoreUnavailable:
            REQUEUED.add(len(messages), deployment=deployment)
            raise
        BATCH_TIME.observe(time.perf_counter() - start,
                           deployment=deployment)
        count(deployment, messages, fresh)
        return fresh

    def __getattr__(self, name):
        return getattr(self.pipeline, name)


def observe(pipeline, stuck_after=None):
    """Return ``pipeline`` observed; itself if there is nothing to do.

    ``stuck_after`` (seconds) makes :meth:`ObservedPipeline.alive` false
    while a batch is in hand for longer (for the heartbeat).
    """
    if metrics.enabled() or tracing.enabled() or stuck_after:
        return ObservedPipeline(pipeline, stuck_after)
    return pipeline
