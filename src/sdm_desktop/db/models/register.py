"""The stakeholder register: organisations (groups), people, memberships, tags."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from sdm_desktop.db.models.base import Base, Timestamps, Versioned


def new_uid() -> str:
    return str(uuid.uuid4())


organisation_tags = Table(
    "organisation_tag",
    Base.metadata,
    Column("organisation_id", ForeignKey("organisation.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", ForeignKey("tag.id", ondelete="CASCADE"), primary_key=True),
)

person_tags = Table(
    "person_tag",
    Base.metadata,
    Column("person_id", ForeignKey("person.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", ForeignKey("tag.id", ondelete="CASCADE"), primary_key=True),
)


# Covering indexes for the register's default listing: name order, the common filters and the
# search text, so a search-as-you-type query is one sequential index scan with no sort.
ORG_LIST_INDEX = ["lower(name)", "id", "archived_at", "active", "org_type_id", "ppe_individual",
                  "ppe_service", "ppe_community", "search_text"]
PERSON_LIST_INDEX = ["lower(last_name)", "lower(first_name)", "id", "archived_at", "active",
                     "is_patient_rep", "search_text"]


class Tag(Versioned, Base):
    __tablename__ = "tag"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)


class OrganisationType(Versioned, Base):
    """The configurable list of organisation types."""

    __tablename__ = "organisation_type"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class Organisation(Versioned, Timestamps, Base):
    __tablename__ = "organisation"
    __table_args__ = (Index("ix_organisation_sort_name", *[text(c) for c in ORG_LIST_INDEX]),
                      Index("ix_organisation_type_levels", "org_type_id", "archived_at", "ppe_individual",
                            "ppe_service", "ppe_community"))               # Home's counts by type and level
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300), index=True)
    org_type_id: Mapped[int] = mapped_column(ForeignKey("organisation_type.id"), index=True)
    ods_code: Mapped[str | None] = mapped_column(String(12), index=True)
    address_line1: Mapped[str | None] = mapped_column(String(200))
    address_line2: Mapped[str | None] = mapped_column(String(200))
    address_line3: Mapped[str | None] = mapped_column(String(200))
    town: Mapped[str | None] = mapped_column(String(120))
    county: Mapped[str | None] = mapped_column(String(120))
    postcode: Mapped[str | None] = mapped_column(String(10), index=True)
    phone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(254), index=True)
    website: Mapped[str | None] = mapped_column(String(300))
    ppe_individual: Mapped[bool] = mapped_column(Boolean, default=False)
    ppe_service: Mapped[bool] = mapped_column(Boolean, default=False)
    ppe_community: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str | None] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    archived_at: Mapped[datetime | None] = mapped_column(DateTime)
    commissioner_code: Mapped[str | None] = mapped_column(String(12), index=True)
    ods_status: Mapped[str | None] = mapped_column(String(2))
    addressee_role: Mapped[str | None] = mapped_column(String(80))
    # The organisation this group is reached through, e.g. a PPG's GP practice (migration 0004).
    reached_through_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id", ondelete="SET NULL"),
                                                           index=True)
    # Equality and reach (migration 0011): a group that reaches people seldom heard, and the area of its postcode
    # from the lookups (derived: written by services/lookups/areas.py with Core updates).
    seldom_heard: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    lsoa_code: Mapped[str | None] = mapped_column(String(9))
    imd_decile: Mapped[int | None] = mapped_column(Integer)
    import_batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batch.id", ondelete="SET NULL"))
    search_text: Mapped[str] = mapped_column(Text, default="")

    org_type: Mapped[OrganisationType] = relationship(lazy="joined")
    tags: Mapped[list[Tag]] = relationship(secondary=organisation_tags, lazy="selectin")
    memberships: Mapped[list[Membership]] = relationship(
        back_populates="organisation", cascade="all, delete-orphan", passive_deletes=True
    )
    reached_through: Mapped[Organisation | None] = relationship(remote_side=[id], foreign_keys=[reached_through_id])


class Person(Versioned, Timestamps, Base):
    __tablename__ = "person"
    __table_args__ = (Index("ix_person_sort_name", *[text(c) for c in PERSON_LIST_INDEX]),
                      Index("ix_person_retention_review", "retention_review_on", "erased_at"))    # Home's count
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str | None] = mapped_column(String(40))
    first_name: Mapped[str | None] = mapped_column(String(120))
    last_name: Mapped[str] = mapped_column(String(120), index=True)
    role: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254), index=True)
    phone: Mapped[str | None] = mapped_column(String(40))
    address_line1: Mapped[str | None] = mapped_column(String(200))
    address_line2: Mapped[str | None] = mapped_column(String(200))
    address_line3: Mapped[str | None] = mapped_column(String(200))
    town: Mapped[str | None] = mapped_column(String(120))
    county: Mapped[str | None] = mapped_column(String(120))
    postcode: Mapped[str | None] = mapped_column(String(10), index=True)
    preferred_channel: Mapped[str | None] = mapped_column(String(20))
    needs_large_print: Mapped[bool] = mapped_column(Boolean, default=False)
    needs_easy_read: Mapped[bool] = mapped_column(Boolean, default=False)
    needs_interpreter: Mapped[bool] = mapped_column(Boolean, default=False)
    interpreter_language: Mapped[str | None] = mapped_column(String(80))
    access_needs_other: Mapped[str | None] = mapped_column(String(300))
    is_patient_rep: Mapped[bool] = mapped_column(Boolean, default=False)
    participant_type: Mapped[str | None] = mapped_column(String(40))
    profession: Mapped[str | None] = mapped_column(String(120))
    do_not_contact: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_contact: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_contact_date: Mapped[date | None] = mapped_column(Date)
    consent_contact_how: Mapped[str | None] = mapped_column(String(120))
    consent_data: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_data_date: Mapped[date | None] = mapped_column(Date)
    consent_data_how: Mapped[str | None] = mapped_column(String(120))
    lawful_basis: Mapped[str | None] = mapped_column(String(40))
    special_category_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    retention_review_on: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str | None] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    archived_at: Mapped[datetime | None] = mapped_column(DateTime)
    erased_at: Mapped[datetime | None] = mapped_column(DateTime)      # anonymised: see services/privacy/erase.py
    # a random identifier that is never reused (row ids can be), for the register of erasures kept outside the
    # database: see services/privacy/erasures.py
    uid: Mapped[str | None] = mapped_column(String(36), unique=True, index=True, default=new_uid)
    # the area of the postcode from the lookups (derived: services/lookups/areas.py, migration 0011)
    lsoa_code: Mapped[str | None] = mapped_column(String(9))
    imd_decile: Mapped[int | None] = mapped_column(Integer)
    import_batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batch.id", ondelete="SET NULL"))
    search_text: Mapped[str] = mapped_column(Text, default="")

    tags: Mapped[list[Tag]] = relationship(secondary=person_tags, lazy="selectin")
    memberships: Mapped[list[Membership]] = relationship(
        back_populates="person", cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def display_name(self) -> str:
        parts = [self.title, self.first_name, self.last_name]
        return " ".join(p for p in parts if p)


class Membership(Versioned, Base):
    __tablename__ = "membership"
    __table_args__ = (UniqueConstraint("person_id", "organisation_id", "role"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(80), default="member")

    person: Mapped[Person] = relationship(back_populates="memberships")
    organisation: Mapped[Organisation] = relationship(back_populates="memberships")
