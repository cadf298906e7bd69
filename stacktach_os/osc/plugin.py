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
"""The openstackclient plugin of stacktach_os: ``openstack stacktach ...``.

Registered under the ``openstack.cli.extension`` entry point; its
commands are in the ``openstack.stacktach.v1`` group.
"""

import logging

from osc_lib import exceptions
from osc_lib import utils
from oslo_utils import importutils

from stacktach_os.i18n import _

LOG = logging.getLogger(__name__)

API_NAME = 'stacktach'
API_VERSION_OPTION = 'os_stacktach_api_version'
DEFAULT_API_VERSION = '1'
API_VERSIONS = {
    '1': 'stacktach_os.osc.client.Client',
}


def _client_class(version):
    try:
        return importutils.import_class(API_VERSIONS[str(version)])
    except KeyError:
        raise exceptions.UnsupportedVersion(
            _('stacktach API version %(version)s is not supported; the '
              'versions are: %(versions)s') % {
                  'version': version,
                  'versions': ', '.join(sorted(API_VERSIONS))})


def _endpoint_override(instance):
    """Return the URL given by option or in clouds.yaml, or None."""
    config = instance._cli_options.config
    return (config.get('stacktach_url') or
            config.get('stacktach_endpoint_override') or None)


def make_client(instance):
    """Return the stacktach client of an osc_lib ClientManager."""
    cls = _client_class(instance._api_version[API_NAME])
    instance.setup_auth()
    endpoint = _endpoint_override(instance)
    LOG.debug('Instantiating the stacktach client %s (endpoint %s)',
              cls, endpoint or 'from the catalog')
    return cls(instance.session, endpoint=endpoint,
               interface=instance.interface,
               region_name=instance.region_name)


def build_option_parser(parser):
    """Add the global options of the plugin to ``parser``."""
    parser.add_argument(
        '--os-stacktach-api-version',
        metavar='<stacktach-api-version>',
        default=utils.env('OS_STACKTACH_API_VERSION',
                          default=DEFAULT_API_VERSION),
        help=_('stacktach API version, default=%s '
               '(Env: OS_STACKTACH_API_VERSION)') % DEFAULT_API_VERSION)
    parser.add_argument(
        '--os-stacktach-url',
        metavar='<url>',
        default=utils.env('OS_STACKTACH_URL'),
        help=_('URL of the stacktach API, instead of the "stacktach" '
               'endpoint of the service catalog (Env: OS_STACKTACH_URL)'))
    return parser
