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
"""stacktach-os-dbsync: create and upgrade the database schema.

    stacktach-os-dbsync [--config-file FILE] upgrade [REVISION]
    stacktach-os-dbsync current | history | check

``check`` exits 1 when the schema is behind the installed code, so that
deployment tools can tell whether an upgrade is due.
"""

import sys

from oslo_config import cfg

from stacktach_os import conf as st_conf
from stacktach_os.db import api as db_api
from stacktach_os.db import migration
from stacktach_os import service


def _upgrade(store):
    revision = st_conf.CONF.command.revision
    migration.upgrade(store, revision)
    print('Database is at revision %s' % migration.current_revision(store))
    return 0


def _current(store):
    print(migration.current_revision(store) or 'none (empty database)')
    return 0


def _history(store):
    current = migration.current_revision(store)
    for revision, message in migration.history():
        marker = ' (current)' if revision == current else ''
        print('%s%s: %s' % (revision, marker, message.splitlines()[0]))
    return 0


def _check(store):
    current = migration.current_revision(store)
    head = migration.head_revision()
    if current == head:
        print('Database is up to date (revision %s)' % head)
        return 0
    print('Database is at revision %s; the code needs %s: run '
          '"stacktach-os-dbsync upgrade"' % (current or 'none', head))
    return 1


def _add_parsers(subparsers):
    upgrade = subparsers.add_parser(
        'upgrade', help='Upgrade the schema to a revision (default: head).')
    upgrade.add_argument('revision', nargs='?', default='head')
    upgrade.set_defaults(func=_upgrade)
    for name, func, text in (
            ('current', _current, 'Show the revision of the schema.'),
            ('history', _history, 'List the revisions, newest first.'),
            ('check', _check,
             'Exit 1 when the schema is older than the code.')):
        subparsers.add_parser(name, help=text).set_defaults(func=func)


command_opt = cfg.SubCommandOpt('command', title='Commands',
                                help='Available commands',
                                handler=_add_parsers)


def main(argv=None):
    """Run stacktach-os-dbsync."""
    st_conf.CONF.register_cli_opt(command_opt)
    argv = sys.argv[1:] if argv is None else argv
    service.prepare_service(argv)
    store = db_api.store_from_conf(st_conf.CONF)
    try:
        return st_conf.CONF.command.func(store)
    finally:
        store.dispose()


if __name__ == '__main__':
    sys.exit(main())
