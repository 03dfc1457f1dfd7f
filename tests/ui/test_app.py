"""The app as a person meets it: tray menu, main window, a finished session in the log."""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu, QSystemTrayIcon
from pytestqt.qtbot import QtBot

from sessions.clock import FakeClock
from sessions.commands import Command
from tests.conftest import advance, history_window, main_window, pacer
from ui.app import KindlyApp
from ui.tray import Tray

HAS_TRAY_HOST = bool(os.environ.get("KINDLY_TRAY_HOST"))  # set by tools/xsession.py


needs_tray = pytest.mark.skipif(
    not HAS_TRAY_HOST and not os.environ.get("KINDLY_REQUIRE_TRAY"),
    reason="no tray host on this display (python3 tools/dev.py test starts one when Xvfb and trayer exist)",
)


@pytest.mark.tray
@needs_tray
def test_the_tray_menu_starts_a_one_minute_breath(qtbot: QtBot, kindly: KindlyApp, clock: FakeClock) -> None:
    assert QSystemTrayIcon.isSystemTrayAvailable()
    tray = kindly.tray
    assert tray is not None and tray.icon.isVisible()
    labels = [a.text() for a in tray.menu.actions() if a.isVisible() and not a.isSeparator()]
    assert labels[:5] == [
        "Breathe for 1 minute",
        "Breathe for 3 minutes",
        "Breathe for 5 minutes",
        "Self-compassion break",
        "All practices",
    ]
    assert labels[5:] == [
        "Breathing pacer…",
        "Write and read…",
        "Your practice…",
        "Open Kindly",
        "Settings…",
        "About && support…",
        "Quit Kindly",
    ]
    tray.breathe_actions[0].trigger()
    assert kindly.controller.is_running
    assert pacer(kindly).isVisible()
    runner = kindly.controller.runner
    # Five whole breaths of resonance (11 s each): the minute ends after a breath out, not mid-breath.
    assert runner is not None and runner.timeline.total_s == 55.0
    assert tray.pause_action.isVisible() and tray.stop_action.isVisible()
    tray.pause_action.trigger()
    assert kindly.controller.is_paused and tray.pause_action.text() == "Continue"
    tray.pause_action.trigger()
    advance(kindly.controller, clock, 61)
    assert not kindly.controller.is_active
    assert not tray.pause_action.isVisible()
    (record,) = kindly.history.records()
    assert record.completed and record.practiced_seconds == 55.0 and record.planned_seconds == 55.0
    assert "1 minute of practice today" in tray.icon.toolTip()


@pytest.mark.tray
@needs_tray
def test_tray_opens_windows_and_quits(
    qtbot: QtBot, kindly: KindlyApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    tray = kindly.tray
    assert tray is not None
    tray.window_action.trigger()
    assert main_window(kindly).isVisible()
    tray.icon.activated.emit(QSystemTrayIcon.ActivationReason.Trigger)  # a left click hides it again
    assert not main_window(kindly).isVisible()
    tray.pacer_action.trigger()
    assert pacer(kindly).isVisible() and not kindly.controller.is_active
    tray.history_action.trigger()
    assert history_window(kindly).isVisible()
    quits: list[bool] = []
    monkeypatch.setattr(kindly.qapp, "quit", lambda: quits.append(True))
    tray.stop_action.trigger()  # harmless with no session
    tray.quit_action.trigger()
    assert quits == [True] and not tray.icon.isVisible()


def test_without_a_tray_the_window_opens_and_says_so(
    qtbot: QtBot, qapp: object, clock: FakeClock, data: object
) -> None:
    from PySide6.QtWidgets import QApplication

    from sessions.paths import DataPaths

    assert isinstance(qapp, QApplication) and isinstance(data, DataPaths)
    app = KindlyApp(qapp, data, clock=clock, use_tray=False, silent=True)
    try:
        app.run_command(Command())
        assert app.tray is None
        assert main_window(app).isVisible()
        assert "no system tray" in main_window(app).notice.text()
        assert qapp.quitOnLastWindowClosed()
    finally:
        main_window(app).close()
        app.history.close()


# Qt on its offscreen platform has no tray to connect to; the test pretends it has one.
@pytest.mark.qt_log_ignore("No such signal QPlatformNativeInterface::systemTrayWindowChanged")
def test_a_background_start_shows_only_the_tray(
    qtbot: QtBot, qapp: object, clock: FakeClock, data: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`main.py --background` (what starting at login runs): the tray icon, and no window at all."""
    from PySide6.QtWidgets import QApplication

    from sessions.paths import DataPaths
    from ui.tray import Tray

    assert isinstance(qapp, QApplication) and isinstance(data, DataPaths)
    monkeypatch.setattr(Tray, "available", staticmethod(lambda: True))
    app = KindlyApp(qapp, data, clock=clock, silent=True)
    try:
        app.run_command(Command(name="background"))
        qtbot.wait(20)
        assert app.tray is not None and app.tray.icon.isVisible()
        # With a real tray host, the icon itself is a small top-level widget (XEmbed); nothing else shows.
        shown = [w for w in qapp.topLevelWidgets() if w.isVisible()]
        assert [w for w in shown if w.objectName() != "QSystemTrayIconSys"] == []
    finally:
        app.quit()
        app.close_log()
    # With no tray to live in, a background start opens the window after all, and says why.
    other = KindlyApp(qapp, data, clock=clock, use_tray=False, silent=True)
    try:
        other.run_command(Command(name="background"))
        assert main_window(other).isVisible()
        assert "no system tray" in main_window(other).notice.text()
    finally:
        main_window(other).close()
        other.close_log()


def _tray_of(app: KindlyApp) -> Tray | None:
    """The app's tray now (read through a call: mypy would keep an earlier ``is None`` narrowing)."""
    return app.tray


def _log_open(app: KindlyApp) -> bool:
    """Whether the practice log has been opened yet (a call, for the same reason)."""
    return app.log.is_open


# Qt on its offscreen platform has no tray to connect to; the test pretends it has one.
@pytest.mark.qt_log_ignore("No such signal QPlatformNativeInterface::systemTrayWindowChanged")
def test_a_window_first_launch_paints_the_library_before_the_tray_and_the_log(
    qtbot: QtBot, qapp: object, clock: FakeClock, data: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the launcher does (DESIGN §10): the main window with its library first; the tray icon,
    the practice log (and with it the greeting) and the hidden player page only in finish_start."""
    from PySide6.QtWidgets import QApplication

    from sessions.paths import DataPaths
    from ui.tray import Tray

    assert isinstance(qapp, QApplication) and isinstance(data, DataPaths)
    monkeypatch.setattr(Tray, "available", staticmethod(lambda: True))
    app = KindlyApp(qapp, data, clock=clock, silent=True, window_first=True)
    try:
        app.run_command(Command())
        window = main_window(app)
        assert window.isVisible()
        assert len(window.playables()) > 10  # the whole library, not a placeholder
        assert app.has_tray and app.tray is None
        assert not qapp.quitOnLastWindowClosed()  # Kindly will live in the tray
        assert "no system tray" not in window.notice.text()
        assert not _log_open(app)
        assert window.greeting.text() == ""
        assert window.pages.count() == 1  # the player page is not built yet
        qtbot.wait(20)  # nothing starts by itself: the launcher calls finish_start
        assert not _log_open(app)

        app.finish_start()
        tray = _tray_of(app)
        assert tray is not None and tray.icon.isVisible()
        assert _log_open(app)
        assert window.greeting.text().startswith("Good ")
        assert window.today.text() == "Nothing yet today, and that's fine."
        assert window.pages.count() == 2
        assert window.player.orb.theme is app.look.theme
    finally:
        app.quit()
        main_window(app).close()
        app.close_log()


def test_a_window_first_launch_without_a_tray_host_lives_in_its_window_and_says_why(
    qtbot: QtBot, qapp: object, clock: FakeClock, data: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Window first asks whether there is a tray only after the window is painted; with none, the
    main window says so, closing it quits, and Kindly watches for a tray to arrive."""
    from PySide6.QtWidgets import QApplication

    from sessions.paths import DataPaths

    assert isinstance(qapp, QApplication) and isinstance(data, DataPaths)
    asked: list[bool] = []

    def available() -> bool:
        asked.append(False)
        return False

    monkeypatch.setattr(Tray, "available", staticmethod(available))
    app = KindlyApp(qapp, data, clock=clock, silent=True, window_first=True)
    try:
        app.run_command(Command())
        window = main_window(app)
        assert window.isVisible() and asked == []  # not asked before the window
        app.finish_start()
        assert asked == [False]
        assert _tray_of(app) is None and not app.has_tray
        assert app.tray_arrival is not None
        assert qapp.quitOnLastWindowClosed()
        assert "no system tray" in window.notice.text()
    finally:
        app.quit()
        main_window(app).close()
        app.close_log()


def test_main_window_lists_and_starts_practice(qtbot: QtBot, kindly: KindlyApp, clock: FakeClock) -> None:
    kindly.run_command(Command())
    window = main_window(kindly)
    assert window.isVisible()
    titles = [p.title for p in window.playables()]
    assert titles[0] == "Self-compassion break"  # the first practice of the first group
    assert {"Loving-kindness", "Compassionate body scan", "Kind breathing", "Silent sitting"} <= set(titles)
    assert titles[-5:] == [
        "Breathing · Box breathing",
        "Breathing · 4-7-8 breathing",
        "Breathing · Resonance breathing",
        "Breathing · Extended exhale",
        "Breathing · Physiological sigh",
    ]
    assert window.today.text() == "Nothing yet today, and that's fine."
    qtbot.mouseClick(window.history_button, Qt.MouseButton.LeftButton)
    assert history_window(kindly).isVisible()
    window.select("4-6")
    window.length_box.setCurrentIndex(window.length_box.findData(1))
    qtbot.keyClick(window.library, Qt.Key.Key_Return)
    runner = kindly.controller.runner
    assert runner is not None and runner.timeline.pattern_id == "4-6" and runner.timeline.total_s == 60.0
    advance(kindly.controller, clock, 30)
    kindly.controller.stop()  # 30 s: too short to keep
    assert kindly.history.records() == []
    qtbot.mouseClick(window.begin_button, Qt.MouseButton.LeftButton)
    advance(kindly.controller, clock, 61)
    assert len(kindly.history.records()) == 1
    assert "1 minute of practice today" in window.today.text()


def test_a_stopped_session_over_a_minute_is_kept_as_not_completed(
    kindly: KindlyApp, clock: FakeClock
) -> None:
    kindly.run_command(Command(name="start", pattern="box", minutes=5))
    advance(kindly.controller, clock, 75)
    pacer(kindly).close()  # closing the window ends its session
    (record,) = kindly.history.records()
    assert not record.completed and record.practiced_seconds == pytest.approx(75, abs=0.3)
    assert record.pattern == "box" and record.planned_seconds == 300


def test_a_damaged_log_is_reported_in_the_window(
    qtbot: QtBot, qapp: object, clock: FakeClock, data: object
) -> None:
    from PySide6.QtWidgets import QApplication

    from sessions.paths import DataPaths

    assert isinstance(qapp, QApplication) and isinstance(data, DataPaths)
    data.root.mkdir(parents=True)
    data.history.write_text("{broken")
    app = KindlyApp(qapp, data, clock=clock, use_tray=False, silent=True)
    try:
        app.run_command(Command())
        assert "could not be read" in main_window(app).notice.text()
        assert len(list(data.root.glob("history.corrupt-*.json"))) == 1
    finally:
        main_window(app).close()
        app.history.close()


@pytest.mark.tray
@needs_tray
def test_tray_offers_every_length_and_recent_practices_below_the_fixed_items(
    kindly: KindlyApp, clock: FakeClock
) -> None:
    tray = kindly.tray
    assert tray is not None
    tray.menu.aboutToShow.emit()
    fixed = [a.text() for a in tray.menu.actions() if a.isVisible() and not a.isSeparator()][:4]
    menus = {a.text(): m for a in tray.sessions_menu.actions() if isinstance(m := a.menu(), QMenu)}
    assert [a.text() for a in menus["Self-compassion break"].actions()] == ["3 min", "5 min"]
    assert [a.text() for a in menus["Compassionate body scan"].actions()][-1] == "45 min", (
        "every length, not only the first"
    )
    assert not any(a.isVisible() for a in tray.pick_actions)  # nothing played or starred yet
    tray.compassion_action.trigger()
    runner = kindly.controller.runner
    assert runner is not None and runner.timeline.session_id == "self-compassion-break"
    advance(kindly.controller, clock, 30)
    assert tray.icon.toolTip().startswith("Kindly — Self-compassion break, 2:")
    assert tray.icon.toolTip().endswith(" left")
    advance(kindly.controller, clock, 200)
    kindly.store.update(favourites=("pattern:box",))
    tray.menu.aboutToShow.emit()
    visible = [a.text() for a in tray.menu.actions() if a.isVisible() and not a.isSeparator()]
    assert visible[:4] == fixed, "the items a hand has learnt never move"
    picks = [a.text() for a in tray.pick_actions if a.isVisible()]
    assert picks == ["Box breathing, 5 min", "Self-compassion break, 3 min"]  # favourite, then recent
    ten = next(a for a in menus["Compassionate body scan"].actions() if a.text() == "10 min")
    ten.trigger()
    runner = kindly.controller.runner
    assert runner is not None and runner.timeline.session_id == "body-scan" and runner.timeline.total_s == 600


def test_saved_settings_apply_at_start(qapp: object, clock: FakeClock, data: object) -> None:
    """Check-ins off, a dark theme and streaks shown are honoured from the first moment."""
    import json

    from PySide6.QtWidgets import QApplication

    from sessions.paths import DataPaths
    from ui import theme as themes

    assert isinstance(qapp, QApplication) and isinstance(data, DataPaths)
    data.root.mkdir(parents=True)
    data.settings.write_text(json.dumps({"mood_checkins": False, "theme": "dark", "show_streaks": True}))
    app = KindlyApp(qapp, data, clock=clock, use_tray=False, silent=True, check_ins=True)
    try:
        assert not app.checkins.wanted
        assert app.theme is themes.DARK
        assert history_window(app).show_streaks
    finally:
        history_window(app).close()
        app.history.close()
        qapp.setStyleSheet(themes.stylesheet(themes.LIGHT))


def test_a_window_asked_for_by_a_second_launch_does_not_cancel_once(
    qtbot: QtBot, kindly: KindlyApp, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`main.py start --once`, then `main.py history` from another terminal: it still quits at the end."""
    quits: list[bool] = []
    monkeypatch.setattr(kindly, "quit", lambda: quits.append(True))
    kindly.run_command(Command(name="start", pattern="4-6", minutes=1, once=True))
    kindly.run_request(Command.from_wire({"command": "history", "args": {}}))
    assert kindly.windows.is_visible("history")
    advance(kindly.controller, clock, 61, step=0.5)
    clock.advance(10.0)  # past the closing bell's wait
    qtbot.waitUntil(lambda: bool(quits), timeout=2000)
    # And the other way round: a handed-over session never makes a plain run quit when it ends.
    quits.clear()
    kindly.run_command(Command(name="window"))
    kindly.run_request(Command.from_wire({"command": "start", "args": {"pattern": "4-6", "minutes": 1}}))
    advance(kindly.controller, clock, 61, step=0.5)
    clock.advance(10.0)
    qtbot.wait(50)
    assert not quits


@pytest.mark.tray
@needs_tray
def test_the_tray_pauses_reminders_for_an_hour_and_resumes_them(kindly: KindlyApp) -> None:
    from sessions.reminders import DailyReminder, ReminderPlan

    kindly.store.update(reminders=ReminderPlan(daily=(DailyReminder("09:00"),)))
    tray = kindly.tray
    assert tray is not None
    kindly.tray_presenter.fill_menu()  # type: ignore[union-attr]
    assert tray.reminders_menu.menuAction().isVisible() and not tray.resume_reminders_action.isVisible()
    hour = next(a for a in tray.reminders_menu.actions() if a.text() == "For 1 hour")
    hour.trigger()
    assert kindly.reminders.held_by() == "paused"
    kindly.tray_presenter.fill_menu()  # type: ignore[union-attr]
    assert tray.resume_reminders_action.isVisible()
    assert tray.resume_reminders_action.toolTip().startswith("Reminders and bells are paused until")
    tray.resume_reminders_action.trigger()
    assert kindly.store.value.reminders_paused_until == ""


@pytest.mark.qt_log_ignore("No such signal QPlatformNativeInterface::systemTrayWindowChanged")
def test_the_first_window_is_painted_before_the_app_which_then_adopts_and_drives_it(
    qtbot: QtBot, qapp: object, clock: FakeClock, data: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A plain launch (ui/first_window.py): the main window, its library and the settings come
    first; KindlyApp takes those very objects, so the window then works as one the app built."""

    from PySide6.QtWidgets import QApplication

    from sessions.paths import DataPaths
    from ui import theme as themes
    from ui.first_window import show_first_window
    from ui.main_window import MainWindow

    assert isinstance(qapp, QApplication) and isinstance(data, DataPaths)
    monkeypatch.setattr(Tray, "available", staticmethod(lambda: True))
    data.root.mkdir(parents=True)
    data.settings.write_text("{ not json")  # set aside and said, in the window
    first = show_first_window(qapp, data)
    try:
        window = first.window
        assert isinstance(window, MainWindow) and window.isVisible()
        handle = window.windowHandle()
        assert handle is not None and handle.isExposed()
        assert len(window.playables()) > 10 and window.pages.count() == 1
        assert window.notice.text() == ""  # the app says it, once it exists
        with pytest.raises(RuntimeError):
            _ = window.player  # no controller yet, so no player page

        app = KindlyApp(qapp, data, clock=clock, silent=True, window_first=True, first=first)
        assert app.windows.peek("main") is window
        assert (app.store, app.library, app.notices) == (first.store, first.library, first.notices)
        assert all(owned.parent() is app for owned in (app.store, app.library, app.notices))
        assert "settings" in window.notice.text()
        app.run_command(Command())
        assert main_window(app) is window and window.isVisible()

        app.finish_start()
        assert window.greeting.text().startswith("Good ")
        assert window.pages.count() == 2  # the player page, now that there is a controller
        window.select("4-6")
        window.length_box.setCurrentIndex(window.length_box.findData(1))
        qtbot.mouseClick(window.begin_button, Qt.MouseButton.LeftButton)
        runner = app.controller.runner
        assert runner is not None and runner.timeline.pattern_id == "4-6"
        advance(app.controller, clock, 61)
        assert len(app.history.records()) == 1
        app.store.update(theme="dark")  # the adopted store still drives the look
        assert app.theme is themes.DARK
    finally:
        if "app" in locals():
            app.quit()
            app.close_log()
        first.window.close()
        qapp.setStyleSheet(themes.stylesheet(themes.LIGHT))


def test_a_command_handed_over_while_the_first_window_is_made_waits_for_the_app(qtbot: QtBot) -> None:
    from ui.cli import _Inbox

    inbox = _Inbox()
    carried: list[Command] = []
    early, later = Command(name="pacer"), Command(name="history")
    inbox.receive(early)
    assert carried == []
    inbox.deliver_to(carried.append)
    assert carried == []  # in a turn of its own, after the launch's own command
    qtbot.waitUntil(lambda: carried == [early])
    inbox.receive(later)
    assert carried == [early, later]
