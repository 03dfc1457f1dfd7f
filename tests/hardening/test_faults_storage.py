"""Storage faults: a full disk, a read-only folder, and the data folder removed while Kindly runs.

Each test asserts the same three things: Kindly (or the core) survives, the person is told once, and
nothing already acknowledged is lost — the previous file stays byte for byte, and once the fault
goes away the next write works.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from sessions.clock import FakeClock
from sessions.exchange import ExchangeError, export_file
from sessions.history import HistoryError, HistoryLog, Record
from sessions.paths import DataPaths
from sessions.settings import Settings, load_settings, save_settings
from tests.conftest import advance
from tests.hardening.conftest import DISK_FULL, READ_ONLY, AppFactory, failing
from ui.practices import Practice

T0 = datetime(2026, 5, 6, 7, 0, tzinfo=timezone(timedelta(hours=1)))

# Where a write can meet a full disk: creating the temp file (no inodes left), writing its bytes,
# flushing them (delayed allocation reports ENOSPC at fsync), or the rename.
WRITE_STEPS = [(tempfile, "mkstemp"), (os, "write"), (os, "fsync"), (os, "replace")]
STEP_IDS = ["mkstemp", "write", "fsync", "replace"]


def record(n: int, note: str = "") -> Record:
    at = T0 + timedelta(hours=n)
    return Record.new(
        started_at=at, ended_at=at + timedelta(minutes=5), session_id="breathing", title="Box breathing",
        kind="breathing", pattern="box", planned_seconds=300.0, practiced_seconds=300.0, completed=True,
        note=note,
    )  # fmt: skip


def files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# -- the core -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("target", "name"), WRITE_STEPS, ids=STEP_IDS)
def test_a_full_disk_never_costs_the_log_a_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, target: object, name: str
) -> None:
    path = tmp_path / "history.json"
    log = HistoryLog(path)
    first = record(0, "kept")
    log.append(first)
    before = path.read_bytes()
    with failing(monkeypatch, target, name, DISK_FULL) as failures:
        for attempt in (
            lambda: log.append(record(1)),
            lambda: log.update(first.id, note="changed"),
            lambda: log.merge([record(2), record(3)]),
            lambda: log.delete(first.id),
        ):
            with pytest.raises(HistoryError, match="could not save the practice log"):
                attempt()
            assert path.read_bytes() == before
            assert files(tmp_path) == ["history.json"], "no temp file and no lock left behind"
        assert failures
        assert log.records() == [first]
    # Space again: the next writes work, from what is really on disk.
    second = record(4)
    log.append(second)
    log.update(first.id, mood_after=4)
    reopened = HistoryLog(path)
    assert [r.id for r in reopened.records()] == [first.id, second.id]
    assert reopened.get(first.id) == log.get(first.id)


@pytest.mark.parametrize(("target", "name"), [(tempfile, "mkstemp"), (os, "fsync"), (os, "replace")])
def test_a_full_disk_keeps_the_previous_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, target: object, name: str
) -> None:
    path = tmp_path / "settings.json"
    save_settings(path, Settings(pattern="box"))
    before = path.read_bytes()
    with failing(monkeypatch, target, name, DISK_FULL), pytest.raises(OSError) as caught:
        save_settings(path, Settings(pattern="4-7-8"))
    assert caught.value.strerror == os.strerror(28)
    assert path.read_bytes() == before and files(tmp_path) == ["settings.json"]
    save_settings(path, Settings(pattern="4-7-8"))
    assert load_settings(path) == (Settings(pattern="4-7-8"), None)


@pytest.mark.parametrize(("target", "name"), [(tempfile, "mkstemp"), (os, "fsync"), (os, "replace")])
def test_a_full_disk_during_export_leaves_no_half_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, target: object, name: str
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "practice.csv").write_text("an older export\n")
    with failing(monkeypatch, target, name, DISK_FULL), pytest.raises(ExchangeError, match="No space"):
        export_file([record(0)], out / "practice.csv")
    assert files(out) == ["practice.csv"] and (out / "practice.csv").read_text() == "an older export\n"


@pytest.mark.parametrize(("target", "name"), [(tempfile, "mkstemp"), (os, "replace")])
def test_a_read_only_folder_is_a_clear_error_everywhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, target: object, name: str
) -> None:
    # PermissionError is injected (see conftest.READ_ONLY): chmod 0500 would not stop root.
    data = DataPaths(tmp_path / "kindly")
    log = HistoryLog(data.history)
    log.append(record(0))
    save_settings(data.settings, Settings())
    before = {p.name: p.read_bytes() for p in data.root.iterdir()}
    with failing(monkeypatch, target, name, READ_ONLY):
        with pytest.raises(HistoryError, match="Permission denied"):
            log.append(record(1))
        with pytest.raises(PermissionError):
            save_settings(data.settings, Settings(pattern="box"))
        with pytest.raises(ExchangeError, match="Permission denied"):
            export_file(log.records(), data.root / "practice.json")
        # Reading still works: the log and the settings open as they were.
        assert len(HistoryLog(data.history).records()) == 1
        assert load_settings(data.settings) == (Settings(), None)
    assert {p.name: p.read_bytes() for p in data.root.iterdir()} == before


def test_a_read_only_lock_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    log = HistoryLog(tmp_path / "history.json")
    real_open = os.open

    def no_lock(path: object, flags: int, *args: object, **kwargs: object) -> int:
        if str(path).endswith("history.lock"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", no_lock)
    with pytest.raises(HistoryError, match="Permission denied"):
        log.append(record(0))


def test_the_log_recreates_its_folder_if_it_was_removed(tmp_path: Path) -> None:
    data = tmp_path / "kindly"
    log = HistoryLog(data / "history.json")
    log.append(record(0))
    shutil.rmtree(data)
    log.append(record(1))  # regression: the lock file could not be made in a missing folder
    assert mode(data) == 0o700 and mode(data / "history.json") == 0o600
    assert [r.id for r in HistoryLog(data / "history.json").records()] == [log.records()[-1].id]
    shutil.rmtree(data)
    save_settings(data / "settings.json", Settings(pattern="box"))  # settings, too
    assert mode(data) == 0o700 and mode(data / "settings.json") == 0o600


# -- the app -------------------------------------------------------------------------------------


def _session(app_clock: FakeClock, app: object, minutes: float = 1.0) -> None:
    from ui.app import KindlyApp

    assert isinstance(app, KindlyApp)
    app.practices.start(Practice("breathing", "4-6", minutes))
    advance(app.controller, app_clock, minutes * 60 + 1)
    assert not app.controller.is_active


def test_the_app_tells_once_when_the_disk_is_full_and_saves_again_after(
    make_app: AppFactory, clock: FakeClock, data: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app()
    _session(clock, app)
    (kept,) = app.history.records()
    before = data.history.read_bytes()
    with failing(monkeypatch, os, "write", DISK_FULL):
        _session(clock, app)
        _session(clock, app)  # the same trouble twice is said once
    said = [n for n in app.notices.texts if "could not be saved" in n]
    assert len(said) == 1 and "No space left on device" in said[0]
    assert data.history.read_bytes() == before and app.exit_code == 1
    _session(clock, app)
    assert app.history.records()[0].id == kept.id and app.history.count() == 2
    assert len([n for n in app.notices.texts if "could not be saved" in n]) == 1


def test_the_app_keeps_settings_in_memory_when_they_cannot_be_saved(
    make_app: AppFactory, data: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:

    app = make_app()
    app.store.update(pattern="box")
    before = data.settings.read_bytes()
    with failing(monkeypatch, os, "fsync", DISK_FULL):
        for pattern in ("4-7-8", "4-6"):
            app.store.update(pattern=pattern)
    assert app.settings.pattern == "4-6", "the change applies until Kindly quits"
    said = [n for n in app.notices.texts if "settings could not be saved" in n]
    assert len(said) == 1 and data.settings.read_bytes() == before
    app.store.update(pattern="sigh")
    assert load_settings(data.settings)[0].pattern == "sigh"


def test_removing_the_data_folder_mid_session_loses_nothing_after_it(
    make_app: AppFactory, clock: FakeClock, data: DataPaths
) -> None:
    app = make_app()
    _session(clock, app)
    app.practices.start(Practice("breathing", "4-6", 1.0))
    advance(app.controller, clock, 20)
    shutil.rmtree(data.root)  # e.g. the person cleaned up their home folder while breathing
    advance(app.controller, clock, 41)
    assert not app.controller.is_active
    (saved,) = app.history.records()  # the folder came back, with this session in it
    assert saved.pattern == "4-6" and saved.completed
    assert mode(data.root) == 0o700 and mode(data.history) == 0o600
    assert not [n for n in app.notices.texts if "could not" in n] and app.exit_code == 0

    app.store.update(pattern="box")
    assert load_settings(data.settings)[0].pattern == "box"
