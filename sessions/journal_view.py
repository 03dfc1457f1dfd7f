"""The journal as one list: writing entries and the after-session reflections (the log's notes).

Each stays with its owner — entries in the journal, reflections on their practice record — and this
pure view puts them side by side, newest first, for the journal window and ``main.py journal``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from sessions.journal_book import Entry
from sessions.records import Record


@dataclass(frozen=True)
class Item:
    """One thing in the journal: ``kind`` says who owns it (``entry``: the journal; ``reflection``:
    the practice log, by record id)."""

    kind: Literal["entry", "reflection"]
    id: str
    when: str
    title: str
    text: str
    finished: bool = True

    @property
    def first_line(self) -> str:
        return next((line.strip() for line in self.text.splitlines() if line.strip()), "")

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "id": self.id,
            "date": self.when,
            "practice": self.title,
            "first_line": self.first_line,
            "finished": self.finished,
        }


def _sort_key(when: str) -> float:
    try:
        return datetime.fromisoformat(when).timestamp()
    except ValueError:
        return 0.0


def items(entries: Iterable[Entry], records: Iterable[Record]) -> list[Item]:
    out = [
        Item(
            "entry", e.id, e.created_at, e.title, "\n\n".join(a.text for a in e.answers if a.text), e.finished
        )
        for e in entries
    ]
    out += [
        Item("reflection", r.id, r.ended_at, f"After {r.title}", r.note) for r in records if r.note.strip()
    ]
    out.sort(key=lambda item: _sort_key(item.when), reverse=True)
    return out


def matching(all_items: Iterable[Item], query: str) -> list[Item]:
    words = query.casefold().split()
    return [i for i in all_items if all(w in (i.title + "\n" + i.text).casefold() for w in words)]


__all__ = ["Item", "items", "matching"]
