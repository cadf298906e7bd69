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
"""What the benchmarks print: Markdown tables and the machine they ran on."""

import os
import platform
import sys


def markdown_table(headers, rows, numeric=()):
    """Return rows as a Markdown table.

    ``numeric`` holds the indexes of the columns aligned to the right.
    Each cell is written with ``str``; format numbers before.
    """
    lines = ['| %s |' % ' | '.join(headers),
             '|%s|' % '|'.join('---:' if index in numeric else '---'
                               for index in range(len(headers)))]
    for row in rows:
        if len(row) != len(headers):
            raise ValueError('row %r has %d cells, not %d'
                             % (row, len(row), len(headers)))
        lines.append('| %s |' % ' | '.join(str(cell) for cell in row))
    return '\n'.join(lines)


def ratio(numerator, denominator):
    """Return numerator / denominator as text like ``12.3×``."""
    if not denominator:
        return 'n/a'
    return '%.1f×' % (numerator / denominator)


def cpu_model(cpuinfo='/proc/cpuinfo'):
    """Return the CPU model name, or the platform's processor name."""
    try:
        with open(cpuinfo, encoding='utf-8') as stream:
            for line in stream:
                if line.startswith('model name'):
                    return line.split(':', 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def memory_gib(meminfo='/proc/meminfo'):
    """Return the machine's memory in GiB, or None when unknown."""
    try:
        with open(meminfo, encoding='utf-8') as stream:
            for line in stream:
                if line.startswith('MemTotal:'):
                    return int(line.split()[1]) / 1024 / 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def database_version(url):
    """Return the server version of a database URL, or None."""
    if not url:
        return None
    import sqlalchemy

    engine = sqlalchemy.create_engine(url)
    try:
        with engine.connect() as connection:
            return connection.exec_driver_sql(
                'SELECT version()').scalar().split(',')[0].split(' on ')[0]
    except sqlalchemy.exc.SQLAlchemyError:
        return None
    finally:
        engine.dispose()


def machine(database_urls=None):
    """Return [(what, value)] of the machine and the databases."""
    memory = memory_gib()
    facts = [('CPU', cpu_model()), ('cores', str(os.cpu_count())),
             ('memory', '%.1f GiB' % memory if memory else 'unknown'),
             ('Python', sys.version.split()[0]),
             ('OS', platform.platform())]
    for name, url in sorted((database_urls or {}).items()):
        version = database_version(url)
        if version:
            facts.append((name, version))
    return facts


def print_machine(database_urls=None):
    """Print the machine as a Markdown table."""
    print(markdown_table(('machine', ''), machine(database_urls)))
