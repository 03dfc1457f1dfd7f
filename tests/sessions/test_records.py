"""A practice record: its factories, the schema steps of a stored row, and the checks a row passes."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sessions.records import (
    FIELD_NAMES,
    MOOD_MAX,
    MOOD_MIN,
    SCHEMA,
    HistoryError,
    Record,
    _checked_record,
    _well_formed,
    migrate_row,
    record_from_row,
    records_from_rows,
    worth_keeping,
)

T0 = datetime(2026, 11, 26, 7, 30, tzinfo=timezone(timedelta(hours=1)))


def test_worth_keeping() -> None:
    assert worth_keeping(10, True)
    assert worth_keeping(60, False)
    assert not worth_keeping(59.9, False)


def test_a_practice_done_elsewhere() -> None:
    record = Record.logged(
        session_id="loving-kindness", title="Loving-kindness", kind="loving-kindness",
        started_at=T0, minutes=12, note="on the train",
    )  # fmt: skip
    assert record.started_at == "2026-11-26T07:30:00+01:00"
    assert record.ended_at == "2026-11-26T07:42:00+01:00"
    assert record.practiced_seconds == record.planned_seconds == 720.0 and record.completed
    with pytest.raises(HistoryError, match="UTC offset"):
        Record.logged(session_id="x", title="x", kind="x", started_at=T0.replace(tzinfo=None), minutes=1)
    with pytest.raises(HistoryError, match="more than 0"):
        Record.logged(session_id="x", title="x", kind="x", started_at=T0, minutes=0)


def test_migrate_row_steps_up_from_v0() -> None:
    row = {"id": "a", "started_at": "2025-01-02T07:00:00+00:00", "ended_at": "2025-01-02T07:05:00+00:00",
           "session_id": "breathing", "practiced_seconds": 60.0}  # fmt: skip
    upgraded = migrate_row(row)
    assert upgraded["schema"] == SCHEMA and upgraded["note"] == "" and upgraded["mood_after"] is None
    assert "schema" not in row  # the input is left alone
    assert migrate_row(upgraded) == upgraded


# -- reading rows: the fast paths agree with the careful one ------------------------------------

GOOD_ROW: dict[str, Any] = Record.new(
    started_at=T0, ended_at=T0 + timedelta(minutes=5), session_id="breathing", title="Box breathing",
    kind="breathing", pattern="box", planned_seconds=300.0, practiced_seconds=300.0, completed=True,
    mood_before=2, mood_after=4, note="a note",
).to_dict()  # fmt: skip

#: For each field, values just outside what it may hold (and a few inside that need normalising).
NEAR_MISSES: dict[str, list[Any]] = {
    "id": ["", 7, None],
    "started_at": ["2026-11-26T07:30:00", "2026-02-30T07:30:00+01:00", "2026-11-26", "", 5],
    "ended_at": ["2026-11-26T07:35:00", "2026-11-26T24:00:00+01:00", "07:35", None],
    "session_id": ["", None, 1],
    "title": [None, 1, b"x"],
    "kind": [None, 2.0],
    "pattern": ["", 5, False],
    "planned_seconds": [-1.0, -1e-300, math.nan, math.inf, 300, True, "300", 10**400],
    "practiced_seconds": [-0.5, math.nan, math.inf, -math.inf, 300, None, True, 0],
    "completed": [1, 0, None, "true"],
    "mood_before": [0, 6, True, 3.0, "3", -1],
    "mood_after": [0, 6, False, 5.0, [5]],
    "note": [None, 3, ["a"]],
    "schema": [True, 1.0, 2, 0, None, "1"],
}
NEAR_MISS_CASES = [(name, value) for name, values in NEAR_MISSES.items() for value in values]

moments = st.builds(
    lambda at, offset_min: at.replace(tzinfo=timezone(timedelta(minutes=offset_min))).isoformat(
        "T", "seconds"
    ),
    st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30)),
    st.integers(-23 * 60 - 59, 23 * 60 + 59),
)
seconds = st.floats(min_value=0.0, max_value=1e9)
GOOD_VALUES: dict[str, st.SearchStrategy[Any]] = {
    "id": st.text(min_size=1, max_size=8),
    "started_at": moments,
    "ended_at": moments,
    "session_id": st.text(min_size=1, max_size=8),
    "title": st.text(max_size=8),
    "kind": st.text(max_size=8),
    "pattern": st.none() | st.text(min_size=1, max_size=5),
    "planned_seconds": st.none() | seconds,
    "practiced_seconds": seconds,
    "completed": st.booleans(),
    "mood_before": st.none() | st.integers(MOOD_MIN, MOOD_MAX),
    "mood_after": st.none() | st.integers(MOOD_MIN, MOOD_MAX),
    "note": st.text(max_size=8),
    "schema": st.just(SCHEMA),
}


@st.composite
def rows(draw: st.DrawFn) -> dict[str, Any]:
    """A row as the log could hold it: mostly well formed, often with a value just wrong, sometimes
    with a field missing or an extra one."""
    row = {name: draw(GOOD_VALUES[name]) for name in FIELD_NAMES}
    for name in draw(st.lists(st.sampled_from(FIELD_NAMES), max_size=2)):
        row[name] = draw(st.sampled_from(NEAR_MISSES[name]))
    if draw(st.integers(0, 9)) == 0:
        row.pop(draw(st.sampled_from(FIELD_NAMES)))
    if draw(st.integers(0, 9)) == 0:
        row["extra"] = draw(st.sampled_from(NEAR_MISSES["note"]))
    return row


def _outcome(read: Callable[[], object]) -> object:
    """What reading gives: the record(s), or the error's message."""
    try:
        return read()
    except HistoryError as exc:
        return f"HistoryError: {exc}"


def _assert_every_path_agrees(row: dict[str, Any]) -> object:
    careful = _outcome(lambda: _checked_record(dict(row)))
    assert _outcome(lambda: record_from_row(dict(row))) == careful
    assert _outcome(lambda: records_from_rows([dict(row)])) == (
        careful if isinstance(careful, str) else [careful]
    )
    if _well_formed(row):  # the fast paths only ever take rows the careful path keeps as they are
        assert isinstance(careful, Record) and careful.to_dict() == row
    return careful


@pytest.mark.parametrize(("name", "value"), NEAR_MISS_CASES, ids=[f"{n}={v!r}" for n, v in NEAR_MISS_CASES])
def test_a_value_just_wrong_takes_the_careful_path(name: str, value: object) -> None:
    row = {**GOOD_ROW, name: value}
    assert not _well_formed(row)
    _assert_every_path_agrees(row)


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ({**GOOD_ROW, "extra": 1}, GOOD_ROW),
        ({k: v for k, v in GOOD_ROW.items() if k != "mood_after"}, {**GOOD_ROW, "mood_after": None}),
        ({k: v for k, v in GOOD_ROW.items() if k != "title"}, {**GOOD_ROW, "title": ""}),
    ],
    ids=["extra field", "no mood_after", "no title"],
)
def test_a_row_with_other_fields_takes_the_careful_path(
    row: dict[str, Any], expected: dict[str, Any]
) -> None:
    assert not _well_formed(row)
    assert _assert_every_path_agrees(row) == Record(**expected)


@settings(max_examples=400, deadline=None)
@given(row=rows())
def test_a_row_reads_the_same_by_every_path(row: dict[str, Any]) -> None:
    _assert_every_path_agrees(row)


@settings(max_examples=100, deadline=None)
@given(table=st.lists(rows(), max_size=6))
def test_many_rows_read_like_one_at_a_time(table: list[dict[str, Any]]) -> None:
    one_at_a_time = _outcome(lambda: [record_from_row(dict(row)) for row in table])
    assert _outcome(lambda: records_from_rows([dict(row) for row in table])) == one_at_a_time
