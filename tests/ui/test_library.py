"""The library: practices grouped by what a person needs, favourites first, every length shown."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from sessions.clock import FakeClock
from sessions.settings import load_settings
from tests.conftest import main_window
from ui.app import KindlyApp
from ui.library_model import HEADING_ORDER
from ui.practices import Practice, practice_for


def headings(kindly: KindlyApp) -> list[str]:
    library = main_window(kindly).library
    return [
        library.item(row).text()
        for row in range(library.count())
        if not library.item(row).flags() & Qt.ItemFlag.ItemIsEnabled
    ]


def test_practices_are_grouped_in_the_order_a_person_meets_them(qtbot: QtBot, kindly: KindlyApp) -> None:
    kindly.show_main_window()
    shown = headings(kindly)
    assert shown[0] == "For a hard moment" and "Breathing" in shown
    assert shown == sorted(shown, key=HEADING_ORDER.index)
    window = main_window(kindly)
    first = window.current()
    assert first is not None and first.group == "For a hard moment"
    assert "3 or 5 min" in first.blurb  # the lengths, in plain words


def test_the_arrow_keys_skip_the_headings(qtbot: QtBot, kindly: KindlyApp) -> None:
    kindly.show_main_window()
    window = main_window(kindly)
    window.library.setFocus()
    first = window.current()
    assert first is not None
    seen = {first.key}
    for _ in range(window.library.count()):
        qtbot.keyClick(window.library, Qt.Key.Key_Down)
        assert window.current() is not None, "a heading was chosen"
        seen.add(window.current().key)  # type: ignore[union-attr]
    assert {"box", "body-scan", "self-compassion-break"} <= seen


def test_a_favourite_is_kept_first_saved_and_offered_by_the_tray(qtbot: QtBot, kindly: KindlyApp) -> None:
    kindly.show_main_window()
    window = main_window(kindly)
    assert window.select("body-scan")
    assert window.favourite_button.text() == "☆ Favourite"
    qtbot.mouseClick(window.favourite_button, Qt.MouseButton.LeftButton)
    assert load_settings(kindly.paths.settings)[0].favourites == ("body-scan",)
    assert headings(kindly)[0] == "Your favourites"
    current = window.current()
    assert current is not None and current.key == "body-scan" and current.favourite
    assert window.favourite_button.isChecked() and window.favourite_button.text() == "★ Favourite"
    assert window.library.item(1).text().startswith("★ Compassionate body scan")
    qtbot.mouseClick(window.favourite_button, Qt.MouseButton.LeftButton)  # and unstarred again
    assert kindly.settings.favourites == () and headings(kindly)[0] != "Your favourites"


def test_favourite_keys_start_the_right_practice() -> None:
    assert practice_for("pattern:box", 1.0) == Practice("breathing", "box", 1.0)
    assert practice_for("pattern:4-6", 5.0) == Practice("guided", "breathing", 5.0, pattern="4-6")
    assert practice_for("recording:abc", None) == Practice("recording", "abc")
    assert practice_for("body-scan", 10.0) == Practice("guided", "body-scan", 10.0)


def test_a_users_script_is_under_its_own_heading(qtbot: QtBot, kindly: KindlyApp) -> None:
    folder = kindly.paths.user_sessions
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "mine.toml").write_text(
        'id = "mine"\ntitle = "My pause"\nkind = "custom"\ndescription = "Mine."\nlengths = [1]\n'
        '[[steps]]\ntext = "Hello, and welcome."\nvoice = false\nsilence = 5\nstretch = 1\n'
    )
    kindly.library.reload()
    kindly.show_main_window()
    assert "Your scripts" in headings(kindly)
    assert main_window(kindly).select("mine", "Your scripts")


def test_silent_sitting_starts_from_the_library_until_stopped(qtbot: QtBot, kindly: KindlyApp) -> None:
    kindly.show_main_window()
    window = main_window(kindly)
    assert window.select("timer")
    window.length_box.setCurrentIndex(window.length_box.findText("Until I stop"))
    qtbot.mouseClick(window.begin_button, Qt.MouseButton.LeftButton)
    runner = kindly.controller.runner
    assert runner is not None and runner.timeline.session_id == "timer" and runner.timeline.total_s is None
    assert runner.timeline.lead_in_s == kindly.settings.timer_delay_s


def test_each_practice_is_offered_at_the_length_last_used_for_it(kindly: KindlyApp, clock: FakeClock) -> None:
    from sessions.commands import Command
    from tests.conftest import advance, main_window

    kindly.run_command(Command())
    window = main_window(kindly)
    window.select("loving-kindness")
    first = window.length_box.currentData()
    kindly.run_command(Command(name="start", session_id="loving-kindness", minutes=10))
    advance(kindly.controller, clock, 700, step=1.0)
    assert first != 10 and not kindly.controller.is_active
    window.show_library()
    window.select("body-scan")
    window.select("loving-kindness")
    assert window.length_box.currentData() == 10  # the length last used for it
    window.select("body-scan")
    assert window.length_box.currentData() == 5  # others keep their own
