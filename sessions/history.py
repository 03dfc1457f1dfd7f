"""The practice log: one record per session, in a TinyDB file written atomically and kept private."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from dataclasses import asdict, dataclass, fields
from datetime import datetime
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.storages import Storage

from sessions.atomic import FILE_MODE, ensure_private_dir, set_aside, write_atomic

SCHEMA = 1
TABLE = "sessions"
#: Sessions stopped early are kept once this much was practised (DESIGN §6).
MIN_KEEP_S = 60.0


class HistoryError(Exception):
    """The log could not be read or written; the message is meant for the person using Kindly."""


@dataclass(frozen=True)
class Record:
    """One practice session (DESIGN §6 ▶ — field names and order are a contract)."""

    id: str
    started_at: str
    ended_at: str
    session_id: str
    title: str
    kind: str
    pattern: str | None
    planned_seconds: float | None
    practiced_seconds: float
    completed: bool
    mood_before: int | None = None
    mood_after: int | None = None
    note: str = ""
    schema: int = SCHEMA

    @staticmethod
    def new(
        *,
        started_at: datetime,
        ended_at: datetime,
        session_id: str,
        title: str,
        kind: str,
        pattern: str | None,
        planned_seconds: float | None,
        practiced_seconds: float,
        completed: bool,
    ) -> Record:
        return Record(
            id=uuid.uuid4().hex,
            started_at=started_at.isoformat(timespec="seconds"),
            ended_at=ended_at.isoformat(timespec="seconds"),
            session_id=session_id,
            title=title,
            kind=kind,
            pattern=pattern,
            planned_seconds=None if planned_seconds is None else round(planned_seconds, 3),
            practiced_seconds=round(practiced_seconds, 3),
            completed=completed,
        )

    @staticmethod
    def from_dict(data: dict[str, Any]) -> Record:
        names = {f.name for f in fields(Record)}
        missing = {"id", "started_at", "ended_at", "session_id", "practiced_seconds"} - data.keys()
        if missing:
            raise HistoryError(f"a record is missing {', '.join(sorted(missing))}")
        return Record(**{k: v for k, v in data.items() if k in names})


def worth_keeping(practiced_s: float, completed: bool) -> bool:
    return completed or practiced_s >= MIN_KEEP_S


class AtomicJSONStorage(Storage):
    """TinyDB storage that never leaves a half-written file: temp file, fsync, ``os.replace``."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def read(self) -> dict[str, dict[str, Any]] | None:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None
        except IsADirectoryError as exc:
            raise HistoryError(f"{self.path.name} is a folder, not a practice log") from exc
        except OSError as exc:
            raise HistoryError(f"cannot read {self.path.name}: {exc.strerror}") from exc
        if not raw.strip():
            return None
        try:
            data = json.loads(raw)
        except (ValueError, UnicodeDecodeError) as exc:
            raise HistoryError(f"{self.path.name} is not readable JSON") from exc
        _check_shape(data, self.path.name)
        return data  # type: ignore[no-any-return]

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        try:
            write_atomic(self.path, text.encode("utf-8"))
        except OSError as exc:
            raise HistoryError(f"could not save the practice log ({exc.strerror or exc})") from exc

    def close(self) -> None:
        pass


def _check_shape(data: object, path: str) -> None:
    if not isinstance(data, dict):
        raise HistoryError(f"{path} does not hold a practice log")
    for table in data.values():
        if not isinstance(table, dict) or not all(isinstance(r, dict) for r in table.values()):
            raise HistoryError(f"{path} does not hold a practice log")
        for row in table.values():
            schema = row.get("schema", SCHEMA)
            if not isinstance(schema, int) or schema > SCHEMA:
                raise HistoryError(f"{path} was written by a newer Kindly (schema {schema})")


class HistoryLog:
    """The practice log at ``path``.

    A file that cannot be read is set aside as ``history.corrupt-<time>.json`` (or left in place
    if it cannot be moved), ``notice`` says so once, and a fresh log is started. Nothing is ever
    silently overwritten.
    """

    def __init__(self, path: Path, *, now: datetime | None = None) -> None:
        self.path = path
        self.notice: str | None = None
        ensure_private_dir(path.parent)
        self._db = self._open(now or datetime.now().astimezone())

    def _open(self, now: datetime) -> TinyDB:
        db = TinyDB(storage=AtomicJSONStorage, path=self.path)
        try:
            for row in db.table(TABLE).all():
                Record.from_dict(dict(row))
        except (HistoryError, TypeError) as exc:
            moved = set_aside(self.path, now)
            if moved is None:
                self.notice = (
                    f"Your practice log could not be read ({exc}) and could not be moved aside. "
                    "It has been left as it is; new sessions are kept in memory until this is fixed."
                )
                return TinyDB(storage=_MemoryStorage)
            self.notice = (
                f"Your practice log could not be read ({exc}). It was kept, untouched, as {moved.name}, "
                "and a fresh log was started."
            )
            db = TinyDB(storage=AtomicJSONStorage, path=self.path)
        return db

    def append(self, record: Record) -> None:
        self._db.table(TABLE).insert(asdict(record))

    def records(self) -> list[Record]:
        return [Record.from_dict(dict(row)) for row in self._db.table(TABLE).all()]

    def extend(self, records: Iterable[Record]) -> None:
        self._db.table(TABLE).insert_multiple(asdict(r) for r in records)

    def close(self) -> None:
        self._db.close()


class _MemoryStorage(Storage):
    def __init__(self) -> None:
        self._data: dict[str, dict[str, Any]] | None = None

    def read(self) -> dict[str, dict[str, Any]] | None:
        return self._data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        self._data = data


__all__ = ["FILE_MODE", "HistoryError", "HistoryLog", "Record", "worth_keeping"]
