"""Anything in a writing practice's TOML, a private file or an export: a reason or a result, never a crash."""

from __future__ import annotations

import json
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from sessions.backup import PrivateData, import_all
from sessions.course import CourseProgress, build_course
from sessions.exchange import ExchangeError
from sessions.history import HistoryError, HistoryLog
from sessions.journal_book import Journal
from sessions.people import People
from sessions.writing import build_writing

SAMPLE = (Path(__file__).resolve().parents[2] / "assets" / "writing" / "1-treat-a-friend.toml").read_text()

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=12,
)


def now() -> datetime:
    return datetime(2026, 3, 1, tzinfo=UTC)


@settings(max_examples=150, deadline=None)
@given(cut=st.integers(0, len(SAMPLE)), junk=st.text(max_size=40))
def test_a_damaged_writing_practice_is_listed_with_reasons(cut: int, junk: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "mine.toml"
        path.write_text(SAMPLE[:cut] + junk + SAMPLE[cut:], encoding="utf-8")
        practice, problems = build_writing(path)
        assert practice is not None or any(p.severity == "error" for p in problems)
        course, course_problems = build_course(path)
        assert course is None and course_problems  # a writing practice is never a course


@settings(max_examples=150, deadline=None)
@given(document=json_values, kind=st.sampled_from(["journal", "course", "people"]))
def test_any_private_file_is_read_or_set_aside(document: object, kind: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{kind}.json"
        body = document if not isinstance(document, dict) else {"schema": 1, "kind": kind, **document}
        path.write_text(json.dumps(body))
        owner: Journal | CourseProgress | People
        if kind == "journal":
            owner = Journal(path, now)
        elif kind == "course":
            owner = CourseProgress(path, now)
        else:
            owner = People(path, now)
        if owner.notice is not None:
            assert not path.exists() and list(Path(tmp).glob(f"{kind}.corrupt-*.json"))


@settings(max_examples=100, deadline=None)
@given(journal=json_values, course=json_values, people=json_values)
def test_any_export_imports_whole_or_not_at_all(journal: object, course: object, people: object) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        export = root / "x.json"
        export.write_text(
            json.dumps({"schema": 1, "records": [], "journal": journal, "course": course, "people": people})
        )
        log = HistoryLog(root / "history.json")
        data = PrivateData(
            Journal(root / "journal.json", now),
            CourseProgress(root / "course.json", now),
            People(root / "people.json", now),
        )
        try:
            import_all(log, data, export)
        except (ExchangeError, HistoryError):
            assert not (root / "journal.json").exists() and not (root / "people.json").exists()
        finally:
            log.close()
