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
"""The peers' virtualenv, and running the peer driver in it.

Ceilometer's event pipeline writing to Panko is what a user would pick
instead of stacktach_os. Panko's last release (10.0.0) needs SQLAlchemy
older than 2, which stacktach_os does not run on, so the peers live in a
virtualenv of their own (``.bench/peers-venv`` by default), made by
``python -m stacktach_os.bench peers --setup`` with the versions below, the
last that install and run on Python 3.11. The benchmarks run
``peer_panko.py`` with that virtualenv's interpreter and talk to it
through JSON lines.
"""

import json
import os
import subprocess
import sys
import tempfile
import threading

#: Where the peers' virtualenv is, unless --peer-venv says otherwise.
DEFAULT_VENV = os.environ.get('STACKTACH_BENCH_PEER_VENV',
                              os.path.join('.bench', 'peers-venv'))
#: What goes into it: Ceilometer and Panko, and the libraries whose
#: version decides what Panko's SQLAlchemy driver does.
REQUIREMENTS = (
    'ceilometer==27.0.0',
    'panko==10.0.0',
    'SQLAlchemy==1.4.54',
    'oslo.db==17.4.0',
    'PyMySQL==1.2.4',
    'psycopg2-binary==2.9.13',
)
DRIVER = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                      'peer_panko.py')


class PeerUnavailable(Exception):
    """The peers' virtualenv is missing or broken."""


class PeerFailed(Exception):
    """The peer driver exited with an error."""


def add_arguments(parser):
    """Add the options that locate the peers' virtualenv."""
    parser.add_argument('--peer-venv', default=DEFAULT_VENV,
                        help='the virtualenv of Ceilometer and Panko '
                             '(default %(default)s)')
    parser.add_argument('--setup', action='store_true',
                        help='create the peers\' virtualenv with the pinned '
                             'versions, then exit')


def python(venv):
    """Return the interpreter of a virtualenv."""
    return os.path.join(venv, 'bin', 'python')


def create(venv, python_executable=None, run=subprocess.run):
    """Create the peers' virtualenv with :data:`REQUIREMENTS`."""
    run([python_executable or sys.executable, '-m', 'venv', venv],
        check=True)
    run([python(venv), '-m', 'pip', 'install', '--quiet'] +
        list(REQUIREMENTS), check=True)
    return versions(venv)


def _feed(stream, lines):
    try:
        for line in lines:
            stream.write(line)
    except BrokenPipeError:
        pass
    finally:
        try:
            stream.close()
        except BrokenPipeError:
            pass


def run_driver(venv, command, options=(), lines=()):
    """Run ``peer_panko.py COMMAND`` in the venv; return its JSON result.

    ``lines`` (JSON lines, each ending with a newline) are written to its
    standard input as it reads them.
    """
    interpreter = python(venv)
    if not os.path.exists(interpreter):
        raise PeerUnavailable(
            'no peers virtualenv at %s: create it with "python -m '
            'stacktach_os.bench peers --setup" (or give --peer-venv)'
            % venv)
    with tempfile.TemporaryFile('w+', encoding='utf-8') as errors:
        process = subprocess.Popen(
            [interpreter, DRIVER, command] + list(options),
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=errors,
            text=True, encoding='utf-8')
        feeder = threading.Thread(target=_feed, args=(process.stdin, lines),
                                  daemon=True)
        feeder.start()
        output = process.stdout.read()
        process.wait()
        feeder.join()
        if process.returncode:
            errors.seek(0)
            raise PeerFailed('peer_panko.py %s exited with %d:\n%s' % (
                command, process.returncode, errors.read()[-4000:]))
    return json.loads(output)


def versions(venv):
    """Return the peers' versions and their event definitions' path."""
    return run_driver(venv, 'versions')


def available(venv):
    """Return why the peers cannot run, or None when they can."""
    try:
        versions(venv)
    except (PeerUnavailable, PeerFailed, ValueError) as error:
        return str(error)
    return None
