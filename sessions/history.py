"""The practice log: one record per session, in a TinyDB file written atomically and kept private.

How it stays safe (DESIGN §6 ▶): every change is a read-modify-write made under the writer lock
and saved atomically by :mod:`sessions.log_storage`; under the lock the log re-reads the file if
another process changed it, so two writers never lose each other's records. Rows are upgraded and
checked by :mod:`sessions.records`.

* **Damage is set aside.** A file that cannot be read is renamed ``history.corrupt-<time>.json``
  (never overwritten or deleted), ``notice`` says so once, and a fresh log is started.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from datetime import datetime
from operator import attrgetter
from pathlib import Path
from typing import Any, cast

from tinydb import TinyDB

from sessions.atomic import FILE_MODE, ensure_private_dir, set_aside
from sessions.log_storage import (
    LOCK_WAIT_S,
    TABLE,
    AtomicJSONStorage,
    LogStorage,
    MemoryStorage,
    writer_lock,
)
from sessions.records import (
    EDITABLE,
    FIELD_NAMES,
    SCHEMA,
    HistoryError,
    Record,
    migrate_row,
    record_from_row,
    records_from_rows,
    worth_keeping,
)


class HistoryLog:
    """The practice log at ``path``.

    A file that cannot be read is set aside as ``history.corrupt-<time>.json`` (or left in place
    if it cannot be moved), ``notice`` says so once, and a fresh log is started. Nothing is ever
    silently overwritten. Every change is durable on disk when the method returns.

    Records come back in the order they were added. ``revision`` changes whenever the records
    may have changed (here or in another process), so views can tell when to refresh.
    """

    def __init__(self, path: Path, *, now: datetime | None = None, lock_wait_s: float = LOCK_WAIT_S) -> None:
        self.path = path
        self.lock_path = path.with_name(f"{path.stem}.lock")
        self.lock_wait_s = lock_wait_s
        self.notice: str | None = None
        ensure_private_dir(path.parent)
        self._records: list[Record] = []
        self._index: dict[str, str] = {}  # record id -> TinyDB document id
        self._by_id: dict[str, Record] = {}
        self._view_generation = -1
        self._listeners: list[Callable[[], object]] = []
        self._db = self._open(now or datetime.now().astimezone())

    def subscribe(self, listener: Callable[[], object]) -> Callable[[], None]:
        """Call ``listener()`` after every write that changed the log; returns the way to stop."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    def _announce(self) -> None:
        for listener in list(self._listeners):
            listener()

    @property
    def _storage(self) -> LogStorage:
        return cast(LogStorage, self._db.storage)

    def _open(self, now: datetime) -> TinyDB:
        db = TinyDB(storage=AtomicJSONStorage, path=self.path)
        self._view_generation = -1
        try:
            self._view(cast(LogStorage, db.storage))
        except HistoryError as exc:
            db.close()
            moved = self._set_aside(now)
            if moved is None:
                self.notice = (
                    f"Your practice log could not be read ({exc}) and could not be moved aside. "
                    "It has been left as it is; new sessions are kept in memory until this is fixed."
                )
                self._records, self._index, self._by_id, self._view_generation = [], {}, {}, -1
                return TinyDB(storage=MemoryStorage)
            self.notice = (
                f"Your practice log could not be read ({exc}). It was kept, untouched, as {moved.name}, "
                "and a fresh log was started."
            )
            db = TinyDB(storage=AtomicJSONStorage, path=self.path)
            self._view_generation = -1
        self._clear_stale_temp_files()
        return db

    def _set_aside(self, now: datetime) -> Path | None:
        try:
            with writer_lock(self.lock_path, self.lock_wait_s):
                return set_aside(self.path, now)
        except HistoryError:
            return set_aside(self.path, now)  # no lock to be had (read-only folder): try anyway

    def _clear_stale_temp_files(self) -> None:
        """Temp files left by a writer that was killed mid-write (only ever made under the lock)."""
        leftovers = list(self.path.parent.glob(f".{self.path.name}.*.tmp"))
        if not leftovers:
            return
        with contextlib.suppress(HistoryError), writer_lock(self.lock_path, 0):
            for leftover in leftovers:
                with contextlib.suppress(OSError):
                    leftover.unlink()

    # -- reading --------------------------------------------------------------------------------
    def _view(self, storage: LogStorage | None = None) -> list[Record]:
        storage = storage or self._storage
        data = storage.read()
        if storage.generation != self._view_generation:
            table = (data or {}).get(TABLE, {})
            records = records_from_rows(table.values())
            ids = list(map(attrgetter("id"), records))
            self._index = dict(zip(ids, table, strict=True))
            if len(self._index) != len(records):
                raise HistoryError("two records share one id")
            self._records = records
            self._by_id = dict(zip(ids, records, strict=True))
            self._view_generation = storage.generation
        return self._records

    @property
    def revision(self) -> int:
        """Changes whenever the records may have changed; cheap (one ``stat`` of the file)."""
        self._view()
        return self._view_generation

    def records(self) -> list[Record]:
        return list(self._view())

    def get(self, record_id: str) -> Record | None:
        self._view()
        return self._by_id.get(record_id)

    def count(self) -> int:
        return len(self._view())

    # -- writing ----------------------------------------------------------------------------------
    @contextlib.contextmanager
    def _writing(self) -> Iterator[LogStorage]:
        storage = self._storage
        if isinstance(storage, MemoryStorage):
            yield storage
            return
        try:
            # The folder may have been removed while Kindly ran (a clean-up of the home folder):
            # make it again, private, so the lock and the session that just ended have a home.
            ensure_private_dir(self.path.parent)
        except OSError as exc:
            raise HistoryError(f"could not save the practice log ({exc.strerror or exc})") from exc
        with writer_lock(self.lock_path, self.lock_wait_s):
            yield storage

    def append(self, record: Record) -> None:
        """Add ``record``; it is on disk when this returns."""
        row = self._checked_row(record)
        with self._writing() as storage:
            self._view(storage)
            if record.id in self._index:
                raise HistoryError("that session is already in your log")
            tables = storage.append_row(row)
            doc_id = next(reversed(tables[TABLE]))
            self._records.append(record)
            self._index[record.id] = doc_id
            self._by_id[record.id] = record
            self._view_generation = storage.generation
        self._announce()

    def extend(self, records: Iterable[Record]) -> None:
        """Add several records in one write (ids already in the log are an error)."""
        added = list(records)
        if self.merge(added) != len(added):
            raise HistoryError("some of those sessions are already in your log")

    def merge(self, records: Iterable[Record]) -> int:
        """Add the records whose ids are not in the log yet, in one write; returns how many."""
        rows = [(r, self._checked_row(r)) for r in records]
        with self._writing() as storage:
            self._view(storage)
            seen = set(self._index)
            fresh: list[tuple[Record, dict[str, Any]]] = []
            for record, row in rows:
                if record.id not in seen:
                    seen.add(record.id)
                    fresh.append((record, row))
            if not fresh:
                return 0
            tables = dict(storage.read() or {})
            table = dict(tables.get(TABLE, {}))
            next_id = max(map(int, table), default=0) + 1
            for offset, (_record, row) in enumerate(fresh):
                table[str(next_id + offset)] = row
            tables[TABLE] = table
            storage.write(tables)
            for offset, (record, _row) in enumerate(fresh):
                self._records.append(record)
                self._index[record.id] = str(next_id + offset)
                self._by_id[record.id] = record
            self._view_generation = storage.generation
        self._announce()
        return len(fresh)

    def update(self, record_id: str, **changes: Any) -> Record:
        """Change some fields (``note``, ``mood_before``, …) of one record; returns the new record."""
        unknown = set(changes) - EDITABLE
        if unknown:
            raise HistoryError(f"{', '.join(sorted(unknown))} cannot be changed")
        with self._writing() as storage:
            self._view(storage)
            doc_id = self._index.get(record_id)
            if doc_id is None:
                raise HistoryError("that session is no longer in your log")
            old = self._by_id[record_id]
            new = replace(old, **changes)
            row = self._checked_row(new)
            tables = dict(storage.read() or {})
            table = dict(tables[TABLE])
            table[doc_id] = row
            tables[TABLE] = table
            storage.write(tables)
            self._records[self._records.index(old)] = new
            self._by_id[record_id] = new
            self._view_generation = storage.generation
        self._announce()
        return new

    def delete(self, record_id: str) -> Record:
        """Remove one record and return it (keep it to :meth:`restore` it: undo)."""
        with self._writing() as storage:
            self._view(storage)
            doc_id = self._index.get(record_id)
            if doc_id is None:
                raise HistoryError("that session is no longer in your log")
            old = self._by_id[record_id]
            tables = dict(storage.read() or {})
            table = dict(tables[TABLE])
            del table[doc_id]
            tables[TABLE] = table
            storage.write(tables)
            self._records.remove(old)
            del self._index[record_id], self._by_id[record_id]
            self._view_generation = storage.generation
        self._announce()
        return old

    def restore(self, record: Record) -> None:
        """Put back a deleted record (it joins the end of the log); nothing happens if it is there."""
        self.merge([record])

    def close(self) -> None:
        self._db.close()

    @staticmethod
    def _checked_row(record: Record) -> dict[str, Any]:
        row = record.to_dict()
        try:
            record_from_row(row)
        except HistoryError as exc:
            raise HistoryError(f"that session cannot be saved: {exc}") from None
        return row


# HistoryLog, and the names the rest of Kindly imports from here, wherever they now live.
__all__ = [
    "FIELD_NAMES",
    "FILE_MODE",
    "SCHEMA",
    "AtomicJSONStorage",
    "HistoryError",
    "HistoryLog",
    "Record",
    "migrate_row",
    "record_from_row",
    "worth_keeping",
    "writer_lock",
]
