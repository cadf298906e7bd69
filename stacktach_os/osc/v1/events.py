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
"""``openstack stacktach event ...``: search, show and watch events.

``event list``, ``event watch``: ``GET /v1/events``; ``event show``:
``GET /v1/events/{message_id}`` (``--raw``: ``.../notification``);
``event type list``: ``GET /v1/event_types``; ``event trait list``:
``GET /v1/event_types/{type}/traits``.
"""

import argparse
import time

from osc_lib import exceptions

from stacktach_os.i18n import _
from stacktach_os.osc.v1 import base
from stacktach_os.osc.v1 import columns

EVENTS = '/events'
EVENT_KEYS = ('events',)
EVENT_COLUMNS = ('message_id', 'event_type', 'generated', 'deployment',
                 'project_id', 'resource_id', 'request_id', 'host')
EVENT_SORT_KEYS = ('generated', 'event_type', 'deployment', 'message_id')
NOTIFICATION_COLUMNS = (
    'message_id', 'event_type', 'deployment', 'publisher_id', 'host',
    'priority', 'generated', 'received', 'request_id', 'global_request_id',
    'project_id', 'resource_id', 'malformed', 'error', 'body')

EVENT_FILTERS = (
    base.Filter('--event-type', 'event_type', '<event-type>',
                _('List the events of this type; * matches any text, '
                  'e.g. "compute.instance.*.end"')),
    base.since(_('events')),
    base.until(_('events')),
    base.Filter('--instance', 'instance_id', '<instance-id>',
                _('List the events about this instance (or image, '
                  'volume...: the resource_id of the events)')),
    base.Filter('--request', 'request_id', '<request-id>',
                _('List the events of this request (req-...)')),
    base.Filter('--deployment', 'deployment', '<deployment>',
                _('List the events of this deployment (a cell or region, '
                  'one per notification bus)')),
)


def trait_filter(value):
    """Read ``--trait NAME=[OP:]VALUE`` as a (NAME, [OP:]VALUE) pair."""
    name, equals, condition = value.partition('=')
    if not equals or not name.strip():
        raise argparse.ArgumentTypeError(
            _('%r is not NAME=[OP:]VALUE, e.g. memory_mb=ge:2048') % value)
    return name.strip(), condition


def add_event_filters(parser):
    """Add the filters of ``event list`` and ``event watch``."""
    base.add_filters(parser, EVENT_FILTERS)
    parser.add_argument(
        '--trait', metavar='<name>=[<op>:]<value>', dest='traits',
        action='append', type=trait_filter, default=[],
        help=_('List the events with a trait that compares true with the '
               'value; <op> is eq (default), ne, lt, le, gt or ge, e.g. '
               '"memory_mb=ge:2048". A type may follow the operator '
               '(text, int, float or datetime): "flavor_id=eq:text:2". '
               'Repeat for more conditions (all must hold)'))
    base.add_scope(parser, _('events'))


def event_params(parsed_args, client):
    """Return the API parameters of the event filters given."""
    params = base.filter_params(parsed_args, EVENT_FILTERS)
    params += [('trait:' + name, condition)
               for name, condition in parsed_args.traits]
    return params + base.scope_params(parsed_args, client)


class ListEvent(base.ListCommand):
    """List the events that match the filters, newest first."""

    path = EVENTS
    keys = EVENT_KEYS
    columns = EVENT_COLUMNS
    what = _('events')
    marker = '<message-id>'
    sort_keys = EVENT_SORT_KEYS
    scoped = False

    def add_arguments(self, parser):
        """Add the event filters."""
        add_event_filters(parser)

    def params(self, parsed_args, client):
        """Return the filters, scope and paging parameters."""
        return (event_params(parsed_args, client) +
                base.paging_params(parsed_args))


class ShowEvent(base.ShowCommand):
    """Show an event and its traits, or the notification it came from."""

    columns = EVENT_COLUMNS + ('traits',)

    def get_parser(self, prog_name):
        """Return the parser of the command's options."""
        parser = super().get_parser(prog_name)
        parser.add_argument(
            'message_id', metavar='<message-id>',
            help=_('Message id of the event (its notification\'s)'))
        parser.add_argument(
            '--raw', action='store_true',
            help=_('Show the notification as it was received (secrets '
                   'scrubbed) instead of the distilled event'))
        return parser

    def document(self, parsed_args, client):
        """Return the event, or its notification with --raw."""
        path = EVENTS + '/' + base.quote(parsed_args.message_id)
        if parsed_args.raw:
            return client.get(path + '/notification')
        return client.get(path)

    def take_action(self, parsed_args):
        """Show the event, or the notification."""
        client = self.app.client_manager.stacktach
        preferred = NOTIFICATION_COLUMNS if parsed_args.raw else self.columns
        return columns.show(self.document(parsed_args, client), preferred)


def positive_seconds(value):
    """Read ``--interval``: a positive number of seconds."""
    try:
        seconds = float(value)
    except ValueError:
        seconds = 0
    if not seconds > 0 or seconds == float('inf'):
        raise argparse.ArgumentTypeError(
            _('%r is not a positive number of seconds') % value)
    return seconds


def count(value):
    """Read a count: an integer, 0 or more."""
    if not value.isdigit():
        raise argparse.ArgumentTypeError(
            _('%r is not an integer, 0 or more') % value)
    return int(value)


class WatchEvent(base.ListCommand):
    """Print the events that match the filters as they arrive, until Ctrl-C.

    Polls the API every --interval seconds for the events generated after
    the last one printed (in the order of their generation time) and
    prints each batch as it comes: one table per batch in table format,
    one JSON list per batch with -f json.
    """

    what = _('events')
    paging = ()
    scoped = False
    interval = 2.0

    def add_arguments(self, parser):
        """Add the event filters, --interval and --backlog."""
        add_event_filters(parser)
        parser.add_argument(
            '--interval', metavar='<seconds>', type=positive_seconds,
            default=self.interval,
            help=_('Seconds between two polls (default: %s)')
            % self.interval)
        parser.add_argument(
            '--backlog', metavar='<count>', type=count, default=0,
            help=_('First print this many of the latest matching events '
                   '(default: 0, only new ones)'))

    def take_action(self, parsed_args):
        """Return no columns yet, and the batches of new events."""
        return (), self._batches(parsed_args)

    def _batches(self, parsed_args):
        client = self.app.client_manager.stacktach
        params = event_params(parsed_args, client)
        latest = client.list(EVENTS, EVENT_KEYS,
                             params + [('sort', 'generated:desc')],
                             limit=max(parsed_args.backlog, 1))
        state = _Position(latest[0] if latest else None)
        if parsed_args.backlog and latest:
            yield list(reversed(latest[:parsed_args.backlog]))
        while True:
            time.sleep(parsed_args.interval)
            for batch in self._poll(client, params, state):
                yield batch

    def _poll(self, client, params, state):
        """Yield each page of the events after ``state``; advance it."""
        try:
            for page in client.pages(EVENTS, EVENT_KEYS,
                                     state.params(params), limit=-1):
                page = state.new(page)
                if page:
                    yield page
        except exceptions.BadRequest:
            if state.marker is None:
                raise
            # The last event printed is gone (expired): go on from its time.
            state.marker = None
        except exceptions.ClientException as error:
            # A server error passes, as an API restart does: a tail keeps
            # trying. What the request got wrong ends it.
            if not isinstance(error.code, int) or error.code < 500:
                raise
            self.log.warning(_('Polling failed, trying again: %s'), error)
        except exceptions.CommandError as error:
            # The API is unreachable, or answers something else than JSON.
            self.log.warning(_('Polling failed, trying again: %s'), error)

    def produce_output(self, parsed_args, column_names, data):
        """Print each batch of events as it arrives."""
        names = None
        for batch in data:
            if names is None:
                names = columns.names(batch, EVENT_COLUMNS)
            super().produce_output(
                parsed_args, names,
                [columns.row(item, names) for item in batch])
            self.app.stdout.flush()
        return 0

    def run(self, parsed_args):
        """Watch until interrupted; Ctrl-C is a normal end."""
        try:
            return super().run(parsed_args)
        except KeyboardInterrupt:
            return 0


class _Position(object):
    """Where a watch is: the last event printed.

    The next poll asks for the events after it (``marker``). When that
    event is gone, it asks for the events since its time and skips those
    already printed.
    """

    def __init__(self, last):
        self.marker = last.get('message_id') if last else None
        self.generated = last.get('generated') if last else None
        self.printed = {self.marker} if last else set()

    def params(self, params):
        """Return the parameters of the next poll."""
        params = params + [('sort', 'generated:asc')]
        if self.marker is not None:
            return params + [('marker', self.marker)]
        if self.generated is not None:
            return [(name, value) for name, value in params
                    if name != 'since'] + [('since', self.generated)]
        return params

    def new(self, events):
        """Return the events not printed yet; remember the last one."""
        events = [event for event in events
                  if event.get('message_id') not in self.printed]
        if events:
            last = events[-1]
            if last.get('generated') != self.generated:
                self.printed = set()
            self.generated = last.get('generated')
            self.printed.update(event.get('message_id') for event in events
                                if event.get('generated') == self.generated)
            self.marker = last.get('message_id')
        return events


class ListEventType(base.ListCommand):
    """List the types of the stored events."""

    path = '/event_types'
    keys = ('event_types',)
    columns = ('name',)
    what = _('event types')
    marker = '<event-type>'


class ListEventTrait(base.ListCommand):
    """List the traits that the events of a type carry, and their types."""

    keys = ('traits',)
    columns = ('name', 'types')
    what = _('traits')
    marker = '<trait-name>'

    def add_arguments(self, parser):
        """Add the event type."""
        parser.add_argument('event_type', metavar='<event-type>',
                            help=_('The event type, e.g. '
                                   'compute.instance.create.end'))

    def request_path(self, parsed_args):
        """Return ``/event_types/{type}/traits``."""
        return '/event_types/%s/traits' % base.quote(parsed_args.event_type)
