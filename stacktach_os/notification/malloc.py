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
"""Bound glibc's malloc arenas in a worker.

glibc gives threads that allocate at the same time arenas of their own,
up to eight per core, and a freed block goes back to the arena it came
from. The listener's executor threads each allocate a batch's documents
and rows, so the free memory spreads over many arenas, and the worker's
RSS creeps up with the number of notifications it has stored, however
flat its live data. With few arenas the same free blocks are reused:
the benchmark's worker kept a flat 179 MiB over 1,000,000 notifications
with two arenas, against 178 MiB at 100,000 growing to 209 MiB at
1,000,000 with glibc's default (``python -m stacktach_os.bench memory``).
``stacktach-os-notification`` sets the limit before it starts any thread
or worker, which inherit it, as the ``MALLOC_ARENA_MAX`` environment
variable would.
"""

import ctypes
import ctypes.util

from oslo_log import log

LOG = log.getLogger(__name__)

# mallopt's parameter number for the arena limit (glibc's malloc.h).
M_ARENA_MAX = -8


def limit_arenas(count):
    """Let glibc's malloc use at most ``count`` arenas; 0 leaves it be.

    Returns True when the limit is set: on glibc, whose ``mallopt``
    accepts it; elsewhere (musl, macOS) it does nothing.
    """
    if not count:
        return False
    name = ctypes.util.find_library('c')
    try:
        mallopt = ctypes.CDLL(name).mallopt
    except (OSError, AttributeError, TypeError):
        LOG.debug('No mallopt in the C library (%s): malloc arenas are '
                  'not limited', name)
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    mallopt.restype = ctypes.c_int
    if not mallopt(M_ARENA_MAX, count):
        LOG.warning('The C library refused to limit malloc to %d arenas',
                    count)
        return False
    return True
