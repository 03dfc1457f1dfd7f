"""A practice record: its factories, the schema steps of a stored row, and the checks a row passes."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from sessions.records import SCHEMA, HistoryError, Record, migrate_row, worth_keeping

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
