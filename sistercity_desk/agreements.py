"""Sister-city agreements: two cities, two languages, articles, signatories and the annex."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from sqlmodel import Session, select

from . import models as m
from .errors import Invalid, NotFound
from .locking import flush_or_conflict, require_version
from .text import is_language_tag, tidy, tidy_texts


@dataclass
class ArticleData:
    #: Text and heading per language code ({"en": ..., "uk": ...}).
    texts: dict[str, str]
    headings: dict[str, str] = field(default_factory=dict)


@dataclass
class AnnexItemData:
    description: str
    quantity: int = 1
    condition: str = ""
    estimated_value: Decimal | str | None = None
    currency: str = "USD"


@dataclass
class AgreementData:
    home_city_id: int
    partner_city_id: int
    home_language: str = "en"
    partner_language: str = "en"
    titles: dict[str, str] = field(default_factory=dict)
    preambles: dict[str, str] = field(default_factory=dict)
    articles: list[ArticleData] = field(default_factory=list)
    annex_items: list[AnnexItemData] = field(default_factory=list)
    prevailing_language: str = ""
    home_signing_place: str = ""
    home_signing_date: dt.date | None = None
    partner_signing_place: str = ""
    partner_signing_date: dt.date | None = None
    home_signatory_id: int | None = None
    partner_signatory_id: int | None = None
    partnership_id: int | None = None

    @classmethod
    def of(cls, agreement: m.Agreement) -> AgreementData:
        return cls(
            home_city_id=agreement.home_city_id,
            partner_city_id=agreement.partner_city_id,
            home_language=agreement.home_language,
            partner_language=agreement.partner_language,
            titles=dict(agreement.titles),
            preambles=dict(agreement.preambles),
            articles=[ArticleData(dict(a.texts), dict(a.headings)) for a in agreement.articles],
            annex_items=[
                AnnexItemData(i.description, i.quantity, i.condition, i.estimated_value, i.currency)
                for i in agreement.annex_items
            ],
            prevailing_language=agreement.prevailing_language,
            home_signing_place=agreement.home_signing_place,
            home_signing_date=agreement.home_signing_date,
            partner_signing_place=agreement.partner_signing_place,
            partner_signing_date=agreement.partner_signing_date,
            home_signatory_id=agreement.home_signatory_id,
            partner_signatory_id=agreement.partner_signatory_id,
            partnership_id=agreement.partnership_id,
        )


#: The most of one item an annex lists (and far inside every database's integer column).
MAX_QUANTITY = 1_000_000


def _money(value: Decimal | str | None, position: int) -> Decimal | None:
    if value is None or (isinstance(value, str) and not tidy(value)):
        return None
    text = tidy(str(value))
    try:
        amount = Decimal(text.replace(",", "").replace("$", "").strip())
    except InvalidOperation as exc:
        raise Invalid(
            f"Annex item {position}: '{text}' is not an amount; write digits, e.g. 125000.00.",
            field="annex_items",
        ) from exc
    # NaN and infinity are numbers to Decimal but not amounts (and NaN cannot be compared).
    if not amount.is_finite() or amount < 0 or amount >= Decimal("1e12"):
        raise Invalid(
            f"Annex item {position}: the value must be between 0 and 999,999,999,999.",
            field="annex_items",
        )
    return amount.quantize(Decimal("0.01"))


def validate(session: Session, data: AgreementData) -> AgreementData:
    if data.home_city_id == data.partner_city_id:
        raise Invalid("An agreement needs two different cities.", field="partner_city_id")
    for label, cid in (("home", data.home_city_id), ("partner", data.partner_city_id)):
        if session.get(m.City, cid) is None:
            raise Invalid(f"The {label} city (id {cid}) does not exist.", field=f"{label}_city_id")
    home_language, partner_language = tidy(data.home_language), tidy(data.partner_language)
    prevailing = tidy(data.prevailing_language)
    languages = {home_language, partner_language}
    if "" in languages:
        raise Invalid(
            "Both languages of the agreement must be given (e.g. en and uk).",
            field="partner_language" if home_language else "home_language",
        )
    for label, code in (("home", home_language), ("partner", partner_language)):
        if not is_language_tag(code):
            raise Invalid(
                f"'{code}' is not a language code; write one like en, uk or uk-UA.",
                field=f"{label}_language",
            )
    if prevailing and prevailing not in languages:
        raise Invalid(
            "The prevailing language must be one of the agreement's two languages.",
            field="prevailing_language",
        )
    for label, pid in (("home", data.home_signatory_id), ("partner", data.partner_signatory_id)):
        if pid is not None and session.get(m.Person, pid) is None:
            raise Invalid(
                f"The {label} signatory (person {pid}) does not exist.",
                field=f"{label}_signatory_id",
            )
    items = []
    for i, item in enumerate(data.annex_items, start=1):
        if not tidy(item.description):
            raise Invalid(f"Annex item {i} needs a description.", field="annex_items")
        if not 1 <= item.quantity <= MAX_QUANTITY:
            raise Invalid(
                f"Annex item {i}: the quantity must be between 1 and {MAX_QUANTITY:,}.",
                field="annex_items",
            )
        items.append(
            AnnexItemData(
                tidy(item.description),
                item.quantity,
                tidy(item.condition),
                _money(item.estimated_value, i),
                tidy(item.currency) or "USD",
            )
        )
    return AgreementData(
        **{
            **data.__dict__,
            "home_language": home_language,
            "partner_language": partner_language,
            "prevailing_language": prevailing,
            "titles": tidy_texts(data.titles),
            "preambles": tidy_texts(data.preambles),
            "articles": [
                ArticleData(tidy_texts(a.texts), tidy_texts(a.headings)) for a in data.articles
            ],
            "annex_items": items,
            "home_signing_place": tidy(data.home_signing_place),
            "partner_signing_place": tidy(data.partner_signing_place),
        }
    )


def _apply(agreement: m.Agreement, data: AgreementData) -> None:
    for name in (
        "home_city_id",
        "partner_city_id",
        "home_language",
        "partner_language",
        "prevailing_language",
        "home_signing_place",
        "home_signing_date",
        "partner_signing_place",
        "partner_signing_date",
        "home_signatory_id",
        "partner_signatory_id",
        "partnership_id",
    ):
        setattr(agreement, name, getattr(data, name))
    agreement.titles = dict(data.titles)
    agreement.preambles = dict(data.preambles)
    agreement.updated_at = m.utcnow()
    articles = list(agreement.articles)
    for position, article in enumerate(data.articles):
        if position < len(articles):
            row = articles[position]
            if (row.texts, row.headings) != (article.texts, article.headings):
                row.texts, row.headings = dict(article.texts), dict(article.headings)
        else:
            agreement.articles.append(
                m.AgreementArticle(
                    position=position, texts=dict(article.texts), headings=dict(article.headings)
                )
            )
    del agreement.articles[len(data.articles) :]
    agreement.annex_items.clear()
    for position, item in enumerate(data.annex_items):
        agreement.annex_items.append(
            m.AnnexItem(
                position=position,
                description=item.description,
                quantity=item.quantity,
                condition=item.condition,
                estimated_value=item.estimated_value,  # type: ignore[arg-type]
                currency=item.currency,
            )
        )


def create_agreement(*, session: Session, data: AgreementData) -> m.Agreement:
    clean = validate(session, data)
    agreement = m.Agreement(home_city_id=clean.home_city_id, partner_city_id=clean.partner_city_id)
    session.add(agreement)
    _apply(agreement, clean)
    session.flush()
    return agreement


def update_agreement(
    *,
    session: Session,
    agreement_id: int,
    data: AgreementData,
    expected_version: int,
) -> m.Agreement:
    agreement = get_agreement(session=session, agreement_id=agreement_id)
    label = f"Agreement {agreement_id}"
    require_version(agreement, expected_version, label)
    if agreement.status == m.AgreementStatus.SIGNED:
        raise Invalid(
            f"Agreement {agreement_id} is signed and no longer edited. Draft an amendment as a "
            "new agreement, or restore a version from its history as a new draft."
        )
    clean = validate(session, data)
    if clean == AgreementData.of(agreement):
        return agreement
    _apply(agreement, clean)
    flush_or_conflict(session, label)
    return agreement


def get_agreement(*, session: Session, agreement_id: int) -> m.Agreement:
    agreement = session.get(m.Agreement, agreement_id)
    if agreement is None:
        raise NotFound(
            f"There is no agreement with id {agreement_id}. List them with 'list agreements'."
        )
    return agreement


def list_agreements(*, session: Session) -> list[m.Agreement]:
    return list(session.exec(select(m.Agreement).order_by(m.Agreement.id)))  # type: ignore[arg-type]


def delete_agreement(*, session: Session, agreement_id: int) -> None:
    agreement = get_agreement(session=session, agreement_id=agreement_id)
    if agreement.status == m.AgreementStatus.SIGNED:
        raise Invalid(f"Agreement {agreement_id} is signed and cannot be deleted.")
    session.delete(agreement)
    session.flush()
