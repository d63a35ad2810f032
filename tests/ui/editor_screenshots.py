"""Takes the editor screenshots in docs/img from the demo data (not a test): the motion
editor being drafted, the agreement editor, spell check marks, the clause picker.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/ui/editor_screenshots.py docs/img

(Under Xvfb with QT_QPA_PLATFORM=xcb the same script shows the real window decorations of
the picker.)
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from sistercity_desk import opening

ROOT = Path(__file__).resolve().parents[2]


def wait(msecs: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(msecs, loop.quit)
    loop.exec()


def main(out: Path) -> None:
    import os

    app = QApplication.instance() or QApplication(sys.argv)
    with tempfile.TemporaryDirectory() as home:
        os.environ["SISTERCITY_HOME"] = home
        from sistercity_desk import db, demo
        from ui.main_window import MainWindow
        from ui.widgets.paragraphs import ArticleItem

        engine = opening.open_database(str(Path(home) / "shots.db"))
        with db.session_scope(engine) as session:
            demo.load_demo(session)
        window = MainWindow(engine)
        window.resize(1240, 780)
        window.show()
        wait(1500)

        # The motion editor with a draft in progress: seconders by name, paragraphs, a
        # misspelt word.
        window.set_area("motions")
        editor = window.area("motions").editor
        window.new_action.trigger()
        editor.title_edit.setText("Sister City / Kyiv, Ukraine / Donation of retired fire engines")
        editor.mover_combo.setCurrentIndex(2)
        for name in ("Paul Krekorian", "Nithya Raman"):
            editor.seconders.picker.setEditText(name)
            editor.seconders._on_add()
        first = editor.add_paragraph()
        first.text_edit.setPlainText(
            "The Kyiv fire service lost many of its engines in the attacks of the past winter, "
            "and its crews answer more calls with fewer trucks."
        )
        second = editor.add_paragraph(kind="operative")
        second.text_edit.setPlainText(
            "the Council authorize the donation of twelve retird fire engines to the City of "
            "Kyiv, and request Councilmember Krekorian to report back."
        )
        qt_wait_ready(editor)
        window.grab().save(str(out / "motion-editor.png"))
        second.text_edit.setFocus()
        editor.paragraphs.focus_item(1)
        wait(300)
        editor.paragraphs.frames()[1].grab().save(str(out / "spell-check.png"))

        picker = editor.open_clause_picker()
        assert picker is not None
        picker.search_box.setText("report")
        wait(300)
        picker.grab().save(str(out / "clause-picker.png"))
        picker.reject()

        # The agreement editor with a Ukrainian misspelling and an out-of-date mark.
        window.set_area("agreements")
        area = window.area("agreements")
        area.view.setCurrentIndex(area.view.model().index(0, 0))
        agreement = area.editor
        article = agreement.articles.widgets()[0]
        assert isinstance(article, ArticleItem)
        article.texts[0].setPlainText(
            article.texts[0].toPlainText() + " They also share a river port."
        )
        qt_wait_ready(agreement)
        uk = agreement.preamble_edits[1]
        uk.setPlainText(uk.toPlainText().replace("дружбу", "дружбк", 1))
        agreement.articles.show_item(0)
        wait(500)
        print("out of date:", article.stale_languages())
        window.grab().save(str(out / "agreement-editor.png"))
        agreement.articles.frames()[0].grab().save(str(out / "translation-mark.png"))
        uk.grab().save(str(out / "spell-check-uk.png"))
        window.close()
        window.tasks.shutdown(10_000)
        engine.dispose()
    app.quit()


def qt_wait_ready(editor: object) -> None:
    """Let the dictionaries load and the boxes be checked."""
    speller = editor.speller()  # type: ignore[attr-defined]
    for _ in range(100):
        wait(100)
        if speller.is_ready():
            break
    wait(500)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "img")
