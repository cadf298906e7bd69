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
"""The [notification] group: the notification listener's options."""

from oslo_config import cfg

GROUP = 'notification'

notification_opts = [
    cfg.MultiStrOpt(
        'messaging_urls',
        default=[],
        secret=True,
        help='The buses to listen to, one per cell or deployment. Each '
             'value is NAME=URL or a bare oslo.messaging transport URL; '
             'NAME is the deployment name stored with every row (a bare '
             'URL is named after its host). Repeat the option for each bus. '
             'When empty, the transport of [oslo_messaging_notifications] '
             'transport_url (or [DEFAULT] transport_url) is used, named '
             '"default".'),
    cfg.ListOpt(
        'topics',
        default=['notifications'],
        help='The notification topics to consume, on every bus.'),
    cfg.StrOpt(
        'pool',
        default='stacktach',
        help='The listener pool name. Listeners of one pool share the '
             'messages of a topic; a separate pool receives its own copy, '
             'so stacktach_os never takes messages meant for another '
             'consumer such as ceilometer.'),
    cfg.IntOpt(
        'batch_size',
        default=100,
        min=1,
        help='The maximum number of notifications stored in one database '
             'transaction. On RabbitMQ, a listener holds at most ten '
             'batches unacknowledged: [oslo_messaging_rabbit] '
             'rabbit_qos_prefetch_count defaults to ten times this.'),
    cfg.IntOpt(
        'batch_timeout',
        default=5,
        min=1,
        help='Seconds to wait for a batch to fill before storing what has '
             'arrived.'),
    cfg.IntOpt(
        'workers',
        default=1,
        min=1,
        help='Number of listener processes.'),
    cfg.ListOpt(
        'handlers',
        default=['archive', 'events', 'lifecycle', 'timings', 'requests',
                 'usage'],
        help='The handlers that process each batch, in order, by their '
             'names in the stacktach_os.notification.handlers entry point '
             'namespace.'),
    cfg.StrOpt(
        'event_definitions',
        default='event_definitions.yaml',
        help='The event definitions file (StackTach/Ceilometer format) '
             'that tells the distiller which traits to extract. A relative '
             'name is looked up in the configuration directories.'),
    cfg.BoolOpt(
        'store_unmatched_events',
        default=True,
        help='Store an event, with the default traits only, for a '
             'notification whose event type no definition matches. When '
             'false such notifications are kept in the archive only.'),
    cfg.IntOpt(
        'max_retry_delay',
        default=30,
        min=1,
        help='Upper bound, in seconds, of the pause before a batch that '
             'could not be stored because the database was unreachable is '
             'handed back to the bus.'),
    cfg.IntOpt(
        'malloc_arena_max',
        default=2,
        min=0,
        help='The most arenas glibc\'s malloc may use in a worker (its '
             'mallopt M_ARENA_MAX, as the MALLOC_ARENA_MAX environment '
             'variable sets it). With one arena per busy thread, the '
             'memory that batches free is spread over many arenas and a '
             'worker\'s RSS grows with the notifications it has stored; '
             'two keep it flat. 0 leaves glibc\'s default (eight per '
             'core). Ignored on other C libraries.'),
]


def register_opts(conf):
    """Register the [notification] options."""
    conf.register_opts(notification_opts, group=GROUP)


def list_opts():
    """List the [notification] options for the config generator."""
    return {GROUP: notification_opts}
