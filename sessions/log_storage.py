"""Where the practice log lives on disk: a TinyDB JSON file written atomically, and its writer lock.

* **Atomic writes.** Every change writes a whole new file beside the old one (temp file, flush,
  fsync, ``os.replace``, fsync of the folder), created 0600 in a 0700 folder. A crash leaves the
  old file or the new one, never half of either.
* **One writer at a time.** :func:`writer_lock` is an advisory ``fcntl.flock`` on ``history.lock``
  beside the log (0600), taken *per write*, not for the log's lifetime, so ``main.py log …`` can add
  a practice while the app is open; a writer that finds the lock busy waits up to ``wait_s`` (2 s: a
  write takes milliseconds) and then raises :class:`HistoryError`. The lock file is removed on
  release (an inode check makes that race-free), so the folder normally holds only ``history.json``.
* **A cache that notices other writers.** TinyDB's storage interface reads the whole file on
  every access; :class:`AtomicJSONStorage` keeps the last data it read or wrote and re-reads only
  when the file's identity (device, inode, size, mtime) changed. It keeps the file it knows open,
  so the kernel cannot hand that inode number to a new file and fool the check.
* **Fast appends.** An append splices the new row into the bytes last written instead of
  re-encoding every record (at 20 000 records ``json.dumps`` alone takes ~60–80 ms), so one durable
  append costs about one write + fsync.
* **Schema.** The file carries ``{"meta": {"1": {"schema": N}}}``; :func:`migrate` upgrades older
  rows as they are read, and the file on disk is rewritten in the new shape only with the next
  change. A file from a *newer* Kindly is treated as unreadable.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import stat
import time
from collections.abc import Iterator
from itertools import repeat
from operator import eq
from pathlib import Path
from typing import Any, Protocol

from tinydb.storages import Storage

from sessions.atomic import FILE_MODE, ensure_private_dir, fsync_dir
from sessions.records import SCHEMA, HistoryError, migrate_row

try:  # POSIX only; elsewhere writes are still atomic, just not serialised between processes.
    import fcntl

    HAVE_FLOCK = True
except ImportError:  # pragma: no cover - Windows
    HAVE_FLOCK = False

TABLE = "sessions"
META = "meta"
#: How long a writer waits for another Kindly process to finish its write.
LOCK_WAIT_S = 2.0

Tables = dict[str, dict[str, dict[str, Any]]]
_DOC_ID = re.compile(r"[0-9]{1,18}")

# -- the file's tables -------------------------------------------------------------------------


def migrate(tables: Tables) -> bool:
    """Upgrade every older row of ``tables`` in place; True when anything changed."""
    changed = False
    table = tables.get(TABLE, {})
    # Usually every row is current: one loop in C says so before a slower walk looks for old rows.
    if not all(map(eq, map(dict.get, table.values(), repeat("schema")), repeat(SCHEMA))):
        for doc_id, row in table.items():
            if row.get("schema") != SCHEMA:
                table[doc_id] = migrate_row(row)
                changed = True
    meta = tables.get(META)
    if meta is not None:
        for row in meta.values():
            schema = row.get("schema")
            if not isinstance(schema, int) or isinstance(schema, bool):
                raise HistoryError("its schema marker makes no sense")
            if schema > SCHEMA:
                raise HistoryError(f"it was written by a newer Kindly (schema {schema})")
    if meta != {"1": {"schema": SCHEMA}}:
        tables[META] = {"1": {"schema": SCHEMA}}
        changed = True
    return changed


def _check_shape(data: object, name: str) -> Tables:
    if not isinstance(data, dict):
        raise HistoryError(f"{name} does not hold a practice log")
    for table in data.values():
        if not isinstance(table, dict) or not all(map(isinstance, table.values(), repeat(dict))):
            raise HistoryError(f"{name} does not hold a practice log")
    # TinyDB's document ids are whole numbers; the next one is computed from them, so a key like
    # "x" (a hand edit) would make every later write fail. Such a file is damage, set aside on open.
    if not all(map(_DOC_ID.fullmatch, data.get(TABLE, {}))):
        raise HistoryError(f"{name} has a record under an id that is not a number")
    return data


# -- storage -----------------------------------------------------------------------------------

_Stamp = tuple[int, int, int, int]


def _stamp_of(st: os.stat_result) -> _Stamp:
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def _encode(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _ordered(tables: Tables) -> Tables:
    """The schema marker first and the records table last (so an append can be spliced in just
    before the closing braces)."""
    ordered: Tables = {META: {"1": {"schema": SCHEMA}}}
    ordered.update((name, table) for name, table in tables.items() if name not in (META, TABLE))
    ordered[TABLE] = tables.get(TABLE, {})
    return ordered


class LogStorage(Protocol):
    generation: int

    def read(self) -> Tables | None: ...

    def write(self, data: Tables) -> None: ...

    def append_row(self, row: dict[str, Any]) -> Tables: ...

    def close(self) -> None: ...


class AtomicJSONStorage(Storage):
    """TinyDB storage that never leaves a half-written file, and reads the disk only when it changed.

    ``read()`` returns the cached tables while the file is the one last read or written (same
    device, inode, size and mtime). Callers must not change what it returns in place: writes hand
    over new dicts (see :class:`HistoryLog`). ``generation`` counts every change of the cached data.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.generation = 0
        self._data: Tables | None = None
        self._raw: bytes | None = None
        self._stamp: _Stamp | None = None
        self._held: int | None = None

    # The file we know is held open, so its inode number cannot be reused by the next file.
    def _hold(self, fd: int | None, stamp: _Stamp | None, raw: bytes | None, data: Tables | None) -> None:
        if self._held is not None:
            with contextlib.suppress(OSError):
                os.close(self._held)
        self._held, self._stamp, self._raw, self._data = fd, stamp, raw, data
        self.generation += 1

    def forget(self) -> None:
        """Drop the cache (and the held file), so the next read comes from the disk."""
        self._hold(None, None, None, None)

    def read(self) -> Tables | None:
        try:
            stamp = _stamp_of(self.path.stat())
        except FileNotFoundError:
            if self._stamp is not None or self._data is not None:
                self.forget()
            return None
        except OSError as exc:
            raise HistoryError(f"cannot read {self.path.name}: {exc.strerror or exc}") from exc
        if stamp == self._stamp:
            return self._data
        return self._read_fresh()

    def _read_fresh(self) -> Tables | None:
        name = self.path.name
        try:
            fd = os.open(self.path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        except FileNotFoundError:
            self.forget()
            return None
        except OSError as exc:
            raise HistoryError(f"cannot read {name}: {exc.strerror or exc}") from exc
        try:
            st = os.fstat(fd)
            if stat.S_ISDIR(st.st_mode):
                raise HistoryError(f"{name} is a folder, not a practice log")
            with open(fd, "rb", closefd=False) as handle:
                raw = handle.read()
        except HistoryError:
            os.close(fd)
            raise
        except OSError as exc:
            os.close(fd)
            raise HistoryError(f"cannot read {name}: {exc.strerror or exc}") from exc
        if not raw.strip():
            self._hold(fd, _stamp_of(st), None, None)
            return None
        kept: bytes | None = raw
        try:
            data = _check_shape(json.loads(raw), name)
            if migrate(data):
                kept = None  # what is cached is no longer what is on disk: re-encode on the next write
        except (ValueError, UnicodeDecodeError, RecursionError) as exc:
            # RecursionError: lists nested deeper than Python's parser goes are damage too.
            os.close(fd)
            raise HistoryError(f"{name} is not readable JSON") from exc
        except HistoryError:
            os.close(fd)
            raise
        self._hold(fd, _stamp_of(st), kept, data)
        return data

    def write(self, data: Tables) -> None:
        tables = _ordered(data)
        self._write_raw(_encode(tables), tables)

    def append_row(self, row: dict[str, Any]) -> Tables:
        """Add ``row`` under the next id; returns the new tables. Splices bytes when it safely can."""
        tables = self.read() or {}
        table = tables.get(TABLE, {})
        doc_id = str(max(map(int, table), default=0) + 1)
        new_tables = dict(tables)
        new_tables[TABLE] = {**table, doc_id: row}
        raw = self._raw
        if raw is not None and table and next(reversed(tables)) == TABLE:
            # The file is a JSON object whose last member is the records table, itself a non-empty
            # object; its last two closing braces close that table and the file. Insert before them.
            body = raw.rstrip()
            if body.endswith(b"}"):
                body = body[:-1].rstrip()
                if body.endswith(b"}"):
                    spliced = b"%s,%s:%s}}" % (body[:-1], _encode(doc_id), _encode(row))
                    self._write_raw(spliced, new_tables)
                    return new_tables
        self.write(new_tables)
        return new_tables

    def _write_raw(self, raw: bytes, data: Tables) -> None:
        import tempfile  # here, not at the top: reading the log (all `main.py stats` does) never writes

        folder = self.path.parent
        try:
            ensure_private_dir(folder)
            fd, tmp_name = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=folder)
        except OSError as exc:
            self.forget()
            raise HistoryError(f"could not save the practice log ({exc.strerror or exc})") from exc
        try:
            os.fchmod(fd, FILE_MODE)
            view = memoryview(raw)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
            os.replace(tmp_name, self.path)
            st = os.fstat(fd)
        except BaseException as exc:
            os.close(fd)
            with contextlib.suppress(OSError):
                Path(tmp_name).unlink()
            self.forget()  # the disk, not our idea of it, is the truth now
            if isinstance(exc, OSError):
                raise HistoryError(f"could not save the practice log ({exc.strerror or exc})") from exc
            raise
        fsync_dir(folder)
        self._hold(fd, _stamp_of(st), raw, data)

    def close(self) -> None:
        self.forget()


class MemoryStorage(Storage):
    """Where records go when the damaged log could not even be moved aside."""

    def __init__(self) -> None:
        self.generation = 0
        self._data: Tables | None = None

    def read(self) -> Tables | None:
        return self._data

    def write(self, data: Tables) -> None:
        self._data = data
        self.generation += 1

    def append_row(self, row: dict[str, Any]) -> Tables:
        tables = dict(self._data or {})
        table = tables.get(TABLE, {})
        tables[TABLE] = {**table, str(max(map(int, table), default=0) + 1): row}
        self.write(tables)
        return tables

    def close(self) -> None:
        pass


# -- the writer lock ---------------------------------------------------------------------------


@contextlib.contextmanager
def writer_lock(lock_path: Path, wait_s: float = LOCK_WAIT_S) -> Iterator[None]:
    """Hold the advisory lock beside the log; :class:`HistoryError` if another writer keeps it.

    The lock file is removed on release while still locked; whoever opened it meanwhile notices
    (its inode is no longer the one at ``lock_path``) and tries again, so no two holders overlap.
    """
    if not HAVE_FLOCK:  # pragma: no cover - Windows
        yield
        return
    deadline = time.monotonic() + wait_s
    while True:
        try:
            fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), FILE_MODE)
        except OSError as exc:
            raise HistoryError(f"could not save the practice log ({exc.strerror or exc})") from exc
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            if time.monotonic() >= deadline:
                raise HistoryError(
                    "Kindly is already running and saving to your practice log; please try again in a moment"
                ) from None
            # The only wait in the core: bounded, and only while another process is mid-write.
            time.sleep(0.005)
            continue
        try:
            same = lock_path.stat().st_ino == os.fstat(fd).st_ino
        except FileNotFoundError:
            same = False
        except OSError as exc:
            os.close(fd)
            raise HistoryError(f"could not save the practice log ({exc.strerror or exc})") from exc
        if same:
            break
        os.close(fd)
    try:
        with contextlib.suppress(OSError):
            os.fchmod(fd, FILE_MODE)
        yield
    finally:
        with contextlib.suppress(OSError):
            lock_path.unlink()
        os.close(fd)
