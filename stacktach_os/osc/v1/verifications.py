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
"""``openstack stacktach verification ...``: the verifier's verdicts.

``verification list``: ``GET /v1/verifications``; ``verification
summary``: ``GET /v1/verifications/summary`` (counts per status and code
per audit period).
"""

from stacktach_os.i18n import _
from stacktach_os.osc.v1 import base

RESOURCE_TYPE = base.Filter(
    '--resource-type', 'resource_type', '<resource-type>',
    _('List the verdicts about this type of resource: instance, image or '
      'volume'))
DEPLOYMENT = base.Filter('--deployment', 'deployment', '<deployment>',
                         _('List the verdicts of this deployment only'))
AUDIT_PERIOD = (
    base.Filter('--audit-period-beginning', 'audit_period_beginning',
                '<time>',
                _('List the verdicts of the audit period that begins at '
                  'this time (%s)') % base.TIME_HELP),
    base.Filter('--audit-period-ending', 'audit_period_ending', '<time>',
                _('List the verdicts of the audit period that ends at '
                  'this time (%s)') % base.TIME_HELP),
)


class ListVerification(base.ListCommand):
    """List the verdicts of the verifier on the exists records."""

    path = '/verifications'
    keys = ('verifications',)
    columns = ('resource_type', 'id', 'resource_id', 'status', 'code',
               'reason', 'verified_at', 'audit_period_beginning',
               'audit_period_ending', 'project_id', 'deployment',
               'message_id')
    filters = (
        base.Filter('--status', 'status', '<status>',
                    _('List the verdicts of this status: verifying, '
                      'verified, failed or reconciled (pending records '
                      'have none yet: "verification summary" counts '
                      'them)')),
        base.Filter('--code', 'code', '<code>',
                    _('List the failures of this code, e.g. '
                      'launch_mismatch_flavor')),
        RESOURCE_TYPE,
        base.Filter('--resource-id', 'resource_id', '<resource-id>',
                    _('List the verdicts about this instance, image or '
                      'volume')),
        DEPLOYMENT,
    ) + AUDIT_PERIOD
    what = _('verdicts')
    marker = '<verdict-id>'
    sort_keys = ('id', 'verified_at', 'audit_period_ending')


class SummarizeVerifications(base.ListCommand):
    """Count the verdicts per audit period, status and failure code."""

    path = '/verifications/summary'
    keys = ('summary',)
    columns = ('audit_period_beginning', 'audit_period_ending',
               'resource_type', 'status', 'code', 'count')
    filters = (RESOURCE_TYPE, DEPLOYMENT) + AUDIT_PERIOD
    what = _('verdicts')
    paging = ()
