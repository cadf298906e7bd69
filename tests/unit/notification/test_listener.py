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
"""Tests of bus configuration and handler loading."""

from oslo_config import fixture as config_fixture
import pytest

from stacktach_os import conf as st_conf
from stacktach_os.notification import listener
from stacktach_os.notification import pipeline


@pytest.fixture
def conf():
    fixture = config_fixture.Config(st_conf.CONF)
    fixture.setUp()
    yield fixture
    fixture.cleanUp()


def test_named_bus():
    assert listener.parse_bus('cell1=rabbit://u:p@mq1:5672/cell1') == (
        'cell1', 'rabbit://u:p@mq1:5672/cell1')


def test_bare_bus_is_named_after_its_host():
    assert listener.parse_bus('rabbit://u:p@mq2:5672/?ssl=1') == (
        'mq2', 'rabbit://u:p@mq2:5672/?ssl=1')


def test_no_bus_means_the_default_transport(conf):
    assert listener.buses(conf.conf) == [('default', None)]


def test_duplicate_bus_names_are_refused(conf):
    conf.config(group='notification', messaging_urls=[
        'a=rabbit://h1/', 'a=rabbit://h2/'])
    with pytest.raises(ValueError, match='names a more than once'):
        listener.buses(conf.conf)


def test_endpoint_serves_every_priority():
    endpoint = listener.NotificationEndpoint('d', None, 1)
    for priority in listener.PRIORITIES:
        assert callable(getattr(endpoint, priority))


def test_archive_must_come_first(conf):
    conf.config(group='notification', handlers=['events', 'archive'])
    with pytest.raises(pipeline.HandlerConfigError, match='must start'):
        pipeline.load_handlers(conf.conf)


def test_unknown_handler_is_refused(conf):
    conf.config(group='notification', handlers=['archive', 'nope'])
    with pytest.raises(pipeline.HandlerConfigError, match='nope'):
        pipeline.load_handlers(conf.conf)


def test_default_handlers_load(conf):
    handlers = pipeline.load_handlers(conf.conf)
    assert type(handlers[0]).__name__ == 'ArchiveHandler'


RABBIT = 'rabbit://guest:guest@127.0.0.1:5672/'


def _prefetch(conf):
    return conf.oslo_messaging_rabbit.rabbit_qos_prefetch_count


def test_rabbit_prefetch_is_bounded_by_the_batch_size(conf):
    conf.config(group='notification', batch_size=50)
    transport = listener.get_transport(conf.conf, RABBIT)
    try:
        assert _prefetch(conf.conf) == 50 * listener.PREFETCH_BATCHES
    finally:
        transport.cleanup()


def test_operator_prefetch_is_kept(conf):
    transport = listener.get_transport(conf.conf, RABBIT)
    try:
        conf.config(group='oslo_messaging_rabbit',
                    rabbit_qos_prefetch_count=7)
        listener.bound_prefetch(conf.conf)
        assert _prefetch(conf.conf) == 7
    finally:
        transport.cleanup()


def test_other_drivers_need_no_prefetch(conf):
    transport = listener.get_transport(conf.conf, 'fake://')
    transport.cleanup()


class _Endpoint(object):
    def info(self, messages):
        return None


def test_executor_threads_are_bounded(conf):
    transport = listener.get_transport(conf.conf, 'fake://')
    try:
        listener.build_listener(conf.conf, transport, _Endpoint())
        assert (conf.conf.executor_thread_pool_size ==
                listener.EXECUTOR_THREADS)
        assert listener.EXECUTOR_THREADS <= listener.PREFETCH_BATCHES
    finally:
        transport.cleanup()


def test_operator_executor_threads_are_kept(conf):
    transport = listener.get_transport(conf.conf, 'fake://')
    try:
        listener.build_listener(conf.conf, transport, _Endpoint())
        conf.config(executor_thread_pool_size=32)
        listener.bound_executor(conf.conf)
        assert conf.conf.executor_thread_pool_size == 32
    finally:
        transport.cleanup()
