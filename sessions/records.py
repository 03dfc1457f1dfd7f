"""A practice record: its type, the schema its stored rows went through, and the checks a row passes.

* **Schema.** Every stored row carries its own ``schema``. Older rows are upgraded on read by
  :func:`migrate_row` (v0: the early shape without ``mood_*``, ``note`` and ``schema``); a row from a
  *newer* Kindly is unreadable.
* **Checks.** :func:`record_from_row` turns a current-schema row into a :class:`Record`, checking
  every field, or raises :class:`HistoryError` saying which field of which record is wrong. A
  well-formed row (the usual case) is recognised in one expression; anything else takes the
  careful path, which names the field. :func:`records_from_rows` does the same for a whole log.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, fields
from datetime import datetime, timedelta
from operator import itemgetter
from typing import Any

SCHEMA = 1
#: Sessions stopped early are kept once this much was practised (DESIGN §6).
MIN_KEEP_S = 60.0
MOOD_MIN, MOOD_MAX = 1, 5


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
        import uuid  # here, not at the top: `main.py stats` reads records and never makes one

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


# -- checking ----------------------------------------------------------------------------------

_FIELD_COUNT = len(FIELD_NAMES)
_ROW_VALUES = itemgetter(*FIELD_NAMES)
_INF = math.inf


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
    if not _well_formed(row):
        return _checked_record(row)
    # Built without the frozen dataclass __init__ (several times slower per record): every value is
    # checked, and the field set is exactly the dataclass's.
    record = object.__new__(Record)
    record.__dict__.update(row)
    return record


def records_from_rows(rows: Iterable[dict[str, Any]]) -> list[Record]:
    """``[record_from_row(row) for row in rows]``, without copying the rows.

    Each well-formed row *becomes* its record's ``__dict__`` (copying 20 000 rows takes 5-10 ms).
    The caller hands the rows over and never changes them in place afterwards, or first calls
    :func:`detach` on the record made from a row it is about to change: records are frozen.
    """
    records: list[Record] = []
    append = records.append
    for row in rows:
        if type(row) is dict and _well_formed(row):
            record = object.__new__(Record)
            object.__setattr__(record, "__dict__", row)
            append(record)
        else:
            append(record_from_row(row))
    return records


def detach(record: Record) -> None:
    """Give ``record`` its own copy of its fields, before the row :func:`records_from_rows` made it
    from is changed in place (TinyDB's ``Table.update`` changes the stored document itself)."""
    object.__setattr__(record, "__dict__", dict(record.__dict__))


def _well_formed(row: Mapping[str, Any]) -> bool:
    """The common case of a well-formed row, checked in one expression; False means "look closer"."""
    try:
        # Unpacked in FIELD_NAMES order (a contract, DESIGN §6): one C call instead of 14 lookups.
        (rid, started, ended, sid, title, kind, pattern,
         planned, practiced, completed, before, after, note, schema) = _ROW_VALUES(row)  # fmt: skip
    except KeyError:
        return False
    ok = (
        type(rid) is str and rid != "" and type(sid) is str and sid != ""
        and type(started) is str and type(ended) is str and type(title) is str and type(kind) is str
        and (pattern is None or (type(pattern) is str and pattern != ""))
        and type(practiced) is float and 0.0 <= practiced < _INF
        and (planned is None or (type(planned) is float and 0.0 <= planned < _INF))
        and type(completed) is bool and type(note) is str and schema == SCHEMA and type(schema) is int
        and (before is None or (type(before) is int and MOOD_MIN <= before <= MOOD_MAX))
        and (after is None or (type(after) is int and MOOD_MIN <= after <= MOOD_MAX))
        and len(row) == _FIELD_COUNT
    )  # fmt: skip
    if not ok:
        return False
    try:
        # fromisoformat gives a fixed-offset timezone or none: ``tzinfo is None`` is exactly
        # ``utcoffset() is None``, without making a timedelta for each of 40 000 timestamps.
        return (
            datetime.fromisoformat(started).tzinfo is not None
            and datetime.fromisoformat(ended).tzinfo is not None
        )
    except ValueError:
        return False


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
