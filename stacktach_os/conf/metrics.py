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
                           '(prometheus_host, prometheus_ports; the API '
                           'answers GET /metrics itself).'),
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
        help='The address the Prometheus endpoints of '
             'stacktach-os-notification and stacktach-os-verifier listen '
             'on.'),
    cfg.DictOpt(
        'prometheus_ports',
        default={'notification': '9791', 'verifier': '9792'},
        help='The TCP port of the Prometheus endpoint of each forking '
             'daemon: stacktach-os-notification and stacktach-os-verifier '
             'serve one endpoint for all their workers; 0 turns a '
             'daemon\'s endpoint off. The API has no port here: it '
             'answers GET /metrics itself (prometheus_api_endpoint).'),
    cfg.BoolOpt(
        'prometheus_api_endpoint',
        default=True,
        help='With backend prometheus, the API answers GET /metrics '
             'without a token, as it answers GET /healthcheck (metrics '
             'carry no tenant data), with the metrics of all its '
             'processes when prometheus_multiproc_dir (or '
             'PROMETHEUS_MULTIPROC_DIR) is set, else of the process that '
             'answers. Turn it off to keep them from whoever reaches the '
             'API.'),
    cfg.StrOpt(
        'prometheus_multiproc_dir',
        help='A directory where the processes of each daemon write their '
             'metrics (Prometheus\' multiprocess mode), in a subdirectory '
             'per daemon: notification, verifier, api. The listener and '
             'verifier empty theirs when they start and default to a '
             'private temporary directory. Set it (or '
             'PROMETHEUS_MULTIPROC_DIR, which the API then uses as it is) '
             'when the API runs under a WSGI server with several '
             'processes, so that whichever answers GET /metrics counts '
             'them all; empty <dir>/api before that server starts.'),
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
