"""The records of a council office: tables, their columns and the fixed vocabularies."""

import datetime as dt
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, Index, LargeBinary, Numeric, UniqueConstraint, false
from sqlalchemy.orm import declared_attr
from sqlmodel import Field, Relationship, SQLModel


def utcnow() -> dt.datetime:
    """The current time in UTC, the zone every timestamp column holds."""
    return dt.datetime.now(dt.UTC)


# --------------------------------------------------------------------------- vocabularies


class MotionKind(StrEnum):
    MOTION = "motion"
    RESOLUTION = "resolution"


class MotionStatus(StrEnum):
    DRAFT = "draft"
    READY = "ready"
    INTRODUCED = "introduced"
    REFERRED = "referred"
    REPORTED = "reported"
    CONTINUED = "continued"
    ADOPTED = "adopted"
    FAILED = "failed"
    WITHDRAWN = "withdrawn"


class ClauseKind(StrEnum):
    #: Background: a narrative paragraph of a motion, a WHEREAS recital of a resolution.
    RECITAL = "recital"
    #: What is asked: I THEREFORE / FURTHER MOVE, BE IT (FURTHER) RESOLVED.
    OPERATIVE = "operative"


class VoteChoice(StrEnum):
    YES = "YES"
    NO = "NO"
    ABSENT = "ABSENT"
    ABSTAIN = "ABSTAIN"
    RECUSED = "RECUSED"
    VACANT = "VACANT"


class Threshold(StrEnum):
    MAJORITY = "majority"
    TWO_THIRDS = "two_thirds"
    URGENCY = "urgency"
    UNANIMOUS = "unanimous"


class PartnershipStatus(StrEnum):
    PROPOSED = "proposed"
    UNDER_REVIEW = "under_review"
    APPROVED = "approved"
    SIGNED = "signed"
    ACTIVE = "active"
    SUSPENDED = "suspended"
    ENDED = "ended"


class AgreementStatus(StrEnum):
    DRAFT = "draft"
    FINAL = "final"
    SIGNED = "signed"


class PersonRole(StrEnum):
    MEMBER = "member"
    OFFICIAL = "official"
    STAFF = "staff"


# --------------------------------------------------------------------------- helpers


class Versioned:
    """Optimistic locking: a save over a newer save raises StaleDataError (see services)."""

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]


def json_list() -> Any:
    return Field(default_factory=list, sa_column=Column(JSON, nullable=False))


def json_dict() -> Any:
    return Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


# --------------------------------------------------------------------------- the office


class OfficeProfile(Versioned, SQLModel, table=True):
    """The council this copy of the app serves; one row."""

    __tablename__ = "office_profile"

    id: int | None = Field(default=None, primary_key=True)
    city_name: str = "Los Angeles"
    state: str = ""
    country: str = "United States"
    council_name: str = "City Council"
    seats: int = 15
    quorum: int = 10
    majority_votes: int = 8
    two_thirds_votes: int = 10
    urgency_votes: int = 12
    clerk_name: str = ""
    mayor_name: str = ""
    mayor_title: str = "Mayor"
    attorney_name: str = ""
    language: str = "en"
    user_name: str = ""
    home_city_id: int | None = Field(default=None, foreign_key="city.id")
    #: How many names a sponsor citation lists whole; a longer list prints as
    #: "(Mover - et al. - First seconder)". 0 lists every name.
    citation_limit: int = Field(default=2, sa_column_kwargs={"server_default": "2"})
    version: int = 1


class Person(Versioned, SQLModel, table=True):
    __tablename__ = "person"

    id: int | None = Field(default=None, primary_key=True)
    #: The name exactly as the person writes it ("Kevin de León", "Curren D. Price, Jr.").
    full_name: str = Field(index=True)
    #: Optional name in another script ("Віталій Кличко").
    native_name: str = ""
    #: The surname as cited in sponsor lists and sorted ("de León" -> "de León").
    surname: str = ""
    honorific: str = ""
    role: str = PersonRole.MEMBER.value
    #: For officials of a partner city: their title ("Mayor of Kyiv") per language code.
    titles: dict[str, str] = json_dict()
    city_id: int | None = Field(default=None, foreign_key="city.id")
    email: str = ""
    notes: str = ""
    version: int = 1


class CouncilSeat(Versioned, SQLModel, table=True):
    """A district's seat for a term; person_id empty means vacant."""

    __tablename__ = "council_seat"

    id: int | None = Field(default=None, primary_key=True)
    district: int = Field(index=True)
    person_id: int | None = Field(default=None, foreign_key="person.id")
    term_start: dt.date | None = None
    term_end: dt.date | None = None
    office: str = ""  # "President", "President Pro Tempore" ...
    version: int = 1


class Committee(Versioned, SQLModel, table=True):
    __tablename__ = "committee"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    short_name: str = ""
    version: int = 1


# --------------------------------------------------------------------------- cities


class City(Versioned, SQLModel, table=True):
    __tablename__ = "city"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True)
    native_name: str = ""
    aliases: list[str] = json_list()
    country: str = ""
    #: What the office prints for the country (a label can be politically sensitive).
    country_label: str = ""
    #: BCP 47 language tag of the city's language ("uk-UA", "ja-JP").
    language: str = "en"
    is_home: bool = False
    version: int = 1


class Partnership(Versioned, SQLModel, table=True):
    """The sister-city relationship between the home city and a partner."""

    __tablename__ = "partnership"

    id: int | None = Field(default=None, primary_key=True)
    city_id: int = Field(foreign_key="city.id", unique=True)
    status: str = PartnershipStatus.PROPOSED.value
    established_year: int | None = None
    established_on: dt.date | None = None
    ordinal: int | None = None
    notes: str = ""
    version: int = 1

    steps: list["PartnershipStep"] = Relationship(
        sa_relationship_kwargs={
            "order_by": "PartnershipStep.position",
            "cascade": "all, delete-orphan",
        }
    )


class PartnershipStep(SQLModel, table=True):
    __tablename__ = "partnership_step"

    id: int | None = Field(default=None, primary_key=True)
    partnership_id: int | None = Field(
        default=None, foreign_key="partnership.id", index=True, nullable=False
    )
    position: int = 0
    step: str = ""
    on_date: dt.date | None = None
    note: str = ""
    motion_id: int | None = Field(default=None, foreign_key="motion.id")
    vote_id: int | None = Field(default=None, foreign_key="vote.id")


# --------------------------------------------------------------------------- motions


class Motion(Versioned, SQLModel, table=True):
    """A motion or a resolution, with its Council File and its life in council."""

    __tablename__ = "motion"
    __table_args__ = (
        Index("ix_motion_status_updated", "status", "updated_at"),
        # The list sorted by title (migration 0005).
        Index("ix_motion_title", "title", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    kind: str = MotionKind.MOTION.value
    title: str = ""
    #: Stored as text: modern numbers are YY-NNNN[-S<n>], legacy ones vary.
    council_file: str | None = Field(default=None, unique=True)
    resolution_number: str = ""
    mover_id: int | None = Field(default=None, foreign_key="person.id")
    #: One member can present for another ("Padilla for McOsker").
    presented_for_id: int | None = Field(default=None, foreign_key="person.id")
    committee_id: int | None = Field(default=None, foreign_key="committee.id")
    partnership_id: int | None = Field(default=None, foreign_key="partnership.id")
    status: str = MotionStatus.DRAFT.value
    introduced_on: dt.date | None = None
    created_at: dt.datetime = Field(default_factory=utcnow)
    updated_at: dt.datetime = Field(default_factory=utcnow, index=True)
    version: int = 1

    seconders: list["MotionSeconder"] = Relationship(
        sa_relationship_kwargs={
            "order_by": "MotionSeconder.position",
            "cascade": "all, delete-orphan",
        }
    )
    clauses: list["MotionClause"] = Relationship(
        sa_relationship_kwargs={
            "order_by": "MotionClause.position",
            "cascade": "all, delete-orphan",
        }
    )
    activities: list["Activity"] = Relationship(
        sa_relationship_kwargs={
            "order_by": "[Activity.on_date, Activity.id]",
            "cascade": "all, delete-orphan",
        }
    )


class MotionSeconder(SQLModel, table=True):
    __tablename__ = "motion_seconder"
    __table_args__ = (UniqueConstraint("motion_id", "person_id"),)

    id: int | None = Field(default=None, primary_key=True)
    motion_id: int | None = Field(default=None, foreign_key="motion.id", index=True, nullable=False)
    position: int = 0
    person_id: int = Field(foreign_key="person.id")


class MotionClause(SQLModel, table=True):
    __tablename__ = "motion_clause"

    id: int | None = Field(default=None, primary_key=True)
    motion_id: int | None = Field(default=None, foreign_key="motion.id", index=True, nullable=False)
    position: int = 0
    kind: str = ClauseKind.RECITAL.value
    text: str = ""


class Activity(SQLModel, table=True):
    """A dated line of a Council File's activity log."""

    __tablename__ = "activity"

    id: int | None = Field(default=None, primary_key=True)
    motion_id: int | None = Field(default=None, foreign_key="motion.id", index=True, nullable=False)
    on_date: dt.date
    kind: str = "note"
    text: str = ""
    created_at: dt.datetime = Field(default_factory=utcnow)


# --------------------------------------------------------------------------- votes


class Vote(Versioned, SQLModel, table=True):
    __tablename__ = "vote"

    id: int | None = Field(default=None, primary_key=True)
    motion_id: int | None = Field(default=None, foreign_key="motion.id", index=True, nullable=False)
    meeting_date: dt.date
    meeting_type: str = "Regular"
    action: str = "Adopted"
    threshold: str = Threshold.MAJORITY.value
    #: The Clerk chose to write "Unanimous Vote" in this item's journal line (never a default).
    unanimous_wording: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    created_at: dt.datetime = Field(default_factory=utcnow)
    version: int = 1

    casts: list["VoteCast"] = Relationship(
        sa_relationship_kwargs={
            "order_by": "VoteCast.district",
            "cascade": "all, delete-orphan",
        }
    )


class VoteCast(SQLModel, table=True):
    __tablename__ = "vote_cast"
    __table_args__ = (UniqueConstraint("vote_id", "district"),)

    id: int | None = Field(default=None, primary_key=True)
    vote_id: int | None = Field(default=None, foreign_key="vote.id", index=True, nullable=False)
    district: int
    person_id: int | None = Field(default=None, foreign_key="person.id")
    choice: str = VoteChoice.ABSENT.value


# --------------------------------------------------------------------------- agreements


class Agreement(Versioned, SQLModel, table=True):
    """A sister-city agreement, in the home language and the partner's, equally authentic."""

    __tablename__ = "agreement"

    id: int | None = Field(default=None, primary_key=True)
    home_city_id: int = Field(foreign_key="city.id")
    partner_city_id: int = Field(foreign_key="city.id")
    partnership_id: int | None = Field(default=None, foreign_key="partnership.id")
    home_language: str = "en"
    partner_language: str = "en"
    #: Title and preamble per language code.
    titles: dict[str, str] = json_dict()
    preambles: dict[str, str] = json_dict()
    #: Which text prevails in case of divergence; empty means both equally.
    prevailing_language: str = ""
    home_signing_place: str = ""
    home_signing_date: dt.date | None = None
    partner_signing_place: str = ""
    partner_signing_date: dt.date | None = None
    home_signatory_id: int | None = Field(default=None, foreign_key="person.id")
    partner_signatory_id: int | None = Field(default=None, foreign_key="person.id")
    status: str = AgreementStatus.DRAFT.value
    created_at: dt.datetime = Field(default_factory=utcnow)
    updated_at: dt.datetime = Field(default_factory=utcnow)
    version: int = 1

    articles: list["AgreementArticle"] = Relationship(
        sa_relationship_kwargs={
            "order_by": "AgreementArticle.position",
            "cascade": "all, delete-orphan",
        }
    )
    annex_items: list["AnnexItem"] = Relationship(
        sa_relationship_kwargs={
            "order_by": "AnnexItem.position",
            "cascade": "all, delete-orphan",
        }
    )


class AgreementArticle(SQLModel, table=True):
    __tablename__ = "agreement_article"

    id: int | None = Field(default=None, primary_key=True)
    agreement_id: int | None = Field(
        default=None, foreign_key="agreement.id", index=True, nullable=False
    )
    position: int = 0
    #: Heading and text per language code, each written whole by a person.
    headings: dict[str, str] = json_dict()
    texts: dict[str, str] = json_dict()


class AnnexItem(SQLModel, table=True):
    """A line of the schedule of donated equipment."""

    __tablename__ = "annex_item"

    id: int | None = Field(default=None, primary_key=True)
    agreement_id: int | None = Field(
        default=None, foreign_key="agreement.id", index=True, nullable=False
    )
    position: int = 0
    description: str = ""
    quantity: int = 1
    condition: str = ""
    estimated_value: Decimal | None = Field(
        default=None, sa_column=Column(Numeric(14, 2), nullable=True)
    )
    currency: str = "USD"


# --------------------------------------------------------------------------- clauses


class StandardClause(Versioned, SQLModel, table=True):
    """Reusable wording a drafter inserts, per language."""

    __tablename__ = "standard_clause"

    id: int | None = Field(default=None, primary_key=True)
    title: str = ""
    kind: str = ClauseKind.OPERATIVE.value
    texts: dict[str, str] = json_dict()
    tags: list[str] = json_list()
    version: int = 1


# --------------------------------------------------------------------------- history


class Revision(SQLModel, table=True):
    """A frozen, numbered snapshot of a record's whole content."""

    __tablename__ = "revision"
    __table_args__ = (UniqueConstraint("record_kind", "record_id", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    record_kind: str = Field(index=True)
    record_id: int = Field(index=True)
    number: int
    author: str = ""
    created_at: dt.datetime = Field(default_factory=utcnow)
    reason: str = ""
    #: What the office calls this version ("sent to the Clerk"); set any time after.
    label: str = ""
    #: SHA-256 (hex) of the canonical JSON of ``content``.
    fingerprint: str = ""
    content: dict[str, Any] = json_dict()


class GeneratedDocument(SQLModel, table=True):
    """What went out: a document produced from a revision with a template."""

    __tablename__ = "generated_document"

    id: int | None = Field(default=None, primary_key=True)
    record_kind: str = Field(index=True)
    record_id: int = Field(index=True)
    revision_id: int | None = Field(default=None, foreign_key="revision.id")
    template: str = ""
    format: str = "docx"
    path: str = ""
    sha256: str = ""
    final: bool = False
    created_at: dt.datetime = Field(default_factory=utcnow)


class SourceDocument(SQLModel, table=True):
    """A Word file a motion was imported from, kept whole with its SHA-256, so the record can
    always be compared with its source and the same file is never imported twice."""

    __tablename__ = "source_document"

    id: int | None = Field(default=None, primary_key=True)
    motion_id: int | None = Field(default=None, foreign_key="motion.id", index=True)
    file_name: str = ""
    #: SHA-256 (hex) of ``content``: how a re-imported file is recognised.
    sha256: str = Field(unique=True)
    size: int = 0
    content: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    imported_at: dt.datetime = Field(default_factory=utcnow)


# --------------------------------------------------------------------------- spelling


class OfficeWord(SQLModel, table=True):
    """A word the office's spell check accepts (added with "Add to dictionary"), kept in
    the database so every desk of a shared office knows it."""

    __tablename__ = "office_word"

    id: int | None = Field(default=None, primary_key=True)
    word: str = Field(unique=True)
    added_at: dt.datetime = Field(default_factory=utcnow)


# --------------------------------------------------------------------------- search


class SearchEntry(SQLModel, table=True):
    """One searchable record. The full-text index (FTS5 or tsvector) sits on this table and
    reads the folded columns: lower case, accents and apostrophe variants removed."""

    __tablename__ = "search_entry"
    __table_args__ = (UniqueConstraint("kind", "record_id"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str
    record_id: int
    #: The record's title as it should be shown in a result list.
    title: str = ""
    title_folded: str = ""
    body_folded: str = ""
