"""Your people: a short list of people you trust and how to reach them. Nothing is ever sent.

``<data>/people.json`` is a private file (atomic, 0600, set aside if damaged, exported, erased).
A way to reach someone becomes a link only when it is plainly a phone number, an email address or
a web address; the app opens it only when the person clicks it.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sessions.private_file import Document, PrivateDataError, PrivateFile

MAX_NAME = 80
MAX_NOTE = 300
MAX_REACH = 200
MAX_PEOPLE = 50
_PHONE = re.compile(r"\+?[0-9][0-9 ()./-]{2,30}")
_EMAIL = re.compile(r"[^@\s<>\"']+@[^@\s<>\"']+\.[^@\s<>\"']+")
_WEB = re.compile(r"https?://[^\s<>\"]+", re.IGNORECASE)


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    note: str = ""
    reach: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "note": self.note, "reach": self.reach}


def clean(text: str, limit: int) -> str:
    """One line, single spaces, printable, at most ``limit`` characters."""
    return " ".join("".join(c for c in text if c.isprintable() or c.isspace()).split())[:limit]


def link_for(reach: str) -> str | None:
    """A ``tel:``, ``mailto:`` or web link for ``reach``, or ``None`` when it is just words."""
    text = reach.strip()
    if _WEB.fullmatch(text):
        return text
    if _EMAIL.fullmatch(text):
        return "mailto:" + quote(text, safe="@.+-_")
    if _PHONE.fullmatch(text) and sum(c.isdigit() for c in text) >= 3:
        return "tel:" + "".join(c for c in text if c.isdigit() or c == "+")
    return None


def person_from_dict(row: Mapping[str, Any]) -> Person:
    if not isinstance(row, Mapping):
        raise PrivateDataError("a person is not an object")
    values = {}
    for key, limit in (("id", 64), ("name", MAX_NAME), ("note", MAX_NOTE), ("reach", MAX_REACH)):
        value = row.get(key, "")
        if not isinstance(value, str) or len(value) > limit:
            raise PrivateDataError(f"{key} must be text of at most {limit} characters")
        values[key] = value
    if not values["id"] or not values["name"]:
        raise PrivateDataError("a person needs an id and a name")
    return Person(**values)


def check_document(document: Document) -> Document:
    people = [person_from_dict(r) for r in document.get("people", [])]
    if len({p.id for p in people}) != len(people):
        raise PrivateDataError("two people share an id")
    return {"schema": document["schema"], "kind": document["kind"], "people": [p.to_dict() for p in people]}


class People:
    """The list, in the person's order; ``subscribe`` to hear of changes."""

    def __init__(self, path: Path, now: Callable[[], datetime]) -> None:
        self._file = PrivateFile(path, "people", "your list of people", check_document, now)
        self._listeners: list[Callable[[], None]] = []

    @property
    def notice(self) -> str | None:
        return self._file.notice

    def subscribe(self, callback: Callable[[], None]) -> None:
        self._listeners.append(callback)

    def _changed(self) -> None:
        for callback in list(self._listeners):
            callback()

    def all(self) -> list[Person]:
        return [person_from_dict(r) for r in self._file.read().get("people", [])]

    def add(self, name: str, note: str = "", reach: str = "") -> Person:
        person = Person(
            uuid.uuid4().hex, clean(name, MAX_NAME), clean(note, MAX_NOTE), clean(reach, MAX_REACH)
        )
        if not person.name:
            raise PrivateDataError("a person needs a name")
        if len(self.all()) >= MAX_PEOPLE:
            raise PrivateDataError(f"the list holds up to {MAX_PEOPLE} people")
        self._file.update(lambda doc: {**doc, "people": [*doc.get("people", []), person.to_dict()]})
        self._changed()
        return person

    def remove(self, person_id: str) -> Person | None:
        found = next((p for p in self.all() if p.id == person_id), None)
        if found is not None:
            self._file.update(
                lambda doc: {**doc, "people": [r for r in doc.get("people", []) if r["id"] != person_id]}
            )
            self._changed()
        return found

    def merge(self, people: Iterable[Mapping[str, Any]]) -> int:
        incoming = [person_from_dict(r) for r in people]
        have = {p.id for p in self.all()}
        new = [p.to_dict() for p in incoming if p.id not in have]
        if new:
            self._file.update(lambda doc: {**doc, "people": [*doc.get("people", []), *new]})
            self._changed()
        return len(new)

    def document(self) -> Document:
        return {"people": list(self._file.read().get("people", []))}


__all__ = ["People", "Person", "check_document", "clean", "link_for", "person_from_dict"]
