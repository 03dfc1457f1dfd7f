"""The journal and phrase bank: entries kept exactly, deleted and restored, damage set aside, kill -9 safe."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from sessions.journal_book import Answer, Journal, letters_to_read_again, phrases_in, search
from sessions.private_file import PrivateDataError, file_mode

ROOT = Path(__file__).resolve().parents[2]
#: Right-to-left, emoji with joiners and skin tones, combining marks (not normalised), a lone CR.
UNICODE = "שלום עולם · مرحبا 👩🏽‍🦰🫶🏿 e\u0301 a\u0308\u0301 ﷽ \r\n\t\u200f end"


def fixed_now() -> datetime:
    return datetime(2026, 3, 1, 20, 30, tzinfo=UTC)


@pytest.fixture
def journal(tmp_path: Path) -> Journal:
    return Journal(tmp_path / "kindly" / "journal.json", fixed_now)


def test_an_entry_is_saved_exactly_and_privately(journal: Journal) -> None:
    letter = (UNICODE * 2000)[:50_000]
    entry = journal.start("kind-friend-letter", "A letter from a kind friend")
    entry = journal.save(
        entry.__class__(**{**entry.__dict__, "answers": (Answer("letter", "Write…", letter),)})
    )
    again = Journal(journal.path, fixed_now)
    saved = again.get(entry.id)
    assert saved is not None and saved.answer("letter") == letter
    assert len(saved.answer("letter")) == 50_000
    assert file_mode(journal.path) == 0o600
    assert file_mode(journal.path.parent) == 0o700


def test_delete_and_undo_bring_back_the_entry_and_its_phrases(journal: Journal) -> None:
    entry = journal.save(journal.start("rewrite-the-critic", "Rewrite the critic"))
    journal.keep_phrases(
        ["I made a mistake, and everyone makes mistakes sometimes."], "rewrite-the-critic", entry.id
    )
    journal.keep_phrases(["May I be gentle with myself."], "finding-your-phrases")
    heard: list[str] = []
    journal.subscribe(lambda: heard.append("changed"))
    deleted = journal.delete(entry.id)
    assert deleted is not None
    assert journal.entries() == [] and [p.text for p in journal.phrases()] == ["May I be gentle with myself."]
    journal.restore(*deleted)
    assert journal.get(entry.id) == deleted[0]
    assert {p.text for p in journal.phrases()} == {
        "May I be gentle with myself.",
        "I made a mistake, and everyone makes mistakes sometimes.",
    }
    assert heard == ["changed", "changed"]


def test_an_entry_keeps_its_phrases_once_when_saved_again(journal: Journal) -> None:
    entry = journal.save(journal.start("finding-your-phrases", "Finding your phrases"))
    journal.keep_phrases(["May I be safe", "May I rest"], "finding-your-phrases", entry.id)
    journal.keep_phrases(["May I be safe", "May I be at ease"], "finding-your-phrases", entry.id)
    assert [p.text for p in journal.phrases()] == ["May I be safe", "May I be at ease"]


def test_phrases_are_read_one_a_line() -> None:
    assert phrases_in("- May I be safe\n\n• May   I rest\nMay I rest\n") == ["May I be safe", "May I rest"]


def test_search_finds_every_word_in_any_answer(journal: Journal) -> None:
    a = journal.start("three-things", "Three things I appreciate about me")
    a = journal.save(
        a.__class__(**{**a.__dict__, "answers": (Answer("appreciate", "", "I listen WELL\nI keep going"),)})
    )
    journal.save(journal.start("kind-evening-journal", "A kind evening journal"))
    assert [e.id for e in search(journal.entries(), "keep well")] == [a.id]
    assert search(journal.entries(), "absent") == []


def test_a_damaged_journal_is_set_aside_and_reported(tmp_path: Path) -> None:
    path = tmp_path / "journal.json"
    path.write_text('{"schema": 1, "kind": "journal", "entries": [{"id": 3}]}')
    journal = Journal(path, fixed_now)
    assert journal.notice is not None and "journal.corrupt-20260301-203000.json" in journal.notice
    assert journal.entries() == []
    assert (tmp_path / "journal.corrupt-20260301-203000.json").read_text().startswith('{"schema": 1')
    journal.save(journal.start("three-things", "Three things"))
    assert len(Journal(path, fixed_now).entries()) == 1


@pytest.mark.parametrize(
    "content", [b"\xff\xfe", b"[]", b'{"schema": 9, "kind": "journal"}', b'{"schema": 1, "kind": "course"}']
)
def test_anything_unreadable_is_damage(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "journal.json"
    path.write_bytes(content)
    assert Journal(path, fixed_now).notice is not None
    assert not path.exists()


def test_another_process_changes_are_read_before_the_next_write(journal: Journal) -> None:
    other = Journal(journal.path, fixed_now)
    first = journal.save(journal.start("three-things", "One"))
    second = other.save(other.start("three-things", "Two"))
    journal.save(journal.start("three-things", "Three"))
    ids = {e.id for e in Journal(journal.path, fixed_now).entries()}
    assert {first.id, second.id} <= ids and len(ids) == 3


def test_letters_come_back_on_their_day(journal: Journal) -> None:
    entry = journal.start("kind-friend-letter", "A letter")
    entry = journal.save(entry.__class__(**{**entry.__dict__, "read_again_on": "2026-03-08"}))
    assert letters_to_read_again(journal.entries(), date(2026, 3, 7)) == []
    assert [e.id for e in letters_to_read_again(journal.entries(), date(2026, 3, 8))] == [entry.id]


def test_a_bad_entry_is_refused_before_anything_is_written(journal: Journal) -> None:
    entry = journal.start("three-things", "Three")
    with pytest.raises(PrivateDataError):
        journal.save(entry.__class__(**{**entry.__dict__, "step": -1}))
    assert not journal.path.exists()


CHILD = textwrap.dedent(
    """
    import sys
    from datetime import UTC, datetime
    from pathlib import Path
    from sessions.journal_book import Answer, Journal

    journal = Journal(Path(sys.argv[1]), lambda: datetime.now(UTC))
    text = "x" * 200_000
    n = 0
    while True:
        entry = journal.start("kind-friend-letter", f"letter {n}")
        journal.save(entry.__class__(**{**entry.__dict__, "answers": (Answer("letter", "", text),)}))
        print(entry.id, flush=True)  # acknowledged: it is on disk
        n += 1
    """
)


def test_kill_9_while_saving_loses_nothing_acknowledged(tmp_path: Path) -> None:
    path = tmp_path / "journal.json"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path)], stdout=subprocess.PIPE, env=env, text=True
    )
    assert child.stdout is not None
    acknowledged: list[str] = []
    deadline = datetime.now() + timedelta(seconds=20)
    while len(acknowledged) < 8 and datetime.now() < deadline:
        acknowledged.append(child.stdout.readline().strip())
    os.kill(child.pid, signal.SIGKILL)  # most likely in the middle of the next save
    child.wait()
    child.stdout.close()
    journal = Journal(path, fixed_now)
    assert journal.notice is None
    ids = {e.id for e in journal.entries()}
    assert set(acknowledged) <= ids
    assert json.loads(path.read_text())["kind"] == "journal"
