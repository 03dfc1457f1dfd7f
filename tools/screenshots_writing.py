"""Render the writing pages' screenshots, light and dark, from the real windows on a virtual display.

    .venv/bin/python tools/screenshots_writing.py     (writes docs/screenshots/writing-*.png and friends)

Each writing practice is shown on its most telling page, with words a person might type; then the
finished page, the journal, the phrase bank, a short read, the Write and read page with the
course, and your people on the care page.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "docs" / "screenshots"

#: practice id → (the page to show, the words on the pages before it and on it).
PAGES: dict[str, tuple[int, list[str]]] = {
    "treat-a-friend": (
        2,
        [
            "I sat with her, told her it wasn't her fault, and made her a cup of tea.",
            "I told myself I was useless and should have known better.",
            "I'm so much gentler with her. With me it's as if I'm the only one who is never "
            "allowed to get it wrong.",
        ],
    ),
    "kind-friend-letter": (
        3,
        [
            "I judge how disorganised I am.",
            "A friend who has known me for years and laughs with me, not at me.",
            "Dear you,\n\nBeing a bit messy doesn't make you less lovable. You carry so much, and you still "
            "remember everyone's birthday. Everyone has parts like this.",
            "",
        ],
    ),
    "rewrite-the-critic": (
        3,
        [
            "You always mess this up.",
            "Sharp, and tired of me.",
            "Maybe it wants me to be safe from being laughed at.",
            "I made a mistake, and everyone makes mistakes sometimes. I can learn from this.",
        ],
    ),
    "finding-your-phrases": (
        2,
        [
            "To rest, and to feel that I'm enough as I am.",
            "You're doing enough. You can put it down for a while.",
            "May I be gentle with myself\nMay I rest when I need to\nI am doing the best I can",
        ],
    ),
    "kind-evening-journal": (
        1,
        ["I felt left out at lunch today.", "Lots of people feel left out sometimes. "],
    ),
    "three-things": (0, ["I listen well.\nI'm funny when I'm relaxed.\nI keep going."]),
}


def render() -> None:
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication, QWidget

    from sessions.clock import FakeClock
    from sessions.paths import DataPaths
    from ui.app import KindlyApp
    from ui.care import CareDialog
    from ui.journal_window import JournalWindow
    from ui.writing_window import WritingWindow

    qapp = QApplication(sys.argv[:1])
    OUT.mkdir(parents=True, exist_ok=True)

    def shot(window: QWidget, name: str) -> None:
        for _ in range(4):  # layouts, deferred deletes and the scroll area's resize, in turn
            QCoreApplication.sendPostedEvents(None, 0)
            qapp.processEvents()
        window.grab().save(str(OUT / f"{name}.png"))

    for look in ("light", "dark"):
        with tempfile.TemporaryDirectory() as tmp:
            clock = FakeClock()
            app = KindlyApp(qapp, DataPaths(Path(tmp)), clock=clock, silent=True, use_tray=False)
            app.store.update(theme=look)
            course = app.writing.courses[0]
            for day in (1, 2, 3):
                app.writing.course.mark(course.id, day, "done")
            for practice_id, (page, texts) in PAGES.items():
                window = app.writing_flow.begin_writing(practice_id)
                assert isinstance(window, WritingWindow)
                for number, text in enumerate(texts):
                    window.editor.setPlainText(text)
                    clock.advance(90)
                    if number < page:
                        window.next_page()
                if practice_id == "kind-friend-letter":
                    window.again_box.setChecked(True)
                    window.again_days.setCurrentIndex(window.again_days.findData(7))
                shot(window, f"writing-{practice_id}-{look}")
                if practice_id == "finding-your-phrases":
                    window.finish()
                    shot(window, f"writing-finished-{look}")
                else:
                    window.close()
            app.log.append  # noqa: B018 - the log is open: the journal shows reflections too
            journal = app.windows.typed("journal", JournalWindow)
            app.windows.open("journal")
            journal.refresh()
            journal.list.setCurrentRow(1)
            shot(journal, f"journal-{look}")
            journal.tabs.setCurrentIndex(1)
            shot(journal, f"journal-phrases-{look}")
            journal.hide()
            app.writing_flow.open_read("what-it-is")
            shot(app.windows.get("read"), f"read-{look}")
            app.windows.get("read").hide()
            shot(app.windows.open("write"), f"write-and-read-{look}")
            app.writing.people.add("Sam", "my sister, evenings are best", "+44 20 7946 0000")
            app.writing.people.add("Ana", "from the walking group", "ana@example.org")
            care = app.windows.typed("care", CareDialog)
            app.windows.open("care")
            care.resize(600, 860)
            shot(care, f"care-people-{look}")
            app.windows.close_all()
            app.history.close()
    print(f"wrote {len(list(OUT.glob('*-light.png'))) * 2} pictures to {OUT}")


def main() -> None:
    if os.environ.get("KINDLY_SCREENSHOT_CHILD"):
        render()
        return
    from tools import xsession

    with xsession.virtual_display(tray=False) as env:
        env["KINDLY_SCREENSHOT_CHILD"] = "1"
        subprocess.run([sys.executable, __file__], env=env, check=True)


if __name__ == "__main__":
    main()
