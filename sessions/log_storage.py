"""Where the practice log lives on disk: a TinyDB storage written atomically, and its writer lock.

:class:`AtomicJSONStorage` is a TinyDB ``Storage``: the log reads and writes its documents through
TinyDB's ``Table``, and this class only decides how the tables reach the disk.

* **Atomic writes.** Every change writes a whole new file beside the old one with
  :func:`sessions.atomic.write_atomic` (temp file, fsync, ``os.replace``, fsync of the folder),
  created 0600 in a 0700 folder. A crash leaves the old file or the new one, never half of either.
* **One writer at a time.** :func:`writer_lock` is the advisory lock of :mod:`sessions.file_lock`
  on ``history.lock`` beside the log (0600), taken *per write*, not for the log's lifetime, so
  ``main.py log …`` can add a practice while the app is open; a writer that finds the lock busy
  waits up to ``wait_s`` (2 s: a write takes milliseconds) and then raises :class:`HistoryError`.
  The lock file is removed on release, so the folder normally holds only ``history.json``.
* **A cache that notices other writers.** TinyDB's storage interface reads the whole file on
  every access; :class:`AtomicJSONStorage` keeps the last data it read or wrote and re-reads only
  when the file's identity (device, inode, size, mtime) changed. It keeps the file it knows open,
  so the kernel cannot hand that inode number to a new file and fool the check.
* **Fast appends.** When a write only adds rows at the end of the records table, they are
  spliced into the bytes last written instead of re-encoding every record (at 20 000 records
  ``json.dumps`` alone takes ~60–80 ms), so one durable append costs about one write + fsync.
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
from collections.abc import Iterator
from itertools import islice, repeat
from operator import eq, is_
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from sessions.atomic import write_atomic
from sessions.file_lock import LockBusyError, file_lock
from sessions.records import SCHEMA, HistoryError, migrate_row

TABLE = "sessions"
META = "meta"
#: How long a writer waits for another Kindly process to finish its write.
LOCK_WAIT_S = 2.0

Tables = dict[str, dict[str, dict[str, Any]]]
_DOC_ID = re.compile(r"[0-9]{1,18}")
_JSON_SPACE = b" \t\r\n"
_CLOSE_BRACE = ord("}")

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


class AtomicJSONStorage(Storage):
    """TinyDB storage that never leaves a half-written file, and reads the disk only when it changed.

    ``read()`` returns the cached tables while the file is the one last read or written (same
    device, inode, size and mtime), in a new outer dict each time (TinyDB's ``Table`` sets its
    table in it before it writes). The tables inside are shared with the cache: only TinyDB's own
    read-modify-write may change them, and it always writes them back (a failed write drops the
    cache, so the disk is the truth again).
    """

    def __init__(self, path: Path) -> None:
        self.path = path
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
        data = self._data if stamp == self._stamp else self._read_fresh()
        return None if data is None else dict(data)

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
        raw = self._spliced(tables)
        if raw is None:
            raw = _encode(tables)
        try:
            fd = write_atomic(self.path, raw, keep_open=True)
            st = os.fstat(fd)
        except OSError as exc:
            self.forget()  # the disk, not our idea of it, is the truth now
            raise HistoryError(f"could not save the practice log ({exc.strerror or exc})") from exc
        except BaseException:
            self.forget()
            raise
        self._hold(fd, _stamp_of(st), raw, tables)

    def _spliced(self, tables: Tables) -> bytes | None:
        """The new file as the bytes last read or written plus the rows added at the end of the
        records table, when that is all that changed (an append); None otherwise.

        At 20 000 records ``json.dumps`` of the whole log takes ~60–80 ms; the splice encodes only
        the new rows, so one durable append costs about one write + fsync. TinyDB hands over the
        rows it did not touch as the very objects it read, which is how they are recognised.
        """
        old, raw = self._data, self._raw
        if old is None or raw is None or list(old) != list(tables):
            return None  # also: the records table is not last in the file, or a table came or went
        if any(tables[name] != old[name] for name in tables if name != TABLE):
            return None
        before, after = old[TABLE], tables[TABLE]
        kept = len(before)
        if not before or len(after) <= kept or list(islice(after, kept)) != list(before):
            return None
        if not all(map(is_, before.values(), islice(after.values(), kept))):
            return None
        # The file is a JSON object whose last member is the records table, itself a non-empty
        # object; its last two closing braces close that table and the file. Insert before them,
        # found by index: each slice of a 7 MB log would be a copy (~2 ms each at 20 000 records).
        end = _before_brace(raw, len(raw))
        end = _before_brace(raw, end) if end else 0
        if not end:
            return None
        new_rows = islice(after.items(), kept, None)
        added = b"".join(b",%s:%s" % (_encode(key), _encode(row)) for key, row in new_rows)
        return b"".join((memoryview(raw)[:end], added, b"}}"))

    def close(self) -> None:
        self.forget()


def _before_brace(raw: bytes, end: int) -> int:
    """Where the ``}`` that ends ``raw[:end]`` (after any JSON white space) starts; 0 if none does."""
    while end and raw[end - 1] in _JSON_SPACE:
        end -= 1
    return end - 1 if end and raw[end - 1] == _CLOSE_BRACE else 0


# -- the writer lock ---------------------------------------------------------------------------


@contextlib.contextmanager
def writer_lock(lock_path: Path, wait_s: float = LOCK_WAIT_S) -> Iterator[None]:
    """Hold the log's writer lock (:func:`sessions.file_lock.file_lock`, tidied on release);
    :class:`HistoryError` if another writer keeps it past ``wait_s`` or it cannot be made."""
    with contextlib.ExitStack() as held:
        try:
            held.enter_context(file_lock(lock_path, wait_s, remove=True))
        except LockBusyError:
            raise HistoryError(
                "Kindly is already running and saving to your practice log; please try again in a moment"
            ) from None
        except OSError as exc:
            raise HistoryError(f"could not save the practice log ({exc.strerror or exc})") from exc
        yield
