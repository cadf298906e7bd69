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
"""stacktach-os-distill: print the events distilled from notifications.

    stacktach-os-distill [--definitions FILE [FILE ...]] [--no-catchall]
                         [--] [INPUT ...]

Reads notifications as JSON lines from the INPUT files (or standard input)
and prints one JSON line per event::

    {"event_type": ..., "message_id": ..., "generated": ...,
     "traits": [{"name": ..., "type": ..., "value": ...}, ...]}

Traits are sorted by name; datetimes are ISO 8601, UTC, with microseconds.
A line may hold a notification in any envelope the listener reads (the
oslo.messaging listener shape, the legacy flat one with ``_context_*`` keys,
or the wire form), or a capture wrapper: ``{"notification": {...}}`` or
``{"flow": [...]}``. A line that holds no usable notification is reported
on standard error with its line number, and the exit status is then 1.
Traits that could not be extracted are reported on standard error too.
Without ``--definitions``, the ``event_definitions.yaml`` of the
configuration directories (or the one shipped with stacktach_os) is used.
"""

import argparse
import datetime
import json
import os
import sys

from oslo_config import cfg

from stacktach_os.conf import notification as notification_conf
from stacktach_os.notification.distiller import definitions
from stacktach_os.notification.distiller import distiller as distiller_mod
from stacktach_os.notification import envelope

STDIN = '-'


def _parser():
    parser = argparse.ArgumentParser(
        prog='stacktach-os-distill',
        description='Print the events that event definitions make of '
                    'notifications read as JSON lines.',
        epilog='--definitions takes one or more files: put the inputs '
               'before it, or after "--".')
    parser.add_argument(
        '--definitions', '-d', nargs='+', action='extend', metavar='FILE',
        help='event definitions files (StackTach/Ceilometer format), in '
             'order: later definitions win (default: event_definitions.yaml '
             'from the configuration directories)')
    parser.add_argument(
        '--no-catchall', dest='catchall', action='store_false',
        help='print nothing for notifications that no definition matches '
             '(default: an event with the default traits)')
    parser.add_argument(
        'inputs', nargs='*', metavar='INPUT',
        help='files of JSON lines; "-" or nothing for standard input')
    return parser


def _default_definitions():
    conf = cfg.ConfigOpts()
    notification_conf.register_opts(conf)
    conf([], project='stacktach_os', default_config_files=[])
    return definitions.find_definitions_file(conf)


def _value(trait):
    if isinstance(trait.value, datetime.datetime):
        return envelope.format_timestamp(trait.value)
    return trait.value


def event_json(event):
    """Return the JSON line of an event."""
    return json.dumps({
        'event_type': event.event_type,
        'message_id': event.message_id,
        'generated': envelope.format_timestamp(event.generated),
        'traits': [{'name': trait.name, 'type': trait.dtype,
                    'value': _value(trait)} for trait in event.traits],
    }, sort_keys=False)


def unwrap(raw):
    """Return the notifications of a line: [(label, notification)].

    Capture wrappers hold one notification (``{"notification": ...}``) or
    a flow of them (``{"flow": [...]}``); anything else is taken to be a
    notification itself.
    """
    if isinstance(raw, dict) and 'event_type' not in raw:
        if isinstance(raw.get('flow'), list):
            return [('flow item %d' % number, item)
                    for number, item in enumerate(raw['flow'], 1)]
        if 'notification' in raw:
            return [(None, raw['notification'])]
    return [(None, raw)]


class Run(object):
    """Distils lines of JSON and reports what went wrong."""

    def __init__(self, distiller, out, err):
        self.distiller = distiller
        self.out = out
        self.err = err
        self.failed = 0
        self.events = 0

    def _say(self, where, label, message):
        if label:
            where = '%s, %s' % (where, label)
        self.err.write('%s: %s\n' % (where, message))

    def line(self, where, text):
        """Distil one line; ``where`` is FILE:LINE for the messages."""
        if not text.strip():
            return
        try:
            raw = json.loads(text)
        except ValueError as error:
            self.failed += 1
            self._say(where, None, 'not JSON: %s' % error)
            return
        for label, item in unwrap(raw):
            self.notification(where, label, item)

    def notification(self, where, label, item):
        """Distil one notification."""
        notification = envelope.normalize(item)
        if notification.event_type is None or notification.timestamp is None:
            self.failed += 1
            self._say(where, label, 'not a notification: %s'
                      % '; '.join(notification.problems))
            return
        for problem in notification.problems:
            self._say(where, label, 'warning: %s' % problem)
        try:
            event = self.distiller.distill(notification.body())
        except distiller_mod.DistillError as error:
            self.failed += 1
            self._say(where, label, 'not a notification: %s' % error)
            return
        if event is None:
            return
        for problem in event.problems:
            self._say(where, label, 'warning: %s' % problem)
        self.out.write(event_json(event) + '\n')
        self.events += 1

    def stream(self, name, stream):
        """Distil every line of a binary stream."""
        for number, data in enumerate(stream, 1):
            try:
                text = data.decode('utf-8')
            except UnicodeDecodeError as error:
                self.failed += 1
                self._say('%s:%d' % (name, number), None,
                          'not UTF-8: %s' % error)
                continue
            self.line('%s:%d' % (name, number), text)


def main(argv=None, stdin=None, stdout=None, stderr=None):
    """Run stacktach-os-distill; return the exit status."""
    args = _parser().parse_intermixed_args(argv)
    stdin = stdin if stdin is not None else sys.stdin.buffer
    stdout = stdout if stdout is not None else sys.stdout
    stderr = stderr if stderr is not None else sys.stderr
    try:
        paths = args.definitions or [_default_definitions()]
        distiller = distiller_mod.Distiller.from_file(
            paths, catchall=args.catchall)
    except definitions.DefinitionError as error:
        stderr.write('stacktach-os-distill: %s\n' % error)
        if any(path.endswith(('.json', '.jsonl'))
               for path in args.definitions or ()):
            stderr.write('stacktach-os-distill: --definitions takes every '
                         'file that follows it: put the inputs before it, '
                         'or after "--"\n')
        return 2
    run = Run(distiller, stdout, stderr)
    try:
        for name in args.inputs or [STDIN]:
            if name == STDIN:
                run.stream('<stdin>', stdin)
                continue
            try:
                stream = open(name, 'rb')
            except OSError as error:
                run.failed += 1
                stderr.write('%s: cannot read: %s\n'
                             % (name, error.strerror or error))
                continue
            with stream:
                run.stream(name, stream)
        stdout.flush()
    except BrokenPipeError:
        # The reader went away (e.g. "| head"): stop quietly.
        if stdout is sys.stdout:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        return 1
    return 1 if run.failed else 0


if __name__ == '__main__':
    sys.exit(main())
