"""Fixtures for hardening tests: the real app on a fake clock and a silent backend, and fault helpers."""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from audio.engine import AudioEngine
from audio.null_backend import NullBackend
from sessions.clock import FakeClock
from sessions.paths import DataPaths
from tests.conftest import dispose
from ui.app import KindlyApp

AppFactory = Callable[..., KindlyApp]


@pytest.fixture
def make_app(qapp: QApplication, clock: FakeClock, data: DataPaths) -> Iterator[AppFactory]:
    """Build KindlyApps on ``clock`` and ``data`` (silent engine on the same clock); all torn down after."""
    made: list[KindlyApp] = []

    def make(**options: Any) -> KindlyApp:
        options.setdefault(
            "engine_factory", lambda v: AudioEngine(v, backend_factory=lambda: NullBackend(clock))
        )
        options.setdefault("use_tray", False)
        app = KindlyApp(qapp, data, clock=clock, **options)
        made.append(app)
        return app

    yield make
    for app in made:
        dispose(app)


@contextlib.contextmanager
def failing(
    monkeypatch: pytest.MonkeyPatch,
    target: object,
    name: str,
    error: OSError,
    *,
    when: Callable[..., bool] = lambda *a, **k: True,
) -> Iterator[list[int]]:
    """Make ``target.name`` raise ``error`` (a copy each time) while inside; yields the failure count."""
    real = getattr(target, name)
    failures: list[int] = []

    def broken(*args: Any, **kwargs: Any) -> Any:
        if when(*args, **kwargs):
            failures.append(1)
            raise type(error)(error.errno, error.strerror)
        return real(*args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(target, name, broken)
        yield failures


DISK_FULL = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
# Tests run as root here, and chmod 0500 does not stop root; a read-only folder is therefore
# simulated by making the calls that create or rename files fail the way they do for a person.
READ_ONLY = PermissionError(errno.EACCES, os.strerror(errno.EACCES))
