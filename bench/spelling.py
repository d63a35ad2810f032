"""Spell check: what checking costs while someone types.

    python bench/spelling.py

Loads the demo office, attaches the spell check to a paragraph box (offscreen) and measures:
the first check of a language (the dictionary loads), a full check of a long paragraph with
an empty cache, one keystroke's re-check of that paragraph once its words are cached (what
typing costs), and suggestions for a misspelt word. Figures in milliseconds, medians of
repeated runs.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:] = [str(ROOT), *(p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench")]
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench import common
from sistercity_desk import opening

PARAGRAPH = (
    "the Council authorize the donation of twelve retired fire engines, with their hoses, "
    "ladders and breathing apparatus, to the City of Kyiv, and request the General Manager "
    "of the Fire Department, Paul Krekorian and Nithya Raman to report back within 30 days "
    "on the cost of shipping them through the port of Gdansk. "
) * 6


def main() -> None:
    from PySide6.QtWidgets import QApplication, QPlainTextEdit

    from sistercity_desk import db, demo
    from ui.spelling import SpellChecker

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        engine = opening.open_database(str(Path(folder) / "bench.db"))
        with db.session_scope(engine) as session:
            demo.load_demo(session)
        checker = SpellChecker(engine)

        def ms(fn: object) -> float:
            return common.timed(fn) * 1000  # type: ignore[arg-type]

        def load(word: str, language: str) -> None:
            # In the background: the first check answers at once, the dictionary follows.
            checker.is_known(word, language)
            while not checker.is_ready():
                app.processEvents()
                time.sleep(0.001)

        first_call = ms(lambda: checker.is_known("council", "en"))
        load_en = first_call + ms(lambda: load("council", "en"))
        load_uk = ms(lambda: load("місто", "uk"))
        edit = QPlainTextEdit()
        highlighter = checker.attach(edit, "en")
        edit.setPlainText(PARAGRAPH)
        app.processEvents()

        def cold() -> None:
            checker._verdicts.clear()
            highlighter.rehighlight()

        def keystroke() -> None:
            highlighter.rehighlightBlock(edit.document().firstBlock())

        cold_ms = common.median([ms(cold) for _ in range(5)])
        warm_ms = common.median([ms(keystroke) for _ in range(50)])
        suggest_ms = common.median(
            [ms(lambda: checker.suggestions("Councl", "en")) for _ in range(5)]
        )
        words = len(PARAGRAPH.split())
        print(f"first check of a word, GUI thread (the load goes on behind): {first_call:.2f} ms")
        print(f"English dictionary ready after (background): {load_en:.1f} ms")
        print(f"Ukrainian dictionary ready after (background): {load_uk:.1f} ms")
        print(f"check a {words}-word paragraph, nothing cached: {cold_ms:.2f} ms")
        print(f"re-check it on a keystroke, words cached: {warm_ms:.2f} ms")
        print(f"suggestions for a misspelt word: {suggest_ms:.1f} ms")
        engine.dispose()


if __name__ == "__main__":
    main()
