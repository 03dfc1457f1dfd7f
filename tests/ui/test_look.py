"""Following the desktop's light and dark live: the portal's color-scheme switches, and every open
window repaints (screenshots before and after, compared by their background's lightness)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from sessions.clock import FakeClock
from sessions.paths import DataPaths
from tests.conftest import dispose
from tests.ui.dbus_standins import private_bus, read_log, standin
from ui import theme as themes
from ui.app import KindlyApp

pytestmark = pytest.mark.skipif(shutil.which("dbus-daemon") is None, reason="needs dbus-daemon")
WINDOWS = ("main", "pacer", "history", "settings")


@pytest.fixture
def portal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Path, object]]:
    log = tmp_path / "portal.jsonl"
    with private_bus() as address:
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
        with standin("portal", log, address, "--scheme", "light") as process:
            yield log, process
    themes.set_system_dark(None)


@pytest.fixture
def app(qapp: object, clock: FakeClock, data: DataPaths, portal: object) -> Iterator[KindlyApp]:
    kindly = KindlyApp(qapp, data, clock=clock, use_tray=False, silent=True)  # type: ignore[arg-type]
    yield kindly
    dispose(kindly)


def lightness(window: QWidget, shot: Path) -> int:
    """The lightness of the window's top-left corner (its background), after saving a screenshot."""
    image = window.grab().toImage()
    image.save(str(shot))
    return image.pixelColor(4, 4).lightness()


def test_a_live_switch_to_dark_repaints_every_open_window(
    qtbot: QtBot, app: KindlyApp, portal: tuple[Path, object], tmp_path: Path
) -> None:
    log, process = portal
    qtbot.waitUntil(lambda: app.look.theme is themes.LIGHT, timeout=2000)
    for name in WINDOWS:
        app.windows.open(name)
    qtbot.wait(50)
    shots = Path(os.environ.get("KINDLY_SHOTS", tmp_path))
    before = {name: lightness(app.windows.peek(name), shots / f"{name}-light.png") for name in WINDOWS}  # type: ignore[arg-type]
    assert all(value > 128 for value in before.values()), before

    stdin = process.stdin  # type: ignore[attr-defined]
    stdin.write("scheme dark\n")  # the person switches the desktop to dark
    stdin.flush()
    qtbot.waitUntil(lambda: app.look.theme is themes.DARK, timeout=2000)
    qtbot.wait(50)
    after = {name: lightness(app.windows.peek(name), shots / f"{name}-dark.png") for name in WINDOWS}  # type: ignore[arg-type]
    assert all(value < 100 for value in after.values()), after
    assert app.windows.typed("pacer", QWidget).orb.theme is themes.DARK  # type: ignore[attr-defined]
    assert [e["value"] for e in read_log(log) if e["event"] == "scheme"] == [1]

    app.store.update(theme="light")  # the person's own choice wins over the desktop
    qtbot.waitUntil(lambda: app.look.theme is themes.LIGHT, timeout=1000)
    for name in WINDOWS:
        window = app.windows.peek(name)
        assert window is not None
        window.close()
