"""Export and import of everything private in one JSON file: the log, the journal and phrase bank,
course progress and your people.

A JSON export is the log's own document (sessions/exchange.py, DESIGN §6 ▶) with three more keys:
``journal`` (``entries``, ``phrases``), ``course`` (``courses``) and ``people`` (``people``), each
exactly as Kindly keeps it, so text of any length and any Unicode comes back unchanged. Import
checks the whole file before changing anything, then merges each part by id (the course by day),
so importing twice adds nothing. A CSV export is the log alone (a spreadsheet has no place for a
letter); the command line says so.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sessions.atomic import write_atomic
from sessions.course import CourseProgress, check_progress_document
from sessions.exchange import ExchangeError, format_of, parse_json, read_text, to_json
from sessions.history import HistoryLog, Record
from sessions.journal_book import Journal, check_document, entry_from_dict, phrase_from_dict
from sessions.people import People
from sessions.people import check_document as check_people
from sessions.private_file import SCHEMA as PRIVATE_SCHEMA
from sessions.private_file import PrivateDataError

PRIVATE_KEYS = ("journal", "course", "people")


@dataclass(frozen=True)
class PrivateData:
    """The three private documents, as their owners hold them."""

    journal: Journal
    course: CourseProgress
    people: People


@dataclass(frozen=True)
class BackupResult:
    sessions_added: int
    sessions_there: int
    entries_added: int
    phrases_added: int
    course_days_added: int
    people_added: int
    carried_private: bool = True
    """The file held the journal, course or people (a CSV, or an older export, holds only the log)."""

    def message(self) -> str:
        from sessions.exchange import ImportResult

        log = ImportResult(self.sessions_added, self.sessions_there).message()
        if not self.carried_private:
            return log
        parts = [
            f"{self.entries_added} journal entr{'ies' if self.entries_added != 1 else 'y'}",
            f"{self.phrases_added} phrase{'s' if self.phrases_added != 1 else ''}",
            f"{self.course_days_added} course day{'s' if self.course_days_added != 1 else ''}",
            f"{self.people_added} {'people' if self.people_added != 1 else 'person'}",
        ]
        private = f"From your journal and course: added {', '.join(parts)}."
        if self.sessions_added + self.sessions_there == 0:
            counts = (self.entries_added, self.phrases_added, self.course_days_added, self.people_added)
            return private if any(counts) else "That file holds nothing new, so nothing changed."
        return f"{log} {private}"


def to_document(records: list[Record], data: PrivateData) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(to_json(records))
    document["journal"] = data.journal.document()
    document["course"] = data.course.document()
    document["people"] = data.people.document()
    return document


def export_all(records: list[Record], data: PrivateData, path: Path) -> dict[str, int]:
    """Write everything to ``path`` (.json), atomically, 0600; returns how many of each."""
    if format_of(path) != "json":
        raise ExchangeError(f"{path.name}: only a .json export carries your journal")
    document = to_document(records, data)
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    try:
        write_atomic(path, text.encode("utf-8"), private_dir=False)
    except UnicodeEncodeError as exc:
        raise ExchangeError(f"{path.name}: some text cannot be saved ({exc.reason})") from None
    except OSError as exc:
        raise ExchangeError(f"{path.name} could not be saved ({exc.strerror or exc})") from exc
    return {
        "sessions": len(records),
        "entries": len(document["journal"]["entries"]),
        "phrases": len(document["journal"]["phrases"]),
    }


def _checked_private(document: dict[str, Any], name: str) -> dict[str, Any]:
    """The private parts of an export, checked exactly as the files themselves are."""
    checks = {"journal": check_document, "course": check_progress_document, "people": check_people}
    out: dict[str, Any] = {}
    for key, check in checks.items():
        part = document.get(key)
        if part is None:
            continue
        if not isinstance(part, dict):
            raise ExchangeError(f"{name}: '{key}' is not an object")
        try:
            out[key] = check({**part, "schema": PRIVATE_SCHEMA, "kind": key})
        except PrivateDataError as exc:
            raise ExchangeError(f"{name}, {key}: {exc}") from None
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ExchangeError(f"{name}, {key}: {exc}") from None
    return out


def carries_private(path: Path) -> bool:
    """A JSON export holding the journal, course progress or your people (not just the log)."""
    if path.suffix.lower() != ".json":
        return False
    try:
        document = json.loads(read_text(path))
    except (ExchangeError, ValueError, RecursionError):
        return False
    return isinstance(document, dict) and any(k in document for k in PRIVATE_KEYS)


def preview(path: Path) -> str:
    """What importing a full export would bring, checked like the import, without changing anything."""
    document = json.loads(read_text(path))
    private = _checked_private(document, path.name)
    records = parse_json(json.dumps({k: v for k, v in document.items() if k not in PRIVATE_KEYS}), path.name)
    journal = private.get("journal", {"entries": [], "phrases": []})
    days = sum(len(c["days"]) for c in private.get("course", {"courses": {}})["courses"].values())
    people = len(private.get("people", {"people": []})["people"])
    return (
        f"{path.name}: a Kindly export (JSON) with {len(records)} sessions, "
        f"{len(journal['entries'])} journal entries, {len(journal['phrases'])} phrases, "
        f"{days} course days and {people} people (anything already here is left as it is)"
    )


def import_all(log: HistoryLog, data: PrivateData, path: Path) -> BackupResult:
    """Merge an export into the log and the private documents; nothing changes if any part is wrong."""
    if format_of(path) != "json":
        from sessions.exchange import import_file

        result = import_file(log, path)
        return BackupResult(result.added, result.already_there, 0, 0, 0, 0, carried_private=False)
    text = read_text(path)
    try:
        document = json.loads(text)
    except (ValueError, RecursionError):
        document = None
    private: dict[str, Any] = {}
    if isinstance(document, dict) and any(k in document for k in PRIVATE_KEYS):
        private = _checked_private(document, path.name)
        rest = {k: v for k, v in document.items() if k not in PRIVATE_KEYS}
        records = parse_json(json.dumps(rest), path.name)
    else:
        records = parse_json(text, path.name)
    added = log.merge(records)
    entries = phrases = days = people = 0
    if "journal" in private:
        journal = private["journal"]
        entries, phrases = data.journal.merge(
            [entry_from_dict(r) for r in journal["entries"]],
            [phrase_from_dict(r) for r in journal["phrases"]],
        )
        if journal.get("show_in_sessions") and not data.journal.show_in_sessions:
            data.journal.set_show_in_sessions(True)
    if "course" in private:
        days = data.course.merge(private["course"]["courses"])
    if "people" in private:
        people = data.people.merge(private["people"]["people"])
    return BackupResult(
        added, len(records) - added, entries, phrases, days, people, carried_private=bool(private)
    )


__all__ = [
    "PRIVATE_KEYS",
    "BackupResult",
    "PrivateData",
    "carries_private",
    "export_all",
    "import_all",
    "preview",
    "to_document",
]
