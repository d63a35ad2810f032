"""Unsaved drafts on disk: written whole, read back equal, removed once stored."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sistercity_desk import recovery
from sistercity_desk.agreements import AgreementData, AnnexItemData, ArticleData
from sistercity_desk.motions import ClauseData, MotionData


def test_drafts_round_trip_exactly() -> None:
    motion = MotionData(
        title="Київ / de León & O’Farrell",
        mover_id=None,
        seconder_ids=[4, 5],
        clauses=[ClauseData("recital", "a\tb\n{{ 7*7 }}"), ClauseData("operative", "x" * 5000)],
        introduced_on=dt.date(2022, 3, 1),
    )
    agreement = AgreementData(
        home_city_id=1,
        partner_city_id=2,
        titles={"en": "Agreement", "uk": "Угода"},
        articles=[ArticleData({"en": "One", "uk": "Один"}, {"en": "H"})],
        annex_items=[AnnexItemData("Fire engine", 4, "Used", Decimal("60000.00"))],
        home_signing_date=dt.date(2022, 10, 28),
    )
    recovery.stash("motion", None, motion)
    recovery.stash("agreement", 7, agreement)
    kept = {(u.kind, u.record_id): u for u in recovery.pending()}
    assert kept[("motion", None)].data == motion
    restored = kept[("agreement", 7)].data
    assert isinstance(restored, AgreementData)
    assert restored.annex_items[0].estimated_value == "60000.00"  # amounts come back as text
    assert restored.home_signing_date == dt.date(2022, 10, 28)
    assert restored.articles == agreement.articles
    # A newer stash of the same draft replaces the older one; no temp file is left.
    motion.title = "second thought"
    recovery.stash("motion", None, motion)
    assert [u.title for u in recovery.pending() if u.kind == "motion"] == ["second thought"]
    assert not list(recovery.folder().glob("*.part"))
    recovery.discard("motion", None)
    recovery.discard("agreement", 7)
    assert recovery.pending() == []


def test_an_unreadable_file_is_skipped_not_deleted() -> None:
    broken = recovery.folder() / "motion-3.json"
    broken.write_text("{ not json", encoding="utf-8")
    assert recovery.pending() == []
    assert broken.exists()
