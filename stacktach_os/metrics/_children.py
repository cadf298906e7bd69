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
"""What the backends share: a metric's children, one per label values.

A backend makes, for each set of label values, one function that
records a value (``make(values) -> record(value)``); an
:class:`Implementation` keeps them, so that a metric used again with
the same labels costs a dictionary lookup.
"""

import threading
import time


class Timing(object):
    """Times a ``with`` block into ``observe(seconds)``."""

    __slots__ = ('_observe', '_start')

    def __init__(self, observe):
        self._observe = observe

    def __enter__(self):
        self._start = time.perf_counter()
        return self

    def __exit__(self, *exc_info):
        self._observe(time.perf_counter() - self._start)
        return False


class Child(object):
    """A metric with all its labels given."""

    __slots__ = ('add', 'set', 'observe')

    def __init__(self, record):
        self.add = self.set = self.observe = record

    def time(self):
        """Return a context manager that times its block."""
        return Timing(self.observe)


class Implementation(object):
    """A metric on a backend: ``<method>(value, **labels)``, ``child()``."""

    def __init__(self, make, label_names, method):
        self._make = make
        self._names = label_names
        self._records = {}
        self._lock = threading.Lock()
        setattr(self, method, self._record)

    def _key(self, labels):
        if len(labels) != len(self._names):
            raise ValueError('labels %s given; %s expected'
                             % (sorted(labels), list(self._names)))
        return tuple(str(labels[name]) for name in self._names)

    def _lookup(self, labels):
        key = self._key(labels)
        record = self._records.get(key)
        if record is None:
            with self._lock:
                record = self._records.get(key)
                if record is None:
                    record = self._records[key] = self._make(key)
        return record

    def _record(self, value=1, **labels):
        self._lookup(labels)(value)

    def child(self, **labels):
        """Return the :class:`Child` of these label values."""
        return Child(self._lookup(labels))
