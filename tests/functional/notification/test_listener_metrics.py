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
"""The Prometheus endpoint and heartbeat files of a running listener.

stacktach-os-notification runs as its own process, with two workers
(prometheus_client's multiprocess mode: the parent serves what both
write), on two RabbitMQ buses, into PostgreSQL. After notifications are
published on both, its endpoint counts them per deployment and event
type, and each worker has its heartbeat file.
"""

import os
import urllib.request

from prometheus_client import parser

from stacktach_os.db import archive
from tests.functional import database
from tests.functional import messaging
from tests.functional import processes

PUBLISHED = {
    'cell1': {'compute.instance.create.end': 7,
              'compute.instance.delete.start': 3},
    'cell2': {'compute.instance.create.end': 5,
              'image.upload': 4},
}


def scrape(port):
    url = 'http://127.0.0.1:%d/metrics' % port
    with urllib.request.urlopen(url, timeout=10) as response:
        text = response.read().decode()
    samples = {}
    for family in parser.text_string_to_metric_families(text):
        for sample in family.samples:
            labels = sample.labels
            key = (sample.name, labels.get('deployment'),
                   labels.get('event_type'))
            samples[key] = samples.get(key, 0) + sample.value
    return samples


def counted(samples, name):
    return {(deployment, event_type): int(value)
            for (sample, deployment, event_type), value in samples.items()
            if sample == name and value}


def stored(store):
    with store.reader() as session:
        return archive.count_notifications(session)


def test_prometheus_counts_per_deployment_and_event_type(tmp_path):
    port = processes.free_port()
    heartbeats = tmp_path / 'health'
    with database.migrated_store('postgresql') as store, \
            messaging.vhosts('cell1', 'cell2') as buses:
        config = processes.write_config(
            str(tmp_path), store.url, buses, batch_timeout=1, workers=2)
        with open(config, 'a') as extra:
            extra.write('[metrics]\nbackend = prometheus\nhost = node-7\n'
                        'prometheus_ports = notification:%d\n'
                        '[health]\nheartbeat_dir = %s\n'
                        'heartbeat_interval = 1\n' % (port, heartbeats))
        listener = processes.ListenerProcess(config).start()
        try:
            for url in buses.values():
                processes.wait_for(lambda: messaging.consumers_ready(url),
                                   120, message='the listener to consume')
            total = 0
            for cell, counts in PUBLISHED.items():
                publisher = messaging.Publisher(buses[cell])
                for event_type, number in counts.items():
                    for seq in range(number):
                        publisher.publish(
                            event_type, {'seq': seq, 'cell': cell},
                            {'request_id': 'req-%s' % cell},
                            publisher_id='compute.host-1')
                        total += 1
                publisher.close()
            processes.wait_for(lambda: stored(store) >= total, 120,
                               message='%d notifications stored' % total)
            wanted = {(cell, event_type): number
                      for cell, counts in PUBLISHED.items()
                      for event_type, number in counts.items()}
            processes.wait_for(
                lambda: counted(scrape(port),
                                'stacktach_notifications_stored_total')
                == wanted, 30, message='the stored counts')
            samples = scrape(port)
            assert counted(
                samples, 'stacktach_notifications_received_total') == wanted
            assert counted(
                samples, 'stacktach_notifications_failed_total') == {}
            batches = counted(samples, 'stacktach_batch_store_seconds_count')
            assert {cell for cell, _none in batches} == set(PUBLISHED)
            assert all(samples[('stacktach_queue_lag_seconds', cell, None)]
                       >= 0 for cell in PUBLISHED)
            processes.wait_for(
                lambda: sorted(os.listdir(heartbeats)) == [
                    'stacktach-os-notification.0',
                    'stacktach-os-notification.1'], 30,
                message='a heartbeat file per worker')
            assert listener.alive()
        finally:
            listener.stop()
