"""The screen stays awake exactly while a practice runs: held on start and resume, let go on pause,
stop, finish, quit and kill — asserted on a stand-in ``org.freedesktop.ScreenSaver``."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from sessions.clock import FakeClock
from sessions.paths import DataPaths
from tests.conftest import dispose
from tests.ui.dbus_standins import private_bus, read_log, standin
from ui.app import KindlyApp
from ui.practices import Practice

pytestmark = pytest.mark.skipif(shutil.which("dbus-daemon") is None, reason="needs dbus-daemon")
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def bus(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    with private_bus() as address:
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
        yield address


@pytest.fixture
def screensaver(bus: str, tmp_path: Path) -> Iterator[Path]:
    """The stand-in screensaver on the private bus; yields its log."""
    log = tmp_path / "screensaver.jsonl"
    with standin("screensaver", log, bus):
        yield log


@pytest.fixture
def app(qapp: object, clock: FakeClock, data: DataPaths, screensaver: Path) -> Iterator[KindlyApp]:
    kindly = KindlyApp(qapp, data, clock=clock, use_tray=False, silent=True)  # type: ignore[arg-type]
    yield kindly
    dispose(kindly)


def events(log: Path) -> list[str]:
    return [line["event"] for line in read_log(log)]


def test_held_while_running_released_on_pause_stop_and_setting(
    qtbot: QtBot, app: KindlyApp, screensaver: Path
) -> None:
    log = screensaver
    assert app.bus is not None
    app.practices.start(Practice("breathing", "box", 5.0))
    qtbot.waitUntil(lambda: events(log) == ["inhibit"], timeout=2000)
    first = read_log(log)[0]
    assert first["app"] == "io.github.kindly.Kindly" and first["sender"] == app.bus.unique_name

    app.controller.pause()
    qtbot.waitUntil(lambda: events(log) == ["inhibit", "uninhibit"], timeout=1000)
    assert read_log(log)[1]["cookie"] == first["cookie"] and read_log(log)[1]["known"]
    app.controller.resume()
    qtbot.waitUntil(lambda: events(log)[-1:] == ["inhibit"], timeout=1000)

    app.store.update(keep_awake=False)  # the setting, turned off mid-session
    qtbot.waitUntil(lambda: events(log)[-1:] == ["uninhibit"], timeout=1000)
    app.store.update(keep_awake=True)
    qtbot.waitUntil(lambda: events(log)[-1:] == ["inhibit"], timeout=1000)

    app.controller.stop()
    qtbot.waitUntil(lambda: events(log)[-1:] == ["uninhibit"], timeout=1000)
    assert events(log) == ["inhibit", "uninhibit"] * 3
    assert all(line["known"] for line in read_log(log) if line["event"] == "uninhibit")


def test_released_when_a_practice_finishes(
    qtbot: QtBot, app: KindlyApp, clock: FakeClock, screensaver: Path
) -> None:
    app.practices.start(Practice("breathing", "box", 1.0))
    qtbot.waitUntil(lambda: events(screensaver) == ["inhibit"], timeout=2000)
    clock.advance(120.0)  # past the end, whatever whole number of breaths a minute became
    app.controller.tick()
    assert not app.controller.is_active
    qtbot.waitUntil(lambda: events(screensaver) == ["inhibit", "uninhibit"], timeout=1000)


def test_nothing_is_held_without_a_service_or_a_bus(
    qtbot: QtBot, qapp: object, clock: FakeClock, data: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    app = KindlyApp(qapp, data, clock=clock, use_tray=False, silent=True)  # type: ignore[arg-type]
    try:
        assert app.bus is None
        app.practices.start(Practice("breathing", "box", 1.0))  # no error, no notice
        app.controller.stop()
    finally:
        dispose(app)


@pytest.mark.parametrize("ending", ["quit", "kill"])
def test_a_real_session_lets_go_when_the_process_quits_or_is_killed(
    ending: str, bus: str, tmp_path: Path
) -> None:
    """`main.py pacer` in its own process: the inhibit is held while it runs and gone within 1 s of
    the end — a clean quit sends UnInhibit, a SIGKILL is dropped by the service as the bus loses us."""
    log = tmp_path / "screensaver.jsonl"
    env = {
        **os.environ,
        "DBUS_SESSION_BUS_ADDRESS": bus,
        "QT_QPA_PLATFORM": "offscreen",
        "SDL_AUDIODRIVER": "dummy",
        "KINDLY_HOME": str(tmp_path / "home"),
    }
    with standin("screensaver", log, bus):
        kindly = subprocess.Popen(
            [sys.executable, str(ROOT / "main.py"), "pacer", "--minutes", "5", "--once"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            deadline = time.monotonic() + 20
            while events(log) != ["inhibit"]:
                assert time.monotonic() < deadline and kindly.poll() is None, (
                    kindly.stderr and kindly.stderr.read()
                )
                time.sleep(0.05)
            time.sleep(1.0)
            assert events(log) == ["inhibit"]  # still held a second later
            ended = time.monotonic()
            kindly.send_signal(signal.SIGKILL if ending == "kill" else signal.SIGTERM)
            while len(events(log)) < 2:  # held, then let go
                assert time.monotonic() < ended + 5
                time.sleep(0.02)
            gone = read_log(log)[1]
            assert gone["event"] == ("dropped" if ending == "kill" else "uninhibit")
            assert gone["t"] - ended < 1.0
        finally:
            kindly.kill()
            kindly.wait(10)
            if kindly.stderr is not None:
                kindly.stderr.close()


def test_the_portal_is_preferred_where_it_exists(qtbot: QtBot, app_on_portal: tuple[KindlyApp, Path]) -> None:
    app, log = app_on_portal
    app.practices.start(Practice("breathing", "box", 5.0))
    qtbot.waitUntil(lambda: events(log) == ["inhibit"], timeout=2000)
    held = read_log(log)[0]
    assert held["flags"] == 8 and held["reason"] == "A practice is running"  # 8: idle
    app.controller.pause()
    qtbot.waitUntil(lambda: events(log) == ["inhibit", "uninhibit"], timeout=1000)
    assert read_log(log)[1]["handle"] == held["handle"] and read_log(log)[1]["known"]


@pytest.fixture
def portal_process(bus: str, tmp_path: Path) -> Iterator[object]:
    with standin("portal", tmp_path / "portal.jsonl", bus) as process:
        yield process


@pytest.fixture
def app_on_portal(
    qapp: object, clock: FakeClock, data: DataPaths, portal_process: object, tmp_path: Path
) -> Iterator[tuple[KindlyApp, Path]]:
    kindly = KindlyApp(qapp, data, clock=clock, use_tray=False, silent=True)  # type: ignore[arg-type]
    yield kindly, tmp_path / "portal.jsonl"
    dispose(kindly)


def test_in_a_sandbox_starting_at_login_asks_the_background_portal(
    qtbot: QtBot, app_on_portal: tuple[KindlyApp, Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import ui.desktop

    app, log = app_on_portal
    monkeypatch.setattr(ui.desktop, "FLATPAK_INFO", tmp_path)  # exists: "we are in a Flatpak"
    app.store.update(start_at_login=True)
    qtbot.waitUntil(lambda: "background" in events(log), timeout=2000)
    asked = next(e for e in read_log(log) if e["event"] == "background")["options"]
    assert asked["autostart"] is True and asked["commandline"] == ["kindly", "--background"]


def test_gnomes_do_not_disturb_is_read_through_the_portal(
    qtbot: QtBot, app_on_portal: tuple[KindlyApp, Path], portal_process: object
) -> None:
    """GNOME's daemon has no Inhibited property: its Do Not Disturb is show-banners, via the portal."""
    app, _log = app_on_portal
    assert not app.notifier.do_not_disturb
    stdin = portal_process.stdin  # type: ignore[attr-defined]
    stdin.write("banners off\n")
    stdin.flush()
    qtbot.waitUntil(lambda: app.notifier.do_not_disturb, timeout=2000)
    assert app.reminders.held_by() == "do-not-disturb"
    stdin.write("banners on\n")
    stdin.flush()
    qtbot.waitUntil(lambda: not app.notifier.do_not_disturb, timeout=2000)
