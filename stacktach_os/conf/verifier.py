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
"""The [verifier] group, and the [service_credentials] it reconciles with.

The verdict notifications go to the transport of
[oslo_messaging_notifications] transport_url (or [DEFAULT]
transport_url), on the [verifier] topics.
"""

from keystoneauth1 import loading as ks_loading
from oslo_config import cfg

GROUP = 'verifier'
CREDENTIALS_GROUP = 'service_credentials'

verifier_opts = [
    cfg.IntOpt(
        'workers',
        default=1,
        min=1,
        help='Number of verifier processes. They share the work: each '
             'claims its own batches of exists records.'),
    cfg.IntOpt(
        'interval',
        default=60,
        min=1,
        help='Seconds between two passes of a verifier process. A pass '
             'verifies batches until no exists record is ready.'),
    cfg.IntOpt(
        'settle_time',
        default=600,
        min=0,
        help='Seconds to wait after the end of an exists record\'s audit '
             'period before verifying it, so that the launches and '
             'deletes of the period, which may come late from other cells, '
             'are stored first.'),
    cfg.IntOpt(
        'batch_size',
        default=1000,
        min=1,
        help='The number of exists records claimed, verified and stored '
             'in one go.'),
    cfg.IntOpt(
        'claim_timeout',
        default=600,
        min=1,
        help='Seconds after which the exists records claimed by a '
             'verifier that has not stored their verdicts (it died, or '
             'hangs) are verified again by any verifier; also how long a '
             'stored verdict may wait for its notification before another '
             'verifier sends it. Must be longer than a batch takes.'),
    cfg.ListOpt(
        'topics',
        default=['notifications'],
        help='The topics the verdict notifications '
             '(compute.instance.exists.verified, .failed, '
             'image.exists.verified...) are sent on, with the messagingv2 '
             'driver.'),
    cfg.IntOpt(
        'emit_threads',
        default=8,
        min=1,
        help='Threads of a verifier process that send the verdict '
             'notifications of a batch, each on its own connection to the '
             'bus: the bus confirms each message, and the confirmations '
             'are waited for in parallel.'),
    cfg.BoolOpt(
        'reconcile',
        default=False,
        help='Check each failed instance exists against Nova (with the '
             '[service_credentials] user, which needs to read every '
             'project\'s servers, deleted ones included): it is '
             'reconciled when Nova confirms its launch time, flavor, '
             'project and deletion.'),
]

credentials_opts = [
    cfg.StrOpt(
        'region_name',
        help='The region of the Nova endpoint used for reconciliation.'),
    cfg.StrOpt(
        'interface',
        default='public',
        choices=('public', 'internal', 'admin'),
        help='The endpoint type of Nova used for reconciliation.'),
]


def register_opts(conf):
    """Register the [verifier] and [service_credentials] options."""
    conf.register_opts(verifier_opts, group=GROUP)
    conf.register_opts(credentials_opts, group=CREDENTIALS_GROUP)
    ks_loading.register_auth_conf_options(conf, CREDENTIALS_GROUP)
    ks_loading.register_session_conf_options(conf, CREDENTIALS_GROUP)


def list_opts():
    """List the options for the config generator.

    [service_credentials] lists the options of the ``password`` plugin;
    ``auth_type`` may name any keystoneauth plugin.
    """
    return {
        GROUP: verifier_opts,
        CREDENTIALS_GROUP: (
            credentials_opts
            + ks_loading.get_auth_common_conf_options()
            + ks_loading.get_auth_plugin_conf_options('password')
            + ks_loading.get_session_conf_options()),
    }
