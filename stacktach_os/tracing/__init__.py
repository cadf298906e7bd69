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
"""OpenTelemetry tracing of the stacktach_os daemons, off by default.

:func:`configure` reads ``[tracing]``; when enabled it makes this
process's tracer provider: spans sampled by ``sample_ratio`` (a caller's
decision wins), batched to ``otlp_endpoint`` over OTLP/HTTP, trace ids
of new traces taken from request ids where the tracing middleware gives
one, and the request ids on every span (:mod:`.context`). The provider
is this module's, not OpenTelemetry's global one, so that a process (or
a test) can change it; W3C ``traceparent`` propagation is
OpenTelemetry's default.
While tracing is off, nothing of OpenTelemetry is even imported.
"""

import atexit
import threading

from oslo_log import log

from stacktach_os.conf import tracing as tracing_conf

LOG = log.getLogger(__name__)

_lock = threading.Lock()
_provider = None


def enabled():
    """True when this process records spans."""
    return _provider is not None


def tracer(name):
    """Return a tracer of the configured provider (tracing must be on)."""
    return _provider.get_tracer(name)


def provider():
    """Return the tracer provider, or None while tracing is off."""
    return _provider


def use_provider(new_provider):
    """Make ``new_provider`` (None: off) this process's; return the old."""
    global _provider
    with _lock:
        previous, _provider = _provider, new_provider
    return previous


def make_provider(service_name, endpoint=None, sample_ratio=1.0,
                  exporter=None):
    """Return a tracer provider sending its spans to an OTLP endpoint.

    ``exporter`` replaces the OTLP/HTTP exporter of ``endpoint`` (and is
    then called span by span, for tests).
    """
    from opentelemetry.sdk import resources
    from opentelemetry.sdk import trace as sdk_trace
    from opentelemetry.sdk.trace import export
    from opentelemetry.sdk.trace import sampling

    from stacktach_os.tracing import context

    new_provider = sdk_trace.TracerProvider(
        resource=resources.Resource.create(
            {resources.SERVICE_NAME: service_name}),
        sampler=sampling.ParentBased(
            sampling.TraceIdRatioBased(sample_ratio)),
        id_generator=context.RequestIdGenerator())
    new_provider.add_span_processor(context.RequestIdSpanProcessor())
    if exporter is not None:
        new_provider.add_span_processor(export.SimpleSpanProcessor(exporter))
    else:
        from opentelemetry.exporter.otlp.proto.http import trace_exporter
        new_provider.add_span_processor(export.BatchSpanProcessor(
            trace_exporter.OTLPSpanExporter(endpoint=endpoint)))
    return new_provider


def configure(conf, service_name):
    """Turn tracing on as ``[tracing]`` says; return the provider or None.

    Call it in each process that makes spans, after it forked.
    """
    tracing_conf.register_opts(conf)
    if not conf.tracing.enabled:
        return None
    name = conf.tracing.service_name or service_name
    new_provider = make_provider(name, conf.tracing.otlp_endpoint,
                                 conf.tracing.sample_ratio)
    use_provider(new_provider)
    atexit.register(new_provider.shutdown)
    LOG.info('Tracing %s to %s', name, conf.tracing.otlp_endpoint)
    return new_provider


def shutdown():
    """Send the spans not sent yet and turn tracing off."""
    previous = use_provider(None)
    if previous is not None:
        previous.shutdown()
