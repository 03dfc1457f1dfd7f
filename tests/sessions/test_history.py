"""The practice log: atomic private writes, and damaged files set aside, never overwritten."""

from __future__ import annotations

import json
import os
import stat
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from sessions.history import HistoryLog, Record, worth_keeping

T0 = datetime(2026, 11, 26, 7, 30, tzinfo=timezone(timedelta(hours=1)))
CONTRACT_FIELDS = [
    "id", "started_at", "ended_at", "session_id", "title", "kind", "pattern", "planned_seconds",
    "practiced_seconds", "completed", "mood_before", "mood_after", "note", "schema",
]  # fmt: skip


def _record(minutes: float = 5, completed: bool = True) -> Record:
    return Record.new(
        started_at=T0,
        ended_at=T0 + timedelta(minutes=minutes),
        session_id="breathing",
        title="Box breathing",
        kind="breathing",
        pattern="box",
        planned_seconds=300.0,
        practiced_seconds=minutes * 60,
        completed=completed,
    )


def test_records_round_trip_with_the_contract_fields(tmp_path: Path) -> None:
    log = HistoryLog(tmp_path / "data" / "history.json")
    record = _record()
    log.append(record)
    log.close()
    reopened = HistoryLog(tmp_path / "data" / "history.json")
    assert reopened.records() == [record]
    assert reopened.notice is None
    raw = json.loads((tmp_path / "data" / "history.json").read_text())
    (row,) = raw["sessions"].values()
    assert sorted(row) == sorted(CONTRACT_FIELDS)
    assert row["started_at"] == "2026-11-26T07:30:00+01:00"


def test_files_are_private(tmp_path: Path) -> None:
    log = HistoryLog(tmp_path / "kindly" / "history.json")
    log.append(_record())
    assert stat.S_IMODE((tmp_path / "kindly").stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "kindly" / "history.json").stat().st_mode) == 0o600
    assert [p.name for p in (tmp_path / "kindly").iterdir()] == ["history.json"]  # no temp files left


def test_writes_are_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "history.json"
    log = HistoryLog(path)
    log.append(_record())
    before = path.read_bytes()

    def boom(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(Exception, match="could not save"):
        log.append(_record())
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["history.json"]


@pytest.mark.parametrize(
    "content",
    [
        b'{"sessions": {"1": {"id": "a"',  # truncated
        b"not json at all",
        b"\xff\xfe\x00garbage",
        b"[1, 2, 3]",  # JSON of the wrong shape
        b'{"sessions": [1, 2]}',
        b'{"sessions": {"1": {"id": "x", "schema": 99}}}',  # from a newer Kindly
        b'{"sessions": {"1": {"title": "no id"}}}',
    ],
)
def test_a_damaged_log_is_set_aside_and_a_fresh_one_started(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "history.json"
    path.write_bytes(content)
    log = HistoryLog(path, now=T0)
    assert log.notice is not None and "history.corrupt-20261126-073000.json" in log.notice
    assert (tmp_path / "history.corrupt-20261126-073000.json").read_bytes() == content
    assert log.records() == []
    log.append(_record())
    assert len(HistoryLog(path).records()) == 1
    # A second damaged file the same second does not clobber the first one set aside.
    path.write_bytes(b"{{")
    HistoryLog(path, now=T0)
    assert (tmp_path / "history.corrupt-20261126-073000.json").read_bytes() == content
    assert (tmp_path / "history.corrupt-20261126-073000-2.json").read_bytes() == b"{{"


def test_a_folder_where_the_log_should_be(tmp_path: Path) -> None:
    (tmp_path / "history.json").mkdir()
    log = HistoryLog(tmp_path / "history.json", now=T0)
    assert log.notice is not None and "is a folder" in log.notice
    assert (tmp_path / "history.corrupt-20261126-073000.json").is_dir()
    log.append(_record())
    assert len(log.records()) == 1


def test_an_unmovable_damaged_log_is_left_in_place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "history.json"
    path.write_bytes(b"garbage")

    def no_rename(src: object, dst: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "rename", no_rename)
    log = HistoryLog(path, now=T0)
    assert log.notice is not None and "left as it is" in log.notice
    log.append(_record())  # kept in memory; the damaged file is not touched
    assert log.records() and path.read_bytes() == b"garbage"


def test_empty_file_is_an_empty_log(tmp_path: Path) -> None:
    (tmp_path / "history.json").write_bytes(b"")
    log = HistoryLog(tmp_path / "history.json")
    assert log.notice is None and log.records() == []


def test_worth_keeping() -> None:
    assert worth_keeping(10, True)
    assert worth_keeping(60, False)
    assert not worth_keeping(59.9, False)
