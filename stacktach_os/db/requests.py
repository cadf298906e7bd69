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
"""SQL of requests: what every notification of a request id adds up to.

A request id is unique across deployments (a request that starts in the
API cell and ends in a compute cell is one request), so requests are
keyed by request id alone. Each batch adds its notifications' counts and
times to the request's row in one upsert, the database doing the sums,
so that workers never wait for each other. The notifications themselves,
and so the services, hosts and deployments a request went through, are
the archived ones with its request id (:func:`list_notifications`,
:func:`participants`).
"""

import collections
import dataclasses
import datetime
import functools

from sqlalchemy import and_
from sqlalchemy import case
from sqlalchemy import exists
from sqlalchemy import func
from sqlalchemy import literal_column
from sqlalchemy import or_
from sqlalchemy import orm
from sqlalchemy import select

from stacktach_os.db import expressions
from stacktach_os.db import merge
from stacktach_os.db import models
from stacktach_os.db import paging
from stacktach_os.db import utils
from stacktach_os.tracing import ids

OK = 'ok'
ERROR = 'error'
UNFINISHED = 'unfinished'
OUTCOMES = (OK, ERROR, UNFINISHED)

SORT_KEYS = {
    'first_generated': models.Request.first_generated,
    'last_generated': models.Request.last_generated,
    'request_id': models.Request.request_id,
    'notification_count': models.Request.notification_count,
    'duration': func.coalesce(models.Request.duration, -1.0),
    'kpi': func.coalesce(models.Request.kpi, -1.0),
}
DEFAULT_SORT = (('first_generated', paging.DESC),)

#: The most notifications :func:`list_notifications` returns.
MAX_NOTIFICATIONS = 1000


def service_of(publisher_id):
    """Return the service of a publisher id, or None.

    ``nova-compute:host-1`` gives ``nova-compute``, ``compute.host-1``
    ``compute``.
    """
    if not isinstance(publisher_id, str) or not publisher_id:
        return None
    separator = ':' if ':' in publisher_id else '.'
    return publisher_id.split(separator, 1)[0].strip() or None


def is_api(service):
    """True for the services that receive the users' requests."""
    return service is not None and 'api' in service.lower()


@functools.lru_cache(maxsize=4096)
def is_api_publisher(publisher_id):
    """True when the publisher id names an API service; few of them."""
    return is_api(service_of(publisher_id))


@dataclasses.dataclass
class Activity(object):
    """What one batch saw of a request; :func:`record` adds it up.

    Its fields are the columns of ``requests`` that a batch sets.
    """

    request_id: str
    deployment: str
    first_generated: datetime.datetime
    first_event_type: str | None
    last_generated: datetime.datetime
    global_request_id: str | None = None
    project_id: str | None = None
    api_generated: datetime.datetime | None = None
    end_generated: datetime.datetime | None = None
    end_event_type: str | None = None
    notification_count: int = 0
    error_count: int = 0


@dataclasses.dataclass
class Participants(object):
    """The services, hosts and deployments a request went through."""

    services: list
    hosts: list
    deployments: list


def _seconds(start, end):
    if start is None or end is None or end < start:
        return None
    return (end - start).total_seconds()


def _outcome(error_count, end_generated):
    if error_count:
        return ERROR
    return OK if end_generated is not None else UNFINISHED


def _row(activity):
    row = dict(vars(activity))
    row['duration'] = _seconds(activity.first_generated,
                               activity.end_generated)
    row['kpi'] = _seconds(activity.api_generated, activity.end_generated)
    row['outcome'] = _outcome(activity.error_count, activity.end_generated)
    row['trace_id'] = ids.request_trace_id(activity.request_id,
                                           activity.global_request_id)
    return row


def _span(start, end):
    """Seconds from start to end in SQL; NULL when unknown or negative."""
    return case((and_(start.is_not(None), end.is_not(None), end >= start),
                 expressions.seconds_between(start, end)), else_=None)


def _assignments(row, new):
    """Add a batch's activity (``new``) to a stored request (``row``).

    Every expression reads the stored values: MySQL assigns in order, so
    the derived columns come first and each time column after the
    columns that follow it.
    """
    earlier = new.first_generated < row.first_generated
    first = case((earlier, new.first_generated), else_=row.first_generated)
    later_end = and_(new.end_generated.is_not(None),
                     or_(row.end_generated.is_(None),
                         new.end_generated >= row.end_generated))
    end = case((later_end, new.end_generated), else_=row.end_generated)
    earlier_api = and_(new.api_generated.is_not(None),
                       or_(row.api_generated.is_(None),
                           new.api_generated < row.api_generated))
    api = case((earlier_api, new.api_generated), else_=row.api_generated)
    errors = row.error_count + new.error_count
    return [
        ('duration', _span(first, end)),
        ('kpi', _span(api, end)),
        # Constants written inline: PyMySQL allows no parameters there.
        ('outcome', case((errors > literal_column('0'),
                          literal_column("'%s'" % ERROR)),
                         (end.is_not(None), literal_column("'%s'" % OK)),
                         else_=literal_column("'%s'" % UNFINISHED))),
        ('first_event_type', case((earlier, new.first_event_type),
                                  else_=row.first_event_type)),
        ('deployment', case((earlier, new.deployment),
                            else_=row.deployment)),
        ('end_event_type', case((later_end, new.end_event_type),
                                else_=row.end_event_type)),
        # Before global_request_id: the trace of the global request id
        # once there is one.
        ('trace_id', case((row.global_request_id.is_(None), func.coalesce(
            new.trace_id, row.trace_id)), else_=row.trace_id)),
        ('global_request_id', func.coalesce(row.global_request_id,
                                            new.global_request_id)),
        ('project_id', func.coalesce(row.project_id, new.project_id)),
        ('notification_count', row.notification_count
         + new.notification_count),
        ('error_count', errors),
        ('api_generated', api),
        ('end_generated', end),
        ('first_generated', first),
        ('last_generated', case(
            (new.last_generated > row.last_generated, new.last_generated),
            else_=row.last_generated)),
    ]


def record(session, activities):
    """Add each :class:`Activity` (one per request id) to its request."""
    merge.upsert(session, models.Request.__table__, ('request_id',),
                 [_row(activity) for activity in sorted(
                     activities, key=lambda activity: activity.request_id)],
                 'add', _assignments)


def get_request(session, scope, request_id):
    """Return the Request with this request id in scope, or None."""
    model = models.Request
    return session.scalars(paging.scoped(
        select(model).where(model.request_id == request_id),
        model.project_id, scope)).first()


def list_requests(session, scope, page, global_request_id=None,
                  deployment=None, outcome=None, since=None, until=None):
    """Return a page of Request rows matching every filter given.

    ``since`` (inclusive) and ``until`` (exclusive) bound the time of the
    first notification; ``deployment`` matches any deployment the request
    went through. Sort keys are :data:`SORT_KEYS` (default newest first;
    ``duration`` and ``kpi`` put the requests without one first); the
    marker is a request id.
    """
    model = models.Request
    conditions = paging.equal_conditions((
        (model.global_request_id, global_request_id),
        (model.outcome, outcome)))
    if deployment is not None:
        raw = models.RawNotification
        conditions.append(or_(
            model.deployment == deployment,
            exists().where(raw.request_id == model.request_id,
                           raw.deployment == deployment)))
    conditions.extend(paging.time_conditions(model.first_generated, since,
                                             until))
    return paging.page_of(session, model, conditions, scope, page,
                          SORT_KEYS, DEFAULT_SORT,
                          marker_column=model.request_id)


def participants(session, request_ids):
    """Return {request id: :class:`Participants`} from the archive.

    Give the ids of requests already found in the caller's scope.
    """
    raw = models.RawNotification
    found = collections.defaultdict(lambda: (set(), set(), set()))
    for chunk in utils.chunks(sorted(set(request_ids))):
        for request_id, publisher_id, host, deployment in session.execute(
                select(raw.request_id, raw.publisher_id, raw.host,
                       raw.deployment).where(raw.request_id.in_(chunk))
                .distinct()):
            services, hosts, deployments = found[request_id]
            service = service_of(publisher_id)
            if service:
                services.add(service)
            if host:
                hosts.add(host)
            deployments.add(deployment)
    return {request_id: Participants(sorted(services), sorted(hosts),
                                     sorted(deployments))
            for request_id, (services, hosts, deployments) in found.items()}


def list_notifications(session, scope, request_id,
                       limit=MAX_NOTIFICATIONS):
    """Return the archived notifications of a request, oldest first.

    RawNotification rows (their bodies are not loaded until read); an
    empty list when the request is not in scope.
    """
    if get_request(session, scope, request_id) is None:
        return []
    model = models.RawNotification
    limit = max(1, min(limit, MAX_NOTIFICATIONS))
    return list(session.scalars(
        select(model).options(orm.defer(model.body))
        .where(model.request_id == request_id)
        .order_by(model.generated, model.id).limit(limit)))
