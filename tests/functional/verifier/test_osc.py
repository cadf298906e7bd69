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
"""``openstack stacktach verification list|summary``, end to end.

A real Keystone, ``stacktach-os-api`` checking its tokens, the verdicts of
a verifier pass in its database, and python-openstackclient run as a
user would run it.
"""

import datetime

import oslo_messaging
from oslo_serialization import jsonutils
import pytest

from stacktach_os import conf as st_conf
from stacktach_os.db import usage
from stacktach_os.verifier import notifier
from stacktach_os.verifier import verifier as st_verifier
from tests.functional import database
from tests.functional.keystone import keystone  # noqa: F401
from tests.functional.osc import test_openstack_cli as cli

DAY_1 = datetime.datetime(2026, 3, 2)
DAY_2 = datetime.datetime(2026, 3, 3)
LAUNCHED = datetime.datetime(2026, 3, 1, 9, 30, 0)


def _seed(store, projects):
    """Two verified instances in project A, one unseen launch in B."""
    launches, exists = [], []
    for name, project, launched in (('a1', 'project-a', True),
                                    ('a2', 'project-a', True),
                                    ('b1', 'project-b', False)):
        common = dict(instance_id='inst-%s' % name, deployment='cell1',
                      project_id=projects[project], generated=DAY_2)
        if launched:
            launches.append(dict(
                common, launched_at=LAUNCHED, flavor_id='2',
                flavor_name='m1.small', image_id=None, os_architecture=None,
                os_distro=None, os_version=None, request_id=None,
                message_id='launch-%s' % name,
                event_type='compute.instance.create.end', rank=2))
        exists.append(dict(
            common, message_id='exists-%s' % name, request_id=None,
            audit_period_beginning=DAY_1, audit_period_ending=DAY_2,
            launched_at=LAUNCHED, deleted_at=None, state='active',
            flavor_id='2', flavor_name='m1.small', image_id=None,
            os_architecture=None, os_distro=None, os_version=None,
            bandwidth_in=None, bandwidth_out=None))
    with store.writer() as session:
        usage.add_instance_usage(session, launches, [], exists)
    conf = st_conf.CONF
    conf([], project='stacktach_os', default_config_files=[])
    transport = oslo_messaging.get_notification_transport(conf,
                                                          url='fake://')
    emitter = notifier.Emitter(conf, transport=transport, topics=['x'])
    st_verifier.Verifier(store, emitter, settle_time=0).run_pass()
    emitter.close()
    transport.cleanup()


@pytest.fixture(scope='module')
def api(keystone, tmp_path_factory):  # noqa: F811
    """stacktach-os-api in the catalog, with the verdicts in its store."""
    directory = str(tmp_path_factory.mktemp('verifier-osc'))
    with database.migrated_store('sqlite') as store:
        _seed(store, keystone.projects)
        with cli.api_in_catalog(keystone, directory, store):
            yield keystone.projects


def _run(keystone, user, project, *argv):  # noqa: F811
    result = cli.openstack(keystone, user, project, *argv)
    assert result.returncode == 0, result.stderr
    return jsonutils.loads(result.stdout)


def test_a_member_lists_the_verdicts_of_their_project(api, keystone):  # noqa
    rows = _run(keystone, 'member-a', 'project-a', 'verification', 'list',
                '-f', 'json')
    assert sorted((row['resource_id'], row['status']) for row in rows) == [
        ('inst-a1', 'verified'), ('inst-a2', 'verified')]


def test_the_admin_filters_failures_of_every_project(api, keystone):  # noqa
    rows = _run(keystone, 'admin', 'admin', 'verification', 'list',
                '--all-projects', '--status', 'failed', '--code',
                'no_launch', '-f', 'json')
    [row] = rows
    assert row['resource_id'] == 'inst-b1'
    assert row['project_id'] == api['project-b']
    assert row['reason'].startswith('launched_at: exists ')


def test_the_summary(api, keystone):  # noqa: F811
    rows = _run(keystone, 'admin', 'admin', 'verification', 'summary',
                '--all-projects', '-f', 'json')
    counts = sorted((row['status'], row['code'] or '', row['count'])
                    for row in rows)
    assert counts == [('failed', 'no_launch', 1), ('verified', '', 2)]
    mine = _run(keystone, 'member-b', 'project-b', 'verification',
                'summary', '-f', 'json')
    assert [(row['status'], row['count']) for row in mine] == [
        ('failed', 1)]


def test_a_member_asking_for_all_projects_is_refused(api, keystone):  # noqa
    result = cli.openstack(keystone, 'member-a', 'project-a',
                           'verification', 'list', '--all-projects')
    assert result.returncode != 0
    assert '403' in result.stderr or 'not allow' in result.stderr
