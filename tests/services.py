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
"""Where the test services are, and what to do when one is absent.

Functional tests skip with a reason when a service is missing on a
developer's machine; under CI (CI=true) a missing service fails the run.
"""

import os
import socket
import unittest

import pytest

MYSQL_URL = os.environ.get(
    'STACKTACH_TEST_MYSQL_URL', 'mysql+pymysql://root@127.0.0.1:3306/test')
POSTGRESQL_URL = os.environ.get(
    'STACKTACH_TEST_POSTGRESQL_URL',
    'postgresql+psycopg2://postgres@127.0.0.1:5432/test')
RABBIT_URL = os.environ.get(
    'STACKTACH_TEST_RABBIT_URL', 'rabbit://guest:guest@127.0.0.1:5672/')


def under_ci():
    """Return True when running under CI, where services are mandatory."""
    return os.environ.get('CI', '').lower() in ('1', 'true', 'yes')


def unavailable(service, reason):
    """Skip the current test, or fail it under CI: a service is missing."""
    message = '%s is not available: %s' % (service, reason)
    if under_ci():
        pytest.fail(message + ' (CI=true: services are required)')
    raise unittest.SkipTest(message)


def port_open(host, port, timeout=1.0):
    """Return True when something listens on host:port."""
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False
