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
"""What the v1 commands share: options, API parameters, list commands.

Options map one to one to API parameters. Every list takes ``--limit``,
``--marker`` and ``--sort``; lists of project data take ``--project`` and
``--all-projects``. Without them a project-scoped token lists its own
project, as other openstack commands do; a token without a project (a
system-scoped or unauthenticated one) gets what the API gives it.
"""

import abc
import argparse
import collections
from urllib import parse

from osc_lib.command import command

from stacktach_os.i18n import _
from stacktach_os.osc.v1 import columns

#: An option of a command that is sent as the API parameter ``param``.
Filter = collections.namedtuple('Filter', 'option param metavar help')

TIME_HELP = _('an ISO 8601 date and time, UTC unless it has an offset, '
              'e.g. 2026-01-31T12:00:00Z')


def since(what):
    """The ``--since`` filter of a list of ``what``."""
    return Filter('--since', 'since', '<time>',
                  _('List the %(what)s at or after this time (%(time)s)')
                  % {'what': what, 'time': TIME_HELP})


def until(what):
    """The ``--until`` filter of a list of ``what``."""
    return Filter('--until', 'until', '<time>',
                  _('List the %(what)s before this time (%(time)s)')
                  % {'what': what, 'time': TIME_HELP})


def quote(value):
    """Return a value quoted to be one segment of an API path."""
    return parse.quote(value, safe='')


def limit_type(value):
    """Read ``--limit``: a positive integer, or -1 for everything."""
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1 and number != -1:
        raise argparse.ArgumentTypeError(
            _('%r is not a positive integer or -1') % value)
    return number


def add_filters(parser, filters):
    """Add an option per Filter to ``parser``."""
    for item in filters:
        parser.add_argument(item.option, metavar=item.metavar,
                            dest=item.param, help=item.help)


def filter_params(parsed_args, filters):
    """Return the (param, value) pairs of the filters given."""
    return [(item.param, getattr(parsed_args, item.param))
            for item in filters
            if getattr(parsed_args, item.param, None) is not None]


PAGING = ('limit', 'marker', 'sort')


def add_paging(parser, what, marker, sort_keys, options=PAGING):
    """Add ``--limit``, ``--marker`` and ``--sort`` (those in ``options``)."""
    if 'limit' in options:
        parser.add_argument(
            '--limit', metavar='<count>', type=limit_type,
            help=_('List at most this many %s, following the pages of the '
                   'API; -1 lists them all. Default: one page of the '
                   'API\'s default size') % what)
    if 'marker' in options:
        parser.add_argument(
            '--marker', metavar=marker,
            help=_('Start after this one of the %s (the last one of the '
                   'previous page)') % what)
    if 'sort' in options:
        parser.add_argument(
            '--sort', metavar='<key>[:asc|desc][,<key>[:asc|desc]...]',
            help=_('Order of the %(what)s, done by the API; the keys are: '
                   '%(keys)s') % {'what': what, 'keys': ', '.join(sort_keys)})


def paging_params(parsed_args):
    """Return the ``marker`` and ``sort`` parameters given."""
    return [(name, getattr(parsed_args, name)) for name in ('marker', 'sort')
            if getattr(parsed_args, name, None) is not None]


def add_scope(parser, what):
    """Add ``--project`` and ``--all-projects`` to ``parser``."""
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        '--project', metavar='<project-id>',
        help=_('List the %s of this project (an ID). Another project than '
               'the token\'s needs the right to see all projects (admin). '
               'Default: the project of the token') % what)
    group.add_argument(
        '--all-projects', action='store_true',
        help=_('List the %s of every project (admin only)') % what)


def scope_params(parsed_args, client):
    """Return the ``project_id``/``all_projects`` parameters to send."""
    if parsed_args.project:
        return [('project_id', parsed_args.project)]
    if parsed_args.all_projects:
        return [('all_projects', 'true')]
    if client.project_id():
        return [('all_projects', 'false')]
    return []


class ListCommand(command.Lister):
    """A list of an API collection; subclasses describe it.

    ``path`` is below ``/v1``; ``keys`` the collection's names in the
    document; ``columns`` the well-known fields, in display order;
    ``filters`` the Filter options; ``scoped`` whether it takes
    ``--project``/``--all-projects``; ``paging`` its paging options
    (none: every page is shown), ``sort_keys`` the keys of ``--sort`` and
    ``marker`` the metavar of ``--marker``.
    """

    path = None
    keys = ()
    columns = ()
    filters = ()
    scoped = True
    what = 'items'
    paging = PAGING
    marker = '<marker>'
    sort_keys = ('name',)

    def get_parser(self, prog_name):
        """Return the parser of the command's options."""
        parser = super().get_parser(prog_name)
        self.add_arguments(parser)
        add_filters(parser, self.filters)
        if self.scoped:
            add_scope(parser, self.what)
        add_paging(parser, self.what, self.marker, self.sort_keys,
                   self.paging)
        return parser

    def add_arguments(self, parser):
        """Add the command's own (positional) arguments."""

    def request_path(self, parsed_args):
        """Return the path below ``/v1`` to list."""
        return self.path

    def params(self, parsed_args, client):
        """Return every API parameter of the request."""
        params = filter_params(parsed_args, self.filters)
        if self.scoped:
            params += scope_params(parsed_args, client)
        return params + paging_params(parsed_args)

    def take_action(self, parsed_args):
        """List the collection."""
        client = self.app.client_manager.stacktach
        # A list without --limit is shown whole.
        limit = parsed_args.limit if 'limit' in self.paging else -1
        items = client.list(self.request_path(parsed_args), self.keys,
                            self.params(parsed_args, client), limit=limit)
        return columns.rows(items, self.columns)


class ShowCommand(command.ShowOne):
    """One API document as fields; subclasses give ``columns``."""

    columns = ()

    @abc.abstractmethod
    def document(self, parsed_args, client):
        """Return the document to show."""

    def take_action(self, parsed_args):
        """Show the document."""
        client = self.app.client_manager.stacktach
        return columns.show(self.document(parsed_args, client), self.columns)
