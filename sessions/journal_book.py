"""The journal: what a person wrote in the writing practices, and the phrase bank, kept privately.

``<data>/journal.json`` (a :class:`~sessions.private_file.PrivateFile`: atomic, 0600, set aside
if damaged). An entry keeps every answer with the words of the prompt it answered, so it reads
the same even if the practice's file changes later. Text is kept exactly as typed — any length up
to :data:`MAX_TEXT`, any Unicode — and comes back byte for byte. The after-session reflections
stay where they are written (the practice log's ``note``); :func:`sessions.journal_view.items`
shows both together.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sessions.private_file import Document, PrivateDataError, PrivateFile

#: The longest answer kept (a letter of a million characters is still welcome).
MAX_TEXT = 1_000_000
MAX_PHRASE = 300


@dataclass(frozen=True)
class Answer:
    """What was written for one step (``step`` is the step's id in the practice)."""

    step: str
    prompt: str
    text: str


@dataclass(frozen=True)
class Entry:
    """One writing practice, finished or waiting to be finished later."""

    id: str
    practice_id: str
    title: str
    created_at: str
    updated_at: str
    answers: tuple[Answer, ...] = ()
    step: int = 0
    finished: bool = False
    writing_seconds: float = 0.0
    read_again_on: str | None = None
    """An ISO date: offer this entry to be read again from that day (the letter's reminder)."""

    def answer(self, step: str) -> str:
        for a in self.answers:
            if a.step == step:
                return a.text
        return ""

    def first_line(self) -> str:
        for a in self.answers:
            for line in a.text.splitlines():
                if line.strip():
                    return line.strip()
        return ""

    def text(self) -> str:
        return "\n\n".join(f"{a.prompt}\n{a.text}" for a in self.answers if a.text)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "practice_id": self.practice_id,
            "title": self.title,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
            "answers": [{"step": a.step, "prompt": a.prompt, "text": a.text} for a in self.answers],
            "step": self.step,
            "finished": self.finished,
            "writing_seconds": self.writing_seconds,
            "read_again_on": self.read_again_on,
        }


@dataclass(frozen=True)
class Phrase:
    """A kind phrase the person found or rewrote, kept to be seen and used again."""

    id: str
    text: str
    source: str
    created_at: str
    entry_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "source": self.source,
            "created_at": self.created_at,
            "entry_id": self.entry_id,
        }


# -- checks ------------------------------------------------------------------------------------------
def _str(row: Mapping[str, Any], name: str, *, limit: int = 200, empty: bool = False) -> str:
    value = row.get(name)
    if not isinstance(value, str) or (not empty and not value) or len(value) > limit:
        raise PrivateDataError(f"{name} must be text (got {str(value)[:20]!r})")
    return value


def _when(row: Mapping[str, Any], name: str) -> str:
    value = _str(row, name, limit=40)
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise PrivateDataError(f"{name} is not a date and time: {value[:30]!r}") from None
    if moment.utcoffset() is None:
        raise PrivateDataError(f"{name} needs a UTC offset: {value[:30]!r}")
    return value


def entry_from_dict(row: Mapping[str, Any]) -> Entry:
    """A checked entry, or :class:`PrivateDataError` naming the field."""
    if not isinstance(row, Mapping):
        raise PrivateDataError("an entry is not an object")
    answers_raw = row.get("answers", [])
    if not isinstance(answers_raw, list):
        raise PrivateDataError("answers must be a list")
    answers = []
    for a in answers_raw:
        if not isinstance(a, Mapping):
            raise PrivateDataError("an answer is not an object")
        answers.append(
            Answer(
                _str(a, "step", limit=64),
                _str(a, "prompt", limit=4000, empty=True),
                _str(a, "text", limit=MAX_TEXT, empty=True),
            )
        )
    step = row.get("step", 0)
    seconds = row.get("writing_seconds", 0.0)
    finished = row.get("finished", False)
    if not isinstance(step, int) or isinstance(step, bool) or not 0 <= step < 1000:
        raise PrivateDataError("step must be a whole number")
    if not isinstance(seconds, int | float) or isinstance(seconds, bool) or not 0 <= seconds < 1e9:
        raise PrivateDataError("writing_seconds must be a number of seconds")
    if not isinstance(finished, bool):
        raise PrivateDataError("finished must be true or false")
    again = row.get("read_again_on")
    if again is not None:
        try:
            date.fromisoformat(again)
        except (TypeError, ValueError):
            raise PrivateDataError(f"read_again_on is not a date: {str(again)[:20]!r}") from None
    return Entry(
        id=_str(row, "id", limit=64),
        practice_id=_str(row, "practice_id", limit=64),
        title=_str(row, "title", limit=200, empty=True),
        created_at=_when(row, "created_at"),
        updated_at=_when(row, "updated_at"),
        answers=tuple(answers),
        step=step,
        finished=finished,
        writing_seconds=float(seconds),
        read_again_on=again,
    )


def phrase_from_dict(row: Mapping[str, Any]) -> Phrase:
    if not isinstance(row, Mapping):
        raise PrivateDataError("a phrase is not an object")
    entry_id = row.get("entry_id")
    if entry_id is not None and not isinstance(entry_id, str):
        raise PrivateDataError("entry_id must be text")
    return Phrase(
        id=_str(row, "id", limit=64),
        text=_str(row, "text", limit=MAX_PHRASE),
        source=_str(row, "source", limit=64, empty=True),
        created_at=_when(row, "created_at"),
        entry_id=entry_id,
    )


def _unique(items: Iterable[Entry | Phrase], what: str) -> None:
    seen: set[str] = set()
    for item in items:
        if item.id in seen:
            raise PrivateDataError(f"two {what} share the id {item.id}")
        seen.add(item.id)


def check_document(document: Document) -> Document:
    entries = [entry_from_dict(r) for r in document.get("entries", [])]
    phrases = [phrase_from_dict(r) for r in document.get("phrases", [])]
    _unique(entries, "entries")
    _unique(phrases, "phrases")
    show = document.get("show_in_sessions", False)
    if not isinstance(show, bool):
        raise PrivateDataError("show_in_sessions must be true or false")
    return {
        "schema": document["schema"],
        "kind": document["kind"],
        "entries": [e.to_dict() for e in entries],
        "phrases": [p.to_dict() for p in phrases],
        "show_in_sessions": show,
    }


def clean_phrase(text: str) -> str:
    """A phrase as kept: one line, single spaces, at most :data:`MAX_PHRASE` characters."""
    return " ".join(text.split())[:MAX_PHRASE]


def phrases_in(text: str) -> list[str]:
    """The phrases in an answer written one a line (blank lines, bullets and dashes left out)."""
    out = []
    for line in text.splitlines():
        phrase = clean_phrase(line.strip().lstrip("-•*·").strip())
        if phrase and phrase not in out:
            out.append(phrase)
    return out


# -- the journal ---------------------------------------------------------------------------------------
@dataclass
class Journal:
    """The journal and phrase bank: read, add, edit, delete and restore; ``subscribe`` to hear of changes."""

    path: Path
    now: Callable[[], datetime]
    _file: PrivateFile = field(init=False)
    _listeners: list[Callable[[], None]] = field(init=False, default_factory=list)

    def __post_init__(self) -> None:
        self._file = PrivateFile(self.path, "journal", "your journal", check_document, self.now)

    @property
    def notice(self) -> str | None:
        return self._file.notice

    def subscribe(self, callback: Callable[[], None]) -> None:
        self._listeners.append(callback)

    def _changed(self) -> None:
        for callback in list(self._listeners):
            callback()

    def _stamp(self) -> str:
        return self.now().isoformat(timespec="seconds")

    # -- reading -------------------------------------------------------------------------------------
    def entries(self) -> list[Entry]:
        """Every entry, newest first."""
        rows = self._file.read().get("entries", [])
        return sorted((entry_from_dict(r) for r in rows), key=lambda e: e.created_at, reverse=True)

    def get(self, entry_id: str) -> Entry | None:
        return next((e for e in self.entries() if e.id == entry_id), None)

    def unfinished(self, practice_id: str) -> Entry | None:
        """The latest entry of this practice left to finish later, if any."""
        return next((e for e in self.entries() if e.practice_id == practice_id and not e.finished), None)

    def phrases(self) -> list[Phrase]:
        """The phrase bank, in the order the phrases were kept."""
        return [phrase_from_dict(r) for r in self._file.read().get("phrases", [])]

    @property
    def show_in_sessions(self) -> bool:
        """The person chose to see their phrases as captions in loving-kindness and the break."""
        return bool(self._file.read().get("show_in_sessions", False))

    def set_show_in_sessions(self, show: bool) -> None:
        self._file.update(lambda doc: {**doc, "show_in_sessions": bool(show)})
        self._changed()

    # -- writing -------------------------------------------------------------------------------------
    def start(self, practice_id: str, title: str) -> Entry:
        """A new, empty entry (not saved until :meth:`save`)."""
        stamp = self._stamp()
        return Entry(uuid.uuid4().hex, practice_id, title, stamp, stamp)

    def save(self, entry: Entry) -> Entry:
        """Add ``entry`` or replace the one with its id; returns it as saved (``updated_at`` now)."""
        saved = replace(entry, updated_at=self._stamp())
        row = saved.to_dict()

        def change(doc: Document) -> Document:
            rows = [r for r in doc.get("entries", []) if r.get("id") != saved.id]
            doc["entries"] = [*rows, row]
            return doc

        self._file.update(change)
        self._changed()
        return saved

    def delete(self, entry_id: str) -> tuple[Entry, list[Phrase]] | None:
        """Remove an entry and the phrases kept from it; returns both, for :meth:`restore` (undo)."""
        entry = self.get(entry_id)
        if entry is None:
            return None
        phrases = [p for p in self.phrases() if p.entry_id == entry_id]

        def change(doc: Document) -> Document:
            doc["entries"] = [r for r in doc.get("entries", []) if r.get("id") != entry_id]
            doc["phrases"] = [r for r in doc.get("phrases", []) if r.get("entry_id") != entry_id]
            return doc

        self._file.update(change)
        self._changed()
        return entry, phrases

    def restore(self, entry: Entry, phrases: Iterable[Phrase] = ()) -> None:
        """Put back what :meth:`delete` removed, exactly as it was."""
        self.merge([entry], phrases)

    def keep_phrases(self, texts: Iterable[str], source: str, entry_id: str | None = None) -> list[Phrase]:
        """Add phrases to the bank (an entry's phrases replace the ones it kept before)."""
        stamp = self._stamp()
        new = [
            Phrase(uuid.uuid4().hex, t, source, stamp, entry_id)
            for t in dict.fromkeys(map(clean_phrase, texts))
            if t
        ]

        def change(doc: Document) -> Document:
            rows = doc.get("phrases", [])
            if entry_id is not None:
                rows = [r for r in rows if r.get("entry_id") != entry_id]
            doc["phrases"] = [*rows, *(p.to_dict() for p in new)]
            return doc

        self._file.update(change)
        self._changed()
        return new

    def remove_phrase(self, phrase_id: str) -> Phrase | None:
        phrase = next((p for p in self.phrases() if p.id == phrase_id), None)
        if phrase is None:
            return None

        def change(doc: Document) -> Document:
            doc["phrases"] = [r for r in doc.get("phrases", []) if r.get("id") != phrase_id]
            return doc

        self._file.update(change)
        self._changed()
        return phrase

    def merge(self, entries: Iterable[Entry], phrases: Iterable[Phrase] = ()) -> tuple[int, int]:
        """Add the entries and phrases whose ids are new (import, undo); returns how many of each."""
        entries, phrases = list(entries), list(phrases)
        counts = [0, 0]

        def change(doc: Document) -> Document:
            have_e = {r.get("id") for r in doc.get("entries", [])}
            have_p = {r.get("id") for r in doc.get("phrases", [])}
            add_e = [e.to_dict() for e in entries if e.id not in have_e]
            add_p = [p.to_dict() for p in phrases if p.id not in have_p]
            counts[:] = [len(add_e), len(add_p)]
            doc["entries"] = [*doc.get("entries", []), *add_e]
            doc["phrases"] = [*doc.get("phrases", []), *add_p]
            return doc

        self._file.update(change)
        if counts != [0, 0]:
            self._changed()
        return counts[0], counts[1]

    def document(self) -> Document:
        """Everything, as exported (entries oldest first, phrases in their order)."""
        doc = self._file.read()
        entries = sorted(doc.get("entries", []), key=lambda r: (r["created_at"], r["id"]))
        return {
            "entries": entries,
            "phrases": list(doc.get("phrases", [])),
            "show_in_sessions": bool(doc.get("show_in_sessions", False)),
        }


def letters_to_read_again(entries: Iterable[Entry], today: date) -> list[Entry]:
    """Entries whose "read it again" day has come (the letter's gentle reminder)."""
    return [
        e for e in entries if e.read_again_on is not None and date.fromisoformat(e.read_again_on) <= today
    ]


def search(entries: Iterable[Entry], query: str) -> list[Entry]:
    """Entries whose title or any answer holds every word of ``query`` (case and accents as typed)."""
    words = query.casefold().split()
    if not words:
        return list(entries)
    out = []
    for entry in entries:
        haystack = (entry.title + "\n" + entry.text()).casefold()
        if all(w in haystack for w in words):
            out.append(entry)
    return out


__all__ = [
    "MAX_PHRASE",
    "MAX_TEXT",
    "Answer",
    "Entry",
    "Journal",
    "Phrase",
    "check_document",
    "clean_phrase",
    "entry_from_dict",
    "letters_to_read_again",
    "phrase_from_dict",
    "phrases_in",
    "search",
]
