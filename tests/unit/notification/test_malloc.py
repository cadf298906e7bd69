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
"""Bounding glibc's malloc arenas."""

import ctypes
import platform

from stacktach_os.conf import notification as notification_conf
from stacktach_os.notification import malloc


class _Mallopt(object):
    """A mallopt that answers ``result`` and records its calls."""

    def __init__(self, result):
        self.calls = []
        self.result = result

    def __call__(self, parameter, value):
        self.calls.append((parameter, value))
        return self.result


class _Libc(object):
    """A C library with such a mallopt."""

    def __init__(self, result):
        self.mallopt = _Mallopt(result)
        self.calls = self.mallopt.calls


def test_the_limit_is_set_through_mallopt(monkeypatch):
    libc = _Libc(1)
    monkeypatch.setattr(ctypes, 'CDLL', lambda name: libc)
    assert malloc.limit_arenas(2) is True
    assert libc.calls == [(malloc.M_ARENA_MAX, 2)]


def test_zero_leaves_glibc_be(monkeypatch):
    libc = _Libc(1)
    monkeypatch.setattr(ctypes, 'CDLL', lambda name: libc)
    assert malloc.limit_arenas(0) is False
    assert libc.calls == []


def test_a_refused_limit_is_reported(monkeypatch):
    monkeypatch.setattr(ctypes, 'CDLL', lambda name: _Libc(0))
    assert malloc.limit_arenas(2) is False


def test_a_library_without_mallopt_is_left_alone(monkeypatch):
    monkeypatch.setattr(ctypes, 'CDLL', lambda name: object())
    assert malloc.limit_arenas(2) is False

    def missing(name):
        raise OSError('no C library')
    monkeypatch.setattr(ctypes, 'CDLL', missing)
    assert malloc.limit_arenas(2) is False


def test_the_default_is_two_arenas():
    """The machine's own C library is asked: glibc accepts, others not."""
    default = {opt.name: opt.default
               for opt in notification_conf.notification_opts}
    assert default['malloc_arena_max'] == 2
    on_glibc = platform.libc_ver()[0] == 'glibc'
    assert malloc.limit_arenas(default['malloc_arena_max']) is on_glibc
