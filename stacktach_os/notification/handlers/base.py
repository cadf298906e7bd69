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
"""The interface of notification handlers.

A handler is a plugin in the ``stacktach_os.notification.handlers``
entry point namespace. The listener hands each batch of new notifications
to every enabled handler, in the order of ``[notification] handlers``,
inside one database transaction: either all of them store their part of
the batch or none does.
"""

import abc


class Handler(metaclass=abc.ABCMeta):
    """Stores one aspect of a batch of notifications."""

    def __init__(self, conf):
        self.conf = conf

    @abc.abstractmethod
    def handle(self, session, items):
        """Store what this handler keeps of ``items``.

        ``session`` is the batch's database session, to be passed to the
        query functions of ``stacktach_os.db``; ``items`` are
        :class:`stacktach_os.notification.pipeline.Item` objects, each a
        notification not seen before. Returns None, or what
        :meth:`after_commit` needs to finish once the batch is committed.
        """

    def after_commit(self, connection, pending):
        """Do what needs the batch committed first; nothing by default.

        Called only when :meth:`handle` returned something (``pending``),
        once the batch's transaction is committed, to reconcile rows that
        batches committing at the same time could not see. ``connection``
        is the batch's SQLAlchemy Core connection: its statements run in
        a new transaction, which the handler commits if it wrote; the
        pipeline rolls back what is left open. A failure is logged and
        does not undo the batch.
        """
