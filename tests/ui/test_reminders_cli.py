"""`main.py reminders pause [DURATION] | resume` with no Kindly running: the settings file changes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ui.cli import main


def test_pause_and_resume_without_a_running_kindly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = str(tmp_path / "home")
    assert main(["reminders", "pause", "--data-dir", home]) == 0
    assert "paused until you resume them" in capsys.readouterr().out
    settings = json.loads((tmp_path / "home" / "settings.json").read_text())
    assert settings["reminders_paused_until"] == "until-resumed"
    assert main(["reminders", "pause", "tomorrow", "--data-dir", home]) == 0
    assert "paused until" in capsys.readouterr().out
    assert main(["reminders", "resume", "--data-dir", home]) == 0
    assert capsys.readouterr().out.strip() == "Reminders and bells are on."
    assert json.loads((tmp_path / "home" / "settings.json").read_text())["reminders_paused_until"] == ""
    assert main(["reminders", "pause", "soon", "--data-dir", home]) == 1
    assert "not a length" in capsys.readouterr().err
