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
"""Metrics of the stacktach_os daemons: count, gauge, time a call.

Declare a metric once, at import time, with the names of its labels::

    RECEIVED = metrics.counter('notifications_received',
                               'Notifications read off the bus.',
                               ('deployment', 'event_type'))
    COMMIT = metrics.timer('batch_commit', 'Time to store a batch.',
                           ('deployment',))

then count, set or time where it happens::

    RECEIVED.add(len(batch), deployment='cell1', event_type=event_type)
    with COMMIT.time(deployment='cell1'):
        ...

    @metrics.timed(COMMIT, deployment='cell1')
    def store(...):
        ...

:func:`configure` chooses the backend (``[metrics] backend``) and fixes
the dimensions every metric carries (``service``, ``host``). Labels name
what a daemon sees (deployment, event type, endpoint, status, code),
never a tenant: a project or user label is refused.

Until a backend is configured, and with ``none``, every metric is off:
``add``, ``set`` and ``observe`` are a shared function that does
nothing, ``time()`` a shared no-op context manager, and :func:`timed`
returns the decorated function itself, so that an instrumented call
costs what it did before. :func:`configure` binds the metrics to the
backend and puts the timing wrapper in place of each decorated function
in its module or class (a function decorated with :func:`timed` must be
called through that attribute, and :func:`timed` must be its innermost
decorator); configuring ``none`` again puts the plain functions back.
"""

import functools
import socket
import sys
import threading
import time

from oslo_log import log

from stacktach_os.conf import metrics as metrics_conf
from stacktach_os.metrics import _children

LOG = log.getLogger(__name__)

#: Labels no metric may have: metrics are per cloud, never per tenant.
FORBIDDEN_LABELS = frozenset((
    'tenant', 'tenant_id', 'project', 'project_id', 'user', 'user_id'))
#: The dimensions every metric carries, fixed by :func:`configure`.
DIMENSIONS = ('service', 'host')

_lock = threading.RLock()
_metrics = []
_timed = []
_backend = None


def _noop(*args, **kwargs):
    """Do nothing: what a metric does while metrics are off."""


class _NullTimer(object):
    """The timer of a metric that is off: times nothing."""

    __slots__ = ()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        return False


NULL_TIMER = _NullTimer()


def _null_time(**labels):
    return NULL_TIMER


class _NullChild(object):
    """A metric with all its labels given, while metrics are off."""

    __slots__ = ()
    add = set = observe = staticmethod(_noop)

    def time(self):
        """Return the shared no-op timer."""
        return NULL_TIMER


_NULL_CHILD = _NullChild()


def _null_child(**labels):
    return _NULL_CHILD


class Metric(object):
    """A declared metric; its methods are bound by :func:`configure`."""

    kind = None
    _methods = ()

    def __init__(self, name, documentation, labels=()):
        labels = tuple(labels)
        refused = FORBIDDEN_LABELS.union(DIMENSIONS).intersection(labels)
        if refused:
            raise ValueError('metric %s cannot have the label(s) %s'
                             % (name, ', '.join(sorted(refused))))
        self.name = name
        self.documentation = documentation
        self.labels = labels
        self.bind(None)

    def bind(self, backend):
        """Send this metric to ``backend`` (None: turn it off)."""
        if backend is None:
            for method in self._methods:
                setattr(self, method, _noop)
            self.child = _null_child
            return
        impl = getattr(backend, self.kind)(self)
        for method in self._methods:
            setattr(self, method, getattr(impl, method))
        self.child = impl.child


class Counter(Metric):
    """A count that only goes up: ``add(value=1, **labels)``."""

    kind = 'counter'
    _methods = ('add',)


class Gauge(Metric):
    """A value set from time to time: ``set(value, **labels)``."""

    kind = 'gauge'
    _methods = ('set',)


class Timer(Metric):
    """Durations in seconds: ``observe(seconds, **labels)``, ``time()``."""

    kind = 'timer'
    _methods = ('observe',)

    def bind(self, backend):
        """Send this timer to ``backend`` (None: turn it off)."""
        super().bind(backend)
        if backend is None:
            self.time = _null_time
        else:
            self.time = self._time

    def _time(self, **labels):
        return _children.Timing(self.child(**labels).observe)


def _declare(metric):
    with _lock:
        _metrics.append(metric)
        if _backend is not None:
            metric.bind(_backend)
    return metric


def counter(name, documentation, labels=()):
    """Declare a :class:`Counter`."""
    return _declare(Counter(name, documentation, labels))


def gauge(name, documentation, labels=()):
    """Declare a :class:`Gauge`."""
    return _declare(Gauge(name, documentation, labels))


def timer(name, documentation, labels=()):
    """Declare a :class:`Timer` (a histogram, or statsd timings)."""
    return _declare(Timer(name, documentation, labels))


def _timing_wrapper(function, metric, labels):
    observe = metric.child(**labels).observe
    perf_counter = time.perf_counter

    @functools.wraps(function)
    def timed_call(*args, **kwargs):
        start = perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            observe(perf_counter() - start)
    return timed_call


class _Decorated(object):
    """A function decorated with :func:`timed`, and what stands for it."""

    def __init__(self, function, metric, labels):
        self.function = function
        self.metric = metric
        self.labels = labels
        self.current = function

    def _owner(self):
        owner = sys.modules.get(self.function.__module__)
        path = self.function.__qualname__.split('.')
        if '<locals>' in path:
            return None
        for name in path[:-1]:
            owner = getattr(owner, name, None)
        return owner

    def rebind(self, backend):
        """Put the timing wrapper (or the plain function) in place."""
        wanted = (self.function if backend is None else
                  _timing_wrapper(self.function, self.metric, self.labels))
        owner = self._owner()
        name = self.function.__name__
        found = (owner.__dict__.get(name) if isinstance(owner, type)
                 else getattr(owner, name, None))
        wrapper = None
        if isinstance(found, (staticmethod, classmethod)):
            wrapper, found = type(found), found.__func__
        if owner is None or found is not self.current:
            LOG.warning('%s.%s cannot be timed: it is not reachable by '
                        'its name, or timed() is not its innermost '
                        'decorator', self.function.__module__,
                        self.function.__qualname__)
            return
        setattr(owner, name, wrapper(wanted) if wrapper else wanted)
        self.current = wanted


def timed(metric, **labels):
    """Decorate a function so that each call is timed into ``metric``.

    ``labels`` are fixed for the function. While metrics are off the
    function is returned unchanged (see the module's documentation).
    """
    metric.child(**labels)  # fail early on wrong labels

    def decorate(function):
        decorated = _Decorated(function, metric, labels)
        with _lock:
            _timed.append(decorated)
            if _backend is not None:
                decorated.current = _timing_wrapper(function, metric,
                                                    labels)
        return decorated.current
    return decorate


def enabled():
    """True when a backend other than ``none`` is configured."""
    return _backend is not None


def dimensions(conf, service):
    """Return the fixed dimensions of a daemon's metrics."""
    return {'service': service,
            'host': conf.metrics.host or socket.gethostname()}


def _make_backend(conf, service, daemon):
    name = conf.metrics.backend
    if name == 'prometheus':
        from stacktach_os.metrics import prometheus
        return prometheus.PrometheusBackend.from_conf(
            conf, dimensions(conf, service), daemon)
    if name == 'statsd':
        from stacktach_os.metrics import statsd
        return statsd.StatsdBackend.from_conf(conf,
                                              dimensions(conf, service))
    return None


def use_backend(backend):
    """Bind every metric and decorated function to ``backend`` (or off)."""
    global _backend
    with _lock:
        previous, _backend = _backend, backend
        for metric in _metrics:
            metric.bind(backend)
        for decorated in _timed:
            decorated.rebind(backend)
    if previous is not None and previous is not backend:
        previous.close()


def configure(conf, service, daemon=None):
    """Turn metrics on (or off) as ``[metrics] backend`` says.

    ``service`` is the ``service`` dimension (the process name);
    ``daemon`` (``notification``, ``verifier``, ``api``) tells the
    Prometheus backend where the process's values go.
    """
    metrics_conf.register_opts(conf)
    backend = _make_backend(conf, service, daemon)
    use_backend(backend)
    if backend is not None:
        LOG.info('Metrics of %s go to %s', service, conf.metrics.backend)
    return backend


def reset():
    """Turn metrics off, closing the backend (for tests and shutdown)."""
    use_backend(None)
