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
"""stacktach-os-notification: consume and store OpenStack notifications."""

import cotyledon
from cotyledon import oslo_config_glue

from stacktach_os.metrics import prometheus
from stacktach_os.notification import malloc
from stacktach_os.notification import service as notification_service
from stacktach_os import service


def main(argv=None):
    """Run ``[notification] workers`` listener processes."""
    conf = service.prepare_service(argv)
    # Before any thread starts, and inherited by the forked workers.
    malloc.limit_arenas(conf.notification.malloc_arena_max)
    prometheus.serve_workers(conf, 'notification')
    manager = cotyledon.ServiceManager()
    manager.add(notification_service.NotificationService,
                workers=conf.notification.workers, args=(conf,))
    oslo_config_glue.setup(manager, conf)
    manager.run()
