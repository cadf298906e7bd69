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
"""Start-up shared by every stacktach_os process."""

from oslo_log import log

from stacktach_os import conf as st_conf
from stacktach_os import version

PROJECT = 'stacktach_os'


def prepare_service(argv=None, conf=None, default_config_files=None):
    """Parse the command line and configuration files, set up logging.

    Every process reads --config-file and --config-dir as other OpenStack
    services do; the default is /etc/stacktach_os/stacktach_os.conf.
    """
    conf = conf or st_conf.CONF
    log.register_options(conf)
    log.set_defaults(default_log_levels=log.get_default_log_levels() + [
        'alembic=WARN', 'stevedore=WARN', 'amqp=WARN', 'kombu=WARN'])
    conf(argv, project=PROJECT, version=version.version_string(),
         default_config_files=default_config_files)
    log.setup(conf, PROJECT)
    return conf
