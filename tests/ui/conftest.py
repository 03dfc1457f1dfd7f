"""Fixtures for window tests: a fake clock, a private data folder, and the real app wired to both."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication

from audio.engine import AudioEngine
from audio.null_backend import NullBackend
from sessions.clock import FakeClock
from sessions.paths import DataPaths
from tests.conftest import dispose
from ui.app import KindlyApp


@pytest.fixture
def kindly(qapp: QApplication, clock: FakeClock, data: DataPaths) -> Iterator[KindlyApp]:
    # The real engine on the silent backend: cues are really "played" (and traced), nothing is heard.
    app = KindlyApp(
        qapp, data, clock=clock, engine_factory=lambda v: AudioEngine(v, backend_factory=NullBackend)
    )
    yield app
    dispose(app)
