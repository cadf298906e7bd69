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
"""Reconciliation: a failed instance exists checked against Nova itself.

With ``[verifier] reconcile = true``, an instance exists that failed its
rules (a launch or delete notification was lost, say) is looked up in
Nova with openstacksdk, as the [service_credentials] user (keystoneauth
options). It is ``reconciled`` when Nova's server confirms what the
exists reports:

- ``launched_at`` in the same second as the server's;
- the flavor: its name (``original_name``, compute API 2.47 and later)
  or its id (earlier versions);
- the project;
- the deletion: an exists with ``deleted_at`` needs a deleted server
  terminated in that second; one without needs a server that is not
  deleted, or was deleted after the audit period.

Nova only knows an instance's latest launch, so an exists of an earlier
launch (before a resize or rebuild) stays failed. A server that cannot
be found, or a Nova that cannot be asked, leaves the exists failed, with
the reason.
"""

import dataclasses

from keystoneauth1 import exceptions as ks_exceptions
from keystoneauth1 import loading as ks_loading
import openstack
from openstack import exceptions as sdk_exceptions
from oslo_log import log
from oslo_utils import timeutils

from stacktach_os.conf import verifier as verifier_conf
from stacktach_os.verifier import base
from stacktach_os import version

LOG = log.getLogger(__name__)

DELETED = 'deleted'
_ERRORS = (sdk_exceptions.SDKException, ks_exceptions.ClientException)


class NotConfigured(Exception):
    """[service_credentials] does not say how to authenticate."""


@dataclasses.dataclass(frozen=True)
class Result(object):
    """Whether Nova confirms an exists, and what it showed."""

    confirmed: bool
    detail: str


def connect(conf):
    """Return an openstacksdk Connection as the [service_credentials] user.

    Raises :class:`NotConfigured` when no ``auth_type`` is set.
    """
    group = verifier_conf.CREDENTIALS_GROUP
    auth = ks_loading.load_auth_from_conf_options(conf, group)
    if auth is None:
        raise NotConfigured(
            '[%s] auth_type is not set: reconciliation needs a user that '
            'may read every project\'s servers' % group)
    session = ks_loading.load_session_from_conf_options(conf, group,
                                                        auth=auth)
    options = getattr(conf, group)
    return openstack.connection.Connection(
        session=session, region_name=options.region_name,
        interface=options.interface, app_name='stacktach-os-verifier',
        app_version=version.version_string())


def _time(value):
    if not value:
        return None
    try:
        return timeutils.normalize_time(timeutils.parse_isotime(value))
    except ValueError:
        return None


def _flavor_differs(exists, server):
    """Return why the server's flavor is not the exists', or None."""
    flavor = server.flavor
    if flavor is None:
        return 'Nova shows no flavor'
    original_name = flavor.original_name
    if original_name:
        if exists.flavor_name is None:
            return ('Nova shows flavor %s by name; the exists has no flavor '
                    'name' % original_name)
        if original_name != exists.flavor_name:
            return base.difference('flavor', exists.flavor_name, 'nova',
                                   original_name)
        return None
    if flavor.id != exists.flavor_id:
        return base.difference('flavor_id', exists.flavor_id, 'nova',
                               flavor.id)
    return None


def _deletion_differs(exists, server):
    """Return why the server's deletion is not the exists', or None."""
    deleted = server.vm_state == DELETED
    terminated_at = _time(server.terminated_at)
    if exists.deleted_at is not None:
        if not deleted:
            return 'deleted_at: exists %s, nova shows state %s' % (
                base.shown(exists.deleted_at), server.vm_state)
        if not base.same_second(terminated_at, exists.deleted_at):
            return base.difference('deleted_at', exists.deleted_at, 'nova',
                                   terminated_at)
        return None
    if deleted and (terminated_at is None or exists.audit_period_ending
                    is None or terminated_at < exists.audit_period_ending):
        return 'deleted_at: exists none, nova shows it deleted at %s' % (
            base.shown(terminated_at))
    return None


def compare(exists, server):
    """Return the :class:`Result` of comparing an exists with a server."""
    launched_at = _time(server.launched_at)
    if not base.same_second(launched_at, exists.launched_at):
        return Result(False, base.difference(
            'launched_at', exists.launched_at, 'nova', launched_at))
    differs = _flavor_differs(exists, server)
    if differs is None and server.project_id != exists.project_id:
        differs = base.difference('project_id', exists.project_id, 'nova',
                                  server.project_id)
    if differs is None:
        differs = _deletion_differs(exists, server)
    if differs is not None:
        return Result(False, differs)
    return Result(True, 'Nova confirms launched_at %s, the flavor, the '
                  'project and the %s' % (
                      base.shown(launched_at),
                      'deletion at %s' % base.shown(exists.deleted_at)
                      if exists.deleted_at else 'absence of deletion'))


class Reconciler(object):
    """Checks failed instance exists against Nova."""

    def __init__(self, conf=None, connection=None):
        """Use ``connection``, or make one from ``conf`` when first needed."""
        self._conf = conf
        self._connection = connection

    @property
    def connection(self):
        """The openstacksdk Connection to Nova."""
        if self._connection is None:
            self._connection = connect(self._conf)
        return self._connection

    def find_server(self, instance_id):
        """Return the server of an instance, deleted or not, or None."""
        compute = self.connection.compute
        try:
            return compute.get_server(instance_id)
        except sdk_exceptions.NotFoundException:
            pass
        for server in compute.servers(details=True, all_projects=True,
                                      deleted_only=True, id=instance_id):
            if server.id == instance_id:
                return server
        return None

    def check(self, exists):
        """Return the :class:`Result` of an instance exists (nova.Exists)."""
        if exists.launched_at is None:
            return Result(False, 'the exists has no launched_at to confirm')
        try:
            server = self.find_server(exists.instance_id)
        except (_ERRORS + (NotConfigured,)) as error:
            LOG.warning('Could not ask Nova about instance %(instance)s: '
                        '%(error)s', {'instance': exists.instance_id,
                                      'error': error})
            return Result(False, 'Nova could not be asked: %s' % error)
        if server is None:
            return Result(False, 'Nova has no server %s' % exists.instance_id)
        return compare(exists, server)
