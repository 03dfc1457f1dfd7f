"""What can be started follows the scripts folder while Kindly runs (ui/library_model.py)."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from sessions.commands import Command
from sessions.paths import DataPaths
from tests.conftest import main_window
from ui.app import KindlyApp

ROOT = Path(__file__).resolve().parents[2]


def test_a_script_saved_while_kindly_runs_appears_without_a_restart(
    qtbot: QtBot, kindly: KindlyApp, data: DataPaths
) -> None:
    """Issue 14 #12: new scripts appeared only after a restart."""
    kindly.run_command(Command())
    window = main_window(kindly)
    qtbot.waitExposed(window)
    before = [p.title for p in window.playables()]
    source = (ROOT / "assets" / "sessions" / "self-compassion-break.toml").read_text()
    source = source.replace('id = "self-compassion-break"', 'id = "my-own"').replace(
        'title = "Self-compassion break"', 'title = "My own pause"'
    )
    data.user_sessions.mkdir(parents=True, exist_ok=True)  # the folder is made while Kindly runs
    (data.user_sessions / "my-own.toml").write_text(source)
    qtbot.waitUntil(lambda: "My own pause" in [p.title for p in window.playables()], timeout=5000)
    assert [p.title for p in window.playables() if p.title != "My own pause"] == before
    (data.user_sessions / "my-own.toml").unlink()
    qtbot.waitUntil(lambda: "My own pause" not in [p.title for p in window.playables()], timeout=5000)
