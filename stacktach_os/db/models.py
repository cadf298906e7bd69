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
"""SQLAlchemy models of the stacktach_os store.

The schema is created and changed only by the alembic migrations in
``stacktach_os/db/migrations``; a functional test checks that these
models and the migrated schema agree.
"""

from sqlalchemy import Boolean
from sqlalchemy import Index
from sqlalchemy import Integer
from sqlalchemy import orm
from sqlalchemy import String
from sqlalchemy import UniqueConstraint

from stacktach_os.db import types as st_types
from stacktach_os.db.types import ExactString
from stacktach_os.db.types import IDENTIFIER_LENGTH as ID_LEN
from stacktach_os.db.types import NAME_LENGTH as NAME_LEN

TABLE_ARGS = {'mysql_engine': 'InnoDB', 'mysql_charset': 'utf8mb4'}

# Length of the indexed prefix of a text trait's value.
TEXT_KEY_LENGTH = 255


class Base(orm.DeclarativeBase):
    """Declarative base of every stacktach_os table."""


class RawNotification(Base):
    """A notification as it arrived, secrets scrubbed, payload compressed.

    Malformed notifications are kept here too, with ``error`` set.
    """

    __tablename__ = 'raw_notifications'
    __table_args__ = (
        Index('ix_raw_notifications_generated', 'generated'),
        Index('ix_raw_notifications_resource_generated',
              'resource_id', 'generated'),
        Index('ix_raw_notifications_request_id', 'request_id'),
        Index('ix_raw_notifications_malformed', 'malformed', 'received'),
        TABLE_ARGS,
    )

    id: orm.Mapped[int] = orm.mapped_column(
        st_types.BigIntegerId, primary_key=True, autoincrement=True)
    message_id: orm.Mapped[str] = orm.mapped_column(
        String(ID_LEN), nullable=False, unique=True)
    deployment: orm.Mapped[str] = orm.mapped_column(
        String(NAME_LEN), nullable=False)
    event_type: orm.Mapped[str | None] = orm.mapped_column(String(NAME_LEN))
    publisher_id: orm.Mapped[str | None] = orm.mapped_column(
        String(NAME_LEN))
    host: orm.Mapped[str | None] = orm.mapped_column(String(NAME_LEN))
    priority: orm.Mapped[str | None] = orm.mapped_column(String(16))
    generated = orm.mapped_column(st_types.PreciseDateTime)
    received = orm.mapped_column(st_types.PreciseDateTime, nullable=False)
    request_id: orm.Mapped[str | None] = orm.mapped_column(String(ID_LEN))
    global_request_id: orm.Mapped[str | None] = orm.mapped_column(
        String(ID_LEN))
    project_id: orm.Mapped[str | None] = orm.mapped_column(String(ID_LEN))
    resource_id: orm.Mapped[str | None] = orm.mapped_column(String(ID_LEN))
    body = orm.mapped_column(st_types.LargeBlob, nullable=False)
    malformed: orm.Mapped[bool] = orm.mapped_column(
        Boolean, nullable=False, default=False)
    error = orm.mapped_column(st_types.LongText)


class Event(Base):
    """A distilled event: one per notification whose type is defined."""

    __tablename__ = 'events'
    __table_args__ = (
        Index('ix_events_type_generated', 'event_type', 'generated'),
        Index('ix_events_generated', 'generated'),
        Index('ix_events_project_generated', 'project_id', 'generated'),
        Index('ix_events_resource_generated', 'resource_id', 'generated'),
        Index('ix_events_request_id', 'request_id'),
        Index('ix_events_deployment_generated', 'deployment', 'generated'),
        TABLE_ARGS,
    )

    id: orm.Mapped[int] = orm.mapped_column(
        st_types.BigIntegerId, primary_key=True, autoincrement=True)
    message_id: orm.Mapped[str] = orm.mapped_column(
        String(ID_LEN), nullable=False, unique=True)
    event_type: orm.Mapped[str] = orm.mapped_column(
        String(NAME_LEN), nullable=False)
    generated = orm.mapped_column(st_types.PreciseDateTime, nullable=False)
    deployment: orm.Mapped[str] = orm.mapped_column(
        String(NAME_LEN), nullable=False)
    project_id: orm.Mapped[str | None] = orm.mapped_column(String(ID_LEN))
    resource_id: orm.Mapped[str | None] = orm.mapped_column(String(ID_LEN))
    request_id: orm.Mapped[str | None] = orm.mapped_column(String(ID_LEN))
    host: orm.Mapped[str | None] = orm.mapped_column(String(NAME_LEN))


def _trait_event_id():
    # No foreign key: traits are written only with their event, in the
    # same transaction, and removed with it by the code that removes
    # events. On PostgreSQL a foreign key check per trait row cost a
    # fifth of the ingestion time.
    return orm.mapped_column(st_types.BigIntegerId, primary_key=True)


class TraitText(Base):
    """A text trait. ``value_key`` is the indexed prefix of the value."""

    __tablename__ = 'trait_text'
    __table_args__ = (
        Index('ix_trait_text_name_value', 'name', 'value_key'),
        TABLE_ARGS,
    )

    event_id: orm.Mapped[int] = _trait_event_id()
    name: orm.Mapped[str] = orm.mapped_column(
        String(NAME_LEN), primary_key=True)
    value = orm.mapped_column(st_types.LongText, nullable=False)
    value_key = orm.mapped_column(ExactString(TEXT_KEY_LENGTH),
                                  nullable=False)


class TraitInt(Base):
    """A 64-bit integer trait."""

    __tablename__ = 'trait_int'
    __table_args__ = (
        Index('ix_trait_int_name_value', 'name', 'value'),
        TABLE_ARGS,
    )

    event_id: orm.Mapped[int] = _trait_event_id()
    name: orm.Mapped[str] = orm.mapped_column(
        String(NAME_LEN), primary_key=True)
    value = orm.mapped_column(st_types.BigInteger, nullable=False)


class TraitFloat(Base):
    """A double-precision float trait."""

    __tablename__ = 'trait_float'
    __table_args__ = (
        Index('ix_trait_float_name_value', 'name', 'value'),
        TABLE_ARGS,
    )

    event_id: orm.Mapped[int] = _trait_event_id()
    name: orm.Mapped[str] = orm.mapped_column(
        String(NAME_LEN), primary_key=True)
    value = orm.mapped_column(st_types.Double, nullable=False)


class TraitDatetime(Base):
    """A datetime trait, UTC with microseconds."""

    __tablename__ = 'trait_datetime'
    __table_args__ = (
        Index('ix_trait_datetime_name_value', 'name', 'value'),
        TABLE_ARGS,
    )

    event_id: orm.Mapped[int] = _trait_event_id()
    name: orm.Mapped[str] = orm.mapped_column(
        String(NAME_LEN), primary_key=True)
    value = orm.mapped_column(st_types.PreciseDateTime, nullable=False)


# The model of each trait type, by the distiller's type name.
TRAIT_MODELS = {
    'text': TraitText,
    'int': TraitInt,
    'float': TraitFloat,
    'datetime': TraitDatetime,
}


# Tracking: lifecycle, timings, requests and usage (revision 0002).
# Identifiers that rows are matched on are compared exactly everywhere.

KEY = ExactString(ID_LEN)
# Outcome and status words.
WORD_LEN = 16
# The length of the hash that names a timing slot (SHA-256, hex).
SLOT_LEN = 64


def _pk():
    return orm.mapped_column(st_types.BigIntegerId, primary_key=True,
                             autoincrement=True)


class InstanceTransition(Base):
    """The state an instance notification reported, in event time.

    One row per nova notification that carries an instance's state and
    task state. ``reported_old`` is true when the notification also
    reported the state before (``instance.update``); otherwise the state
    before is the one of the previous row in event time, which the read
    functions work out, so that late arrivals take their place.
    """

    __tablename__ = 'instance_transitions'
    __table_args__ = (
        # One row per archived notification: raw_notifications.message_id
        # is unique, so no second unique index is paid for here.
        Index('ix_instance_transitions_instance_generated',
              'instance_id', 'generated'),
        TABLE_ARGS,
    )

    id: orm.Mapped[int] = _pk()
    message_id = orm.mapped_column(KEY, nullable=False)
    instance_id = orm.mapped_column(KEY, nullable=False)
    deployment: orm.Mapped[str] = orm.mapped_column(
        String(NAME_LEN), nullable=False)
    project_id: orm.Mapped[str | None] = orm.mapped_column(String(ID_LEN))
    generated = orm.mapped_column(st_types.PreciseDateTime, nullable=False)
    event_type: orm.Mapped[str] = orm.mapped_column(
        String(NAME_LEN), nullable=False)
    request_id: orm.Mapped[str | None] = orm.mapped_column(String(ID_LEN))
    host: orm.Mapped[str | None] = orm.mapped_column(String(NAME_LEN))
    reported_old: orm.Mapped[bool] = orm.mapped_column(
        Boolean, nullable=False)
    old_state: orm.Mapped[str | None] = orm.mapped_column(String(NAME_LEN))
    state: orm.Mapped[str | None] = orm.mapped_column(String(NAME_LEN))
    old_task_state: orm.Mapped[str | None] = orm.mapped_column(
        String(NAME_LEN))
    task_state: orm.Mapped[str | None] = orm.mapped_column(String(NAME_LEN))


class InstanceState(Base):
    """The current state of an instance: that of its latest notification.

    Updated only by a notification at least as late, in event time, as
    the one it holds (``last_generated``, then ``last_message_id``).
    """

    __tablename__ = 'instance_states'
    __table_args__ = (
        UniqueConstraint('instance_id',
                         name='uniq_instance_states0instance_id'),
        Index('ix_instance_states_project_generated',
              'project_id', 'last_generated'),
        Index('ix_instance_states_state', 'state', 'last_generated'),
        TABLE_ARGS,
    )

    id: orm.Mapped[int] = _pk()
    instance_id = orm.mapped_column(KEY, nullable=False)
    deployment: orm.Mapped[str] = orm.mapped_column(
        String(NAME_LEN), nullable=False)
    project_id: orm.Mapped[str | None] = orm.mapped_column(String(ID_LEN))
    state: orm.Mapped[str | None] = orm.mapped_column(String(NAME_LEN))
    task_state: orm.Mapped[str | None] = orm.mapped_column(String(NAME_LEN))
    host: orm.Mapped[str | None] = orm.mapped_column(String(NAME_LEN))
    last_generated = orm.mapped_column(st_types.PreciseDateTime,
                                       nullable=False)
    last_message_id = orm.mapped_column(KEY, nullable=False)
    last_event_type: orm.Mapped[str] = orm.mapped_column(
        String(NAME_LEN), nullable=False)


class Timing(Base):
    """One run of an operation on an instance: its start and its end.

    The starts and ends of one instance, operation, request and
    notification format form a slot (``slot`` is its hash); they are
    paired in event time, each start with the next end or error, and the
    pairs numbered by ``seq``. ``outcome`` is ``ok`` (start and end),
    ``error`` (ended by an error notification) or ``unmatched`` (a start
    without end, or an end without start). ``generated`` is the start's
    time, or the end's when the start is unknown.
    """

    __tablename__ = 'timings'
    __table_args__ = (
        UniqueConstraint('slot', 'seq', name='uniq_timings0slot0seq'),
        Index('ix_timings_instance_generated', 'instance_id', 'generated'),
        Index('ix_timings_request_id', 'request_id'),
        Index('ix_timings_project_generated', 'project_id', 'generated'),
        Index('ix_timings_operation_generated', 'operation', 'generated'),
        Index('ix_timings_generated', 'generated'),
        TABLE_ARGS,
    )

    id: orm.Mapped[int] = _pk()
    slot = orm.mapped_column(ExactString(SLOT_LEN), nullable=False)
    seq: orm.Mapped[int] = orm.mapped_column(Integer, nullable=False)
    instance_id = orm.mapped_column(KEY, nullable=False)
    operation: orm.Mapped[str] = orm.mapped_column(
        String(NAME_LEN), nullable=False)
    deployment: orm.Mapped[str] = orm.mapped_column(
        String(NAME_LEN), nullable=False)
    project_id: orm.Mapped[str | None] = orm.mapped_column(String(ID_LEN))
    request_id = orm.mapped_column(KEY)
    host: orm.Mapped[str | None] = orm.mapped_column(String(NAME_LEN))
    end_host: orm.Mapped[str | None] = orm.mapped_column(String(NAME_LEN))
    generated = orm.mapped_column(st_types.PreciseDateTime, nullable=False)
    start_message_id = orm.mapped_column(KEY)
    start_generated = orm.mapped_column(st_types.PreciseDateTime)
    end_message_id = orm.mapped_column(KEY)
    end_generated = orm.mapped_column(st_types.PreciseDateTime)
    duration = orm.mapped_column(st_types.Double)
    outcome: orm.Mapped[str] = orm.mapped_column(
        String(WORD_LEN), nullable=False)
    error_message = orm.mapped_column(st_types.LongText)


class Request(Base):
    """Everything known of one request id, across services and cells.

    ``first_generated`` is the time of its first notification,
    ``end_generated`` of its last ``.end``, ``api_generated`` of its first
    notification from an API service; ``duration`` runs from the first
    notification to the last ``.end`` and ``kpi`` from the first API
    notification to the last ``.end`` (seconds). ``outcome`` is ``error``
    when any notification was an error, else ``ok`` once an ``.end`` was
    seen, else ``unfinished``. Its notifications, and so the services,
    hosts and deployments it went through, are the archived ones with
    this request id. ``deployment`` is that of its first notification.
    """

    __tablename__ = 'requests'
    __table_args__ = (
        UniqueConstraint('request_id', name='uniq_requests0request_id'),
        Index('ix_requests_global_request_id', 'global_request_id'),
        Index('ix_requests_project_generated',
              'project_id', 'first_generated'),
        Index('ix_requests_generated', 'first_generated'),
        TABLE_ARGS,
    )

    id: orm.Mapped[int] = _pk()
    request_id = orm.mapped_column(KEY, nullable=False)
    global_request_id = orm.mapped_column(KEY)
    deployment: orm.Mapped[str] = orm.mapped_column(
        String(NAME_LEN), nullable=False)
    project_id: orm.Mapped[str | None] = orm.mapped_column(String(ID_LEN))
    first_generated = orm.mapped_column(st_types.PreciseDateTime,
                                        nullable=False)
    first_event_type: orm.Mapped[str | None] = orm.mapped_column(
        String(NAME_LEN))
    last_generated = orm.mapped_column(st_types.PreciseDateTime,
                                       nullable=False)
    api_generated = orm.mapped_column(st_types.PreciseDateTime)
    end_generated = orm.mapped_column(st_types.PreciseDateTime)
    end_event_type: orm.Mapped[str | None] = orm.mapped_column(
        String(NAME_LEN))
    duration = orm.mapped_column(st_types.Double)
    kpi = orm.mapped_column(st_types.Double)
    outcome: orm.Mapped[str] = orm.mapped_column(
        String(WORD_LEN), nullable=False)
    notification_count: orm.Mapped[int] = orm.mapped_column(
        Integer, nullable=False)
    error_count: orm.Mapped[int] = orm.mapped_column(Integer, nullable=False)
    # The OpenTelemetry trace id of the request: that of its global
    # request id, else of its own (stacktach_os.tracing.ids).
    trace_id: orm.Mapped[str | None] = orm.mapped_column(String(32))


class InstanceLaunch(Base):
    """An instance launched at ``launched_at`` with a flavor and image.

    Made from the create, rebuild, resize and rescue notifications; when
    several tell of the same launch, an ``.end`` (rank 2) wins over a
    ``.start`` (rank 1), then the later one.
    """

    __tablename__ = 'instance_launches'
    __table_args__ = (
        UniqueConstraint(
            'instance_id', 'launched_at',
            name='uniq_instance_launches0instance_id0launched_at'),
        Index('ix_instance_launches_project_launched',
              'project_id', 'launched_at'),
        Index('ix_instance_launches_launched', 'launched_at'),
        TABLE_ARGS,
    )

    id: orm.Mapped[int] = _pk()
    instance_id = orm.mapped_column(KEY, nullable=False)
    launched_at = orm.mapped_column(st_types.PreciseDateTime, nullable=False)
    deployment: orm.Mapped[str] = orm.mapped_column(
        String(NAME_LEN), nullable=False)
    project_id: orm.Mapped[str | None] = orm.mapped_column(String(ID_LEN))
    flavor_id: orm.Mapped[str | None] = orm.mapped_column(String(ID_LEN))
    flavor_name: orm.Mapped[str | None] = orm.mapped_column(String(NAME_LEN))
    image_id: orm.Mapped[str | None] = orm.mapped_column(String(ID_LEN))
    os_architecture: orm.Mapped[str | None] = orm.mapped_column(
        String(NAME_LEN))
    os_distro: orm.Mapped[str | None] = orm.mapped_column(String(NAME_LEN))
    os_version: orm.Mapped[str | None] = orm.mapped_column(String(NAME_LEN))
    request_id = orm.mapped_column(KEY)
    message_id = orm.mapped_column(KEY, nullable=False)
    event_type: orm.Mapped[str] = orm.mapped_column(
        String(NAME_LEN), nullable=False)
    generated = orm.mapped_column(st_types.PreciseDateTime, nullable=False)
    rank: orm.Mapped[int] = orm.mapped_column(Integer, nullable=False)


class InstanceDelete(Base):
    """An instance deleted (``delete.end``): one row per notification."""

    __tablename__ = 'instance_deletes'
    __table_args__ = (
        UniqueConstraint('message_id',
                         name='uniq_instance_deletes0message_id'),
        Index('ix_instance_deletes_instance_launched',
              'instance_id', 'launched_at'),
        Index('ix_instance_deletes_project_deleted',
              'project_id', 'deleted_at'),
        Index('ix_instance_deletes_deleted', 'deleted_at'),
        TABLE_ARGS,
    )

    id: orm.Mapped[int] = _pk()
    message_id = orm.mapped_column(KEY, nullable=False)
    instance_id = orm.mapped_column(KEY, nullable=False)
    deployment: orm.Mapped[str] = orm.mapped_column(
        String(NAME_LEN), nullable=False)
    project_id: orm.Mapped[str | None] = orm.mapped_column(String(ID_LEN))
    launched_at = orm.mapped_column(st_types.PreciseDateTime)
    deleted_at = orm.mapped_column(st_types.PreciseDateTime, nullable=False)
    request_id = orm.mapped_column(KEY)
    generated = orm.mapped_column(st_types.PreciseDateTime, nullable=False)


class InstanceExists(Base):
    """An instance's usage over an audit period, as nova reported it.

    One row per ``exists`` notification, ``pending`` until verified. It
    refers to the launch of the same instance whose ``launched_at`` is
    within the same second and, for a deleted instance, to that launch's
    delete: :func:`stacktach_os.db.usage.exists_links` finds them.
    """

    __tablename__ = 'instance_exists'
    __table_args__ = (
        UniqueConstraint('message_id',
                         name='uniq_instance_exists0message_id'),
        Index('ix_instance_exists_instance_launched',
              'instance_id', 'launched_at'),
        Index('ix_instance_exists_status_ending',
              'status', 'audit_period_ending'),
        Index('ix_instance_exists_project_ending',
              'project_id', 'audit_period_ending'),
        TABLE_ARGS,
    )

    id: orm.Mapped[int] = _pk()
    message_id = orm.mapped_column(KEY, nullable=False)
    instance_id = orm.mapped_column(KEY, nullable=False)
    deployment: orm.Mapped[str] = orm.mapped_column(
        String(NAME_LEN), nullable=False)
    project_id: orm.Mapped[str | None] = orm.mapped_column(String(ID_LEN))
    request_id = orm.mapped_column(KEY)
    generated = orm.mapped_column(st_types.PreciseDateTime, nullable=False)
    audit_period_beginning = orm.mapped_column(st_types.PreciseDateTime)
    audit_period_ending = orm.mapped_column(st_types.PreciseDateTime)
    launched_at = orm.mapped_column(st_types.PreciseDateTime)
    deleted_at = orm.mapped_column(st_types.PreciseDateTime)
    state: orm.Mapped[str | None] = orm.mapped_column(String(NAME_LEN))
    flavor_id: orm.Mapped[str | None] = orm.mapped_column(String(ID_LEN))
    flavor_name: orm.Mapped[str | None] = orm.mapped_column(String(NAME_LEN))
    image_id: orm.Mapped[str | None] = orm.mapped_column(String(ID_LEN))
    os_architecture: orm.Mapped[str | None] = orm.mapped_column(
        String(NAME_LEN))
    os_distro: orm.Mapped[str | None] = orm.mapped_column(String(NAME_LEN))
    os_version: orm.Mapped[str | None] = orm.mapped_column(String(NAME_LEN))
    bandwidth_in = orm.mapped_column(st_types.BigInteger)
    bandwidth_out = orm.mapped_column(st_types.BigInteger)
    status: orm.Mapped[str] = orm.mapped_column(
        String(WORD_LEN), nullable=False)
    reason = orm.mapped_column(st_types.LongText)
    verified_at = orm.mapped_column(st_types.PreciseDateTime)


class ImageUsage(Base):
    """An image's creation (``image.upload``/``image.activate``)."""

    __tablename__ = 'image_usage'
    __table_args__ = (
        UniqueConstraint('image_id', name='uniq_image_usage0image_id'),
        Index('ix_image_usage_project_created', 'project_id', 'created_at'),
        Index('ix_image_usage_created', 'created_at'),
        TABLE_ARGS,
    )

    id: orm.Mapped[int] = _pk()
    image_id = orm.mapped_column(KEY, nullable=False)
    deployment: orm.Mapped[str] = orm.mapped_column(
        String(NAME_LEN), nullable=False)
    project_id: orm.Mapped[str | None] = orm.mapped_column(String(ID_LEN))
    size = orm.mapped_column(st_types.BigInteger)
    status: orm.Mapped[str | None] = orm.mapped_column(String(NAME_LEN))
    created_at = orm.mapped_column(st_types.PreciseDateTime)
    message_id = orm.mapped_column(KEY, nullable=False)
    event_type: orm.Mapped[str] = orm.mapped_column(
        String(NAME_LEN), nullable=False)
    generated = orm.mapped_column(st_types.PreciseDateTime, nullable=False)


class ImageDelete(Base):
    """An image's deletion (``image.delete``)."""

    __tablename__ = 'image_deletes'
    __table_args__ = (
        UniqueConstraint('image_id', name='uniq_image_deletes0image_id'),
        Index('ix_image_deletes_project_deleted', 'project_id', 'deleted_at'),
        Index('ix_image_deletes_deleted', 'deleted_at'),
        TABLE_ARGS,
    )

    id: orm.Mapped[int] = _pk()
    image_id = orm.mapped_column(KEY, nullable=False)
    deployment: orm.Mapped[str] = orm.mapped_column(
        String(NAME_LEN), nullable=False)
    project_id: orm.Mapped[str | None] = orm.mapped_column(String(ID_LEN))
    deleted_at = orm.mapped_column(st_types.PreciseDateTime, nullable=False)
    message_id = orm.mapped_column(KEY, nullable=False)
    generated = orm.mapped_column(st_types.PreciseDateTime, nullable=False)


class ImageExists(Base):
    """One image listed by an ``image.exists`` notification.

    ``pending`` until verified. It refers to the image's usage and, for
    a deleted image, its delete (see
    :func:`stacktach_os.db.usage.exists_links`).
    """

    __tablename__ = 'image_exists'
    __table_args__ = (
        UniqueConstraint('message_id', 'image_id',
                         name='uniq_image_exists0message_id0image_id'),
        Index('ix_image_exists_image_id', 'image_id'),
        Index('ix_image_exists_status_ending',
              'status', 'audit_period_ending'),
        Index('ix_image_exists_project_ending',
              'project_id', 'audit_period_ending'),
        TABLE_ARGS,
    )

    id: orm.Mapped[int] = _pk()
    message_id = orm.mapped_column(KEY, nullable=False)
    image_id = orm.mapped_column(KEY, nullable=False)
    deployment: orm.Mapped[str] = orm.mapped_column(
        String(NAME_LEN), nullable=False)
    project_id: orm.Mapped[str | None] = orm.mapped_column(String(ID_LEN))
    generated = orm.mapped_column(st_types.PreciseDateTime, nullable=False)
    audit_period_beginning = orm.mapped_column(st_types.PreciseDateTime)
    audit_period_ending = orm.mapped_column(st_types.PreciseDateTime)
    size = orm.mapped_column(st_types.BigInteger)
    created_at = orm.mapped_column(st_types.PreciseDateTime)
    deleted_at = orm.mapped_column(st_types.PreciseDateTime)
    status: orm.Mapped[str] = orm.mapped_column(
        String(WORD_LEN), nullable=False)
    reason = orm.mapped_column(st_types.LongText)
    verified_at = orm.mapped_column(st_types.PreciseDateTime)


class VolumeUsage(Base):
    """A volume's creation (``volume.create.end``)."""

    __tablename__ = 'volume_usage'
    __table_args__ = (
        UniqueConstraint('volume_id', name='uniq_volume_usage0volume_id'),
        Index('ix_volume_usage_project_created', 'project_id', 'created_at'),
        Index('ix_volume_usage_created', 'created_at'),
        TABLE_ARGS,
    )

    id: orm.Mapped[int] = _pk()
    volume_id = orm.mapped_column(KEY, nullable=False)
    deployment: orm.Mapped[str] = orm.mapped_column(
        String(NAME_LEN), nullable=False)
    project_id: orm.Mapped[str | None] = orm.mapped_column(String(ID_LEN))
    size = orm.mapped_column(st_types.BigInteger)
    volume_type: orm.Mapped[str | None] = orm.mapped_column(String(ID_LEN))
    created_at = orm.mapped_column(st_types.PreciseDateTime)
    launched_at = orm.mapped_column(st_types.PreciseDateTime)
    message_id = orm.mapped_column(KEY, nullable=False)
    generated = orm.mapped_column(st_types.PreciseDateTime, nullable=False)


class VolumeDelete(Base):
    """A volume's deletion (``volume.delete.end``)."""

    __tablename__ = 'volume_deletes'
    __table_args__ = (
        UniqueConstraint('volume_id', name='uniq_volume_deletes0volume_id'),
        Index('ix_volume_deletes_project_deleted',
              'project_id', 'deleted_at'),
        Index('ix_volume_deletes_deleted', 'deleted_at'),
        TABLE_ARGS,
    )

    id: orm.Mapped[int] = _pk()
    volume_id = orm.mapped_column(KEY, nullable=False)
    deployment: orm.Mapped[str] = orm.mapped_column(
        String(NAME_LEN), nullable=False)
    project_id: orm.Mapped[str | None] = orm.mapped_column(String(ID_LEN))
    deleted_at = orm.mapped_column(st_types.PreciseDateTime, nullable=False)
    message_id = orm.mapped_column(KEY, nullable=False)
    generated = orm.mapped_column(st_types.PreciseDateTime, nullable=False)


class VolumeExists(Base):
    """A volume's usage over an audit period (``volume.exists``).

    ``pending`` until verified. It refers to the volume's usage and
    delete (see :func:`stacktach_os.db.usage.exists_links`).
    """

    __tablename__ = 'volume_exists'
    __table_args__ = (
        UniqueConstraint('message_id', name='uniq_volume_exists0message_id'),
        Index('ix_volume_exists_volume_id', 'volume_id'),
        Index('ix_volume_exists_status_ending',
              'status', 'audit_period_ending'),
        Index('ix_volume_exists_project_ending',
              'project_id', 'audit_period_ending'),
        TABLE_ARGS,
    )

    id: orm.Mapped[int] = _pk()
    message_id = orm.mapped_column(KEY, nullable=False)
    volume_id = orm.mapped_column(KEY, nullable=False)
    deployment: orm.Mapped[str] = orm.mapped_column(
        String(NAME_LEN), nullable=False)
    project_id: orm.Mapped[str | None] = orm.mapped_column(String(ID_LEN))
    generated = orm.mapped_column(st_types.PreciseDateTime, nullable=False)
    audit_period_beginning = orm.mapped_column(st_types.PreciseDateTime)
    audit_period_ending = orm.mapped_column(st_types.PreciseDateTime)
    size = orm.mapped_column(st_types.BigInteger)
    volume_type: orm.Mapped[str | None] = orm.mapped_column(String(ID_LEN))
    created_at = orm.mapped_column(st_types.PreciseDateTime)
    launched_at = orm.mapped_column(st_types.PreciseDateTime)
    deleted_at = orm.mapped_column(st_types.PreciseDateTime)
    status: orm.Mapped[str] = orm.mapped_column(
        String(WORD_LEN), nullable=False)
    reason = orm.mapped_column(st_types.LongText)
    verified_at = orm.mapped_column(st_types.PreciseDateTime)


# Verification (revision 0003).

#: Length of a verifier's failure code.
CODE_LEN = 64


class Verification(Base):
    """A verifier's claim on one exists record, then its verdict.

    ``resource_type`` names the exists table (``instance``, ``image`` or
    ``volume``) and ``exists_id`` the record in it; the columns after
    them are copied from the record, for the API's lists. The row is
    made when a verifier claims the record (``verifying``, with
    ``claimed_by`` and ``claimed_at``) and then holds its verdict:
    ``verified``, ``failed`` (``code`` and ``reason``) or
    ``reconciled``, at ``verified_at``. The verdict's notification
    (``event_type``; its message id is derived from the record's) is sent
    after the verdict is committed, and ``emitted`` set once it was: the
    verifier's outbox.
    """

    __tablename__ = 'verifications'
    __table_args__ = (
        UniqueConstraint('resource_type', 'exists_id',
                         name='uniq_verifications0resource_type0exists_id'),
        Index('ix_verifications_status_claimed', 'status', 'claimed_at'),
        Index('ix_verifications_emitted_verified', 'emitted', 'verified_at'),
        Index('ix_verifications_ending', 'audit_period_ending'),
        Index('ix_verifications_project_ending',
              'project_id', 'audit_period_ending'),
        Index('ix_verifications_resource_id', 'resource_id'),
        TABLE_ARGS,
    )

    id: orm.Mapped[int] = _pk()
    resource_type: orm.Mapped[str] = orm.mapped_column(
        String(WORD_LEN), nullable=False)
    exists_id = orm.mapped_column(st_types.BigInteger, nullable=False)
    message_id = orm.mapped_column(KEY, nullable=False)
    resource_id = orm.mapped_column(KEY, nullable=False)
    deployment: orm.Mapped[str] = orm.mapped_column(
        String(NAME_LEN), nullable=False)
    project_id: orm.Mapped[str | None] = orm.mapped_column(String(ID_LEN))
    audit_period_beginning = orm.mapped_column(st_types.PreciseDateTime)
    audit_period_ending = orm.mapped_column(st_types.PreciseDateTime)
    status: orm.Mapped[str] = orm.mapped_column(
        String(WORD_LEN), nullable=False)
    code: orm.Mapped[str | None] = orm.mapped_column(String(CODE_LEN))
    reason = orm.mapped_column(st_types.LongText)
    claimed_by: orm.Mapped[str] = orm.mapped_column(
        String(NAME_LEN), nullable=False)
    claimed_at = orm.mapped_column(st_types.PreciseDateTime, nullable=False)
    verified_at = orm.mapped_column(st_types.PreciseDateTime)
    event_type: orm.Mapped[str | None] = orm.mapped_column(String(NAME_LEN))
    emitted: orm.Mapped[bool] = orm.mapped_column(
        Boolean, nullable=False, default=False)
    emitted_at = orm.mapped_column(st_types.PreciseDateTime)
