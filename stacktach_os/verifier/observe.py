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
"""Metrics and spans of verifier passes.

:func:`run_pass` runs a pass of a verifier as ``Verifier.run_pass``
does, as a ``verifier.pass`` span when tracing is on, and records
``verifier_pass`` (its time) and ``verifier_verdicts`` (the verdicts it
stored, per status and failure code) when metrics are on.
"""

import time

from stacktach_os import metrics
from stacktach_os import tracing

PASS_TIME = metrics.timer('verifier_pass', 'Time of a verifier pass.')
VERDICTS = metrics.counter(
    'verifier_verdicts', 'Verdicts stored, per status and failure code '
    '(empty for verified records).', ('status', 'code'))
EMITTED = metrics.counter(
    'verifier_emitted', 'Verified and failed notifications sent.')


def record(result, seconds):
    """Record what a pass did (a ``PassResult``) and how long it took."""
    PASS_TIME.observe(seconds)
    for (status, code), number in result.codes.items():
        VERDICTS.add(number, status=status, code=code)
    emitted = result.emitted + result.late_emitted
    if emitted:
        EMITTED.add(emitted)


def _span_attributes(verifier, result):
    attributes = {'verifier.name': verifier.name,
                  'verifier.claimed': result.claimed,
                  'verifier.emitted': result.emitted,
                  'verifier.late_emitted': result.late_emitted,
                  'verifier.taken_back': result.taken_back}
    for status, number in result.verdicts.items():
        attributes['verifier.verdicts.%s' % status] = number
    return attributes


def run_pass(verifier, **kwargs):
    """Run ``verifier.run_pass(**kwargs)``, traced and measured."""
    if not tracing.enabled():
        return _measured(verifier, kwargs)
    with tracing.tracer(__name__).start_as_current_span(
            'verifier.pass') as span:
        result = _measured(verifier, kwargs)
        span.set_attributes(_span_attributes(verifier, result))
        return result


def _measured(verifier, kwargs):
    start = time.perf_counter()
    result = verifier.run_pass(**kwargs)
    if metrics.enabled():
        record(result, time.perf_counter() - start)
    return result
