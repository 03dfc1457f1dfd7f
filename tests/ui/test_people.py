"""Your people on the care page: added by typing, opened only on a click, offered after low check-ins."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import Qt, QUrl
from PySide6.QtTest import QTest

from sessions.records import Record
from ui.app import KindlyApp
from ui.care import CareDialog
from ui.main_window import MainWindow


def test_people_are_added_opened_on_click_and_removed(kindly: KindlyApp) -> None:
    care = kindly.windows.typed("care", CareDialog)
    kindly.windows.open("care")
    opened: list[str] = []

    def open_url(url: QUrl | str) -> bool:
        opened.append(QUrl(url).toString())
        return True

    care.open_url = open_url
    QTest.keyClicks(care.person_name, "Sam")
    QTest.keyClicks(care.person_note, "my sister, evenings")
    QTest.keyClicks(care.person_reach, "+44 20 7946 0000")
    QTest.mouseClick(care.add_person_button, Qt.MouseButton.LeftButton)
    people = kindly.writing.people.all()
    assert [(p.name, p.note, p.reach) for p in people] == [("Sam", "my sister, evenings", "+44 20 7946 0000")]
    assert kindly.paths.people.stat().st_mode & 0o777 == 0o600
    assert opened == [], "nothing is opened until the person clicks"
    button = care.person_buttons[people[0].id]
    assert button.text() == "Call +44 20 7946 0000"
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    assert opened == ["tel:+442079460000"]
    care.person_removed.emit(people[0].id)
    assert kindly.writing.people.all() == []


def test_the_care_note_names_your_people_after_low_check_ins(kindly: KindlyApp) -> None:
    kindly.writing.people.add("Ana", "walking group", "ana@example.org")
    window = kindly.windows.typed("main", MainWindow)
    start = datetime.now().astimezone() - timedelta(days=2)
    for n in range(3):
        record = Record.logged(session_id="breathing", title="Breathing", kind="breathing",
                               started_at=start + timedelta(hours=n), minutes=3)  # fmt: skip
        kindly.log.append(record)
        kindly.log.log.update(record.id, mood_after=1)
    kindly.checkins.refresh_care()
    assert window.care.isVisibleTo(window)
    assert "Ana" in window.care.people_text.text()
    assert "doctor or counsellor" in window.care.text.text()
