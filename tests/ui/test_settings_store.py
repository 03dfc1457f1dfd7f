"""The settings store: the only holder and saver of settings; it validates, saves and announces."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from sessions.settings import Settings, load_settings
from ui.settings_store import SettingsStore


def test_update_validates_saves_and_says_old_and_new(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path / "settings.json")
    seen: list[tuple[Settings, Settings]] = []
    store.changed.connect(lambda old, new: seen.append((old, new)))
    assert store.update(pattern="box", minutes=10.0)
    assert seen == [(Settings(), Settings(pattern="box", minutes=10.0))]
    assert load_settings(tmp_path / "settings.json")[0] == store.value
    assert stat.S_IMODE((tmp_path / "settings.json").stat().st_mode) == 0o600
    assert not store.update(pattern="box"), "no change, no announcement"
    assert len(seen) == 1


def test_a_bad_value_is_put_back_to_its_default(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path / "settings.json", Settings(pattern="box"))
    store.update(pattern="nonsense", voice_volume=7.0)
    assert store.value.pattern == Settings().pattern and store.value.voice_volume == Settings().voice_volume


def test_an_unknown_setting_is_a_programming_error(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path / "settings.json")
    with pytest.raises(TypeError, match="no setting named 'volume'"):
        store.update(volume=1.0)
    with pytest.raises(TypeError):
        store.watch(("colour",), print)


def test_a_drag_applies_at_once_and_is_saved_once(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    store = SettingsStore(path)
    for volume in (0.9, 0.8, 0.7):
        store.update(voice_volume=volume, save=False)
    assert store.value.voice_volume == 0.7 and not path.exists()
    store.save()
    assert load_settings(path)[0].voice_volume == 0.7
    before = path.stat().st_mtime_ns
    store.save()  # nothing new: nothing written
    assert path.stat().st_mtime_ns == before


def test_a_failed_save_is_said_and_the_change_still_applies(tmp_path: Path) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")
    store = SettingsStore(blocked / "settings.json")
    said: list[str] = []
    store.save_failed.connect(said.append)
    store.update(theme="dark")
    assert store.value.theme == "dark"
    assert len(said) == 1 and "could not be saved" in said[0]


def test_watch_calls_only_for_the_fields_asked_and_ends_with_its_owner(qtbot: QtBot, tmp_path: Path) -> None:
    store = SettingsStore(tmp_path / "settings.json")
    owner = QWidget()
    calls: list[str] = []
    store.watch(("theme", "reduced_motion"), lambda s: calls.append(s.theme), owner=owner)
    store.update(pattern="box")
    assert calls == []
    store.update(theme="dark")
    assert calls == ["dark"]
    owner.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    store.update(theme="light")
    assert calls == ["dark"], "a closed window no longer listens"
