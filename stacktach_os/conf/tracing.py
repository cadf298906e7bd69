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
"""The [tracing] group: OpenTelemetry traces of the daemons."""

from oslo_config import cfg

GROUP = 'tracing'

tracing_opts = [
    cfg.BoolOpt(
        'enabled',
        default=False,
        help='Trace API requests, notification batches and verifier '
             'passes with OpenTelemetry, and send the spans to '
             'otlp_endpoint.'),
    cfg.URIOpt(
        'otlp_endpoint',
        default='http://127.0.0.1:4318/v1/traces',
        schemes=['http', 'https'],
        help='Where spans are sent: the OTLP/HTTP traces URL of an '
             'OpenTelemetry collector, or of Jaeger (which takes OTLP on '
             'port 4318).'),
    cfg.StrOpt(
        'service_name',
        help='The service.name of the spans (default: the process name, '
             'such as stacktach-os-api).'),
    cfg.FloatOpt(
        'sample_ratio',
        default=1.0,
        min=0.0,
        max=1.0,
        help='The share of traces started here that are recorded. A '
             'request that comes with a W3C traceparent is recorded when '
             'its caller recorded it.'),
    cfg.StrOpt(
        'trace_url_template',
        help='A URL of a trace in the tracing UI, with {trace_id} where '
             'the trace id goes, such as '
             'http://jaeger.example.com:16686/trace/{trace_id}. The API '
             'and "openstack stacktach request show" then link each '
             'request to its trace.'),
]


def register_opts(conf):
    """Register the [tracing] options."""
    conf.register_opts(tracing_opts, group=GROUP)


def list_opts():
    """List the [tracing] options for the config generator."""
    return {GROUP: tracing_opts}
