"""Export and import: the contract columns, lossless round trips, merges by id, all-or-nothing."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sessions.exchange import (
    COLUMNS,
    MAX_BYTES,
    ExchangeError,
    export_file,
    import_file,
    neutralise,
    parse_csv,
    read_file,
    to_csv,
    unneutralise,
)
from sessions.history import HistoryLog
from sessions.records import Record

T0 = datetime(2026, 2, 3, 7, 15, tzinfo=timezone(timedelta(hours=-5)))
CONTRACT_COLUMNS = [
    "id", "started_at", "ended_at", "session_id", "title", "kind", "pattern", "planned_seconds",
    "practiced_seconds", "completed", "mood_before", "mood_after", "note", "schema",
]  # fmt: skip


def rec(n: int = 0, note: str = "", title: str = "Box breathing", **extra: object) -> Record:
    at = T0 + timedelta(hours=n * 7)
    record = Record.new(
        started_at=at, ended_at=at + timedelta(minutes=5), session_id="breathing", title=title,
        kind="breathing", pattern="box" if n % 2 else None, planned_seconds=None if n % 3 else 300,
        practiced_seconds=300.25 + n, completed=n % 4 != 1,
    )  # fmt: skip
    return Record(**{**record.to_dict(), "id": f"{n:032x}", "note": note, **extra})


def sample() -> list[Record]:
    return [
        rec(0, "Calm, mostly.", mood_before=2, mood_after=4),
        rec(1, '=HYPERLINK("http://x")', title="+ plus"),
        rec(2, 'line one\nline two, with "quotes"', mood_after=5),
        rec(3, "'already quoted", title="@mention"),
        rec(4, "\ttabbed -1 ☕ ünïcödé", title="-minus"),
    ]


def filled_log(path: Path) -> HistoryLog:
    log = HistoryLog(path)
    for record in sample():
        log.append(record)
    return log


def test_csv_has_exactly_the_contract_columns(tmp_path: Path) -> None:
    assert list(COLUMNS) == CONTRACT_COLUMNS
    log = filled_log(tmp_path / "a" / "history.json")
    out = tmp_path / "out.csv"
    assert export_file(log.records(), out) == 5
    raw = out.read_bytes()
    assert raw.startswith(b"id,started_at,ended_at,session_id,title,kind,pattern,planned_seconds,")
    assert raw.count(b"\r\n") >= 6 and not raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode(), newline="")))
    assert rows[0] == CONTRACT_COLUMNS
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["started_at"] == "2026-02-03T07:15:00-05:00"
    assert first["pattern"] == "" and first["planned_seconds"] == "300.0"
    assert first["completed"] == "true" and first["mood_before"] == "2" and first["schema"] == "1"
    assert (out.stat().st_mode & 0o777) == 0o600


def test_formula_cells_are_neutralised_and_restored(tmp_path: Path) -> None:
    text = to_csv(sample())
    rows = list(csv.reader(io.StringIO(text, newline="")))
    cells = [cell for row in rows[1:] for cell in row]
    assert '\'=HYPERLINK("http://x")' in cells and "'+ plus" in cells and "'@mention" in cells
    assert "'-minus" in cells and "'\ttabbed -1 ☕ ünïcödé" in cells and "''already quoted" in cells
    for cell in cells:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    assert parse_csv(text) == sample()
    for value in ["=1+1", "'", "''x", "\r", "plain", "", "-", "a=b"]:
        assert unneutralise(neutralise(value)) == value


@pytest.mark.parametrize("suffix", ["csv", "json"])
def test_round_trips_are_byte_identical_and_repeatable(tmp_path: Path, suffix: str) -> None:
    log = filled_log(tmp_path / "a" / "history.json")
    first = tmp_path / f"first.{suffix}"
    export_file(log.records(), first)
    empty = HistoryLog(tmp_path / "b" / "history.json")
    result = import_file(empty, first)
    assert (result.added, result.already_there) == (5, 0)
    assert empty.records() == log.records()
    second = tmp_path / f"second.{suffix}"
    export_file(empty.records(), second)
    assert second.read_bytes() == first.read_bytes()
    again = import_file(empty, first)
    assert (again.added, again.already_there) == (0, 5)
    assert "already in your log" in again.message()
    assert len(HistoryLog(tmp_path / "b" / "history.json").records()) == 5


def test_json_export_shape(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    export_file(sample()[:1], out)
    document = json.loads(out.read_text())
    assert document["schema"] == 1 and list(document["records"][0]) == CONTRACT_COLUMNS
    # A bare list of records is accepted as well.
    bare = tmp_path / "bare.json"
    bare.write_text(json.dumps(document["records"]))
    assert read_file(bare) == sample()[:1]


def test_import_merges_by_id_and_keeps_the_logs_own_version(tmp_path: Path) -> None:
    log = filled_log(tmp_path / "history.json")
    edited = log.update(sample()[0].id, note="edited since the export")
    out = tmp_path / "x.csv"
    export_file([*sample(), rec(9, "new one")], out)
    result = import_file(log, out)
    assert (result.added, result.already_there) == (1, 5)
    assert log.get(edited.id) == edited
    assert len(log.records()) == 6


def _good_csv() -> str:
    return to_csv(sample()[:2])


def _with_cell(row: int, column: str, value: str) -> str:
    rows = list(csv.reader(io.StringIO(_good_csv(), newline="")))
    rows[row][CONTRACT_COLUMNS.index(column)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("id,when\r\n1,2\r\n", "line 1: the header should be id, started_at"),
        (_with_cell(2, "started_at", "yesterday"), "line 3: .*started_at 'yesterday' is not an ISO 8601"),
        (_with_cell(1, "ended_at", "2026-02-03T07:15:00"), "line 2: .*has no UTC offset"),
        (_with_cell(1, "practiced_seconds", "five"), "line 2: practiced_seconds must be a number"),
        (_with_cell(1, "mood_after", "7"), "line 2: .*mood_after must be 1 to 5"),
        (_with_cell(2, "completed", "yes"), "line 3: completed must be true or false"),
        (_with_cell(1, "schema", "2"), "line 2: .*newer Kindly"),
        (_with_cell(2, "id", sample()[0].id), "line 3: the id .* is already used on line 2"),
        (_good_csv() + "a,b\r\n", "line 4: 2 cells where 14 belong"),
        ("", "is empty"),
    ],
)
def test_a_malformed_csv_imports_nothing(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "history.json"
    log = HistoryLog(path)
    log.append(rec(20))
    before = path.read_bytes()
    bad = tmp_path / "bad.csv"
    bad.write_text(content, newline="")
    with pytest.raises(ExchangeError, match=message):
        import_file(log, bad)
    assert path.read_bytes() == before
    assert len(log.records()) == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "line 1: this is not readable JSON"),
        ('{"schema": 1, "records": [1]}', "record 1: not an object"),
        ('{"schema": 9, "records": []}', "newer Kindly"),
        ('{"rows": []}', "expected"),
        ('[{"id": "x"}]', "record 1: a record is missing started_at"),
        ('[{"bogus": 1}]', "record 1: unknown fields bogus"),
    ],
)
def test_a_malformed_json_imports_nothing(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "history.json"
    log = HistoryLog(path)
    bad = tmp_path / "bad.json"
    bad.write_text(content)
    with pytest.raises(ExchangeError, match=message):
        import_file(log, bad)
    assert log.records() == [] and not path.exists()


def test_huge_binary_and_odd_files_are_refused(tmp_path: Path) -> None:
    huge = tmp_path / "huge.csv"
    with huge.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)  # sparse: nothing is really written
    with pytest.raises(ExchangeError, match="up to 20 MB"):
        read_file(huge)
    binary = tmp_path / "photo.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe")
    with pytest.raises(ExchangeError, match="looks binary"):
        read_file(binary)
    with pytest.raises(ExchangeError, match=r"\.csv or \.json"):
        read_file(tmp_path / "notes.txt")
    with pytest.raises(ExchangeError, match="was not found"):
        read_file(tmp_path / "missing.csv")
    (tmp_path / "folder.json").mkdir()
    with pytest.raises(ExchangeError, match="is a folder"):
        read_file(tmp_path / "folder.json")


notes = st.text(
    alphabet=st.characters(exclude_categories=["Cs"]),  # lone surrogates cannot be UTF-8
    max_size=40,
) | st.sampled_from(["=1+1", "+x", "-", "@a", "\tx", "\rx", "'", "a,b", '"q"', "\n\n", "'=x"])


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(notes, notes, st.none() | st.integers(1, 5)), min_size=1, max_size=6))
def test_random_notes_survive_both_round_trips(
    tmp_path: Path, cases: list[tuple[str, str, int | None]]
) -> None:
    records = [rec(n, note, title=title, mood_after=mood) for n, (note, title, mood) in enumerate(cases)]
    for suffix in ("csv", "json"):
        out = tmp_path / f"r.{suffix}"
        export_file(records, out)
        assert read_file(out) == records
        again = tmp_path / f"again.{suffix}"
        export_file(read_file(out), again)
        assert again.read_bytes() == out.read_bytes()


def test_an_export_is_private_but_leaves_the_chosen_folder_as_it_was(tmp_path: Path) -> None:
    """The file is 0600; the folder a person exports into (say ~/Documents) keeps its own mode."""
    import stat

    folder = tmp_path / "Documents"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    assert export_file([], folder / "practice.csv") == 0
    assert stat.S_IMODE((folder / "practice.csv").stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o755
    assert [p.name for p in folder.iterdir()] == ["practice.csv"]
