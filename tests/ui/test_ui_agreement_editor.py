"""The agreement editor: both languages side by side, the annex table, signing, new drafts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from sqlalchemy.engine import Engine
from uihelpers import type_text

from sistercity_desk import agreements, db
from sistercity_desk import models as m
from ui.editors.agreement import AgreementEditor
from ui.models.annex import AnnexModel


def stored(engine: Engine, agreement_id: int = 1) -> agreements.AgreementData:
    with db.session_scope(engine) as session:
        return agreements.AgreementData.of(
            agreements.get_agreement(session=session, agreement_id=agreement_id)
        )


def open_agreement(window: Any) -> AgreementEditor:
    window.set_area("agreements")
    area = window.area("agreements")
    assert area.select_record(1)
    return area.editor


def test_articles_side_by_side(qtbot: Any, window: Any, demo_engine: Engine) -> None:
    editor = open_agreement(window)
    assert editor.languages() == ("en", "uk")
    assert editor.articles.count() == 7
    first = editor.articles.widgets()[0]
    assert first.headings[0].text() == "Shared values"
    assert first.headings[1].text() == "Спільні цінності"
    assert editor.title_edits[1].toPlainText().startswith("Угода про встановлення")
    # Edit the Ukrainian heading and text of article 2, move it first.
    second = editor.articles.widgets()[1]
    second.headings[1].clear()
    type_text(second.headings[1], "Правові засади")
    qtbot.mouseClick(editor.articles.frames()[1].up_button, Qt.MouseButton.LeftButton)
    assert editor.articles.frames()[0].heading.text() == "Article 1"
    qtbot.waitUntil(lambda: not editor.is_dirty(), timeout=5000)
    data = stored(demo_engine)
    assert data.articles[0].headings == {"en": "Legal basis", "uk": "Правові засади"}
    assert data.articles[1].headings["en"] == "Shared values"
    assert len(data.articles) == 7


def test_annex_table_and_signing(qtbot: Any, window: Any, demo_engine: Engine) -> None:
    editor = open_agreement(window)
    model = editor.annex_model
    assert model.rowCount() == 3
    assert (
        model.index(0, AnnexModel.COL_DESCRIPTION).data() == "Surplus fire engine (Type 1 pumper)"
    )
    model.setData(model.index(0, AnnexModel.COL_QUANTITY), 5)
    qtbot.mouseClick(editor.add_line_button, Qt.MouseButton.LeftButton)
    model.setData(model.index(3, AnnexModel.COL_DESCRIPTION), "Пожежні рукави (fire hoses)")
    model.setData(model.index(3, AnnexModel.COL_QUANTITY), 40)
    model.setData(model.index(3, AnnexModel.COL_CONDITION), "New")
    model.setData(model.index(3, AnnexModel.COL_VALUE), "150.50")
    editor.date_fields[0].set_value(dt.date(2022, 10, 28))
    assert editor.flush()
    data = stored(demo_engine)
    first = data.annex_items[0]
    assert (first.description, first.quantity) == ("Surplus fire engine (Type 1 pumper)", 5)
    last = data.annex_items[3]
    assert (last.description, last.quantity, last.condition, last.estimated_value) == (
        "Пожежні рукави (fire hoses)",
        40,
        "New",
        Decimal("150.50"),
    )
    assert data.home_signing_date == dt.date(2022, 10, 28)
    assert "Estimated total" in editor.annex_total.text()


def test_bad_annex_value_is_shown_under_the_annex(window: Any, demo_engine: Engine) -> None:
    editor = open_agreement(window)
    model = editor.annex_model
    model.setData(model.index(1, AnnexModel.COL_VALUE), "a lot")
    assert not editor.flush()
    assert "Annex item 2: 'a lot' is not an amount" in editor.annex_message.text()
    assert stored(demo_engine).annex_items[1].estimated_value == Decimal("90000.00")


def test_signed_agreement_is_read_only(window: Any, demo_engine: Engine) -> None:
    with db.session_scope(demo_engine) as session:
        agreements.get_agreement(session=session, agreement_id=1).status = m.AgreementStatus.SIGNED
    editor = open_agreement(window)
    assert editor.is_read_only()
    assert "signed and no longer edited" in editor.banner.text()
    assert editor.articles.widgets()[0].texts[0].isReadOnly()
    assert editor.add_line_button.isHidden()


def test_new_agreement_with_a_partner_city(qtbot: Any, window: Any, demo_engine: Engine) -> None:
    window.set_area("agreements")
    area = window.area("agreements")
    assert area.new_record()
    editor: AgreementEditor = area.editor
    athens = editor.partner_combo.findText("Athens (Αθήνα)")
    assert athens > 0
    editor.partner_combo.setCurrentIndex(athens)
    assert editor.languages() == ("en", "el")
    editor.title_edits[0].moveCursor(QTextCursor.MoveOperation.End)
    type_text(editor.title_edits[0], "Friendship City Agreement")
    type_text(editor.title_edits[1], "Συμφωνία φιλίας")
    qtbot.waitUntil(lambda: editor.record_id() is not None and not editor.is_dirty(), timeout=5000)
    data = stored(demo_engine, editor.record_id())
    assert data.titles == {"en": "Friendship City Agreement", "el": "Συμφωνία φιλίας"}
    assert data.partner_signing_place == "Athens"
    assert area.view.model().rowCount() == 2


def test_editor_total_is_the_printed_total_and_partner_text_is_kept(
    qtbot: Any, window: Any, demo_engine: Engine
) -> None:
    from sistercity_desk.documents import context

    editor = open_agreement(window)
    model = editor.annex_model
    with db.session_scope(demo_engine) as session:
        printed = context.agreement_context(session, 1)["agreement"]["annex_total"]
    # The label and the page show one figure: 4 x 60,000 + 90,000 + 2 x 25,000.
    assert printed == "$380,000.00"
    assert editor.annex_total.text() == "Estimated total: 380,000.00"
    assert model.headerData(AnnexModel.COL_VALUE, Qt.Orientation.Horizontal) == "Unit value"
    model.setData(model.index(0, AnnexModel.COL_CONDITION_PARTNER), "Нова")
    assert model.index(0, AnnexModel.COL_DESCRIPTION_PARTNER).data().startswith("Пожежна")
    assert editor.flush()
    assert stored(demo_engine).annex_items[0].condition_partner == "Нова"
