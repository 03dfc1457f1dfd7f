"""Fixtures for window tests: a fake clock, a private data folder, and the real app wired to both."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from audio.engine import AudioEngine
from audio.null_backend import NullBackend
from sessions.clock import FakeClock
from sessions.paths import DataPaths
from ui.app import KindlyApp


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def data(tmp_path: Path) -> DataPaths:
    return DataPaths(tmp_path / "kindly")


@pytest.fixture
def kindly(qapp: QApplication, clock: FakeClock, data: DataPaths) -> Iterator[KindlyApp]:
    # The real engine on the silent backend: cues are really "played" (and traced), nothing is heard.
    app = KindlyApp(
        qapp, data, clock=clock, engine_factory=lambda v: AudioEngine(v, backend_factory=NullBackend)
    )
    yield app
    if app.controller.is_active:
        app.controller.stop()
    for window in (app._pacer, app._main):
        if window is not None:
            window.close()
            window.deleteLater()
    if app.tray is not None:
        app.tray.hide()
        app.tray.menu.deleteLater()
    app.history.close()
    app.deleteLater()
