"""The settings window: every change applied at once, validated, keyboard-only, readable at 200 %."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt, QTime
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QScrollBar,
    QWidget,
)
from pytestqt.qtbot import QtBot

from sessions.reminders import DailyReminder, MindfulBells, ReminderPlan
from sessions.settings import Settings, load_settings
from ui import theme as themes
from ui.settings_store import SettingsStore
from ui.settings_window import SECTIONS, SettingsWindow

CONTROLS = (QAbstractButton, QComboBox, QAbstractSlider, QLineEdit, QAbstractSpinBox, QListWidget)


def store_of(tmp_path: Path, settings: Settings | None = None) -> SettingsStore:
    """A settings store over a file in ``tmp_path``: the one owner the window talks to."""
    return SettingsStore(tmp_path / "settings.json", settings)


class Recorder:
    """Every change the store announced: what the window asked of it."""

    def __init__(self, window: SettingsWindow) -> None:
        self.changes: list[Settings] = []
        window.store.changed.connect(lambda _old, new: self.changes.append(new))

    @property
    def last(self) -> Settings:
        return self.changes[-1]


@pytest.fixture(scope="module", autouse=True)
def light_theme(qapp: QApplication) -> Iterator[None]:
    # Once for the module: a new app style sheet re-polishes every widget alive, which is slow.
    qapp.setStyleSheet(themes.stylesheet(themes.LIGHT))
    yield
    qapp.setStyleSheet("")


def dispose(widget: QWidget) -> None:
    """Close and really delete a window now (its slots hold it in cycles the GC finds late)."""
    widget.close()
    widget.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[SettingsWindow]:
    w = SettingsWindow(store_of(tmp_path), theme=themes.LIGHT, confirm=lambda _parent, _question: True)
    yield w
    dispose(w)


def controls(root: QWidget) -> list[QWidget]:
    """The controls a person uses, not Qt's own parts (scroll bars, a spin box's text field)."""
    return [
        w
        for w in root.findChildren(QWidget)
        if isinstance(w, CONTROLS) and not isinstance(w, QScrollBar) and not isinstance(w.parent(), CONTROLS)
    ]


def test_every_control_has_an_accessible_name(window: SettingsWindow) -> None:
    found = controls(window)
    assert len(found) > 40
    unnamed = [
        f"{type(w).__name__} {getattr(w, 'text', lambda: '')()}" for w in found if not w.accessibleName()
    ]
    assert unnamed == []


@pytest.mark.parametrize(
    ("attribute", "field"),
    [
        ("sounds", "sounds"),
        ("no_holds", "no_holds"),
        ("reduced_motion", "reduced_motion"),
        ("captions", "captions"),
        ("always_on_top", "always_on_top"),
        ("mood_checkins", "mood_checkins"),
        ("show_streaks", "show_streaks"),
        ("start_at_login", "start_at_login"),
    ],
)
def test_each_switch_is_applied_at_once(window: SettingsWindow, attribute: str, field: str) -> None:
    record = Recorder(window)
    box = getattr(window, attribute)
    assert isinstance(box, QCheckBox)
    before = getattr(window.settings, field)
    box.toggle()
    assert len(record.changes) == 1
    assert getattr(record.last, field) is (not before)
    expected: dict[str, object] = {field: not before}
    assert record.last == replace(Settings(), **expected)  # type: ignore[arg-type]


def test_choices(window: SettingsWindow) -> None:
    record = Recorder(window)
    window.theme.setCurrentIndex(window.theme.findData("dark"))
    window.ambient.setCurrentIndex(window.ambient.findData("rain"))
    window.length.setCurrentIndex(window.length.findData(10.0))
    window.pattern.setCurrentIndex(window.pattern.findData("box"))
    assert (record.last.theme, record.last.ambient, record.last.minutes, record.last.pattern) == (
        "dark",
        "rain",
        10.0,
        "box",
    )
    assert len(record.changes) == 4


def test_volumes_apply_on_every_step_and_save_on_release(window: SettingsWindow, tmp_path: Path) -> None:
    record = Recorder(window)
    saved_file = tmp_path / "settings.json"
    slider = window.volume_sliders["bell_volume"]
    slider.setSliderDown(True)
    assert window.is_adjusting()
    for value in (70, 60, 50):
        slider.setValue(value)
    assert [s.bell_volume for s in record.changes] == [0.7, 0.6, 0.5]
    assert not saved_file.exists()  # nothing written while the slider is held
    slider.setSliderDown(False)  # let go
    assert not window.is_adjusting()
    assert load_settings(saved_file)[0].bell_volume == 0.5
    assert window.volume_labels["bell_volume"].text() == "50 %"


def test_a_custom_pattern_is_applied_only_when_it_is_valid(window: SettingsWindow, qtbot: QtBot) -> None:
    window.show()
    window.show_section("Breathing")
    record = Recorder(window)
    window.pattern.setCurrentIndex(window.pattern.findData("custom"))
    assert window.custom_pattern.isVisible()
    assert record.changes == []  # an empty custom pattern is not a pattern yet
    assert window.message_for_pattern.text() == "Type a pattern, like 4-2-6."
    qtbot.keyClicks(window.custom_pattern, "1-0-1")
    assert record.changes == []
    assert "at least 4 s" in window.message_for_pattern.text()
    window.custom_pattern.clear()
    qtbot.keyClicks(window.custom_pattern, "4-2-6")
    assert record.last.pattern == "4-2-6"
    assert not window.message_for_pattern.isVisible()


def test_daily_reminders_added_and_removed(window: SettingsWindow) -> None:
    record = Recorder(window)
    reminders = window.reminders
    reminders.daily_time.setTime(QTime(7, 15))
    reminders.daily_days.set_days(frozenset(range(5)))
    reminders.add_daily.click()
    reminders.daily_time.setTime(QTime(21, 0))
    reminders.daily_days.set_days(frozenset({5, 6}))
    reminders.add_daily.click()
    assert record.last.reminders == ReminderPlan(
        daily=(DailyReminder("07:15", frozenset(range(5))), DailyReminder("21:00", frozenset({5, 6})))
    )
    assert [reminders.daily_list.item(i).text() for i in range(2)] == ["07:15 · Weekdays", "21:00 · Weekends"]
    reminders.add_daily.click()
    assert reminders.daily_message.text() == "There is already a reminder at 21:00."
    reminders.daily_days.set_days(frozenset())
    reminders.daily_time.setTime(QTime(12, 0))
    reminders.add_daily.click()
    assert reminders.daily_message.text() == "Choose at least one day."
    assert len(record.changes) == 2
    reminders.daily_list.setCurrentRow(0)
    reminders.remove_daily.click()
    assert record.last.reminders == ReminderPlan(daily=(DailyReminder("21:00", frozenset({5, 6})),))
    reminders.daily_list.setCurrentRow(0)
    reminders.remove_daily.click()
    assert record.last.reminders == ReminderPlan()
    assert reminders.daily_list.item(0).text() == "No reminders yet."


def test_mindful_bells(window: SettingsWindow) -> None:
    record = Recorder(window)
    reminders = window.reminders
    reminders.bells_mode.setCurrentIndex(1)
    assert record.last.reminders.bells == MindfulBells(every_min=60, quiet_start="21:00", quiet_end="08:00")
    reminders.bells_mode.setCurrentIndex(2)
    reminders.bells_every.setValue(45)
    reminders.quiet.setChecked(False)
    assert record.last.reminders.bells == MindfulBells(every_min=45, random_window=("09:00", "17:00"))
    good = record.last
    reminders.window_to.setTime(QTime(9, 0))  # a window with no length: explained, and not applied
    assert "start and an end that differ" in reminders.bells_message.text()
    assert record.last == good
    reminders.window_to.setTime(QTime(12, 0))
    assert record.last.reminders.bells == MindfulBells(every_min=45, random_window=("09:00", "12:00"))
    assert not reminders.bells_message.isVisible()
    reminders.bells_mode.setCurrentIndex(0)
    assert record.last.reminders == ReminderPlan()


def test_saved_settings_are_shown_without_being_changed(qtbot: QtBot, tmp_path: Path) -> None:
    plan = ReminderPlan(
        daily=(DailyReminder("08:30"),),
        bells=MindfulBells(every_min=90, quiet_start="22:00", quiet_end="07:00", weekdays=frozenset({0})),
    )
    settings = Settings(pattern="5-0-7.5", minutes=7.0, bell_volume=0.25, theme="light", reminders=plan)
    window = SettingsWindow(store_of(tmp_path, settings))
    record = Recorder(window)
    window.show()
    qtbot.waitExposed(window)
    assert record.changes == [] and not (tmp_path / "settings.json").exists()
    assert window.custom_pattern.text() == "5-0-7.5"
    assert window.length.currentText() == "7 minutes"
    assert window.volume_sliders["bell_volume"].value() == 25
    assert window.reminders.bells_every.value() == 90
    assert window.reminders.bells_days.days() == frozenset({0})
    assert window.settings == settings
    dispose(window)


def test_changes_made_elsewhere_are_shown_and_never_saved_over(
    window: SettingsWindow, tmp_path: Path
) -> None:
    """Regression (issue 13): a crisis line saved on the care page while Settings was open was lost
    when the next box was ticked, because the window saved its stale copy of every setting."""
    store = window.store
    store.update(crisis_line="Samaritans 116 123", pattern="box", minutes=10.0)  # the care page, the pacer
    assert window.pattern.currentData() == "box" and window.length.currentData() == 10.0
    window.reduced_motion.click()
    saved = load_settings(tmp_path / "settings.json")[0]
    assert saved.reduced_motion and saved.crisis_line == "Samaritans 116 123"
    assert (saved.pattern, saved.minutes) == ("box", 10.0)


def test_reset_asks_once_and_keeps_the_support_line(qtbot: QtBot, tmp_path: Path) -> None:
    questions: list[str] = []
    answers = [False, True]

    def confirm(_parent: QWidget, question: str) -> bool:
        questions.append(question)
        return answers.pop(0)

    start = Settings(
        theme="dark", sounds=False, crisis_line="988", reminders=ReminderPlan(daily=(DailyReminder("08:00"),))
    )
    window = SettingsWindow(store_of(tmp_path, start.validated()), confirm=confirm)
    record = Recorder(window)
    window.reset_button.click()
    assert record.changes == []  # "Keep my settings"
    window.reset_button.click()
    assert record.changes == [Settings(crisis_line="988")]
    assert len(questions) == 2 and "support line" in questions[0]
    assert window.sounds.isChecked()
    assert window.reminders.daily_list.item(0).text() == "No reminders yet."
    dispose(window)


def test_keyboard_only(qtbot: QtBot, window: SettingsWindow) -> None:
    show_active(qtbot, window)
    window.nav.setFocus()
    qtbot.keyClick(window.nav, Qt.Key.Key_Down)
    assert window.pages.currentIndex() == 1  # Breathing
    qtbot.keyClick(window, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert window.pages.currentIndex() == 2
    window.show_section("Sound")
    window.nav.setFocus()
    reached: list[QWidget] = []
    for _ in range(14):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        focus = QApplication.focusWidget()
        assert focus is not None
        reached.append(focus)
    # Tab walks through the page: every slider, the switch and the choice, then the buttons.
    for control in (*window.volume_sliders.values(), window.sounds, window.ambient, window.close_button):
        assert control in reached
    slider = window.volume_sliders["voice_volume"]
    slider.setFocus()
    record = Recorder(window)
    qtbot.keyClick(slider, Qt.Key.Key_Left)
    assert record.last.voice_volume == 0.95
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert not window.isVisible()


def show_active(qtbot: QtBot, window: QWidget) -> None:
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # activation is asynchronous; keys and focus need it


def grab_image(widget: QWidget) -> QImage:
    return widget.grab().toImage()


def section_of(window: SettingsWindow, widget: QWidget) -> str:
    pages = [window.pages.widget(i) for i in range(len(SECTIONS))]
    return next(
        name for name, page in zip(SECTIONS, pages, strict=True) if page and page.isAncestorOf(widget)
    )


def test_focus_is_visible_on_every_kind_of_input(qtbot: QtBot, window: SettingsWindow) -> None:
    show_active(qtbot, window)
    window.show_section("Reminders")
    window.reminders.bells_mode.setCurrentIndex(2)
    samples: list[QWidget] = [
        window.reminders.daily_time,
        window.reminders.bells_every,
        window.reminders.daily_days.buttons[0],
        window.reminders.add_daily,
        window.reminders.quiet,
        window.reminders.bells_mode,
        window.reminders.daily_list,
    ]
    window.show_section("Sound")
    samples.append(window.volume_sliders["voice_volume"])
    for widget in samples:
        window.show_section(section_of(window, widget))
        window.close_button.setFocus()
        plain = grab_image(widget)
        widget.setFocus(Qt.FocusReason.TabFocusReason)
        assert widget.hasFocus(), type(widget).__name__
        assert grab_image(widget) != plain, f"no visible focus on {type(widget).__name__}"


def test_readable_at_twice_the_font_size(qtbot: QtBot, qapp: QApplication, tmp_path: Path) -> None:
    font = qapp.font()
    big = qapp.font()
    big.setPointSizeF(font.pointSizeF() * 2)
    qapp.setFont(big)
    window = SettingsWindow(
        store_of(tmp_path, Settings(reminders=ReminderPlan(daily=(DailyReminder("08:00"),))))
    )
    try:
        window.reminders.bells_mode.setCurrentIndex(2)
        window.show()
        qtbot.waitExposed(window)
        clipped: list[str] = []
        for section in SECTIONS:
            window.show_section(section)
            page = window.pages.currentWidget()
            assert page is not None
            for widget in page.findChildren(QWidget):
                if not widget.isVisibleTo(page) or not isinstance(widget, (*CONTROLS, QLabel)):
                    continue
                need = widget.minimumSizeHint()
                if isinstance(widget, QLabel) and widget.wordWrap():
                    short = widget.height() < widget.heightForWidth(widget.width())
                else:
                    short = widget.width() < need.width() or widget.height() < need.height()
                parent = widget.parentWidget()
                # Inside its parent too: a control pushed past its parent's edge is cut off.
                outside = parent is not None and not parent.rect().contains(widget.geometry())
                if short or outside:
                    clipped.append(f"{section}: {type(widget).__name__} {widget.accessibleName() or ''}")
        assert clipped == []
        # The seven days fold into two rows rather than run off the side.
        days = window.reminders.bells_days.buttons
        assert days[4].y() > days[0].y() or window.reminders.bells_days.width() >= 7 * days[0].width()
        window.show_section("Reminders")
        window.grab().save(str(tmp_path / "settings-200.png"))  # to look at when this fails
    finally:
        dispose(window)
        qapp.setFont(font)


def test_tab_visits_each_page_in_the_order_a_person_reads_it(qtbot: QtBot, window: SettingsWindow) -> None:
    """Issue 14 #15 (a guard: not reproduced offscreen on main): Tab follows each page top to bottom."""
    window.show()
    qtbot.waitExposed(window)
    for index, name in enumerate(SECTIONS):
        window.show_section(name)
        page = window.pages.widget(index)
        assert page is not None
        visible = [
            w for w in controls(page) if w.isVisibleTo(page) and w.focusPolicy() & Qt.FocusPolicy.TabFocus
        ]
        if len(visible) < 2:
            continue

        def where(w: QWidget, page: QWidget = page) -> tuple[int, int]:
            point = w.mapTo(page, w.rect().topLeft())
            return (point.y() // 12, point.x())  # same line within a few pixels: left to right

        expected = sorted(visible, key=where)
        first = expected[0]
        chain: list[QWidget] = []
        w: QWidget | None = first
        while w is not None and len(chain) < len(visible):
            if w in visible and w not in chain:
                chain.append(w)
            w = w.nextInFocusChain()
            if w is first:
                break
        names = lambda ws: [x.accessibleName() or x.objectName() or type(x).__name__ for x in ws]  # noqa: E731
        assert names(chain) == names(expected), name


def test_silent_sitting_settles_rings_between_and_takes_a_short_sound_of_ones_own(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.audio.analysis import write_wav

    window = SettingsWindow(store_of(tmp_path))
    qtbot.addWidget(window)
    timer = window.timer
    timer.delay.setCurrentIndex(timer.delay.findData(30.0))
    timer.interval.setCurrentIndex(timer.interval.findData(5.0))
    s = window.store.value
    assert (s.timer_delay_s, s.timer_interval_min, s.timer_bell) == (30.0, 5.0, "bowl")
    assert s.timer_plan(20).delay_s == 30.0
    # "Choose a sound…": a two-minute file is refused with one line; the bell stays a bowl.
    long = write_wav(tmp_path / "gong.wav", 120.0)
    monkeypatch.setattr(window, "_ask_for_bell_file", lambda: str(long))
    timer.bell.setCurrentIndex(timer.bell.findData("choose"))
    assert "at most 60 seconds" in timer.message.text()
    assert window.store.value.timer_bell == "bowl" and timer.bell.currentData() == "bowl"
    junk = tmp_path / "notes.wav"
    junk.write_text("not a sound")
    monkeypatch.setattr(window, "_ask_for_bell_file", lambda: str(junk))
    timer.bell.setCurrentIndex(timer.bell.findData("choose"))
    assert "notes.wav" in timer.message.text() and window.store.value.timer_bell == "bowl"
    short = write_wav(tmp_path / "chime.wav", 2.0)
    monkeypatch.setattr(window, "_ask_for_bell_file", lambda: str(short))
    timer.bell.setCurrentIndex(timer.bell.findData("choose"))
    assert window.store.value.timer_bell == str(short.resolve())
    assert timer.bell.currentText() == "Your sound: chime.wav" and not timer.message.isVisible()
    monkeypatch.setattr(window, "_ask_for_bell_file", lambda: None)  # cancelled: nothing changes
    timer.bell.setCurrentIndex(timer.bell.findData("choose"))
    assert window.store.value.timer_bell == str(short.resolve())
    assert timer.bell.currentText() == "Your sound: chime.wav"


def test_a_saved_pattern_can_be_the_usual_breathing(qtbot: QtBot, tmp_path: Path) -> None:
    saved = (("Evening 4-2-7", "4-2-7"),)
    window = SettingsWindow(store_of(tmp_path, Settings(patterns=saved)))
    qtbot.addWidget(window)
    index = window.pattern.findText("Evening 4-2-7")
    assert index >= 0 and window.pattern.itemData(index) == "4-2-7"
    window.pattern.setCurrentIndex(index)
    assert window.store.value.pattern == "4-2-7" and not window.custom_pattern.isVisibleTo(window)
    window.store.update(patterns=())  # deleted in the pacer: it leaves this list too
    assert window.pattern.findText("Evening 4-2-7") < 0
