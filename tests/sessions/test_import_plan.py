"""Import as other apps and spreadsheets write files: previewed, per-row problems, nothing changed."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from sessions.exchange import COLUMNS, ExchangeError, export_file
from sessions.history import HistoryLog, Record
from sessions.import_plan import apply_plan, plan_import

ZONE = timezone(timedelta(hours=1))


def record(day: int, minutes: float, title: str, kind: str, note: str = "") -> Record:
    start = datetime(2026, 3, day, 7, 30, tzinfo=ZONE)
    made = Record.logged(
        session_id=kind, title=title, kind=kind, started_at=start, minutes=minutes, note=note
    )
    return made


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def test_a_simple_date_minutes_title_csv_is_previewed_then_added(tmp_path: Path) -> None:
    log = HistoryLog(tmp_path / "history.json")
    before = record(1, 10, "Already here", "breathing")
    log.append(before)
    source = write(tmp_path, "insight.csv", (
        "Date,Duration (minutes),Session name,Notes\n"
        "2026-03-02 07:15,12,Morning body scan,felt the feet\n"
        "03/03/2026,0:20:00,Loving kindness,\n"
        "14.03.2026 21:05,7 min,Evening sit,\n"
        "5 Mar 2026,15,Yoga nidra,\n"
        "2026-02-30,10,Impossible day,\n"
        "2026-03-06,lots,Too vague,\n"
        ",,,\n"
    ))  # fmt: skip
    plan = plan_import(source, log.records(), zone=ZONE)
    assert [r.title for r in plan.new] == [
        "Morning body scan",
        "Loving kindness",
        "Evening sit",
        "Yoga nidra",
    ]
    assert [r.kind for r in plan.new] == ["body-scan", "loving-kindness", "timer", "movement"]
    assert [r.practiced_seconds for r in plan.new] == [720, 1200, 420, 900]
    assert plan.new[0].started_at == "2026-03-02T07:15:00+01:00" and plan.new[0].note == "felt the feet"
    assert plan.new[1].started_at == "2026-03-03T12:00:00+01:00"  # day first; a date alone at midday
    assert plan.new[2].started_at == "2026-03-14T21:05:00+01:00"
    assert [p.split(":")[0] for p in plan.problems] == ["line 6", "line 7"]
    assert plan.problems[0] == "line 6: '2026-02-30' is not a date that exists"
    assert "'lots'" in plan.problems[1]
    lines = plan.lines()
    assert lines[0] == "Read as a simple table of sessions (date, length, title)."
    assert any("day first" in line for line in lines)
    assert "+ Mon 02 Mar 2026 07:15 · 12 min · Morning body scan" in lines
    assert plan.summary() == "insight.csv: 4 sessions to add, 2 rows that can't be read."
    assert log.records() == [before]  # a plan writes nothing
    result = apply_plan(log, plan)
    assert result.message() == "Added 4 sessions. 2 rows could not be read and were skipped."
    assert log.records()[0] == before and len(log.records()) == 5
    again = plan_import(source, log.records(), zone=ZONE)  # a repeated import adds nothing
    assert again.new == () and again.already_there == 4


def test_month_first_dates_are_recognised_from_the_file(tmp_path: Path) -> None:
    source = write(tmp_path, "us.csv", "date,minutes,title\n03/25/2026,10,A\n03/04/2026 7:30 PM,5,B\n")
    plan = plan_import(source, [], zone=ZONE)
    assert [r.started_at for r in plan.new] == ["2026-03-25T12:00:00+01:00", "2026-03-04T19:30:00+01:00"]
    assert any("month first" in line for line in plan.lines())


def test_a_kindly_export_that_lost_its_ids_imports_once(tmp_path: Path) -> None:
    log = HistoryLog(tmp_path / "history.json")
    mine = [record(1, 10, "Box breathing", "breathing", "x" * 1600), record(2, 20, "Body scan", "body-scan")]
    for r in mine:
        log.append(r)
    exported = tmp_path / "export.csv"
    export_file([*mine, record(3, 5, "Self-compassion break", "self-compassion-break")], exported)
    rows = exported.read_text().splitlines()
    no_ids = "\n".join(",".join(line.split(",")[1:]) for line in rows) + "\n"
    source = write(tmp_path, "spreadsheet.csv", no_ids)
    plan = plan_import(source, log.records())
    assert plan.shape == "a Kindly export without its id column"
    assert [r.title for r in plan.new] == ["Self-compassion break"] and plan.already_there == 2
    apply_plan(log, plan)
    assert len(log.records()) == 3 and log.records()[0].note == "x" * 1600
    assert plan_import(source, log.records()).new == ()


def test_a_kindly_export_with_ids_still_merges_by_id(tmp_path: Path) -> None:
    log = HistoryLog(tmp_path / "history.json")
    mine = [record(1, 10, "Box breathing", "breathing")]
    exported = tmp_path / "export.csv"
    export_file(mine, exported)
    plan = plan_import(exported, [])
    assert plan.shape == "a Kindly export (CSV)" and plan.new == tuple(mine)
    apply_plan(log, plan)
    assert log.records() == mine
    assert plan_import(exported, log.records()).already_there == 1


def test_a_file_without_a_date_or_length_is_refused_in_one_line(tmp_path: Path) -> None:
    for text in ("id,when\n1,2\n", "title,notes\nA,B\n", ""):
        source = write(tmp_path, "bad.csv", text or "\n\n")
        with pytest.raises(ExchangeError) as caught:
            plan_import(source, [])
        assert str(caught.value).startswith("bad.csv")
    assert "id" in COLUMNS
