"""The practice log: one record per session, in a TinyDB file written atomically and kept private.

How it stays safe (DESIGN §6 ▶):

* **Atomic writes.** Every change writes a whole new file beside the old one (temp file, flush,
  fsync, ``os.replace``, fsync of the folder), created 0600 in a 0700 folder. A crash leaves the
  old file or the new one, never half of either.
* **One writer at a time.** Each change is a read-modify-write made while holding an advisory
  ``fcntl.flock`` on ``history.lock`` beside the log (0600). The lock is taken *per write*, not
  for the log's lifetime, so ``main.py log …`` can add a practice while the app is open; a writer
  that finds the lock busy waits up to ``lock_wait_s`` (2 s: a write takes milliseconds) and then
  raises :class:`HistoryError`. Under the lock the log re-reads the file if another process changed
  it, so two writers never lose each other's records. The lock file is removed on release (an
  inode check makes that race-free), so the folder normally holds only ``history.json``.
* **A cache that notices other writers.** TinyDB's storage interface reads the whole file on
  every access; :class:`AtomicJSONStorage` keeps the last data it read or wrote and re-reads only
  when the file's identity (device, inode, size, mtime) changed. It keeps the file it knows open,
  so the kernel cannot hand that inode number to a new file and fool the check.
* **Fast appends.** An append splices the new row into the bytes last written instead of
  re-encoding every record (at 20 000 records ``json.dumps`` alone takes ~60–80 ms), so one durable
  append costs about one write + fsync.
* **Schema.** The file carries ``{"meta": {"1": {"schema": N}}}`` and every record its own
  ``schema``. Older records are upgraded on read by :func:`migrate_row` (v0: the early shape without
  ``mood_*``, ``note`` and ``schema``); the file on disk is rewritten in the new shape only with the
  next change. A file or record from a *newer* Kindly is treated as unreadable.
* **Damage is set aside.** A file that cannot be read is renamed ``history.corrupt-<time>.json``
  (never overwritten or deleted), ``notice`` says so once, and a fresh log is started.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import re
import stat
import tempfile
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, fields, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Protocol, cast

from tinydb import TinyDB
from tinydb.storages import Storage

from sessions.atomic import FILE_MODE, ensure_private_dir, fsync_dir, set_aside

try:  # POSIX only; elsewhere writes are still atomic, just not serialised between processes.
    import fcntl

    HAVE_FLOCK = True
except ImportError:  # pragma: no cover - Windows
    HAVE_FLOCK = False

SCHEMA = 1
TABLE = "sessions"
META = "meta"
#: Sessions stopped early are kept once this much was practised (DESIGN §6).
MIN_KEEP_S = 60.0
#: How long a writer waits for another Kindly process to finish its write.
LOCK_WAIT_S = 2.0
MOOD_MIN, MOOD_MAX = 1, 5

Tables = dict[str, dict[str, dict[str, Any]]]


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
        mood_before: int | None = None,
        mood_after: int | None = None,
        note: str = "",
    ) -> Record:
        return Record(
            id=uuid.uuid4().hex,
            started_at=started_at.isoformat(timespec="seconds"),
            ended_at=ended_at.isoformat(timespec="seconds"),
            session_id=session_id,
            title=title,
            kind=kind,
            pattern=pattern,
            planned_seconds=None if planned_seconds is None else round(float(planned_seconds), 3),
            practiced_seconds=round(float(practiced_seconds), 3),
            completed=completed,
            mood_before=mood_before,
            mood_after=mood_after,
            note=note,
        )

    @staticmethod
    def logged(
        *,
        session_id: str,
        title: str,
        kind: str,
        started_at: datetime,
        minutes: float,
        note: str = "",
        pattern: str | None = None,
    ) -> Record:
        """A practice done elsewhere (``main.py log``, "Add practice…"): complete, as long as planned."""
        if started_at.utcoffset() is None:
            raise HistoryError("the start time needs a UTC offset (for example 2026-03-01T07:30+01:00)")
        if not (isinstance(minutes, int | float) and math.isfinite(minutes) and minutes > 0):
            raise HistoryError("minutes must be a number more than 0")
        seconds = float(minutes) * 60.0
        return Record.new(
            started_at=started_at,
            ended_at=started_at + timedelta(seconds=seconds),
            session_id=session_id,
            title=title,
            kind=kind,
            pattern=pattern,
            planned_seconds=seconds,
            practiced_seconds=seconds,
            completed=True,
            note=note,
        )

    @staticmethod
    def from_dict(data: Mapping[str, Any]) -> Record:
        """A checked record from a stored row (older schemas upgraded first)."""
        return record_from_row(migrate_row(data))

    def to_dict(self) -> dict[str, Any]:
        """The stored row: the contract fields, in contract order."""
        return {name: getattr(self, name) for name in FIELD_NAMES}


FIELD_NAMES: tuple[str, ...] = tuple(f.name for f in fields(Record))
#: What :meth:`HistoryLog.update` may change; ``id`` and ``schema`` belong to the log.
EDITABLE = frozenset(FIELD_NAMES) - {"id", "schema"}


def worth_keeping(practiced_s: float, completed: bool) -> bool:
    return completed or practiced_s >= MIN_KEEP_S


# -- schema ------------------------------------------------------------------------------------


def _v0_to_v1(row: dict[str, Any]) -> dict[str, Any]:
    """v0, the early log: no moods, no note, no schema; title, kind and pattern could be missing."""
    session_id = row.get("session_id", "")
    upgraded = {
        "title": session_id,
        "kind": session_id,
        "pattern": None,
        "planned_seconds": None,
        "completed": True,
        "mood_before": None,
        "mood_after": None,
        "note": "",
    }
    upgraded.update(row)
    upgraded["schema"] = 1
    return upgraded


#: ``MIGRATIONS[n]`` turns a schema-``n`` row into a schema-``n+1`` row.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {0: _v0_to_v1}


def row_schema(row: Mapping[str, Any]) -> int:
    """The schema a stored row was written with (0 when it has none: the v0 shape)."""
    schema = row.get("schema", 0)
    if not isinstance(schema, int) or isinstance(schema, bool) or schema < 0:
        raise HistoryError(f"a record has a schema that makes no sense ({schema!r})")
    if schema > SCHEMA:
        raise HistoryError(f"it was written by a newer Kindly (schema {schema})")
    return schema


def migrate_row(row: Mapping[str, Any]) -> dict[str, Any]:
    """``row`` upgraded, step by step, to the current :data:`SCHEMA` (the input is not changed)."""
    upgraded = dict(row)
    schema = row_schema(upgraded)
    while schema < SCHEMA:
        upgraded = MIGRATIONS[schema](upgraded)
        schema = upgraded["schema"]
    return upgraded


def migrate(tables: Tables) -> bool:
    """Upgrade every older row of ``tables`` in place; True when anything changed."""
    changed = False
    table = tables.get(TABLE, {})
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


# -- checking ----------------------------------------------------------------------------------


def _is_number(value: object) -> bool:
    if not isinstance(value, int | float) or isinstance(value, bool):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:  # an int too big for a float (JSON allows any number of digits)
        return False


def _check_time(value: object, name: str) -> str:
    if not isinstance(value, str):
        raise HistoryError(f"{name} is not a date and time")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise HistoryError(f"{name} '{value[:40]}' is not an ISO 8601 date and time") from None
    if moment.utcoffset() is None:
        raise HistoryError(f"{name} '{value[:40]}' has no UTC offset")
    return value


def _check_mood(value: object, name: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not MOOD_MIN <= value <= MOOD_MAX:
        raise HistoryError(f"{name} must be 1 to 5 or empty, not {value!r}")
    return value


def _check_text(value: object, name: str, *, required: bool = False) -> str:
    if not isinstance(value, str):
        raise HistoryError(f"{name} must be text")
    if required and not value:
        raise HistoryError(f"{name} is empty")
    return value


def _check_seconds(value: object, name: str, *, optional: bool = False) -> float | None:
    if value is None and optional:
        return None
    if not _is_number(value) or value < 0:  # type: ignore[operator]
        raise HistoryError(f"{name} must be a number of seconds, not {value!r}")
    return float(value)  # type: ignore[arg-type]


def record_from_row(row: Mapping[str, Any]) -> Record:
    """A :class:`Record` from a current-schema row, every field checked; :class:`HistoryError` if not."""
    record = _fast_record(row)
    return record if record is not None else _checked_record(row)


def _fast_record(row: Mapping[str, Any]) -> Record | None:
    """The common case of a well-formed row, checked in one expression; None means "look closer"."""
    try:
        rid, started, ended, sid = row["id"], row["started_at"], row["ended_at"], row["session_id"]
        title, kind, pattern = row["title"], row["kind"], row["pattern"]
        planned, practiced, completed = row["planned_seconds"], row["practiced_seconds"], row["completed"]
        before, after, note, schema = row["mood_before"], row["mood_after"], row["note"], row["schema"]
    except KeyError:
        return None
    ok = (
        type(rid) is str and rid != "" and type(sid) is str and sid != ""
        and type(started) is str and type(ended) is str and type(title) is str and type(kind) is str
        and (pattern is None or (type(pattern) is str and pattern != ""))
        and type(practiced) is float and 0.0 <= practiced < math.inf
        and (planned is None or (type(planned) is float and 0.0 <= planned < math.inf))
        and type(completed) is bool and type(note) is str and schema == SCHEMA and type(schema) is int
        and (before is None or (type(before) is int and MOOD_MIN <= before <= MOOD_MAX))
        and (after is None or (type(after) is int and MOOD_MIN <= after <= MOOD_MAX))
        and len(row) == len(FIELD_NAMES)
    )  # fmt: skip
    if not ok:
        return None
    try:
        if datetime.fromisoformat(started).utcoffset() is None:
            return None
        if datetime.fromisoformat(ended).utcoffset() is None:
            return None
    except ValueError:
        return None
    # Built without the frozen dataclass __init__ (several times slower per record): every value is
    # checked above, and the field set is exactly the dataclass's.
    record = object.__new__(Record)
    record.__dict__.update(row)
    return record


def _checked_record(row: Mapping[str, Any]) -> Record:
    """The careful path: says which field is wrong, and normalises ints to floats, "" patterns to None."""
    missing = [name for name in ("id", "started_at", "ended_at", "session_id", "practiced_seconds")
               if name not in row]  # fmt: skip
    if missing:
        raise HistoryError(f"a record is missing {', '.join(missing)}")
    # Text fields a hand-made current-schema row left out read as empty; everything else must be there.
    values = {"title": "", "kind": "", "note": "", **{k: v for k, v in row.items() if k in FIELD_NAMES}}
    values = {name: values.get(name) for name in FIELD_NAMES}
    try:
        pattern = values["pattern"]
        if pattern is not None:
            pattern = _check_text(pattern, "pattern") or None
        completed = values["completed"]
        if not isinstance(completed, bool):
            raise HistoryError(f"completed must be true or false, not {completed!r}")
        schema = values["schema"]
        if schema != SCHEMA or isinstance(schema, bool):
            raise HistoryError(f"schema must be {SCHEMA}, not {schema!r}")
        return Record(
            id=_check_text(values["id"], "id", required=True),
            started_at=_check_time(values["started_at"], "started_at"),
            ended_at=_check_time(values["ended_at"], "ended_at"),
            session_id=_check_text(values["session_id"], "session_id", required=True),
            title=_check_text(values["title"], "title"),
            kind=_check_text(values["kind"], "kind"),
            pattern=pattern,
            planned_seconds=_check_seconds(values["planned_seconds"], "planned_seconds", optional=True),
            practiced_seconds=_check_seconds(values["practiced_seconds"], "practiced_seconds") or 0.0,
            completed=completed,
            mood_before=_check_mood(values["mood_before"], "mood_before"),
            mood_after=_check_mood(values["mood_after"], "mood_after"),
            note=_check_text(values["note"], "note"),
            schema=SCHEMA,
        )
    except HistoryError as exc:
        shown = row.get("id")
        raise HistoryError(f"record {shown!r}: {exc}" if isinstance(shown, str) else str(exc)) from None


def _check_shape(data: object, name: str) -> Tables:
    if not isinstance(data, dict):
        raise HistoryError(f"{name} does not hold a practice log")
    for table in data.values():
        if not isinstance(table, dict) or not all(isinstance(r, dict) for r in table.values()):
            raise HistoryError(f"{name} does not hold a practice log")
    # TinyDB's document ids are whole numbers; the next one is computed from them, so a key like
    # "x" (a hand edit) would make every later write fail. Such a file is damage, set aside on open.
    if not all(_DOC_ID.fullmatch(key) for key in data.get(TABLE, {})):
        raise HistoryError(f"{name} has a record under an id that is not a number")
    return data


# -- storage -----------------------------------------------------------------------------------

_DOC_ID = re.compile(r"[0-9]{1,18}")

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


class _LogStorage(Protocol):
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


class _MemoryStorage(Storage):
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


# -- the log -----------------------------------------------------------------------------------


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
        self._db = self._open(now or datetime.now().astimezone())

    @property
    def _storage(self) -> _LogStorage:
        return cast(_LogStorage, self._db.storage)

    def _open(self, now: datetime) -> TinyDB:
        db = TinyDB(storage=AtomicJSONStorage, path=self.path)
        self._view_generation = -1
        try:
            self._view(cast(_LogStorage, db.storage))
        except HistoryError as exc:
            db.close()
            moved = self._set_aside(now)
            if moved is None:
                self.notice = (
                    f"Your practice log could not be read ({exc}) and could not be moved aside. "
                    "It has been left as it is; new sessions are kept in memory until this is fixed."
                )
                self._records, self._index, self._by_id, self._view_generation = [], {}, {}, -1
                return TinyDB(storage=_MemoryStorage)
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
    def _view(self, storage: _LogStorage | None = None) -> list[Record]:
        storage = storage or self._storage
        data = storage.read()
        if storage.generation != self._view_generation:
            table = (data or {}).get(TABLE, {})
            records = [record_from_row(row) for row in table.values()]
            self._index = {record.id: doc_id for record, doc_id in zip(records, table, strict=True)}
            if len(self._index) != len(records):
                raise HistoryError("two records share one id")
            self._records = records
            self._by_id = {record.id: record for record in records}
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
    def _writing(self) -> Iterator[_LogStorage]:
        storage = self._storage
        if isinstance(storage, _MemoryStorage):
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
