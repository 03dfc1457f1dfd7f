"""Test set-up shared by every suite: no real display or sound unless a test asks for one."""

from __future__ import annotations

import atexit
import gc
import os
import shutil
import sys
import tempfile

# Without a display (no Xvfb), Qt tests run offscreen; audio is silent unless a test captures it.
if not os.environ.get("DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
# Never touch the real user's data from a test, nor their cache (each test run has its own).
os.environ.pop("KINDLY_HOME", None)
os.environ["KINDLY_CACHE"] = tempfile.mkdtemp(prefix="kindly-test-cache-")
# Nor the real desktop's session bus: D-Bus tests start their own (tests/ui/dbus_standins.py).
os.environ.pop("DBUS_SESSION_BUS_ADDRESS", None)

# Imported after the environment above is set (the core imports no Qt and no pygame).
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from sessions.clock import FakeClock
from sessions.paths import DataPaths

atexit.register(shutil.rmtree, os.environ["KINDLY_CACHE"], ignore_errors=True)

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget
    from pytestqt.qtbot import QtBot

    from ui.app import KindlyApp
    from ui.controller import SessionController
    from ui.history_window import HistoryWindow
    from ui.main_window import MainWindow
    from ui.pacer import PacerWindow


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def data(tmp_path: Path) -> DataPaths:
    return DataPaths(tmp_path / "kindly")


def advance(controller: SessionController, clock: FakeClock, seconds: float, step: float = 0.25) -> None:
    """Move the clock in steps, ticking the controller as its timer would, until the session ends."""
    end = clock.now() + seconds
    while clock.now() < end - 1e-9 and controller.is_active:
        clock.advance(min(step, end - clock.now()))
        controller.tick()


def activate(qtbot: QtBot, window: QWidget) -> None:
    """Give ``window`` the focus, as a person's click would: the keys are window shortcuts."""
    with qtbot.waitActive(window):
        window.activateWindow()


def dispose(app: KindlyApp) -> None:
    """Stop and tear down everything a test's KindlyApp made: session, windows, tray, timers, files."""
    if app.controller.is_active:
        app.controller.stop()
    for name in ("pacer", "main", "history", "settings", "care", "writing", "journal", "write", "read"):
        window = app.windows.peek(name)
        if window is not None:
            window.close()
            window.deleteLater()
    if app.tray is not None:
        app.tray.hide()
        app.tray.menu.deleteLater()
    app.reminders.stop()
    app.keep_awake.close()
    if app.tray_arrival is not None:
        app.tray_arrival.stop()
    if app.bus is not None:
        app.bus.close()
    app.close_log()
    if app.practices.sound is not None:
        app.practices.sound.engine.close()
    app.deleteLater()


def main_window(app: KindlyApp) -> MainWindow:
    """The app's main window (built on first use, as the registry does for a person)."""
    from ui.main_window import MainWindow

    return app.windows.typed("main", MainWindow)


def pacer(app: KindlyApp) -> PacerWindow:
    from ui.pacer import PacerWindow

    return app.windows.typed("pacer", PacerWindow)


def history_window(app: KindlyApp) -> HistoryWindow:
    from ui.history_window import HistoryWindow

    return app.windows.typed("history", HistoryWindow)


@pytest.fixture(scope="session", autouse=True)
def _qt_objects_go_before_the_application() -> Iterator[None]:
    """At the end of the run, delete every window still alive while Qt can still do it cleanly.

    A widget that outlives the test run (a dialog a test left open, a window kept by a closure) is
    otherwise destroyed by Python's own shutdown, after the QApplication, in no fixed order: that
    crashed the process (SIGSEGV, exit 245) after every test had passed, now and then.
    """
    yield
    widgets = sys.modules.get("PySide6.QtWidgets")
    if widgets is None:
        return
    from PySide6.QtCore import QCoreApplication, QEvent

    app = widgets.QApplication.instance()
    if app is None:
        return
    for window in widgets.QApplication.topLevelWidgets():
        window.close()
        window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
