"""The Word import review in the window: menu, drop, sortable review, pickers, import, cancel."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from sistercity_desk import models as m
from sistercity_desk import people
from ui.word_import import WordImport, WordImportDialog

WORDFILES = Path(__file__).resolve().parents[1] / "documents" / "wordfiles"


@pytest.fixture
def drive(tmp_path: Path) -> Path:
    folder = tmp_path / "drive"
    shutil.copytree(WORDFILES, folder, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return folder


def _reviewed(qtbot: Any, dialog: WordImportDialog) -> None:
    qtbot.waitUntil(lambda: dialog._task is None and dialog.table.rowCount() > 0, timeout=60_000)


def test_menu_opens_a_review_sortable_by_confidence_and_imports_with_picks(
    qtbot: Any, window: Any, demo_engine: Engine, drive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Session(demo_engine) as session:
        people.create_person(session=session, data=people.PersonData(full_name="Jane Lee"))
        session.commit()
        john_id = session.exec(select(m.Person.id).where(m.Person.full_name == "John S. Lee")).one()
    tools: WordImport = window.word_import
    assert tools.action in window.menu("file").actions()
    monkeypatch.setattr(
        tools,
        "ask_paths",
        lambda: [
            drive / "m15_ambiguous_initial.docx",
            drive / "m01_one_seconder.docx",
            drive / "x01_memo.docx",
        ],
    )
    tools.action.trigger()
    dialog = tools.dialog
    assert dialog is not None
    _reviewed(qtbot, dialog)
    assert dialog.table.rowCount() == 3
    # Nothing is stored by the review.
    with Session(demo_engine) as session:
        assert session.exec(select(m.SourceDocument)).first() is None

    dialog.table.sortByColumn(dialog.COL_CONFIDENCE, Qt.SortOrder.DescendingOrder)
    order = [dialog.table.item(r, 0).text() for r in range(3)]
    assert order == ["m01_one_seconder.docx", "m15_ambiguous_initial.docx", "x01_memo.docx"]

    dialog.table.selectRow(dialog.row_of("m01_one_seconder.docx"))
    assert "I THEREFORE MOVE that the Council begin" in dialog.document.toPlainText()
    assert "[operative]" in dialog.document.toPlainText()
    assert "JOE BUSCAINO → Joe Buscaino" in dialog.record.toPlainText()

    dialog.table.selectRow(dialog.row_of("m15_ambiguous_initial.docx"))
    combo = dialog.picker("mover")
    assert combo.itemText(1) == "John S. Lee (matches)"
    assert combo.itemText(2) == "Jane Lee (matches)"
    combo.setCurrentIndex(combo.findData(john_id))
    row = dialog.row_of("m15_ambiguous_initial.docx")
    assert dialog.table.item(row, len(dialog.COLUMNS) - 1).text() == "ready"

    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=60_000)
    assert dialog.outcome is not None and len(dialog.outcome.imported) == 2
    assert dialog.status.text().startswith("2 imported")
    with Session(demo_engine) as session:
        sources = session.exec(select(m.SourceDocument)).all()
        assert {s.file_name for s in sources} == {
            "m15_ambiguous_initial.docx",
            "m01_one_seconder.docx",
        }
        lee = session.exec(
            select(m.Motion)
            .join(m.SourceDocument, m.SourceDocument.motion_id == m.Motion.id)
            .where(m.SourceDocument.file_name == "m15_ambiguous_initial.docx")
        ).one()
        assert lee.mover_id == john_id
    # The list shows them at once.
    area = window.areas["motions"]
    assert area.model.total() == 3
    dialog.close()


def test_dropping_files_on_the_motion_list_opens_the_review(
    qtbot: Any, window: Any, drive: Path
) -> None:
    window.set_area("motions")
    viewport = window.areas["motions"].view.viewport()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(drive / "m02_two_seconders_table.docx"))])
    # A drag enters the list (and is accepted), then the files are dropped.
    enter = QDragEnterEvent(
        QPoint(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(viewport, enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(viewport, drop)
    dialog = window.word_import.dialog
    assert dialog is not None
    _reviewed(qtbot, dialog)
    assert dialog.table.item(0, 0).text() == "m02_two_seconders_table.docx"
    dialog.close()


def _copies(folder: Path, count: int) -> list[Path]:
    """``count`` different files (their zip comments differ) holding the same motion."""
    source = (WORDFILES / "m02_two_seconders_table.docx").read_bytes()
    out = []
    for i in range(count):
        path = folder / f"copy-{i:04}.docx"
        path.write_bytes(source)
        with zipfile.ZipFile(path, "a") as z:
            z.comment = f"copy {i}".encode()
        out.append(path)
    return out


def test_a_long_import_shows_progress_and_can_be_cancelled_between_files(
    qtbot: Any, window: Any, demo_engine: Engine, tmp_path: Path
) -> None:
    files = _copies(tmp_path, 120)
    dialog = window.word_import.open([tmp_path])
    _reviewed(qtbot, dialog)
    assert len(dialog.ready_indexes()) == 120
    seen: list[int] = []

    def on_progress(done: int, total: int, _text: str) -> None:
        seen.append(done)
        if done >= 1:
            dialog.cancel()

    dialog.tasks.progressed.connect(lambda _id, d, t, x: on_progress(d, t, x))
    dialog.start_import()
    assert dialog.progress.isVisible()
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=120_000)
    outcome = dialog.outcome
    assert outcome is not None
    with Session(demo_engine) as session:
        stored = session.exec(select(m.SourceDocument)).all()
        # Every file imported is whole (its motion and its activity); the rest was not touched.
        assert len(stored) == len(outcome.imported)
        for source in stored:
            motion = session.get(m.Motion, source.motion_id)
            assert motion is not None and motion.activities[-1].text.startswith("Imported from")
    assert outcome.cancelled and len(outcome.imported) < len(files)
    assert "cancelled" in dialog.status.text()
    dialog.close()
