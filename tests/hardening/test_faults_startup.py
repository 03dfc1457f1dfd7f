"""Damaged files at start-up: the app opens, says what happened once, and keeps the damaged file.

tests/ui/test_app.py already covers a plainly broken history file in the window; these cover the
settings file, the recordings index, the shapes that used to crash the readers outright, and all of
them at once.
"""

from __future__ import annotations

import pytest

from sessions.commands import Command
from sessions.paths import DataPaths
from sessions.settings import Settings
from tests.conftest import main_window
from tests.hardening.conftest import AppFactory

DEEP = "[" * 3000


@pytest.mark.parametrize(
    "content",
    [
        DEEP,
        '{"sessions": {"x": {}}}',
        '{"sessions": {"1": {"id": "a", "practiced_seconds": 1%s}}}' % ("0" * 400),
    ],
    ids=["nested-too-deep", "id-not-a-number", "number-too-big-for-a-float"],
)
def test_a_log_that_used_to_crash_start_up_is_set_aside(
    make_app: AppFactory, data: DataPaths, content: str
) -> None:
    data.root.mkdir(parents=True)
    data.history.write_text(content)
    app = make_app()
    assert app.history.records() == []
    (kept,) = data.root.glob("history.corrupt-*.json")
    assert kept.read_text() == content
    assert len([n for n in app.notices.texts if "practice log could not be read" in n]) == 1


@pytest.mark.parametrize("content", ["{oops", DEEP, '{"minutes": 1%s}' % ("0" * 400), "[1, 2]"])
def test_damaged_settings_at_start_up_mean_defaults_and_one_notice(
    make_app: AppFactory, data: DataPaths, content: str
) -> None:
    data.root.mkdir(parents=True)
    data.settings.write_text(content)
    app = make_app()
    app.run_command(Command())
    if content.startswith('{"minutes"'):
        # Readable JSON with one wrong value: that value falls back, the file stays, nothing to say.
        assert app.settings == Settings() and data.settings.read_text() == content and app.notices.texts == []
        return
    assert app.settings == Settings()
    (kept,) = data.root.glob("settings.corrupt-*.json")
    assert kept.read_text() == content
    (notice,) = app.notices.texts
    assert "settings file was damaged" in notice and notice in main_window(app).notice.text()


@pytest.mark.parametrize(
    "content",
    ["{not json", DEEP, '{"schema": 1, "recordings": [{"duration_s": 1%s}]}' % ("0" * 5000),
     '{"schema": 1, "recordings": [{"id": "a", "file": "a.ogg", "title": "t", "artist": "", "sha256": "x",'
     ' "added_at": "x", "duration_s": NaN, "captions": []}]}'],
    ids=["broken", "nested-too-deep", "five-thousand-digits", "nan-length"],
)  # fmt: skip
def test_a_damaged_recordings_index_leaves_the_library_usable(
    make_app: AppFactory, data: DataPaths, content: str
) -> None:
    data.recordings.mkdir(parents=True)
    (data.recordings / "index.json").write_text(content)
    app = make_app()
    app.run_command(Command())
    kinds = {p.kind for p in app.library.playables(app.settings.minutes)}
    assert {"guided", "breathing"} <= kinds and "recording" not in kinds
    app.library.reload()  # listed again (the window refreshes after an import): still said once
    app.library.playables(app.settings.minutes)
    said = [n for n in app.notices.texts if "recordings index is damaged" in n]
    assert len(said) == 1 and said[0] in main_window(app).notice.text()
    assert (data.recordings / "index.json").read_text() == content, "never overwritten"


def test_a_user_script_with_a_huge_number_is_listed_as_broken(make_app: AppFactory, data: DataPaths) -> None:
    data.user_sessions.mkdir(parents=True)
    (data.user_sessions / "big.toml").write_text('id = "big"\nlengths = [1' + "0" * 5000 + "]\n")
    app = make_app()
    app.run_command(Command())
    (broken,) = [p for p in app.library.playables(app.settings.minutes) if p.kind == "broken"]
    assert broken.title == "big.toml" and "not valid TOML" in (broken.problem or "")


def test_everything_damaged_at_once_still_opens(make_app: AppFactory, data: DataPaths) -> None:
    data.recordings.mkdir(parents=True)
    data.history.write_text(DEEP)
    data.settings.write_bytes(b"\xff\xfe\x00")
    (data.recordings / "index.json").write_text("{")
    app = make_app()
    app.run_command(Command())
    assert main_window(app).isVisible()
    assert len(app.notices.texts) == 3, app.notices.texts  # the log, the settings and the library, once each
    app.library.reload()
    app.library.playables(app.settings.minutes)
    assert len(app.notices.texts) == 3
    assert len(list(data.root.glob("history.corrupt-*.json"))) == 1
    assert len(list(data.root.glob("settings.corrupt-*.json"))) == 1
    assert all(n in main_window(app).notice.text() for n in app.notices.texts)
