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
"""The Prometheus backend: prometheus_client metrics and their endpoint.

The daemons that fork workers (stacktach-os-notification,
stacktach-os-verifier) use prometheus_client's multiprocess mode:
:func:`serve_workers`, called in the parent before it forks, makes a
directory where every worker writes its values and serves them all,
added up, on the daemon's port of ``[metrics] prometheus_ports``; the
workers' backend only writes.

The API answers ``GET /metrics`` itself (:func:`api_endpoint`), whatever
WSGI server runs it. Under a server with several processes (uwsgi,
mod_wsgi) they share the directory of :func:`api_directory`, and the
process that answers adds up the values of all; without one, it answers
with its own.
"""

import atexit
import os
import shutil
import tempfile

from oslo_log import log

from stacktach_os.metrics import _children

LOG = log.getLogger(__name__)

MULTIPROC_ENV = 'PROMETHEUS_MULTIPROC_DIR'
PREFIX = 'stacktach_'
#: The daemon name of the API, in ``prometheus_multiproc_dir``.
API = 'api'
# Seconds: from a fast batch (ms) to a slow verifier pass (minutes).
BUCKETS = (.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1.0, 2.5, 5.0,
           10.0, 30.0, 60.0, 300.0, float('inf'))
_METHODS = {'counter': 'add', 'gauge': 'set', 'timer': 'observe'}


def port_of(conf, daemon):
    """Return the endpoint port of ``daemon`` (0: no endpoint)."""
    return int(conf.metrics.prometheus_ports.get(daemon or '', 0) or 0)


def multiprocess():
    """True when this process writes its values for a parent to serve."""
    return bool(os.environ.get(MULTIPROC_ENV))


def _reload_value_class():
    # prometheus_client picks file-backed values at import time; make it
    # look again in case it was imported before the variable was set.
    from prometheus_client import values
    values.ValueClass = values.get_value_class()


def _write_to(directory):
    """Make this process (and its children) write values to ``directory``."""
    os.environ[MULTIPROC_ENV] = directory
    _reload_value_class()


def daemon_directory(conf, daemon):
    """Return ``daemon``'s directory in ``prometheus_multiproc_dir``.

    None when the option is not set. Each daemon has its own, so that
    one configuration file serves them all.
    """
    base = conf.metrics.prometheus_multiproc_dir
    return os.path.join(base, daemon) if base else None


def clear(directory):
    """Make ``directory``, removing the values a previous run left."""
    os.makedirs(directory, exist_ok=True)
    for name in os.listdir(directory):
        if name.endswith('.db'):
            os.unlink(os.path.join(directory, name))


def multiprocess_registry(directory):
    """Return a registry of the values of every process in ``directory``."""
    import prometheus_client
    from prometheus_client import multiprocess as mp
    registry = prometheus_client.CollectorRegistry()
    mp.MultiProcessCollector(registry, path=directory)
    return registry


def serve_workers(conf, daemon):
    """In a forking daemon's parent: serve what its workers will write.

    Returns the directory, or None when the backend is not prometheus or
    the daemon has no port.
    """
    if conf.metrics.backend != 'prometheus':
        return None
    port = port_of(conf, daemon)
    if not port:
        return None
    directory = daemon_directory(conf, daemon)
    if directory:
        clear(directory)
    else:
        directory = tempfile.mkdtemp(prefix='stacktach-metrics-')
        atexit.register(shutil.rmtree, directory, True)
    _write_to(directory)
    import prometheus_client
    prometheus_client.start_http_server(
        port, addr=conf.metrics.prometheus_host,
        registry=multiprocess_registry(directory))
    LOG.info('Prometheus endpoint of the %s workers on http://%s:%d/'
             'metrics', daemon, conf.metrics.prometheus_host, port)
    return directory


def api_directory(conf):
    """Return the directory the API's processes share, or None.

    ``<prometheus_multiproc_dir>/api`` when the option is set, else
    ``PROMETHEUS_MULTIPROC_DIR`` as it is; None: each process keeps its
    values to itself.
    """
    return (daemon_directory(conf, API) or os.environ.get(MULTIPROC_ENV)
            or None)


def api_endpoint(conf, backend):
    """Return the WSGI application of the API's ``GET /metrics``, or None.

    None unless ``backend`` is a :class:`PrometheusBackend` and
    ``[metrics] prometheus_api_endpoint`` is on.
    """
    if (not isinstance(backend, PrometheusBackend)
            or not conf.metrics.prometheus_api_endpoint):
        return None
    import prometheus_client
    registry = (multiprocess_registry(backend.directory)
                if backend.directory else backend.registry)
    return prometheus_client.make_wsgi_app(registry)


class PrometheusBackend(object):
    """Metrics as prometheus_client counters, gauges and histograms."""

    def __init__(self, dimensions, registry=None, directory=None):
        import prometheus_client
        self._client = prometheus_client
        self.dimensions = dict(dimensions)
        self.registry = (registry if registry is not None
                         else prometheus_client.CollectorRegistry())
        #: Where this process writes its values for another to add up
        #: (None: they are only in :attr:`registry`).
        self.directory = directory

    @classmethod
    def from_conf(cls, conf, dimensions, daemon):
        """Return the backend of ``daemon``'s process.

        A worker of a forking daemon writes its values where its parent
        (:func:`serve_workers`) reads them; the API's processes write
        them to :func:`api_directory` when there is one. No backend
        serves an endpoint of its own.
        """
        if daemon == API:
            if port_of(conf, API):
                LOG.warning('[metrics] prometheus_ports: the API has no '
                            'port of its own, it answers GET /metrics '
                            'itself; ignoring api:%d', port_of(conf, API))
            directory = api_directory(conf)
            if directory:
                os.makedirs(directory, exist_ok=True)
                _write_to(directory)
            return cls(dimensions, directory=directory)
        if multiprocess():
            _reload_value_class()
            return cls(dimensions, directory=os.environ[MULTIPROC_ENV])
        return cls(dimensions)

    def _implementation(self, cls, metric, method, suffix='', **extra):
        labelnames = tuple(self.dimensions) + metric.labels
        family = cls(PREFIX + metric.name + suffix, metric.documentation,
                     labelnames, registry=self.registry, **extra)
        fixed = tuple(self.dimensions.values())

        def make(values):
            return getattr(family.labels(*(fixed + values)), method)
        return _children.Implementation(make, metric.labels,
                                        _METHODS[metric.kind])

    def counter(self, metric):
        """Return the implementation of a :class:`Counter`."""
        return self._implementation(self._client.Counter, metric, 'inc')

    def gauge(self, metric):
        """Return the implementation of a :class:`Gauge`."""
        return self._implementation(self._client.Gauge, metric, 'set',
                                    multiprocess_mode='livemax')

    def timer(self, metric):
        """Return the implementation of a :class:`Timer`."""
        return self._implementation(self._client.Histogram, metric,
                                    'observe', '_seconds', buckets=BUCKETS)

    def close(self):
        """Nothing to release: the endpoints belong to their servers."""
