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
from sqlalchemy import orm
from sqlalchemy import String

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
