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
from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping
from dataclasses import replace
from datetime import datetime
from operator import attrgetter
from pathlib import Path
from types import MappingProxyType
from typing import Any

from tinydb import where
from tinydb.storages import MemoryStorage, Storage
from tinydb.table import Table

from sessions.atomic import FILE_MODE, ensure_private_dir, set_aside
from sessions.log_storage import LOCK_WAIT_S, TABLE, AtomicJSONStorage, writer_lock
from sessions.records import (
    EDITABLE,
    FIELD_NAMES,
    SCHEMA,
    HistoryError,
    Record,
    detach,
    migrate_row,
    record_from_row,
    records_from_rows,
    worth_keeping,
)

#: What a log with no records table yet reads as (one object, so "unchanged" is an identity test).
_NO_ROWS: Mapping[str, dict[str, Any]] = MappingProxyType({})


def _in_memory() -> Storage:
    """TinyDB's own memory storage: for tests, and for a damaged log that could not be moved."""
    return MemoryStorage()  # type: ignore[no-untyped-call]  # TinyDB leaves its __init__ unannotated


class HistoryLog:
    """The practice log at ``path``, or in memory when ``path`` is None (TinyDB's ``MemoryStorage``).

    A file that cannot be read is set aside as ``history.corrupt-<time>.json`` (or left in place
    if it cannot be moved), ``notice`` says so once, and a fresh log is started. Nothing is ever
    silently overwritten. Every change is durable on disk when the method returns.

    Records come back in the order they were added. ``revision`` changes whenever the records
    may have changed (here or in another process), so views can tell when to refresh, and every
    listener given to :meth:`subscribe` is called after each change this log writes.

    Documents are written through TinyDB's ``Table`` (it numbers them; :class:`~tinydb.Query`
    finds the one to change). Reading builds the records straight from the table the storage
    returns: ``Table.all()`` would copy every row into a ``Document`` first, ~35 ms at 20 000
    records, a third of the ``stats`` budget.
    """

    def __init__(
        self, path: Path | None = None, *, now: datetime | None = None, lock_wait_s: float = LOCK_WAIT_S
    ) -> None:
        self.path = path
        self.lock_path = None if path is None else path.with_name(f"{path.stem}.lock")
        self.lock_wait_s = lock_wait_s
        self.notice: str | None = None
        self._listeners: list[Callable[[], object]] = []
        self._records: list[Record] = []
        self._by_id: dict[str, Record] = {}
        self._seen: object = None  # the records table the view was built from
        self._revision = 0
        self._storage = _in_memory()
        self._table = self._new_table()
        if path is not None:
            ensure_private_dir(path.parent)
            self._open(path, path.with_name(f"{path.stem}.lock"), now or datetime.now().astimezone())

    def _open(self, path: Path, lock_path: Path, now: datetime) -> None:
        self._use(AtomicJSONStorage(path))
        try:
            self._view()
        except HistoryError as exc:
            self._storage.close()
            moved = self._set_aside(path, lock_path, now)
            if moved is None:
                self.notice = (
                    f"Your practice log could not be read ({exc}) and could not be moved aside. "
                    "It has been left as it is; new sessions are kept in memory until this is fixed."
                )
                self._use(_in_memory())
                return
            self.notice = (
                f"Your practice log could not be read ({exc}). It was kept, untouched, as {moved.name}, "
                "and a fresh log was started."
            )
            self._use(AtomicJSONStorage(path))
        self._clear_stale_temp_files(path, lock_path)

    def _use(self, storage: Storage) -> None:
        self._storage = storage
        self._seen = None
        self._records, self._by_id = [], {}

    def _set_aside(self, path: Path, lock_path: Path, now: datetime) -> Path | None:
        try:
            with writer_lock(lock_path, self.lock_wait_s):
                return set_aside(path, now)
        except HistoryError:
            return set_aside(path, now)  # no lock to be had (read-only folder): try anyway

    def _clear_stale_temp_files(self, path: Path, lock_path: Path) -> None:
        """Temp files left by a writer that was killed mid-write (only ever made under the lock)."""
        leftovers = list(path.parent.glob(f".{path.name}.*.tmp"))
        if not leftovers:
            return
        with contextlib.suppress(HistoryError), writer_lock(lock_path, 0):
            for leftover in leftovers:
                with contextlib.suppress(OSError):
                    leftover.unlink()

    # -- reading --------------------------------------------------------------------------------
    def _rows(self) -> Mapping[str, dict[str, Any]]:
        tables = self._storage.read()
        return _NO_ROWS if tables is None else tables.get(TABLE, _NO_ROWS)

    def _view(self) -> list[Record]:
        rows = self._rows()
        if rows is not self._seen:  # changed by another process, or read for the first time
            records = records_from_rows(rows.values())
            by_id = dict(zip(map(attrgetter("id"), records), records, strict=True))
            if len(by_id) != len(records):
                raise HistoryError("two records share one id")
            self._records, self._by_id, self._seen = records, by_id, rows
            self._revision += 1
            # TinyDB's table remembers the next document id, which another writer may have used.
            self._table = self._new_table()
        return self._records

    def _new_table(self) -> Table:
        # No query cache: another process may change the file behind TinyDB's back.
        return Table(self._storage, TABLE, cache_size=0)

    @property
    def revision(self) -> int:
        """Changes whenever the records may have changed; cheap (one ``stat`` of the file)."""
        self._view()
        return self._revision

    def records(self) -> list[Record]:
        return list(self._view())

    def get(self, record_id: str) -> Record | None:
        self._view()
        return self._by_id.get(record_id)

    def count(self) -> int:
        return len(self._view())

    # -- listeners ----------------------------------------------------------------------------------
    def subscribe(self, listener: Callable[[], object]) -> Callable[[], None]:
        """Call ``listener()`` after every change this log writes; returns the way to stop.

        Called once per successful write (append, extend, merge, update, delete, restore), after
        the writer lock is released, never for a write that failed or changed nothing. Changes made
        by another process are not announced (nothing polls): they show in :attr:`revision`.
        """
        self._listeners.append(listener)

        def unsubscribe() -> None:
            with contextlib.suppress(ValueError):
                self._listeners.remove(listener)

        return unsubscribe

    def _announce(self) -> None:
        for listener in tuple(self._listeners):  # a listener may unsubscribe while we go
            listener()

    # -- writing ----------------------------------------------------------------------------------
    @contextlib.contextmanager
    def _writing(self) -> Iterator[None]:
        """Hold the writer lock (for a file) with the view up to date. The body writes through
        ``self._table`` and brings the view up to date itself; the table it leaves is then known."""
        if isinstance(self._storage, AtomicJSONStorage):
            assert self.lock_path is not None
            try:
                # The folder may have been removed while Kindly ran (a clean-up of the home folder):
                # make it again, private, so the lock and the session that just ended have a home.
                ensure_private_dir(self._storage.path.parent)
            except OSError as exc:
                raise HistoryError(f"could not save the practice log ({exc.strerror or exc})") from exc
            lock: contextlib.AbstractContextManager[None] = writer_lock(self.lock_path, self.lock_wait_s)
        else:
            lock = contextlib.nullcontext()
        with lock:
            self._view()
            yield
            rows = self._rows()
            if rows is not self._seen:  # written (the view was brought up to date by the body)
                self._seen = rows
                self._revision += 1

    def append(self, record: Record) -> None:
        """Add ``record``; it is on disk when this returns."""
        row = self._checked_row(record)
        with self._writing():
            if record.id in self._by_id:
                raise HistoryError("that session is already in your log")
            self._table.insert(row)
            self._records.append(record)
            self._by_id[record.id] = record
        self._announce()

    def extend(self, records: Iterable[Record]) -> None:
        """Add several records in one write; ids already in the log (or twice in ``records``) are
        an error, and then nothing is written."""
        added = list(records)
        if len({r.id for r in added}) != len(added) or self._add(added, refuse_known=True) != len(added):
            raise HistoryError("some of those sessions are already in your log")

    def merge(self, records: Iterable[Record]) -> int:
        """Add the records whose ids are not in the log yet, in one write; returns how many."""
        return self._add(records, refuse_known=False)

    def _add(self, records: Iterable[Record], *, refuse_known: bool) -> int:
        rows = [(r, self._checked_row(r)) for r in records]
        with self._writing():
            seen = set(self._by_id)
            fresh: list[tuple[Record, dict[str, Any]]] = []
            for record, row in rows:
                if record.id in seen:
                    if refuse_known:
                        return 0
                    continue
                seen.add(record.id)
                fresh.append((record, row))
            if not fresh:
                return 0
            self._table.insert_multiple(row for _record, row in fresh)
            for record, _row in fresh:
                self._records.append(record)
                self._by_id[record.id] = record
        self._announce()
        return len(fresh)

    def update(self, record_id: str, **changes: Any) -> Record:
        """Change some fields (``note``, ``mood_before``, …) of one record; returns the new record."""
        unknown = set(changes) - EDITABLE
        if unknown:
            raise HistoryError(f"{', '.join(sorted(unknown))} cannot be changed")
        with self._writing():
            old = self._known(record_id)
            new = replace(old, **changes)
            row = self._checked_row(new)
            detach(old)  # whoever holds the old record keeps it as it was
            self._table.update(_replaced_by(row), where("id") == record_id)
            self._records[self._records.index(old)] = new
            self._by_id[record_id] = new
        self._announce()
        return new

    def delete(self, record_id: str) -> Record:
        """Remove one record and return it (keep it to :meth:`restore` it: undo)."""
        with self._writing():
            old = self._known(record_id)
            self._table.remove(where("id") == record_id)
            self._records.remove(old)
            del self._by_id[record_id]
        self._announce()
        return old

    def restore(self, record: Record) -> None:
        """Put back a deleted record (it joins the end of the log); nothing happens if it is there."""
        self.merge([record])

    def close(self) -> None:
        self._storage.close()

    def _known(self, record_id: str) -> Record:
        record = self._by_id.get(record_id)
        if record is None:
            raise HistoryError("that session is no longer in your log")
        return record

    @staticmethod
    def _checked_row(record: Record) -> dict[str, Any]:
        row = record.to_dict()
        try:
            record_from_row(row)
        except HistoryError as exc:
            raise HistoryError(f"that session cannot be saved: {exc}") from None
        return row


def _replaced_by(row: Mapping[str, Any]) -> Callable[[MutableMapping[str, Any]], None]:
    """A TinyDB update that makes a document exactly ``row`` (no field of the old one left over)."""

    def transform(document: MutableMapping[str, Any]) -> None:
        document.clear()
        document.update(row)

    return transform


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
