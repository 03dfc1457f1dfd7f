"""The history window against a real log on disk: filter, open, edit, delete + undo, add, files."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtWidgets import QFileDialog, QWidget
from pytestqt.qtbot import QtBot

from sessions.history import HistoryLog, Record
from ui import theme as themes
from ui.history_window import HistoryWindow

ZONE = timezone(timedelta(hours=1))
NOW = datetime(2026, 3, 18, 19, 30, tzinfo=ZONE)


def rec(days_ago: int, title: str, kind: str, note: str = "", minutes: float = 10, **extra: object) -> Record:
    at = NOW - timedelta(days=days_ago, hours=10)
    record = Record.new(
        started_at=at, ended_at=at + timedelta(minutes=minutes), session_id=kind, title=title, kind=kind,
        pattern=None, planned_seconds=minutes * 60, practiced_seconds=minutes * 60, completed=True,
    )  # fmt: skip
    return Record(**{**record.to_dict(), "note": note, **extra})


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "history.json"


@pytest.fixture
def log(path: Path) -> HistoryLog:
    log = HistoryLog(path)
    for record in (
        rec(
            0,
            "Loving-kindness",
            "loving-kindness",
            "Softer towards my sister today.",
            mood_before=2,
            mood_after=4,
        ),
        rec(1, "Body scan", "body-scan", "Fell asleep at the knees.", minutes=20),
        rec(2, "Box breathing", "breathing", "On the train, eyes open."),
        rec(3, "Self-compassion break", "self-compassion-break", "", minutes=5, mood_before=1, mood_after=3),
        rec(40, "Body scan", "body-scan", "Long ago."),
    ):
        log.append(record)
    return log


def window(qtbot: QtBot, log: HistoryLog, **kwargs: object) -> HistoryWindow:
    w = HistoryWindow(log, themes.LIGHT, lambda: NOW, **kwargs)  # type: ignore[arg-type]
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)  # shortcuts and focus belong to the active window
    return w


def shown_titles(w: HistoryWindow) -> list[str]:
    return [w.model.row_at(i).record.title for i in range(w.model.rowCount())]


def test_summary_charts_and_list(qtbot: QtBot, log: HistoryLog) -> None:
    w = window(qtbot, log)
    assert w.summary.text() == "You've practised on 4 days this month."
    assert shown_titles(w)[0] == "Loving-kindness"  # newest first
    assert w.count.text() == "5 sessions"
    assert "practised on 5 days in the last year" in w.heatmap.accessibleDescription()
    assert "2 sessions with both check-ins; you felt lighter after 2" in w.moods.accessibleDescription()
    assert "this week" in w.weekly.accessibleDescription()
    streaky = window(qtbot, log, show_streaks=True)
    assert streaky.summary.text().endswith("4 days in a row.")
    for text in (w.summary.text(), streaky.summary.text()):
        assert "lost" not in text and "miss" not in text


def test_the_filter_searches_titles_kinds_and_notes(qtbot: QtBot, log: HistoryLog) -> None:
    w = window(qtbot, log)
    w.search.setFocus()
    qtbot.keyClicks(w.search, "TRAIN")
    assert shown_titles(w) == ["Box breathing"] and w.count.text() == "1 of 5"
    w.search.clear()
    qtbot.keyClicks(w.search, "body")
    assert shown_titles(w) == ["Body scan", "Body scan"]
    w.search.clear()
    qtbot.keyClicks(w.search, "scan long")  # every word must match
    assert [w.model.row_at(0).record.note] == ["Long ago."] and w.model.rowCount() == 1
    qtbot.keyClick(w.search, Qt.Key.Key_Escape)
    assert w.search.text() == "" and w.model.rowCount() == 5


def test_open_edit_and_save_goes_to_disk(qtbot: QtBot, log: HistoryLog, path: Path) -> None:
    w = window(qtbot, log)
    w.list.setFocus()  # the newest session becomes current
    assert w.details.record is not None and w.details.record.title == "Loving-kindness"
    qtbot.keyClick(w.list, Qt.Key.Key_Down)
    qtbot.keyClick(w.list, Qt.Key.Key_Return)  # open: focus goes to the note
    assert w.details.record is not None and w.details.record.title == "Body scan"
    assert w.details.note.hasFocus()
    assert w.details.note.toPlainText() == "Fell asleep at the knees."
    assert w.details.note.placeholderText()  # a journal prompt, for an empty note
    w.details.note.selectAll()
    qtbot.keyClicks(w.details.note, "Rested, and that counts.")
    w.details.mood_after.setCurrentIndex(w.details.mood_after.findData(4))
    qtbot.mouseClick(w.details.save_button, Qt.MouseButton.LeftButton)
    assert w.message.text() == "Saved."
    (saved,) = [
        r for r in HistoryLog(path).records() if r.title == "Body scan" and r.note.startswith("Rested")
    ]
    assert saved.note == "Rested, and that counts." and saved.mood_after == 4 and saved.mood_before is None
    assert w.details.record == saved  # the opened session stays open


def test_edits_are_kept_when_moving_on_or_closing(qtbot: QtBot, log: HistoryLog, path: Path) -> None:
    w = window(qtbot, log)
    first, second = log.records()[0], log.records()[1]
    w.open_record(first.id)
    w.details.note.setFocus()
    qtbot.keyClick(w.details.note, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(w.details.note, " And kinder to me.")
    qtbot.keyClick(w.details.note, Qt.Key.Key_Escape)  # Esc steps out of the editor, not the window
    assert w.isVisible() and w.list.hasFocus()
    w.open_record(second.id)  # moving on keeps what was typed
    assert HistoryLog(path).get(first.id).note == first.note + " And kinder to me."  # type: ignore[union-attr]
    assert w.message.text() == "Saved your changes to Loving-kindness."
    w.details.mood_before.setCurrentIndex(w.details.mood_before.findData(3))
    w.close()  # and so does closing
    assert HistoryLog(path).get(second.id).mood_before == 3  # type: ignore[union-attr]


def test_delete_then_undo_restores_it_on_disk(qtbot: QtBot, log: HistoryLog, path: Path) -> None:
    w = window(qtbot, log)
    target = log.records()[2]
    assert w.open_record(target.id)
    qtbot.mouseClick(w.details.delete_button, Qt.MouseButton.LeftButton)
    assert target.id not in {r.id for r in HistoryLog(path).records()}
    assert w.message_bar.isVisible() and w.message.text() == "Session removed."
    assert w.undo_button.isVisible() and w.model.rowCount() == 4
    qtbot.keyClick(w, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert HistoryLog(path).get(target.id) == target
    assert w.model.rowCount() == 5 and w.message.text() == "Session restored."
    assert w.details.record == target
    # Delete from the keyboard, undo with the bar's button.
    w.list.setFocus()
    qtbot.keyClick(w.list, Qt.Key.Key_Delete)
    assert len(HistoryLog(path).records()) == 4
    qtbot.mouseClick(w.undo_button, Qt.MouseButton.LeftButton)
    assert len(HistoryLog(path).records()) == 5
    qtbot.keyClick(w, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # nothing left to undo
    assert len(HistoryLog(path).records()) == 5


def test_add_a_practice_done_elsewhere(qtbot: QtBot, log: HistoryLog, path: Path) -> None:
    w = window(qtbot, log)
    qtbot.mouseClick(w.add_button, Qt.MouseButton.LeftButton)
    dialog = w.add_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.session.setCurrentIndex(dialog.session.findText("Loving-kindness"))
    dialog.when.setDateTime(QDateTime(QDate(2026, 3, 17), QTime(7, 45)))
    dialog.minutes.setValue(15)
    qtbot.keyClicks(dialog.note, "With the group at the library.")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    added = [r for r in HistoryLog(path).records() if r.note == "With the group at the library."]
    assert len(added) == 1
    (record,) = added
    assert record.session_id == record.kind == "loving-kindness" and record.completed
    assert record.practiced_seconds == record.planned_seconds == 900.0
    assert record.started_at.startswith("2026-03-17T07:45:00")
    assert datetime.fromisoformat(record.started_at).utcoffset() is not None
    assert w.model.rowCount() == 6 and w.details.record == record
    assert w.message.text() == "Added to your log: Loving-kindness, 15 min. Every practice counts."


def test_export_then_import_through_the_ui(
    qtbot: QtBot, log: HistoryLog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = window(qtbot, log)
    out = tmp_path / "mine"  # no extension: the chosen filter decides

    def save_name(parent: QWidget, caption: str, folder: str, filters: str) -> tuple[str, str]:
        assert folder.endswith(".csv") and "CSV" in filters
        return str(out), "JSON (*.json)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_name)
    qtbot.mouseClick(w.export_button, Qt.MouseButton.LeftButton)
    exported = tmp_path / "mine.json"
    assert exported.is_file() and w.message.text() == "Saved 5 sessions to mine.json."

    other = HistoryLog(tmp_path / "other" / "history.json")
    w2 = window(qtbot, other)
    assert w2.model.rowCount() == 0
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a: (str(exported), ""))
    qtbot.mouseClick(w2.import_button, Qt.MouseButton.LeftButton)
    preview = w2.import_preview
    assert preview is not None and preview.isVisible() and preview.add_button.text() == "Add 5 sessions"
    assert HistoryLog(tmp_path / "other" / "history.json").records() == []  # not before a yes
    qtbot.mouseClick(preview.add_button, Qt.MouseButton.LeftButton)
    assert w2.message.text() == "Added 5 sessions."
    assert HistoryLog(tmp_path / "other" / "history.json").records() == log.records()
    qtbot.mouseClick(w2.import_button, Qt.MouseButton.LeftButton)
    preview = w2.import_preview
    assert preview is not None
    assert not preview.add_button.isEnabled() and preview.cancel_button.text() == "Close"
    assert "5 already in your log" in preview.plan.summary()
    qtbot.mouseClick(preview.cancel_button, Qt.MouseButton.LeftButton)

    csv_out = tmp_path / "again.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (str(csv_out), "CSV spreadsheet (*.csv)"))
    qtbot.mouseClick(w2.export_button, Qt.MouseButton.LeftButton)
    assert csv_out.read_text().startswith("id,started_at,ended_at,")

    bad = tmp_path / "bad.csv"
    bad.write_text("id,when\n1,2\n")
    before = (tmp_path / "other" / "history.json").read_bytes()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a: (str(bad), ""))
    qtbot.mouseClick(w2.import_button, Qt.MouseButton.LeftButton)
    assert w2.message.text().startswith(
        "Nothing was imported. bad.csv, line 1: Kindly needs a column with the date"
    )
    assert (tmp_path / "other" / "history.json").read_bytes() == before
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a: ("", ""))  # cancelled
    qtbot.mouseClick(w2.import_button, Qt.MouseButton.LeftButton)
    assert w2.message.text().startswith("Nothing was imported.")  # unchanged


def test_it_notices_sessions_logged_while_hidden(qtbot: QtBot, log: HistoryLog, path: Path) -> None:
    w = window(qtbot, log)
    w.hide()
    HistoryLog(path).append(rec(0, "Resonance breathing", "breathing", "From the command line."))
    w.show()
    assert w.model.rowCount() == 6 and w.count.text() == "6 sessions"


def test_an_empty_log_reads_kindly(qtbot: QtBot, tmp_path: Path) -> None:
    w = window(qtbot, HistoryLog(tmp_path / "history.json"))
    assert "Whenever you're ready" in w.summary.text()
    assert w.count.text() == "" and w.model.rowCount() == 0
    w.grab()  # the empty charts paint their gentle placeholder without trouble


def test_keyboard_and_accessible_names(qtbot: QtBot, log: HistoryLog) -> None:
    w = window(qtbot, log)
    for widget in (w.search, w.list, w.details.note, w.details.mood_before, w.details.mood_after,
                   w.heatmap, w.weekly, w.moods, w.dismiss_button):  # fmt: skip
        assert widget.accessibleName(), widget
    for button in (w.add_button, w.export_button, w.import_button, w.undo_button):
        assert button.text() and button.accessibleDescription()
        assert button.focusPolicy() & Qt.FocusPolicy.TabFocus
    qtbot.keyClick(w, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert w.search.hasFocus()
    index = w.model.index(0)
    assert "Loving-kindness" in w.model.data(index, Qt.ItemDataRole.AccessibleTextRole)  # type: ignore[operator]
    assert "mood 2 → 4" in w.model.data(index, Qt.ItemDataRole.DisplayRole)  # type: ignore[operator]


def test_every_delete_can_be_undone_in_turn_and_focus_moves_off_delete(
    qtbot: QtBot, log: HistoryLog, path: Path
) -> None:
    """Issue 14 #3: delete, delete, Undo, Undo brings both back, long notes intact."""
    long_note = ("A long evening note, written slowly and kept with care. " * 30)[:1600]
    assert len(long_note) == 1600
    first = log.update(log.records()[1].id, note=long_note)
    second = log.update(log.records()[2].id, note=long_note[::-1])
    w = window(qtbot, log)
    for target in (first, second):
        assert w.open_record(target.id)
        w.details.delete_button.setFocus()
        qtbot.mouseClick(w.details.delete_button, Qt.MouseButton.LeftButton)
        assert target.id not in {r.id for r in HistoryLog(path).records()}
        # Focus leaves Delete: the next Space or Enter never removes another session.
        assert w.focusWidget() is not w.details.delete_button
        assert w.focusWidget() is w.list
    assert len(HistoryLog(path).records()) == 3
    assert w.undo_button.isVisible()
    qtbot.mouseClick(w.undo_button, Qt.MouseButton.LeftButton)
    assert HistoryLog(path).get(second.id) == second
    assert w.undo_button.isVisible()  # one more to take back
    qtbot.keyClick(w, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert HistoryLog(path).get(first.id) == first
    assert HistoryLog(path).get(first.id).note == long_note  # type: ignore[union-attr]
    assert len(HistoryLog(path).records()) == 5
    assert not w.undo_button.isVisible()


def test_import_a_simple_table_after_a_preview(
    qtbot: QtBot, log: HistoryLog, path: Path, tmp_path: Path
) -> None:
    """Issue 14 #13: date, minutes and a title from another app; a line for each unreadable row."""
    source = tmp_path / "other-app.csv"
    source.write_text("Start time,Duration,Name\n2026-03-10 08:00,15,Morning sit\n31/02/2026,5,Never\n")
    before = log.records()
    w = window(qtbot, log)
    preview = w.import_from(source)
    assert preview is not None and preview.isVisible()
    lines = preview.text_lines()
    assert "+ Tue 10 Mar 2026 08:00 · 15 min · Morning sit" in lines
    assert any(line.startswith("Skipped: line 3: '31/02/2026' is not a date that exists") for line in lines)
    preview.reject()  # Cancel: nothing changes
    assert HistoryLog(path).records() == before
    preview = w.import_from(source)
    assert preview is not None
    qtbot.mouseClick(preview.add_button, Qt.MouseButton.LeftButton)
    assert w.message.text() == "Added 1 session. 1 row could not be read and was skipped."
    records = HistoryLog(path).records()
    assert records[: len(before)] == before and records[-1].title == "Morning sit"


def test_every_practice_kind_has_a_chart_label() -> None:
    from sessions.script_model import KINDS
    from ui.charts import KIND_LABELS, kind_label

    assert set(KINDS) <= set(KIND_LABELS)  # one list of kinds, sessions/kinds.py
    assert kind_label("soles-of-the-feet") == "Soles of the feet"
    assert kind_label("soften-soothe-allow", short=True) == "Soften, soothe"
