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
"""WSME types of the tracking documents: instances, timings, requests."""

from wsme import types as wtypes

from stacktach_os.api.v1 import types


class RowDocument(wtypes.Base):
    """A document whose fields are read from a row's same-named values."""

    @classmethod
    def from_row(cls, row, **extra):
        """Make the document of a row (or any object with the fields)."""
        values = {}
        for attribute in wtypes.list_attributes(cls):
            if attribute.key in extra:
                continue
            values[attribute.key] = getattr(row, attribute.key, None)
        values.update(extra)
        return cls(**values)


class Instance(RowDocument):
    """The current state of an instance: that of its latest notification.

    ``last_generated``, ``last_event_type`` and ``last_message_id`` are
    those of the notification, in event time.
    """

    instance_id = wtypes.text
    deployment = wtypes.text
    project_id = wtypes.text
    state = wtypes.text
    task_state = wtypes.text
    host = wtypes.text
    last_generated = types.timestamp
    last_event_type = wtypes.text
    last_message_id = wtypes.text


class InstanceCollection(wtypes.Base):
    """A page of instances (current states)."""

    instances = [Instance]
    links = [types.Link]


class Transition(RowDocument):
    """One step of an instance's life, in event time.

    ``old_state``/``old_task_state`` are those the notification reported
    when ``reported_old`` (``instance.update``), else those of the step
    before it.
    """

    message_id = wtypes.text
    instance_id = wtypes.text
    generated = types.timestamp
    event_type = wtypes.text
    deployment = wtypes.text
    project_id = wtypes.text
    request_id = wtypes.text
    host = wtypes.text
    old_state = wtypes.text
    state = wtypes.text
    old_task_state = wtypes.text
    task_state = wtypes.text
    reported_old = bool


class Lifecycle(Instance):
    """An instance's current state and a page of its transitions.

    The current state's fields are null when only transitions are known.
    """

    _wsme_attr_order = tuple(
        attribute.key for attribute in wtypes.list_attributes(Instance)
    ) + ('transitions', 'links')

    transitions = [Transition]
    links = [types.Link]


class Timing(RowDocument):
    """One run of an operation on an instance: its start and end.

    ``outcome`` is ``ok``, ``error`` (ended by an error notification,
    ``error_message`` says what) or ``unmatched`` (a start without end or
    an end without start); ``duration`` is in seconds. ``generated`` is
    the start's time, or the end's when there is no start.
    """

    id = int
    instance_id = wtypes.text
    operation = wtypes.text
    deployment = wtypes.text
    project_id = wtypes.text
    request_id = wtypes.text
    host = wtypes.text
    end_host = wtypes.text
    generated = types.timestamp
    start_message_id = wtypes.text
    start_generated = types.timestamp
    end_message_id = wtypes.text
    end_generated = types.timestamp
    duration = float
    outcome = wtypes.text
    error_message = wtypes.text


class TimingCollection(wtypes.Base):
    """A page of timings."""

    timings = [Timing]
    links = [types.Link]


class TimingStatistics(wtypes.Base):
    """The durations of one group of timings, in seconds.

    The group's fields (``operation``, and ``host``, ``deployment`` or
    ``project_id`` when grouped by them) come first. ``count`` timings,
    of which ``ok``, ``errors`` and ``unmatched`` by outcome, and
    ``timed`` with a duration; ``min``, ``max``, ``mean`` and the
    percentiles (nearest rank) are over every timed one.
    """

    operation = wtypes.text
    host = wtypes.text
    deployment = wtypes.text
    project_id = wtypes.text
    count = int
    ok = int
    errors = int
    unmatched = int
    timed = int
    min = float
    max = float
    mean = float
    p50 = float
    p95 = float
    p99 = float


class TimingSummary(wtypes.Base):
    """The statistics of every group of the matching timings (no pages)."""

    summary = [TimingStatistics]
    links = [types.Link]


class Request(RowDocument):
    """What the notifications of one request id add up to.

    ``first_generated`` is the time of its first notification,
    ``api_generated`` of its first from an API service, ``end_generated``
    of its last ``.end``. ``duration`` (seconds) runs from the first
    notification to the last ``.end``; ``kpi`` from the first API
    notification to the last ``.end``. ``outcome`` is ``error`` when any
    notification was an error, else ``ok`` once an ``.end`` was seen,
    else ``unfinished``. ``deployment`` is that of the first
    notification. ``trace_id`` is the id of the request's OpenTelemetry
    trace where its services trace with stacktach_os' middleware (that of
    its global request id, else of its own).
    """

    request_id = wtypes.text
    global_request_id = wtypes.text
    trace_id = wtypes.text
    deployment = wtypes.text
    project_id = wtypes.text
    outcome = wtypes.text
    duration = float
    kpi = float
    first_generated = types.timestamp
    first_event_type = wtypes.text
    api_generated = types.timestamp
    end_generated = types.timestamp
    end_event_type = wtypes.text
    last_generated = types.timestamp
    notification_count = int
    error_count = int


class RequestCollection(wtypes.Base):
    """A page of requests."""

    requests = [Request]
    links = [types.Link]


class KpiCollection(wtypes.Base):
    """A page of the requests that have a KPI."""

    kpis = [Request]
    links = [types.Link]


class RequestNotification(RowDocument):
    """A notification of a request, as archived (without its body).

    ``offset`` is the seconds since the request's first notification;
    ``service`` is read from ``publisher_id``.
    """

    message_id = wtypes.text
    event_type = wtypes.text
    generated = types.timestamp
    offset = float
    publisher_id = wtypes.text
    service = wtypes.text
    host = wtypes.text
    deployment = wtypes.text
    priority = wtypes.text
    project_id = wtypes.text
    resource_id = wtypes.text
    malformed = bool


class RequestDetail(Request):
    """A request with its notifications in event time and its timings.

    ``services``, ``hosts`` and ``deployments`` are those its
    notifications came from. At most 1000 notifications and timings are
    listed; ``notification_count`` tells how many there were.
    ``trace_url`` links the trace in the tracing UI (with ``[tracing]
    trace_url_template``).
    """

    _wsme_attr_order = tuple(
        attribute.key for attribute in wtypes.list_attributes(Request)
    ) + ('trace_url', 'services', 'hosts', 'deployments', 'notifications',
         'timings')

    trace_url = wtypes.text

    services = [wtypes.text]
    hosts = [wtypes.text]
    deployments = [wtypes.text]
    notifications = [RequestNotification]
    timings = [Timing]
