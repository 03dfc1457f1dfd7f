"""One private JSON document on disk (the journal, course progress, your people), kept safely.

The same guarantees as the practice log (DESIGN §6): every change writes a whole new file
atomically (temp file, fsync, ``os.replace``), 0600 in a 0700 folder, so a crash — even ``kill -9``
mid-write — leaves the old document or the new one, never half. A file that cannot be read is
renamed ``<name>.corrupt-<time>.json``, ``notice`` says so once, and a fresh document is started:
never overwritten, never deleted. Another process's change (``main.py import`` while the app is
open) is noticed by the file's identity and read again before the next change, so nothing it wrote
is lost.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from sessions.atomic import set_aside, write_atomic

SCHEMA = 1
#: A private document bigger than this is not Kindly's (a journal of 50 000-character letters is
#: still far below it).
MAX_BYTES = 64 * 1024 * 1024

Document = dict[str, Any]
Check = Callable[[Document], Document]
_Stamp = tuple[int, int, int, int]


class PrivateDataError(Exception):
    """A private document could not be read or saved; the message is meant for the person."""


def _stamp(path: Path) -> _Stamp | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


class PrivateFile:
    """A JSON document ``{"schema": 1, "kind": KIND, ...}`` read once and written atomically.

    ``check`` turns a parsed document into a checked one or raises :class:`PrivateDataError`
    (``ValueError``, ``KeyError`` and ``TypeError`` count as damage too). ``label`` names the
    document for the person ("your journal").
    """

    def __init__(self, path: Path, kind: str, label: str, check: Check, now: Callable[[], datetime]) -> None:
        self.path = path
        self.kind = kind
        self.label = label
        self._check = check
        self._now = now
        self.notice: str | None = None
        self._data: Document = self.empty()
        self._stamp: _Stamp | None = None
        self._in_memory = False
        self._load()

    def empty(self) -> Document:
        return {"schema": SCHEMA, "kind": self.kind}

    # -- reading ------------------------------------------------------------------------------------
    def _parse(self, raw: bytes) -> Document:
        try:
            document = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            raise PrivateDataError("it is not readable JSON") from None
        if not isinstance(document, dict):
            raise PrivateDataError("it does not hold Kindly's data")
        schema = document.get("schema")
        if not isinstance(schema, int) or isinstance(schema, bool):
            raise PrivateDataError("its schema marker makes no sense")
        if schema > SCHEMA:
            raise PrivateDataError(f"it was written by a newer Kindly (schema {schema})")
        if document.get("kind") != self.kind:
            raise PrivateDataError(f"it does not hold {self.label}")
        try:
            return self._check(document)
        except PrivateDataError:
            raise
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise PrivateDataError(str(exc) or type(exc).__name__) from None

    def _load(self) -> None:
        stamp = _stamp(self.path)
        if stamp is None:
            self._data, self._stamp = self.empty(), None
            return
        try:
            if stamp[2] > MAX_BYTES:
                raise PrivateDataError(f"it is {stamp[2] // (1024 * 1024)} MB, far more than Kindly writes")
            self._data = self._parse(self.path.read_bytes())
            self._stamp = stamp
        except (PrivateDataError, OSError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            moved = set_aside(self.path, self._now())
            cap = self.label[0].upper() + self.label[1:]
            if moved is None:
                self.notice = (
                    f"{cap} could not be read ({reason}) and could not be moved aside. It has been "
                    "left as it is; what you write now is kept in memory until this is fixed."
                )
                self._in_memory = True
            else:
                self.notice = (
                    f"{cap} could not be read ({reason}). It was kept, untouched, as {moved.name}, "
                    "and a fresh one was started."
                )
            self._data, self._stamp = self.empty(), None

    def read(self) -> Document:
        """The document (read again first when another process changed the file)."""
        if not self._in_memory and _stamp(self.path) != self._stamp:
            self._load()
        return self._data

    # -- writing ------------------------------------------------------------------------------------
    def write(self, document: Document) -> None:
        """Replace the document with ``document`` (checked first), atomically; durable on return."""
        document = {**document, "schema": SCHEMA, "kind": self.kind}
        checked = self._check(json.loads(json.dumps(document)))
        if self._in_memory:
            self._data = checked
            return
        data = (json.dumps(checked, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
        try:
            write_atomic(self.path, data)
        except OSError as exc:
            raise PrivateDataError(f"{self.label} could not be saved ({exc.strerror or exc})") from exc
        self._data = checked
        self._stamp = _stamp(self.path)

    def update(self, change: Callable[[Document], Document]) -> Document:
        """Read the newest document, apply ``change`` to a copy, write it; returns what was written."""
        current = json.loads(json.dumps(self.read()))
        new = change(current)
        self.write(new)
        return self._data


def file_mode(path: Path) -> int:
    """The permission bits of ``path`` (for tests and the privacy check)."""
    return path.stat().st_mode & 0o777


__all__ = ["MAX_BYTES", "SCHEMA", "Document", "PrivateDataError", "PrivateFile", "file_mode"]
