"""Export → delete all → import gives back the log, the journal, the phrase bank, course progress and
your people, unchanged; a 50 000-character letter in any script survives byte for byte."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from sessions.backup import PrivateData, export_all, import_all
from sessions.course import CourseProgress
from sessions.erase import erase_all
from sessions.exchange import ExchangeError
from sessions.history import HistoryLog, Record
from sessions.journal_book import Answer, Journal
from sessions.paths import DataPaths
from sessions.people import People, link_for
from tests.sessions.test_journal_book import UNICODE


def now() -> datetime:
    return datetime(2026, 3, 1, 20, 30, tzinfo=UTC)


def open_all(paths: DataPaths) -> tuple[HistoryLog, PrivateData]:
    data = PrivateData(
        Journal(paths.journal, now), CourseProgress(paths.course, now), People(paths.people, now)
    )
    return HistoryLog(paths.history), data


def fill(paths: DataPaths) -> None:
    log, data = open_all(paths)
    log.append(
        Record.logged(session_id="loving-kindness", title="Loving-kindness", kind="loving-kindness",
                      started_at=now(), minutes=10, note="After: " + UNICODE)
    )  # fmt: skip
    letter = (UNICODE * 2000)[:50_000]
    entry = data.journal.start("kind-friend-letter", "A letter from a kind friend")
    entry = data.journal.save(
        replace(
            entry,
            answers=(Answer("letter", "Write a letter…", letter),),
            finished=True,
            read_again_on="2026-03-08",
        )
    )
    data.journal.keep_phrases(
        ["May I be gentle with myself 🫶", "אני בסדר"], "finding-your-phrases", entry.id
    )
    data.course.mark("ten-kind-days", 1, "done")
    data.course.mark("ten-kind-days", 2, "skipped")
    data.people.add("Sam", "my sister, evenings", "+44 20 7946 0000")
    log.close()


def snapshot(paths: DataPaths) -> dict[str, object]:
    log, data = open_all(paths)
    try:
        return {
            "records": [r.to_dict() for r in log.records()],
            "journal": data.journal.document(),
            "course": data.course.document(),
            "people": data.people.document(),
        }
    finally:
        log.close()


def test_export_delete_all_import_restores_everything(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path / "kindly")
    fill(paths)
    before = snapshot(paths)
    out = tmp_path / "backup.json"
    log, data = open_all(paths)
    counts = export_all(log.records(), data, out)
    log.close()
    assert counts == {"sessions": 1, "entries": 1, "phrases": 2}
    first_bytes = out.read_bytes()

    erase_all(paths)
    assert not paths.root.exists()

    log, data = open_all(paths)
    result = import_all(log, data, out)
    log.close()
    assert (result.sessions_added, result.entries_added, result.phrases_added, result.people_added) == (
        1,
        1,
        2,
        1,
    )
    assert result.course_days_added == 2
    assert snapshot(paths) == before
    letter = open_all(paths)[1].journal.entries()[0].answer("letter")
    assert letter.encode("utf-8") == (UNICODE * 2000)[:50_000].encode("utf-8")

    # Again: nothing new; and export once more gives the very same bytes.
    log, data = open_all(paths)
    again = import_all(log, data, out)
    export_all(log.records(), data, tmp_path / "again.json")
    log.close()
    assert (again.sessions_added, again.entries_added, again.phrases_added, again.people_added) == (
        0,
        0,
        0,
        0,
    )
    assert (tmp_path / "again.json").read_bytes() == first_bytes


def test_an_export_with_a_damaged_journal_changes_nothing(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path / "kindly")
    fill(paths)
    out = tmp_path / "backup.json"
    log, data = open_all(paths)
    export_all(log.records(), data, out)
    log.close()
    document = json.loads(out.read_text())
    document["journal"]["entries"][0]["created_at"] = "yesterday"
    out.write_text(json.dumps(document))
    erase_all(paths)
    log, data = open_all(paths)
    with pytest.raises(ExchangeError, match="journal: created_at"):
        import_all(log, data, out)
    assert log.records() == [] and data.journal.entries() == []
    log.close()


def test_an_old_export_without_a_journal_still_imports(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path / "kindly")
    out = tmp_path / "old.json"
    out.write_text('{"schema": 1, "records": []}\n')
    log, data = open_all(paths)
    assert import_all(log, data, out).sessions_added == 0
    log.close()


def test_erase_takes_the_private_documents_and_their_damaged_copies(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path / "kindly")
    fill(paths)
    (paths.root / "journal.corrupt-20260101-000000.json").write_text("{")
    paths.user_writing.mkdir()
    (paths.user_writing / "mine.toml").write_text("")
    paths.user_courses.mkdir()
    (paths.user_courses / "mine.toml").write_text("")
    erase_all(paths)
    assert not paths.root.exists()


@pytest.mark.parametrize(
    ("reach", "link"),
    [
        ("+44 20 7946 0000", "tel:+442079460000"),
        ("sam@example.org", "mailto:sam@example.org"),
        ("https://example.org/chat", "https://example.org/chat"),
        ("the blue house", None),
        ("javascript:alert(1)", None),
    ],
)
def test_a_way_to_reach_someone_becomes_a_link_only_when_plain(reach: str, link: str | None) -> None:
    assert link_for(reach) == link
