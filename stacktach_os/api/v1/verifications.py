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
"""``/v1/verifications``: the verifier's verdicts on the exists records.

``GET /v1/verifications`` lists one item per exists record a verifier
claimed (``verifying``) or judged (``verified``, ``failed`` with its
``code`` and ``reason``, ``reconciled``). Filters (each at most once,
equalities): ``status``, ``code``, ``resource_type`` (``instance``,
``image``, ``volume``), ``resource_id``, ``deployment``,
``audit_period_beginning``, ``audit_period_ending`` (ISO 8601);
``project_id`` and ``all_projects`` as every list; ``limit``, ``marker``
(a verdict id) and ``sort`` (``id``, ``verified_at``,
``audit_period_ending``; default ``id:desc``, the newest first). Records
still pending have no verdict yet: the summary counts them.

``GET /v1/verifications/summary`` counts the exists records per audit
period, resource type, status (``pending`` included) and failure code,
newest periods first. It takes the same filters but ``status``,
``code`` and ``resource_id``; ``limit`` is a number of audit periods and
``marker`` the ending of the last period of the previous page.
"""

import pecan
from wsme import types as wtypes

from stacktach_os.api import errors
from stacktach_os.api import params
from stacktach_os.api import rbac
from stacktach_os.api.v1 import base
from stacktach_os.api.v1 import types
from stacktach_os.db import search
from stacktach_os.db import verification
from stacktach_os.i18n import _
from stacktach_os.policies import verifications as policy

SUMMARY_FILTERS = ('resource_type', 'deployment', 'audit_period_beginning',
                   'audit_period_ending')
FILTERS = SUMMARY_FILTERS + ('status', 'code', 'resource_id')
#: The statuses a verdict list can hold (pending records have no verdict).
LISTED_STATUSES = (verification.VERIFYING,) + verification.VERDICTS


class Verification(wtypes.Base):
    """A verifier's verdict on one exists record.

    ``resource_type`` is ``instance``, ``image`` or ``volume`` and
    ``resource_id`` its id; ``message_id`` is the exists notification's.
    ``status`` is ``verifying`` (claimed), ``verified``, ``failed`` (with
    ``code`` and ``reason``) or ``reconciled`` (failed, then confirmed by
    Nova: ``code`` and ``reason`` say why it had failed). ``event_type``
    and ``notification_id`` are those of the verdict's notification, sent
    once ``emitted`` is true.
    """

    id = int
    resource_type = wtypes.text
    resource_id = wtypes.text
    message_id = wtypes.text
    deployment = wtypes.text
    project_id = wtypes.text
    audit_period_beginning = types.timestamp
    audit_period_ending = types.timestamp
    status = wtypes.text
    code = wtypes.text
    reason = wtypes.text
    verified_at = types.timestamp
    event_type = wtypes.text
    notification_id = wtypes.text
    emitted = bool

    @classmethod
    def from_row(cls, row):
        """Make the document of a Verification row."""
        return cls(
            id=row.id, resource_type=row.resource_type,
            resource_id=row.resource_id, message_id=row.message_id,
            deployment=row.deployment, project_id=row.project_id,
            audit_period_beginning=row.audit_period_beginning,
            audit_period_ending=row.audit_period_ending, status=row.status,
            code=row.code, reason=row.reason, verified_at=row.verified_at,
            event_type=row.event_type,
            notification_id=verification.notification_id(
                row.message_id, row.resource_id, row.event_type)
            if row.event_type else None,
            emitted=bool(row.emitted))


class VerificationCollection(wtypes.Base):
    """A page of verdicts."""

    verifications = [Verification]
    links = [types.Link]


class VerificationCount(wtypes.Base):
    """How many exists records of an audit period have a status and code."""

    audit_period_beginning = types.timestamp
    audit_period_ending = types.timestamp
    resource_type = wtypes.text
    status = wtypes.text
    code = wtypes.text
    count = int

    @classmethod
    def from_count(cls, count):
        """Make the document of a verification.Count."""
        return cls(audit_period_beginning=count.audit_period_beginning,
                   audit_period_ending=count.audit_period_ending,
                   resource_type=count.resource_type, status=count.status,
                   code=count.code, count=count.count)


class VerificationSummary(wtypes.Base):
    """The counts of a page of audit periods."""

    summary = [VerificationCount]
    links = [types.Link]


def _choice(query, name, choices):
    value = query.text(name)
    if value is not None and value not in choices:
        raise errors.BadRequest(
            _('%(name)s: %(value)s is not one of %(choices)s') % {
                'name': name, 'value': params.shown(value),
                'choices': ', '.join(choices)})
    return value


def _common_filters(query):
    return dict(
        resource_type=_choice(query, 'resource_type',
                              tuple(verification.RESOURCE_TYPES)),
        deployment=query.text('deployment'),
        audit_period_beginning=query.datetime('audit_period_beginning'),
        audit_period_ending=query.datetime('audit_period_ending'))


def _status(query):
    value = query.text('status')
    if value == verification.PENDING:
        raise errors.BadRequest(
            _('status: pending records have no verdict yet; '
              '/v1/verifications/summary counts them'))
    return _choice(query, 'status', LISTED_STATUSES)


class SummaryController(base.Controller):
    """``/v1/verifications/summary``."""

    @base.expose(VerificationSummary)
    def get_all(self):
        """Count the exists records of a page of audit periods."""
        request = pecan.request
        query = params.Query(request, SUMMARY_FILTERS + params.PROJECTS +
                             ('limit', 'marker'))
        scope = rbac.project_scope(request, query, policy.SUMMARY,
                                   policy.ALL_PROJECTS)
        filters = _common_filters(query)
        limit = query.limit()
        before = query.datetime('marker')
        with base.reading(request) as session:
            counts, endings = verification.summarize(
                session, scope, limit, before=before, **filters)
        page = search.Page(limit=limit)
        return VerificationSummary(
            summary=[VerificationCount.from_count(count)
                     for count in counts],
            links=base.next_links(request, page, [
                types.Timestamp.tobasetype(ending) for ending in endings]))


class VerificationsController(base.Controller):
    """``/v1/verifications``."""

    summary = SummaryController()

    @base.expose(VerificationCollection)
    def get_all(self):
        """Return a page of the verdicts that match the filters."""
        request = pecan.request
        query = params.Query(request, FILTERS + params.PAGING +
                             params.PROJECTS)
        scope = rbac.project_scope(request, query, policy.LIST,
                                   policy.ALL_PROJECTS)
        filters = _common_filters(query)
        filters.update(status=_status(query), code=query.text('code'),
                       resource_id=query.text('resource_id'))
        page = query.page(tuple(verification.SORT_KEYS),
                          verification.DEFAULT_SORT)
        with base.reading(request) as session:
            rows = verification.list_verifications(session, scope, page,
                                                   **filters)
            documents = [Verification.from_row(row) for row in rows]
        return VerificationCollection(
            verifications=documents,
            links=base.next_links(request, page,
                                  [str(row.id) for row in rows]))
