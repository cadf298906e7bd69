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
"""The [metrics] group: where the daemons send their metrics."""

from oslo_config import cfg

GROUP = 'metrics'

metrics_opts = [
    cfg.StrOpt(
        'backend',
        default='none',
        choices=[
            ('none', 'No metrics: instrumented calls cost nothing.'),
            ('prometheus', 'Serve the metrics of each daemon on an HTTP '
                           'endpoint for Prometheus to scrape '
                           '(prometheus_host, prometheus_ports).'),
            ('statsd', 'Send the metrics to a statsd server over UDP, '
                       'several to a datagram (statsd_host, statsd_port).'),
        ],
        help='Where the stacktach_os daemons send their metrics.'),
    cfg.StrOpt(
        'host',
        sample_default='<the host name>',
        help='The "host" dimension of every metric (default: the host '
             'name).'),
    cfg.HostAddressOpt(
        'prometheus_host',
        default='127.0.0.1',
        help='The address the Prometheus endpoints listen on.'),
    cfg.DictOpt(
        'prometheus_ports',
        default={'notification': '9791', 'verifier': '9792', 'api': '9793'},
        help='The TCP port of the Prometheus endpoint of each daemon. '
             'stacktach-os-notification and stacktach-os-verifier serve '
             'one endpoint for all their workers; 0 turns a daemon\'s '
             'endpoint off.'),
    cfg.StrOpt(
        'prometheus_multiproc_dir',
        help='A directory where the worker processes of a daemon write '
             'their metrics for its endpoint (Prometheus\' multiprocess '
             'mode). Default: a private temporary directory per daemon. '
             'Under a multi-process WSGI server, set it (or '
             'PROMETHEUS_MULTIPROC_DIR) for the API too.'),
    cfg.HostAddressOpt(
        'statsd_host',
        default='127.0.0.1',
        help='The statsd server.'),
    cfg.PortOpt(
        'statsd_port',
        default=8125,
        help='The UDP port of the statsd server.'),
    cfg.StrOpt(
        'statsd_prefix',
        default='stacktach',
        help='The first component of every statsd metric name.'),
    cfg.FloatOpt(
        'statsd_flush_interval',
        default=1.0,
        min=0.01,
        help='Seconds between two datagrams of buffered statsd metrics '
             '(a datagram is also sent as soon as it is full).'),
]


def register_opts(conf):
    """Register the [metrics] options."""
    conf.register_opts(metrics_opts, group=GROUP)


def list_opts():
    """List the [metrics] options for the config generator."""
    return {GROUP: metrics_opts}
