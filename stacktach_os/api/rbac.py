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
"""Policy checks and the project scope of each request.

The credentials are the request's oslo.context RequestContext, made from
the headers keystonemiddleware sets; the rules are in
``stacktach_os.policies``. Lists are scoped as follows:

- a caller who passes the resource's ``all_projects`` rule (an admin or a
  system reader by default) sees every project, unless ``project_id``
  names one, or ``all_projects=false`` limits the list to the token's
  project;
- any other caller sees the project of their token: ``project_id`` naming
  another project, or ``all_projects=true``, is a 403.

A single row (an event, a notification) is checked against its own
project; a row the caller may not see is not found (404), so that its
existence is not revealed. Rows without a project are an admin's only.
"""

from oslo_policy import policy

from stacktach_os.api import errors
from stacktach_os.db import search
from stacktach_os.i18n import _


def _target(project_id):
    # No project_id key at all for rows without a project: a check like
    # project_id:%(project_id)s then fails, instead of comparing 'None'
    # with the 'None' of a token that has no project either.
    return {} if project_id is None else {'project_id': project_id}


def _check(request, rule, project_id, do_raise):
    try:
        return request.enforcer.authorize(
            rule, _target(project_id), request.context, do_raise=do_raise)
    except policy.InvalidScope:
        if do_raise:
            raise errors.Forbidden(
                _('Policy %s does not allow a token of this scope') % rule)
        return False
    except policy.PolicyNotAuthorized:
        raise errors.Forbidden(_('Policy does not allow %s') % rule)


def authorize(request, rule, project_id):
    """Raise a 403 unless ``rule`` allows access to ``project_id``."""
    _check(request, rule, project_id, do_raise=True)


def allowed(request, rule, project_id):
    """Return True when ``rule`` allows access to ``project_id``."""
    return bool(_check(request, rule, project_id, do_raise=False))


def project_scope(request, query, list_rule, all_projects_rule):
    """Return the scope of a list: a project id or search.ALL_PROJECTS.

    ``query`` gives the ``project_id`` and ``all_projects`` parameters.
    """
    own = request.context.project_id
    project_id = query.text('project_id')
    all_projects = query.boolean('all_projects')
    if project_id is not None and all_projects:
        raise errors.BadRequest(
            _('project_id and all_projects=true cannot be given together'))
    if project_id is None and all_projects is None:
        all_projects = allowed(request, all_projects_rule, own)
    if all_projects:
        authorize(request, all_projects_rule, own)
        authorize(request, list_rule, own)
        return search.ALL_PROJECTS
    target = project_id or own
    if target is None:
        raise errors.BadRequest(
            _('This token has no project: give project_id or '
              'all_projects=true'))
    if target != own:
        authorize(request, all_projects_rule, own)
    authorize(request, list_rule, target)
    return target


def check_visible(request, rule, project_id, what):
    """Raise a 404 about ``what`` unless ``rule`` allows ``project_id``.

    The caller must first pass ``rule`` for their own project (else 403),
    so that a 404 only ever hides rows of other projects.
    """
    if not allowed(request, rule, project_id):
        raise errors.NotFound(_('%s not found') % what)
