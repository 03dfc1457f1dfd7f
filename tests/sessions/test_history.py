"""The practice log: atomic private writes, and damaged files set aside, never overwritten."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from sessions.history import HistoryLog
from sessions.log_storage import writer_lock
from sessions.records import HistoryError, Record

T0 = datetime(2026, 11, 26, 7, 30, tzinfo=timezone(timedelta(hours=1)))
CONTRACT_FIELDS = [
    "id", "started_at", "ended_at", "session_id", "title", "kind", "pattern", "planned_seconds",
    "practiced_seconds", "completed", "mood_before", "mood_after", "note", "schema",
]  # fmt: skip


@pytest.fixture(params=["memory", "json"])
def log(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[HistoryLog]:
    """One log per storage, so the same tests run against both (STYLE 19, as TinyDB's conftest):
    TinyDB's own ``MemoryStorage`` and Kindly's crash-safe JSON file."""
    opened = HistoryLog(tmp_path / "data" / "history.json" if request.param == "json" else None)
    yield opened
    opened.close()


def reopened(log: HistoryLog) -> HistoryLog:
    """The log as the next Kindly reads it (in memory there is no next one: the log itself)."""
    return log if log.path is None else HistoryLog(log.path)


def saved(log: HistoryLog) -> object:
    """What is kept: the file's bytes, or in memory the records."""
    return log.path.read_bytes() if log.path is not None else [r.to_dict() for r in log.records()]


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


# -- schema and migration ---------------------------------------------------------------------


def test_the_file_carries_a_schema_marker(tmp_path: Path) -> None:
    path = tmp_path / "history.json"
    HistoryLog(path).append(_record())
    raw = json.loads(path.read_text())
    assert raw["meta"] == {"1": {"schema": 1}}
    assert list(raw) == ["meta", "sessions"]


def test_a_v0_log_is_upgraded_on_read_and_rewritten_with_the_next_change(tmp_path: Path) -> None:
    path = tmp_path / "history.json"
    v0 = {
        "sessions": {
            "1": {
                "id": "old-1", "started_at": "2025-01-02T07:00:00+00:00",
                "ended_at": "2025-01-02T07:05:00+00:00", "session_id": "body-scan",
                "title": "Body scan", "kind": "body-scan", "pattern": None, "planned_seconds": 300,
                "practiced_seconds": 300, "completed": True,
            },
            "2": {  # even older: no title, kind or pattern either
                "id": "old-2", "started_at": "2025-01-03T21:00:00-05:00",
                "ended_at": "2025-01-03T21:03:00-05:00", "session_id": "breathing",
                "practiced_seconds": 180.5,
            },
        }
    }  # fmt: skip
    original = json.dumps(v0).encode()
    path.write_bytes(original)
    log = HistoryLog(path)
    assert log.notice is None
    first, second = log.records()
    assert (first.mood_before, first.mood_after, first.note, first.schema) == (None, None, "", 1)
    assert first.planned_seconds == 300.0 and isinstance(first.planned_seconds, float)
    assert (second.title, second.kind, second.pattern, second.completed) == (
        "breathing",
        "breathing",
        None,
        True,
    )
    assert path.read_bytes() == original  # reading never rewrites
    log.update("old-2", note="still here")
    raw = json.loads(path.read_text())
    assert raw["meta"] == {"1": {"schema": 1}}
    assert [sorted(row) for row in raw["sessions"].values()] == [sorted(CONTRACT_FIELDS)] * 2
    assert HistoryLog(path).get("old-2") == replace(second, note="still here")


@pytest.mark.parametrize(
    "content",
    [
        b'{"meta": {"1": {"schema": 7}}, "sessions": {}}',  # a newer Kindly's marker
        b'{"sessions": {"1": {"id": "x", "started_at": "yesterday", "ended_at": "x", '
        b'"session_id": "b", "practiced_seconds": 1, "schema": 1}}}',  # wrong types inside
        b'{"sessions": {"1": {"id": "x", "started_at": "2025-01-02T07:00:00", '
        b'"ended_at": "2025-01-02T07:00:00", "session_id": "b", "practiced_seconds": 1}}}',  # no offset
    ],
)
def test_other_damage_is_set_aside_too(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "history.json"
    path.write_bytes(content)
    log = HistoryLog(path, now=T0)
    assert log.notice is not None and "history.corrupt-20261126-073000.json" in log.notice
    assert (tmp_path / "history.corrupt-20261126-073000.json").read_bytes() == content
    log.append(_record())
    assert len(HistoryLog(path).records()) == 1


def test_a_log_without_read_permission_is_set_aside(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests run as root, who can read anything: make the open fail the way it does for a person.
    path = tmp_path / "history.json"
    content = b'{"sessions": {}}'
    path.write_bytes(content)
    real_open = os.open

    def no_read(file: object, flags: int, *args: object, **kwargs: object) -> int:
        if Path(str(file)) == path:
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", no_read)
    log = HistoryLog(path, now=T0)
    monkeypatch.undo()
    assert log.notice is not None and "Permission denied" in log.notice
    assert (tmp_path / "history.corrupt-20261126-073000.json").read_bytes() == content
    log.append(_record())
    assert len(HistoryLog(path).records()) == 1


# -- changing records -------------------------------------------------------------------------


def test_get_update_delete_and_restore_are_saved(log: HistoryLog) -> None:
    a, b, c = _record(5), _record(10), _record(2, completed=False)
    for record in (a, b, c):
        log.append(record)
    assert log.get(b.id) == b and log.get("nope") is None
    updated = log.update(b.id, note="Gentle today.", mood_before=2, mood_after=4)
    assert updated == replace(b, note="Gentle today.", mood_before=2, mood_after=4)
    assert reopened(log).get(b.id) == updated
    removed = log.delete(a.id)
    assert removed == a
    assert [r.id for r in reopened(log).records()] == [b.id, c.id]
    log.restore(removed)
    log.restore(removed)  # twice is the same as once
    assert sorted(r.id for r in reopened(log).records()) == sorted([a.id, b.id, c.id])
    assert reopened(log).get(a.id) == a


def test_records_read_from_the_file_never_change_under_their_holder(tmp_path: Path) -> None:
    path = tmp_path / "history.json"
    writer = HistoryLog(path)
    for minutes in (5, 10, 15):
        writer.append(_record(minutes))
    log = HistoryLog(path)  # read from the file, not from its own writes
    held = log.records()
    snapshot = [r.to_dict() for r in held]
    log.update(held[0].id, note="changed", mood_after=5)
    log.delete(held[1].id)
    log.merge([_record(20)])
    writer.update(held[2].id, note="changed elsewhere")
    assert len(log.records()) == 3  # the other writer's change is read back in
    assert [r.to_dict() for r in held] == snapshot


def test_bad_changes_are_refused_and_change_nothing(log: HistoryLog) -> None:
    record = _record()
    log.append(record)
    before = saved(log)
    with pytest.raises(HistoryError, match="cannot be changed"):
        log.update(record.id, id="other")
    with pytest.raises(HistoryError, match="mood_after must be 1 to 5"):
        log.update(record.id, mood_after=9)
    with pytest.raises(HistoryError, match="no longer in your log"):
        log.update("missing", note="x")
    with pytest.raises(HistoryError, match="no longer in your log"):
        log.delete("missing")
    with pytest.raises(HistoryError, match="already in your log"):
        log.append(record)
    assert saved(log) == before
    assert log.records() == [record]


# -- one writer at a time, and a cache that notices ---------------------------------------------


def test_two_logs_on_one_file_never_lose_each_others_records(tmp_path: Path) -> None:
    path = tmp_path / "history.json"
    first, second = HistoryLog(path), HistoryLog(path)
    added = []
    for n in range(6):
        record = _record(n + 1)
        (first if n % 2 else second).append(record)
        added.append(record.id)
    note = first.update(added[0], note="from the first")
    second.update(added[1], note="from the second")
    assert [r.id for r in first.records()] == added == [r.id for r in second.records()]
    assert HistoryLog(path).get(added[0]) == note
    assert HistoryLog(path).get(added[1]).note == "from the second"  # type: ignore[union-attr]


def test_a_writer_waits_for_the_lock_and_then_says_why(tmp_path: Path) -> None:
    path = tmp_path / "history.json"
    log = HistoryLog(path, lock_wait_s=0)
    log.append(_record())
    before = path.read_bytes()
    assert log.lock_path is not None
    with writer_lock(log.lock_path):  # another Kindly, mid-write
        assert stat.S_IMODE(log.lock_path.stat().st_mode) == 0o600
        with pytest.raises(HistoryError, match="Kindly is already running"):
            log.append(_record())
        with pytest.raises(HistoryError, match="Kindly is already running"):
            log.update(log.records()[0].id, note="x")
        assert path.read_bytes() == before
    log.append(_record())
    assert len(HistoryLog(path).records()) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["history.json"]  # the lock file is tidied


def test_reads_come_from_the_cache_until_the_file_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "history.json"
    log = HistoryLog(path)
    for n in range(3):
        log.append(_record(n + 1))
    loads: list[object] = []
    real_loads = json.loads

    def counting_loads(raw: bytes) -> object:
        loads.append(raw)
        return real_loads(raw)

    monkeypatch.setattr(json, "loads", counting_loads)
    for _ in range(5):
        assert len(log.records()) == 3
    log.append(_record())
    assert len(log.records()) == 4 and loads == []  # our own writes are known without reading
    HistoryLog(path).append(_record())  # another writer: noticed, and read once
    assert len(log.records()) == 5 and len(loads) >= 1


def test_an_append_splices_into_the_file_exactly(tmp_path: Path) -> None:
    path = tmp_path / "history.json"
    path.write_text(
        ' {"meta": {"1": {"schema": 1}},\n "sessions": {"1": ' + json.dumps(_record().to_dict()) + "}}\n"
    )
    log = HistoryLog(path)
    log.append(_record(7))
    log.append(_record(8))
    raw = json.loads(path.read_text())
    assert [row["practiced_seconds"] for row in raw["sessions"].values()] == [300.0, 420.0, 480.0]
    assert list(raw["sessions"]) == ["1", "2", "3"]


def test_temp_files_left_by_a_killed_writer_are_cleared(tmp_path: Path) -> None:
    path = tmp_path / "history.json"
    HistoryLog(path).append(_record())
    (tmp_path / ".history.json.abc123.tmp").write_bytes(b'{"half')
    assert len(HistoryLog(path).records()) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["history.json"]


# -- both storages: adding, and the listeners ------------------------------------------------------


def test_an_empty_log(log: HistoryLog) -> None:
    assert log.records() == [] and log.count() == 0 and log.get("x") is None and log.notice is None


def test_extend_merge_and_count(log: HistoryLog) -> None:
    a, b, c, d = (_record(n) for n in (1, 2, 3, 4))
    log.extend([a, b])
    assert log.merge([b, c, c]) == 1  # b is there already, c only once
    assert log.merge([a, b, c]) == 0
    assert log.count() == 3 and [r.id for r in reopened(log).records()] == [a.id, b.id, c.id]
    before = saved(log)
    with pytest.raises(HistoryError, match="already in your log"):
        log.extend([d, a])  # a is there: nothing of this batch is written, d neither
    with pytest.raises(HistoryError, match="already in your log"):
        log.extend([d, d])
    assert saved(log) == before and log.get(d.id) is None
    log.extend([])
    assert saved(log) == before


def test_revision_changes_with_every_write(log: HistoryLog) -> None:
    seen = {log.revision}
    record = _record()
    log.append(record)
    seen.add(log.revision)
    assert log.revision in seen and len(seen) == 2  # reading alone changes nothing
    log.update(record.id, note="x")
    seen.add(log.revision)
    log.delete(record.id)
    seen.add(log.revision)
    assert len(seen) == 4


def test_listeners_hear_each_write_once(log: HistoryLog) -> None:
    heard: list[tuple[str, int]] = []
    stop = log.subscribe(lambda: heard.append(("first", log.count())))
    log.subscribe(lambda: heard.append(("second", log.count())))
    a, b, c = _record(1), _record(2), _record(3)
    log.append(a)
    log.extend([b])
    assert log.merge([b, c]) == 1
    log.update(a.id, note="kind")
    removed = log.delete(b.id)
    log.restore(removed)
    # Each write once, to every listener in turn, when the change can already be read back.
    counts = [1, 2, 3, 3, 2, 3]
    assert heard == [(name, n) for n in counts for name in ("first", "second")]
    stop()
    stop()  # twice is harmless
    heard.clear()
    log.append(_record(4))
    assert heard == [("second", 4)]


def test_listeners_hear_nothing_when_nothing_was_written(log: HistoryLog) -> None:
    record = _record()
    log.append(record)
    heard: list[int] = []
    log.subscribe(lambda: heard.append(log.count()))
    for refused in (
        lambda: log.append(record),
        lambda: log.extend([_record(), record]),
        lambda: log.update(record.id, mood_after=9),
        lambda: log.update(record.id, id="other"),
        lambda: log.update("missing", note="x"),
        lambda: log.delete("missing"),
    ):
        with pytest.raises(HistoryError):
            refused()
    assert log.merge([record]) == 0
    log.restore(record)  # already there: nothing to put back
    assert heard == []


def test_a_listener_may_write_to_the_log_itself(log: HistoryLog) -> None:
    # Called after the writer lock is released: a listener that writes does not wait on itself.
    follow_up = _record(9)
    log.subscribe(lambda: log.merge([follow_up]))
    log.append(_record())
    assert log.get(follow_up.id) == follow_up and log.count() == 2


def test_a_failed_save_is_not_announced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    log = HistoryLog(tmp_path / "history.json", lock_wait_s=0)
    record = _record()
    log.append(record)
    heard: list[int] = []
    log.subscribe(lambda: heard.append(log.count()))

    def boom(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as patched:
        patched.setattr(os, "replace", boom)
        for failing in (
            lambda: log.append(_record(2)),
            lambda: log.update(record.id, note="x"),
            lambda: log.delete(record.id),
            lambda: log.merge([_record(3)]),
        ):
            with pytest.raises(HistoryError, match="could not save"):
                failing()
    assert log.lock_path is not None
    with writer_lock(log.lock_path), pytest.raises(HistoryError, match="already running"):
        log.append(_record(4))  # another Kindly holds the lock
    assert heard == [] and log.records() == [record]
    log.update(record.id, note="saved")
    assert heard == [1]


def test_an_update_changes_no_record_already_handed_out(log: HistoryLog) -> None:
    log.append(_record())
    log = reopened(log)  # read back from the file, records share their rows with the storage
    held = log.records()[0]
    before = held.to_dict()
    log.update(held.id, note="changed", mood_after=5)
    assert held.to_dict() == before
    assert reopened(log).get(held.id) == replace(held, note="changed", mood_after=5)
