"""Each writing practice done end to end in the real window, typing real text with QTest; the journal
read, searched, edited, deleted and brought back; the course's buttons; writing time in the log."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from sessions.clock import FakeClock
from tests.sessions.test_journal_book import UNICODE as ANY_TEXT
from ui.app import KindlyApp
from ui.journal_window import JournalWindow
from ui.writing_home import WritingHome
from ui.writing_window import WritingWindow

#: A text box holds lines, not line ends: Qt gives "\r\n" back as "\n" (the core keeps either).
UNICODE = ANY_TEXT.replace("\r\n", "\n")

#: What a person might type on each page of each practice (page order).
JOURNEYS: dict[str, list[str | None]] = {
    "treat-a-friend": [
        "I told her it wasn't her fault and made her tea.",
        "I told myself I was useless.",
        "I'm much harsher with me.",
        "Talk to myself like I talk to her.",
    ],
    "kind-friend-letter": [
        "I judge how disorganised I am.",
        "A friend who has known me for years.",
        "Dear you, being messy doesn't make you less lovable. Everyone has parts like this.",
        "",
    ],
    "rewrite-the-critic": [
        "You always mess this up.",
        "Sharp and tired.",
        "Maybe it wants me to be safe from being laughed at.",
        "I made a mistake, and everyone makes mistakes sometimes.",
        None,  # a page with nothing to write: both voices side by side
    ],
    "finding-your-phrases": [
        "To rest.",
        "You're doing enough.",
        "May I be gentle with myself\n- May I rest\nI am doing the best I can",
    ],
    "kind-evening-journal": [
        "I felt left out at lunch.",
        "Lots of people feel left out sometimes.",
        "It's all right. You're allowed to feel this.",
    ],
    "three-things": ["I listen well, I'm funny, I keep going.", "Patience with my nephew.", "Warm."],
}


def walk(window: WritingWindow, clock: FakeClock, pages: Sequence[str | None]) -> None:
    for number, text in enumerate(pages):
        assert window.page == number
        if text is None:
            assert not window.editor.isVisibleTo(window)
        elif text:
            for line_number, line in enumerate(text.split("\n")):
                if line_number:
                    QTest.keyClick(window.editor, Qt.Key.Key_Return)
                QTest.keyClicks(window.editor, line)
                clock.advance(20)  # a person types slowly
                QTest.keyClick(window.editor, Qt.Key.Key_Space)
                QTest.keyClick(window.editor, Qt.Key.Key_Backspace)
        QTest.mouseClick(window.next_button, Qt.MouseButton.LeftButton)


@pytest.mark.parametrize("practice_id", list(JOURNEYS))
def test_each_practice_end_to_end(kindly: KindlyApp, clock: FakeClock, practice_id: str) -> None:
    kindly.windows.open("write")
    window = kindly.writing_flow.begin_writing(practice_id)
    assert isinstance(window, WritingWindow) and window.isVisible()
    if practice_id == "kind-friend-letter":
        # On the last page the person asks to read it again in a week.
        walk(window, clock, JOURNEYS[practice_id][:3])
        window.again_box.setChecked(True)
        window.again_days.setCurrentIndex(window.again_days.findData(7))
        walk_from = 3
        QTest.mouseClick(window.next_button, Qt.MouseButton.LeftButton)
        assert walk_from == len(JOURNEYS[practice_id]) - 1
    else:
        walk(window, clock, JOURNEYS[practice_id])
    assert window.pages.currentIndex() == 1, "the last page thanks the person"
    entries = kindly.writing.journal.entries()
    assert len(entries) == 1
    entry = entries[0]
    assert entry.finished and entry.practice_id == practice_id
    practice = kindly.writing.library.get(practice_id)
    assert practice is not None
    for step, text in zip(practice.steps, JOURNEYS[practice_id], strict=True):
        if text is not None:
            assert entry.answer(step.id) == text.replace("\n- ", "\n- ").strip(), step.id
    phrases = [p.text for p in kindly.writing.journal.phrases()]
    if practice_id == "rewrite-the-critic":
        assert phrases == ["I made a mistake, and everyone makes mistakes sometimes."]
        assert "Kept in your phrases" in window.done_text.text()
    elif practice_id == "finding-your-phrases":
        assert phrases == ["May I be gentle with myself", "May I rest", "I am doing the best I can"]
    else:
        assert phrases == []
    if practice_id == "kind-friend-letter":
        assert entry.read_again_on is not None
        assert "offer it to you again" in window.done_text.text()
    # Writing time is practice, logged by the same rule (at least a minute, or finished).
    records = kindly.log.records()
    assert [(r.session_id, r.kind, r.completed) for r in records] == [(practice_id, "writing", True)]
    assert records[0].practiced_seconds == pytest.approx(entry.writing_seconds)
    assert records[0].practiced_seconds >= 20 * len([t for t in JOURNEYS[practice_id] if t])


def test_the_friend_practice_shows_both_answers_side_by_side(kindly: KindlyApp, clock: FakeClock) -> None:
    window = kindly.writing_flow.begin_writing("treat-a-friend")
    assert window is not None
    walk(window, clock, JOURNEYS["treat-a-friend"][:2])
    assert [v.toPlainText() for v in window.shown_views] == JOURNEYS["treat-a-friend"][:2]
    assert window.shown.isVisibleTo(window)


def test_finish_later_keeps_the_words_and_continues_where_they_were(
    kindly: KindlyApp, clock: FakeClock
) -> None:
    window = kindly.writing_flow.begin_writing("kind-evening-journal")
    assert window is not None
    QTest.keyClicks(window.editor, "Something small and hard.")
    QTest.mouseClick(window.next_button, Qt.MouseButton.LeftButton)
    window.editor.insertPlainText(UNICODE)  # pasted: QTest cannot type emoji one key at a time
    clock.advance(5 * 60)  # the person stepped away for a while: only two minutes count
    QTest.keyClick(window.editor, Qt.Key.Key_Period)
    QTest.mouseClick(window.later_button, Qt.MouseButton.LeftButton)
    assert not window.isVisible()
    entry = kindly.writing.journal.unfinished("kind-evening-journal")
    assert entry is not None and entry.step == 1
    assert entry.answer("humanity") == UNICODE + "."
    assert entry.writing_seconds == pytest.approx(120.0)
    assert [r.completed for r in kindly.log.records()] == [False]
    again = kindly.writing_flow.begin_writing("kind-evening-journal")
    assert again is not None and again.page == 1
    assert again.editor.toPlainText() == UNICODE + "."


def test_closing_the_window_keeps_what_was_written(kindly: KindlyApp) -> None:
    window = kindly.writing_flow.begin_writing("three-things")
    assert window is not None
    QTest.keyClicks(window.editor, "My patience")
    window.close()
    entry = kindly.writing.journal.unfinished("three-things")
    assert entry is not None and entry.answer("appreciate") == "My patience"


def test_the_journal_reads_searches_edits_deletes_and_undoes(kindly: KindlyApp, clock: FakeClock) -> None:
    window = kindly.writing_flow.begin_writing("finding-your-phrases")
    assert window is not None
    walk(window, clock, JOURNEYS["finding-your-phrases"])
    window = kindly.writing_flow.begin_writing("three-things")
    assert window is not None
    walk(window, clock, JOURNEYS["three-things"])
    journal = kindly.windows.typed("journal", JournalWindow)
    kindly.windows.open("journal")
    QApplication.processEvents()
    assert journal.list.count() == 2
    QTest.keyClicks(journal.search, "nephew")
    assert journal.list.count() == 1 and journal.entry_title.text() == "Three things I appreciate about me"
    # Edit the first answer and save.
    editor = journal._editors[0][2]
    editor.selectAll()
    QTest.keyClicks(editor, "I listen well.")
    QTest.mouseClick(journal.save_button, Qt.MouseButton.LeftButton)
    edited = next(e for e in kindly.writing.journal.entries() if e.practice_id == "three-things")
    assert edited.answer("appreciate") == "I listen well."
    # Delete the phrases entry: its phrases go with it, and Undo brings both back.
    journal.search.clear()
    QApplication.processEvents()
    journal.select(
        next(e.id for e in kindly.writing.journal.entries() if e.practice_id == "finding-your-phrases")
    )
    QTest.mouseClick(journal.delete_button, Qt.MouseButton.LeftButton)
    assert len(kindly.writing.journal.entries()) == 1 and kindly.writing.journal.phrases() == []
    assert journal.undo_bar.isVisible() and journal.undo_button.isVisible()
    QTest.mouseClick(journal.undo_button, Qt.MouseButton.LeftButton)
    assert len(kindly.writing.journal.entries()) == 2
    assert len(kindly.writing.journal.phrases()) == 3
    # A phrase removed from the bank comes back with Ctrl+Z.
    journal.tabs.setCurrentIndex(1)
    journal.phrase_list.setCurrentRow(1)
    QTest.mouseClick(journal.remove_phrase_button, Qt.MouseButton.LeftButton)
    assert [p.text for p in kindly.writing.journal.phrases()] == [
        "May I be gentle with myself",
        "I am doing the best I can",
    ]
    QTest.keyClick(journal, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert {p.text for p in kindly.writing.journal.phrases()} == {
        "May I be gentle with myself",
        "May I rest",
        "I am doing the best I can",
    }


def test_a_reflection_after_a_session_is_in_the_journal_and_editable(kindly: KindlyApp) -> None:
    from datetime import datetime, timedelta

    from sessions.records import Record

    started = datetime.now().astimezone() - timedelta(minutes=10)
    record = Record.logged(session_id="loving-kindness", title="Loving-kindness", kind="loving-kindness",
                           started_at=started, minutes=5, note="Softer than I expected.")  # fmt: skip
    kindly.log.append(record)
    journal = kindly.windows.typed("journal", JournalWindow)
    assert journal.list.count() == 1 and journal.entry_title.text() == "After Loving-kindness"
    QTest.mouseClick(journal.delete_button, Qt.MouseButton.LeftButton)
    assert kindly.log.records()[0].note == ""
    QTest.mouseClick(journal.undo_button, Qt.MouseButton.LeftButton)
    assert kindly.log.records()[0].note == "Softer than I expected."


def test_the_course_card_continues_skips_and_marks_a_writing_day_done(
    kindly: KindlyApp, clock: FakeClock
) -> None:
    home = kindly.windows.typed("write", WritingHome)
    kindly.windows.open("write")
    assert home.continue_button.text() == "Begin day 1"
    assert not home.skip_button.isVisibleTo(home)
    course = kindly.writing.courses[0]
    kindly.writing.course.mark(course.id, 1, "done")
    kindly.writing.course.mark(course.id, 2, "done")
    QApplication.processEvents()
    assert home.continue_button.text() == "Continue: day 3"
    QTest.mouseClick(home.continue_button, Qt.MouseButton.LeftButton)  # day 3 is a writing page
    window = kindly.windows.typed("writing", WritingWindow)
    assert window.isVisible() and window.practice is not None and window.practice.id == "three-things"
    walk(window, clock, JOURNEYS["three-things"])
    QApplication.processEvents()
    assert kindly.writing.course.get(course.id).done() == [1, 2, 3]
    assert home.continue_button.text() == "Continue: day 4"
    QTest.mouseClick(home.skip_button, Qt.MouseButton.LeftButton)
    QApplication.processEvents()
    assert home.continue_button.text() == "Continue: day 5"
    assert "missed" not in home.course_text.text().lower()


def test_a_letter_is_offered_again_on_its_day(kindly: KindlyApp) -> None:
    from dataclasses import replace
    from datetime import date

    journal = kindly.writing.journal
    entry = journal.save(
        replace(journal.start("kind-friend-letter", "A letter from a kind friend"), finished=True)
    )
    assert not kindly.writing_flow.offer_letters()
    journal.save(replace(entry, read_again_on=date.today().isoformat()))
    assert kindly.writing_flow.offer_letters()
    assert any("here for you to read again" in text for text in kindly.notices.texts)
    assert not kindly.writing_flow.offer_letters(), "once a day, never a nag"
    kindly.reminders.scheduler.reminder_due.emit("daily")
    assert sum("here for you to read again" in text for text in kindly.notices.texts) == 1
    kindly.writing_flow._letters_offered_on = date(2000, 1, 1)  # as if it was offered yesterday
    kindly.reminders.scheduler.reminder_due.emit("daily")  # the person's own reminder, the next day
    assert sum("here for you to read again" in text for text in kindly.notices.texts) == 1, "not twice"
    other = journal.start("kind-friend-letter", "A letter from a kind friend")
    other = replace(other, created_at="2026-02-01T20:00:00+00:00", read_again_on=date.today().isoformat())
    journal.save(other)
    kindly.writing_flow._letters_offered_on = date(2000, 1, 1)
    kindly.reminders.scheduler.reminder_due.emit("bell")
    assert sum("here for you to read again" in text for text in kindly.notices.texts) == 2
    kindly.reminders.close()  # the reminder prompts those signals showed, closed with their owner
    home = kindly.windows.typed("write", WritingHome)
    assert home.letter_card.isVisibleTo(home)
    QTest.mouseClick(home.letter_button, Qt.MouseButton.LeftButton)
    assert journal.get(entry.id) is not None and journal.get(entry.id).read_again_on is None  # type: ignore[union-attr]
    journal_window = kindly.windows.typed("journal", JournalWindow)
    assert journal_window.isVisible() and journal_window.entry_title.text() == "A letter from a kind friend"


def test_own_phrases_are_captions_in_loving_kindness_when_chosen(kindly: KindlyApp) -> None:
    from sessions.own_phrases import INTRO
    from ui.practices import Practice

    journal = kindly.writing.journal
    journal.keep_phrases(["May I be gentle with myself", "I am doing the best I can"], "finding-your-phrases")
    kindly.practices.start(Practice("guided", "loving-kindness", 5.0))
    runner = kindly.controller.runner
    assert runner is not None
    assert INTRO not in [s.caption for s in runner.timeline.steps], "not unless the person chooses"
    kindly.controller.stop()
    window = kindly.windows.typed("journal", JournalWindow)
    window.tabs.setCurrentIndex(1)
    window.show_in_sessions.setChecked(True)
    assert journal.show_in_sessions
    kindly.practices.start(Practice("guided", "loving-kindness", 10.0))
    runner = kindly.controller.runner
    assert runner is not None
    captions = [s.caption for s in runner.timeline.steps]
    at = captions.index(INTRO)
    assert captions[at + 1 : at + 3] == ["May I be gentle with myself", "I am doing the best I can"]
    assert runner.timeline.total_s == pytest.approx(600.0)
    kindly.controller.stop()
    # Whether or not the phrases fit a length, the session keeps its length exactly (a length
    # already full plays as written: see sessions/own_phrases and Practices.adapt_script).
    for minutes in (5.0, 20.0):
        kindly.practices.start(Practice("guided", "loving-kindness", minutes))
        runner = kindly.controller.runner
        assert runner is not None and runner.timeline.total_s == pytest.approx(minutes * 60)
        kindly.controller.stop()
    kindly.practices.start(Practice("guided", "body-scan", 5.0))
    runner = kindly.controller.runner
    assert runner is not None and INTRO not in [s.caption for s in runner.timeline.steps]
    kindly.controller.stop()


def test_delete_all_my_data_takes_the_journal_and_nothing_half_written_comes_back(
    kindly: KindlyApp, clock: FakeClock
) -> None:
    window = kindly.writing_flow.begin_writing("three-things")
    assert window is not None
    QTest.keyClicks(window.editor, "Something private")
    QTest.mouseClick(window.next_button, Qt.MouseButton.LeftButton)
    kindly.writing.course.mark("ten-kind-days", 1, "done")
    kindly.writing.people.add("Sam")
    assert kindly.paths.journal.exists() and kindly.paths.course.exists() and kindly.paths.people.exists()
    kindly.erase_all_data()
    window.close()  # closing mid-practice would normally keep the words: not after an erase
    assert not kindly.paths.root.exists()


def test_a_guided_course_day_is_done_when_its_session_is_kept(kindly: KindlyApp, clock: FakeClock) -> None:
    from tests.conftest import advance

    course = kindly.writing.courses[0]
    home = kindly.windows.typed("write", WritingHome)
    kindly.windows.open("write")
    QTest.mouseClick(home.continue_button, Qt.MouseButton.LeftButton)  # day 1: hand on heart, 3 minutes
    assert kindly.controller.is_active
    runner = kindly.controller.runner
    assert runner is not None and runner.timeline.session_id == "hand-on-heart"
    assert kindly.windows.is_visible("read"), "day 1 offers its short read too"
    advance(kindly.controller, clock, 3 * 60 + 1)
    QApplication.processEvents()
    assert kindly.writing.course.get(course.id).done() == [1]
    assert home.continue_button.text() == "Continue: day 2"


def test_phrases_that_do_not_fit_a_length_leave_the_session_as_written(kindly: KindlyApp) -> None:
    from dataclasses import replace

    from sessions.own_phrases import INTRO
    from sessions.scripts import Script
    from ui.practices import Practice

    def too_much(script: Script) -> Script:
        """Far more words than five minutes hold, standing in for a round of phrases that can't fit."""
        return replace(script, steps=(*script.steps[:-1], *[script.steps[0]] * 40, script.steps[-1]))

    kindly.practices.adapt_script = too_much
    kindly.practices.start(Practice("guided", "loving-kindness", 5.0))
    runner = kindly.controller.runner
    assert runner is not None and runner.timeline.total_s == pytest.approx(300.0)
    assert INTRO not in [s.caption for s in runner.timeline.steps]
    kindly.controller.stop()
