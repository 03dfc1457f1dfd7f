"""The writing side of the command line, run as a real process: list, check, journal, export and import."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from sessions.journal_book import Answer, Journal
from tests.e2e.test_cli import kindly
from tests.sessions.test_journal_book import UNICODE


def test_list_json_has_writing_practices_and_the_course_and_a_broken_file(tmp_path: Path) -> None:
    (tmp_path / "writing").mkdir(parents=True)
    (tmp_path / "writing" / "mine.toml").write_text('id = "mine"\ntitle = "Mine"\nkind = "writing"\n')
    result = kindly("list", "--json", data=tmp_path)
    assert result.returncode == 0, result.stderr
    listing = json.loads(result.stdout)
    assert {w["kind"] for w in listing["writing"]} == {"writing"}
    assert len(listing["writing"]) == 6
    assert [(c["id"], c["kind"], c["days"]) for c in listing["courses"]] == [("ten-kind-days", "course", 10)]
    (broken,) = listing["broken"]
    assert broken["file"].endswith("mine.toml") and "needs at least one [[steps]]" in broken["problems"][0]
    text = kindly("list", data=tmp_path).stdout
    assert "Writing practices" in text and "mine.toml" in text and "can't be used" in text


def test_check_a_writing_practice_with_a_mistake(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(
        'id = "bad"\ntitle = "Bad"\nkind = "writing"\n[[steps]]\nid = "a"\nprompt = "P"\nkeep = "all"\n'
    )
    result = kindly("check", str(path), data=tmp_path / "data")
    assert result.returncode == 1
    assert "bad.toml:7: step 1, field 'keep'" in result.stderr
    assert "Traceback" not in result.stderr


def test_journal_lists_entries_and_export_import_carry_them(tmp_path: Path) -> None:
    data = tmp_path / "data"
    journal = Journal(data / "journal.json", lambda: datetime(2026, 3, 1, 20, 0, tzinfo=UTC))
    letter = (UNICODE * 2000)[:50_000]
    entry = journal.start("kind-friend-letter", "A letter from a kind friend")
    journal.save(replace(entry, answers=(Answer("letter", "", letter),), finished=True))
    journal.keep_phrases(["May I rest"], "finding-your-phrases")
    listed = kindly("journal", "--json", data=data)
    assert listed.returncode == 0, listed.stderr
    (item,) = json.loads(listed.stdout)["entries"]
    assert (
        item["practice"] == "A letter from a kind friend"
        and item["first_line"] == letter.splitlines()[0].strip()
    )
    assert "A letter from a kind friend" in kindly("journal", data=data).stdout

    out = tmp_path / "all.json"
    assert kindly("export", str(out), data=data).returncode == 0
    fresh = tmp_path / "fresh"
    dry = kindly("import", str(out), "--dry-run", data=fresh)
    assert dry.returncode == 0, dry.stderr
    assert "1 journal entries, 1 phrases" in dry.stdout and "Nothing was added" in dry.stdout
    assert not (fresh / "journal.json").exists()
    result = kindly("import", str(out), data=fresh)
    assert result.returncode == 0, result.stderr
    assert "1 journal entry" in result.stdout and "1 phrase" in result.stdout
    again = Journal(fresh / "journal.json", lambda: datetime.now(UTC))
    assert again.entries()[0].answer("letter").encode() == letter.encode()
    assert [p.text for p in again.phrases()] == ["May I rest"]


def test_a_damaged_journal_is_reported_by_the_cli(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "journal.json").write_text("{ not json")
    result = kindly("journal", data=data)
    assert result.returncode == 0
    assert "journal.corrupt-" in result.stderr and "could not be read" in result.stderr
    assert list(data.glob("journal.corrupt-*.json"))
