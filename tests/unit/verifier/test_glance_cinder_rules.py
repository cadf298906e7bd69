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
"""The image and volume exists rules, one test per rule and code."""

import datetime

from stacktach_os.verifier import cinder
from stacktach_os.verifier import glance

DAY_1 = datetime.datetime(2026, 3, 2)
DAY_2 = datetime.datetime(2026, 3, 3)
CREATED = datetime.datetime(2026, 2, 20, 8, 30, 0, 125000)
LAUNCHED = datetime.datetime(2026, 2, 20, 8, 30, 4)
DELETED = datetime.datetime(2026, 3, 2, 17, 45, 12)
TYPE = '8a3f1e2d-4c5b-4a69-8e7f-6d5c4b3a2910'


def image_exists(**changes):
    values = dict(image_id='img-1', audit_period_beginning=DAY_1,
                  audit_period_ending=DAY_2, project_id='owner-a',
                  size=41126400, created_at=CREATED, deleted_at=None)
    values.update(changes)
    return glance.Exists(**values)


def image_usage(**changes):
    values = dict(image_id='img-1', project_id='owner-a', size=41126400,
                  created_at=CREATED)
    values.update(changes)
    return glance.Usage(**values)


def image_delete(deleted_at=DELETED):
    return glance.Delete(image_id='img-1', deleted_at=deleted_at)


def volume_exists(**changes):
    values = dict(volume_id='vol-1', audit_period_beginning=DAY_1,
                  audit_period_ending=DAY_2, project_id='project-a', size=10,
                  volume_type=TYPE, created_at=CREATED, launched_at=LAUNCHED,
                  deleted_at=None)
    values.update(changes)
    return cinder.Exists(**values)


def volume_usage(**changes):
    values = dict(volume_id='vol-1', project_id='project-a', size=10,
                  volume_type=TYPE, created_at=CREATED, launched_at=LAUNCHED)
    values.update(changes)
    return cinder.Usage(**values)


def volume_delete(deleted_at=DELETED):
    return cinder.Delete(volume_id='vol-1', deleted_at=deleted_at)


# Images.

def test_image_verifies():
    assert glance.verify(image_exists(), image_usage(), None) is None


def test_deleted_image_verifies():
    assert glance.verify(image_exists(deleted_at=DELETED), image_usage(),
                         image_delete()) is None


def test_image_no_audit_period():
    failure = glance.verify(image_exists(audit_period_ending=None),
                            image_usage(), None)
    assert failure.code == 'no_audit_period'


def test_image_no_usage():
    failure = glance.verify(image_exists(), None, None)
    assert failure.code == 'no_usage'
    assert 'img-1' in failure.reason


def test_image_usage_mismatch_owner():
    failure = glance.verify(image_exists(project_id='owner-b'),
                            image_usage(), None)
    assert failure.code == 'usage_mismatch_owner'
    assert failure.reason == 'owner: exists owner-b != usage owner-a'


def test_image_usage_mismatch_size():
    failure = glance.verify(image_exists(size=1024), image_usage(), None)
    assert failure.code == 'usage_mismatch_size'
    assert failure.reason == 'size: exists 1024 != usage 41126400'


def test_image_usage_mismatch_created_at():
    failure = glance.verify(
        image_exists(created_at=CREATED + datetime.timedelta(hours=1)),
        image_usage(), None)
    assert failure.code == 'usage_mismatch_created_at'
    assert failure.reason == ('created_at: exists 2026-02-20T09:30:00.125000 '
                              '!= usage 2026-02-20T08:30:00.125000')


def test_image_delete_mismatch_unreported_delete():
    failure = glance.verify(image_exists(), image_usage(), image_delete())
    assert failure.code == 'delete_mismatch'
    assert failure.reason == ('deleted_at: exists none != delete '
                              '2026-03-02T17:45:12.000000')


def test_image_delete_mismatch_phantom_delete():
    failure = glance.verify(image_exists(deleted_at=DELETED), image_usage(),
                            None)
    assert failure.code == 'delete_mismatch'
    assert failure.reason.endswith('!= delete none')


def test_image_delete_after_the_period_is_not_reported():
    later = image_delete(DAY_2 + datetime.timedelta(hours=3))
    assert glance.verify(image_exists(), image_usage(), later) is None


# Volumes.

def test_volume_verifies():
    assert cinder.verify(volume_exists(), volume_usage(), None) is None


def test_deleted_volume_verifies():
    assert cinder.verify(volume_exists(deleted_at=DELETED), volume_usage(),
                         volume_delete()) is None


def test_volume_no_audit_period():
    failure = cinder.verify(volume_exists(audit_period_ending=None),
                            volume_usage(), None)
    assert failure.code == 'no_audit_period'


def test_volume_no_usage():
    failure = cinder.verify(volume_exists(), None, None)
    assert failure.code == 'no_usage'
    assert 'vol-1' in failure.reason


def test_volume_usage_mismatch_project():
    failure = cinder.verify(volume_exists(project_id='project-b'),
                            volume_usage(), None)
    assert failure.code == 'usage_mismatch_project'
    assert failure.reason == ('project_id: exists project-b != usage '
                              'project-a')


def test_volume_usage_mismatch_size():
    failure = cinder.verify(volume_exists(size=20), volume_usage(), None)
    assert failure.code == 'usage_mismatch_size'
    assert failure.reason == 'size: exists 20 != usage 10'


def test_volume_usage_mismatch_volume_type():
    failure = cinder.verify(volume_exists(volume_type='ssd'),
                            volume_usage(), None)
    assert failure.code == 'usage_mismatch_volume_type'
    assert failure.reason == 'volume_type: exists ssd != usage %s' % TYPE


def test_volume_usage_mismatch_created_at():
    failure = cinder.verify(
        volume_exists(created_at=CREATED - datetime.timedelta(days=1)),
        volume_usage(), None)
    assert failure.code == 'usage_mismatch_created_at'


def test_volume_usage_mismatch_launched_at():
    failure = cinder.verify(
        volume_exists(launched_at=LAUNCHED + datetime.timedelta(seconds=9)),
        volume_usage(), None)
    assert failure.code == 'usage_mismatch_launched_at'
    assert failure.reason == ('launched_at: exists 2026-02-20T08:30:13.000000 '
                              '!= usage 2026-02-20T08:30:04.000000')


def test_volume_delete_mismatch_other_time():
    failure = cinder.verify(
        volume_exists(deleted_at=DELETED + datetime.timedelta(minutes=1)),
        volume_usage(), volume_delete())
    assert failure.code == 'delete_mismatch'


def test_volume_delete_mismatch_unreported_delete():
    failure = cinder.verify(volume_exists(), volume_usage(), volume_delete())
    assert failure.code == 'delete_mismatch'


def test_codes_name_their_rules_in_order():
    for module in (glance, cinder):
        assert len(module.RULES) == len(module.CODES)
        for rule, code in zip(module.RULES, module.CODES):
            assert rule.__name__ == code
            assert code in module.__doc__
