"""Media keys: while a practice runs Kindly is ``org.mpris.MediaPlayer2.kindly``, driven and read
with ``busctl --user`` exactly as a desktop's media controls would."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from sessions.clock import FakeClock
from sessions.paths import DataPaths
from tests.conftest import dispose
from tests.ui.dbus_standins import private_bus
from ui.app import KindlyApp
from ui.practices import Practice

pytestmark = pytest.mark.skipif(
    shutil.which("dbus-daemon") is None or shutil.which("busctl") is None,
    reason="needs dbus-daemon and busctl",
)
NAME = "org.mpris.MediaPlayer2.kindly"
PATH = "/org/mpris/MediaPlayer2"
PLAYER = "org.mpris.MediaPlayer2.Player"


@pytest.fixture
def app(
    qapp: object, clock: FakeClock, data: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> Iterator[KindlyApp]:
    with private_bus() as address:
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
        kindly = KindlyApp(qapp, data, clock=clock, use_tray=False, silent=True)  # type: ignore[arg-type]
        yield kindly
        dispose(kindly)


def busctl(qtbot: QtBot, *args: str) -> str:
    """Run ``busctl --user`` while the event loop keeps turning (Kindly answers on this thread)."""
    process = subprocess.Popen(
        ["busctl", "--user", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    qtbot.waitUntil(lambda: process.poll() is not None, timeout=5000)
    out, err = process.communicate()
    assert process.returncode == 0, err
    return out.strip()


def prop(qtbot: QtBot, name: str) -> str:
    return busctl(qtbot, "get-property", NAME, PATH, PLAYER, name)


def test_a_guided_practice_is_a_player_while_it_runs(qtbot: QtBot, app: KindlyApp, clock: FakeClock) -> None:
    assert NAME not in busctl(qtbot, "list", "--acquired")  # nothing to control: not on the bus
    assert app.practices.start(Practice("guided", "self-compassion-break", 3.0))
    assert prop(qtbot, "PlaybackStatus") == 's "Playing"'
    metadata = prop(qtbot, "Metadata")
    assert '"xesam:title" s "Self-compassion break"' in metadata
    assert '"mpris:length" x 180000000' in metadata
    assert busctl(qtbot, "get-property", NAME, PATH, "org.mpris.MediaPlayer2", "DesktopEntry") == (
        's "io.github.kindly.Kindly"'
    )

    clock.advance(12.5)
    app.controller.tick()
    assert prop(qtbot, "Position") == "x 12500000"

    busctl(qtbot, "call", NAME, PATH, PLAYER, "PlayPause")  # the media key
    assert app.controller.is_paused
    assert prop(qtbot, "PlaybackStatus") == 's "Paused"'
    clock.advance(30.0)
    assert prop(qtbot, "Position") == "x 12500000"  # time stands still while paused
    busctl(qtbot, "call", NAME, PATH, PLAYER, "Play")
    assert app.controller.is_running

    step = app.controller.state()
    assert step is not None
    busctl(qtbot, "call", NAME, PATH, PLAYER, "Next")  # the next part
    after = app.controller.state()
    assert after is not None and after.step_index == step.step_index + 1

    busctl(qtbot, "call", NAME, PATH, PLAYER, "Pause")
    assert app.controller.is_paused
    busctl(qtbot, "call", NAME, PATH, PLAYER, "Stop")
    assert not app.controller.is_active
    qtbot.waitUntil(lambda: NAME not in busctl(qtbot, "list", "--acquired"), timeout=2000)


def test_the_pacer_is_a_player_too(qtbot: QtBot, app: KindlyApp) -> None:
    assert app.practices.start(Practice("breathing", "box", 2.0))
    assert '"xesam:title" s "Box breathing"' in prop(qtbot, "Metadata")
    busctl(qtbot, "call", NAME, PATH, PLAYER, "PlayPause")
    assert app.controller.is_paused
    assert "Introspect" in busctl(qtbot, "introspect", NAME, PATH)
