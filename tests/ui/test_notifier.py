"""Reminders as the desktop's own notifications: with a daemon (and no tray) a daily reminder is a
notification whose Start, Snooze and Skip work; without one, Kindly's own prompt as before."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from sessions.clock import FakeClock
from sessions.paths import DataPaths
from tests.conftest import dispose
from tests.ui.dbus_standins import private_bus, read_log, standin
from ui.app import KindlyApp

pytestmark = pytest.mark.skipif(shutil.which("dbus-daemon") is None, reason="needs dbus-daemon")


@pytest.fixture
def bus(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    with private_bus() as address:
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
        yield address


@pytest.fixture
def daemon(bus: str, tmp_path: Path) -> Iterator[tuple[Path, object]]:
    log = tmp_path / "notifications.jsonl"
    with standin("notifications", log, bus) as process:
        yield log, process


@pytest.fixture
def app(qapp: object, clock: FakeClock, data: DataPaths, daemon: object) -> Iterator[KindlyApp]:
    kindly = KindlyApp(qapp, data, clock=clock, use_tray=False, silent=True)  # type: ignore[arg-type]
    yield kindly
    dispose(kindly)


def notified(log: Path) -> list[dict[str, object]]:
    return [line for line in read_log(log) if line["event"] == "notify"]


def invoke(process: object, nid: object, key: str) -> None:
    stdin = process.stdin  # type: ignore[attr-defined]
    stdin.write(f"invoke {nid} {key}\n")
    stdin.flush()


def test_a_daily_reminder_without_a_tray_is_a_notification_whose_start_starts(
    qtbot: QtBot, app: KindlyApp, daemon: tuple[Path, object]
) -> None:
    log, process = daemon
    assert app.tray is None and app.notifier.available
    app.reminders.scheduler.reminder_due.emit("daily")
    qtbot.waitUntil(lambda: len(notified(log)) == 1, timeout=2000)
    shown = notified(log)[0]
    assert shown["app"] == "Kindly" and shown["replaces"] == 0
    assert shown["actions"] == ["start", "Start", "snooze", "Snooze 10 min", "skip", "Skip"]
    assert shown["hints"] == {"desktop-entry": "io.github.kindly.Kindly", "urgency": 1}
    assert app.reminders.presenter._prompt is None  # no window of our own: the desktop has it

    invoke(process, shown["id"], "start")
    qtbot.waitUntil(lambda: app.controller.is_running, timeout=2000)
    assert app.windows.is_visible("pacer")


def test_a_second_reminder_replaces_the_first_and_snooze_snoozes(
    qtbot: QtBot, app: KindlyApp, daemon: tuple[Path, object], monkeypatch: pytest.MonkeyPatch
) -> None:
    log, process = daemon
    snoozed: list[float] = []
    monkeypatch.setattr(app.reminders.scheduler, "snooze", snoozed.append)
    app.reminders.presenter.snooze_requested.disconnect()
    app.reminders.presenter.snooze_requested.connect(snoozed.append)
    app.reminders.scheduler.reminder_due.emit("daily")
    qtbot.waitUntil(lambda: len(notified(log)) == 1, timeout=2000)
    app.reminders.scheduler.reminder_due.emit("daily")
    qtbot.waitUntil(lambda: len(notified(log)) == 2, timeout=2000)
    first, second = notified(log)
    assert second["replaces"] == first["id"] and second["id"] == first["id"]
    invoke(process, first["id"], "snooze")
    qtbot.waitUntil(lambda: snoozed == [10], timeout=2000)
    assert not app.controller.is_active


def test_starting_elsewhere_withdraws_the_notification(
    qtbot: QtBot, app: KindlyApp, daemon: tuple[Path, object]
) -> None:
    from ui.practices import Practice

    log, _process = daemon
    app.reminders.scheduler.reminder_due.emit("daily")
    qtbot.waitUntil(lambda: len(notified(log)) == 1, timeout=2000)
    app.practices.start(Practice("breathing", "box", 1.0))
    qtbot.waitUntil(lambda: any(line["event"] == "close" for line in read_log(log)), timeout=2000)
    assert [line["id"] for line in read_log(log) if line["event"] == "close"] == [notified(log)[0]["id"]]


def test_a_bell_is_a_plain_notification_and_notices_use_the_daemon(
    qtbot: QtBot, app: KindlyApp, daemon: tuple[Path, object]
) -> None:
    log, _process = daemon
    app.reminders.scheduler.reminder_due.emit("bell")
    qtbot.waitUntil(lambda: len(notified(log)) == 1, timeout=2000)
    assert notified(log)[0]["actions"] == []
    app.notices.say("Something to say.")
    qtbot.waitUntil(lambda: len(notified(log)) == 2, timeout=2000)
    assert notified(log)[1]["body"] == "Something to say."


def test_without_a_daemon_kindly_prompts_itself(
    qtbot: QtBot, qapp: object, clock: FakeClock, data: DataPaths, bus: str
) -> None:
    app = KindlyApp(qapp, data, clock=clock, use_tray=False, silent=True)  # type: ignore[arg-type]
    try:
        assert not app.notifier.available
        app.reminders.scheduler.reminder_due.emit("daily")
        assert app.reminders.presenter.prompt.isVisible()
    finally:
        app.reminders.close()
        dispose(app)


@pytest.fixture
def dnd_daemon(bus: str, tmp_path: Path) -> Iterator[tuple[Path, object]]:
    log = tmp_path / "notifications.jsonl"
    with standin("notifications", log, bus, "--dnd") as process:
        yield log, process


@pytest.fixture
def app_under_dnd(qapp: object, clock: FakeClock, data: DataPaths, dnd_daemon: object) -> Iterator[KindlyApp]:
    kindly = KindlyApp(qapp, data, clock=clock, use_tray=False, silent=True)  # type: ignore[arg-type]
    yield kindly
    dispose(kindly)


def test_a_bell_due_during_do_not_disturb_does_not_ring(
    qtbot: QtBot, app_under_dnd: KindlyApp, dnd_daemon: tuple[Path, object], monkeypatch: pytest.MonkeyPatch
) -> None:
    log, process = dnd_daemon
    app = app_under_dnd
    rung: list[bool] = []
    monkeypatch.setattr(app.practices, "ring_bell", lambda: rung.append(True))
    qtbot.waitUntil(lambda: app.notifier.do_not_disturb, timeout=2000)
    assert app.reminders.held_by() == "do-not-disturb"
    app.reminders.scheduler.reminder_due.emit("bell")
    qtbot.wait(200)
    assert rung == [] and notified(log) == []  # dropped: neither rung nor shown
    stdin = process.stdin  # type: ignore[attr-defined]
    stdin.write("dnd off\n")
    stdin.flush()
    qtbot.waitUntil(lambda: not app.notifier.do_not_disturb, timeout=2000)  # followed live
    app.reminders.scheduler.reminder_due.emit("bell")
    assert rung == [True]


def test_a_bell_due_under_a_fullscreen_window_does_not_ring(
    qtbot: QtBot, app: KindlyApp, daemon: tuple[Path, object], monkeypatch: pytest.MonkeyPatch
) -> None:
    log, _process = daemon
    rung: list[bool] = []
    monkeypatch.setattr(app.practices, "ring_bell", lambda: rung.append(True))
    monkeypatch.setattr(app.reminders, "_fullscreen", lambda: True)
    app.reminders.scheduler.reminder_due.emit("bell")
    qtbot.wait(200)
    assert rung == [] and notified(log) == []
    monkeypatch.setattr(app.reminders, "_fullscreen", lambda: False)
    app.reminders.scheduler.reminder_due.emit("bell")
    assert rung == [True]


def test_paused_reminders_hold_bells_until_resumed(
    qtbot: QtBot, app: KindlyApp, daemon: tuple[Path, object], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The tray's "Pause reminders" and `main.py reminders pause|resume` both come here."""
    from sessions.commands import make_command

    log, _process = daemon
    rung: list[bool] = []
    monkeypatch.setattr(app.practices, "ring_bell", lambda: rung.append(True))
    app.run_command(make_command("reminders", pause="1h"), handed_over=True)
    assert app.reminders.held_by() == "paused"
    assert app.store.value.reminders_paused_until.startswith("20")
    app.reminders.scheduler.reminder_due.emit("bell")
    app.reminders.scheduler.reminder_due.emit("daily")
    qtbot.wait(200)
    assert rung == [] and notified(log) == []
    app.run_command(make_command("reminders", pause="resume"), handed_over=True)
    assert app.store.value.reminders_paused_until == ""
    app.reminders.scheduler.reminder_due.emit("bell")
    assert rung == [True]
    assert not app.windows.is_visible("main")  # a reminders command opens no window
