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

A single-process daemon (stacktach-os-api's own server) serves its
registry on its port of ``[metrics] prometheus_ports``. The daemons that
fork workers (stacktach-os-notification, stacktach-os-verifier) use
prometheus_client's multiprocess mode: :func:`serve_workers`, called in
the parent before it forks, makes a directory where every worker writes
its values and serves them all, added up, on the daemon's port; the
workers' backend only writes.
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
    directory = conf.metrics.prometheus_multiproc_dir
    if directory:
        os.makedirs(directory, exist_ok=True)
        for name in os.listdir(directory):
            if name.endswith('.db'):
                os.unlink(os.path.join(directory, name))
    else:
        directory = tempfile.mkdtemp(prefix='stacktach-metrics-')
        atexit.register(shutil.rmtree, directory, True)
    os.environ[MULTIPROC_ENV] = directory
    _reload_value_class()
    import prometheus_client
    from prometheus_client import multiprocess as mp
    registry = prometheus_client.CollectorRegistry()
    mp.MultiProcessCollector(registry, path=directory)
    prometheus_client.start_http_server(
        port, addr=conf.metrics.prometheus_host, registry=registry)
    LOG.info('Prometheus endpoint of the %s workers on http://%s:%d/'
             'metrics', daemon, conf.metrics.prometheus_host, port)
    return directory


class PrometheusBackend(object):
    """Metrics as prometheus_client counters, gauges and histograms."""

    def __init__(self, dimensions, registry=None):
        import prometheus_client
        self._client = prometheus_client
        self.dimensions = dict(dimensions)
        self.registry = (registry if registry is not None
                         else prometheus_client.CollectorRegistry())
        self._server = None

    @classmethod
    def from_conf(cls, conf, dimensions, daemon):
        """Return the backend, serving its endpoint unless a parent does."""
        if multiprocess():
            _reload_value_class()
            return cls(dimensions)
        backend = cls(dimensions)
        port = port_of(conf, daemon)
        if port:
            backend.serve(conf.metrics.prometheus_host, port)
        return backend

    def serve(self, host, port):
        """Serve this backend's registry on http://host:port/metrics."""
        self._server, _thread = self._client.start_http_server(
            port, addr=host, registry=self.registry)
        LOG.info('Prometheus endpoint on http://%s:%d/metrics', host, port)

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
        """Stop serving the endpoint."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
