"""Import, planned before anything is written: what a file would add, what is there, what can't be read.

Kindly reads three shapes of file (issue 14 #13):

* **Kindly's own export** (CSV or JSON, with ``id``): merged by id, as DESIGN §6 promises.
* **A Kindly CSV whose ``id`` column was lost** (a spreadsheet dropped it): each row gets an id made
  from its content, and a row that matches a session already in the log is not added again.
* **A simple CSV** from another app or a spreadsheet: a date, a length and, if it has one, a title
  (and perhaps a kind or a note). Header names are read liberally (``Date``, ``Start time``,
  ``Duration``, ``Mins``, ``Session name``, …); see :data:`ALIASES`. Dates may be ISO 8601
  (``2026-03-01``, ``2026-03-01 07:30``, with or without an offset), numbers with slashes or dots
  (``01/03/2026``: day first unless the file shows it is month first), or with a month's name
  (``1 Mar 2026``, ``March 1, 2026``); a time may follow (``07:30``, ``7:30 pm``) or sit in its own
  column. Times without an offset are this computer's local time; a date without a time is
  placed at midday. Lengths are minutes (``10``, ``10.5``, ``10 min``), ``h:mm:ss``, ``mm:ss``,
  or seconds in a column that says so.

The plan lists every row it can't read with its line and why; those rows are skipped and the rest
can be added. Nothing already in the log changes: an import only ever adds.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, tzinfo
from pathlib import Path

from sessions.exchange import (
    COLUMNS,
    ExchangeError,
    ImportResult,
    _checked,
    _row_from_cells,
    format_of,
    parse_json,
    read_text,
)
from sessions.history import HistoryError, HistoryLog, Record
from sessions.kinds import KIND_LABELS

#: Header names read as each column (compared lower-case, with spaces, ``_`` and ``-`` alike).
ALIASES: dict[str, tuple[str, ...]] = {
    "date": ("date", "day", "when", "started", "started at", "start", "start date", "start time",
             "date time", "datetime", "timestamp", "session date", "began", "begin", "time started"),
    "time": ("time", "time of day", "clock"),
    "minutes": ("minutes", "mins", "min", "duration", "duration minutes", "duration min",
                "length", "length minutes", "length min", "time minutes", "minutes practiced",
                "mindful minutes", "practice minutes", "total minutes"),
    "seconds": ("seconds", "secs", "duration seconds", "duration s", "length seconds",
                "practiced seconds"),
    "title": ("title", "name", "session", "session name", "session title", "activity",
              "meditation", "practice", "description", "track"),
    "kind": ("kind", "type", "category", "practice type"),
    "note": ("note", "notes", "comment", "comments", "journal", "reflection"),
}  # fmt: skip
#: Words in a title that tell the kind of practice, for files with no kind column.
KIND_WORDS = (
    ("body scan", "body-scan"), ("body-scan", "body-scan"), ("loving", "loving-kindness"),
    ("metta", "loving-kindness"), ("self-compassion", "self-compassion-break"),
    ("breath", "breathing"), ("walk", "walking"), ("yoga", "movement"), ("stretch", "movement"),
    ("journal", "writing"), ("writing", "writing"), ("sit", "timer"), ("silent", "timer"),
)  # fmt: skip
MAX_MINUTES = 24 * 60
MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
MONTHS = {name: number for number, name in enumerate(MONTH_NAMES, start=1)}

_NUMERIC_DATE = re.compile(r"^(\d{1,4})[./-](\d{1,2})[./-](\d{1,4})(?:[ T,]+(.+))?$")
_DAY_MONTH = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?[ -]([A-Za-z]{3,9})\.?,?[ -](\d{4})(?:[ T,]+(.+))?$")
_MONTH_DAY = re.compile(r"^([A-Za-z]{3,9})\.? (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})(?:[ T,]+(.+))?$")
_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?\s*([AaPp]\.?[Mm]\.?)?$")
_MINUTES = re.compile(r"^(\d+(?:[.,]\d+)?)\s*(m|min|mins|minutes?)?$", re.IGNORECASE)
_HOURS = re.compile(r"^(\d+)\s*h(?:ours?|rs?)?\s*(?:(\d+)\s*m(?:in|ins|inutes?)?)?$", re.IGNORECASE)
_CLOCK = re.compile(r"^(\d+):(\d{2})(?::(\d{2}))?$")


class RowError(ValueError):
    """One row that cannot be read; the message says why, in a person's words."""


@dataclass(frozen=True)
class ImportPlan:
    """What importing ``source`` would do. Nothing is written until :func:`apply_plan`."""

    source: str
    shape: str
    new: tuple[Record, ...]
    already_there: int
    problems: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default=())

    def summary(self) -> str:
        def n(count: int, one: str, many: str) -> str:
            return f"{count} {one if count == 1 else many}"

        parts = [n(len(self.new), "session to add", "sessions to add")]
        if self.already_there:
            parts.append(n(self.already_there, "already in your log", "already in your log"))
        if self.problems:
            parts.append(n(len(self.problems), "row that can't be read", "rows that can't be read"))
        return f"{self.source}: " + ", ".join(parts) + "."

    def lines(self, limit: int = 200) -> list[str]:
        """The preview, one line each: what the file is, how it was read, each session, each problem."""
        out = [f"Read as {self.shape}.", *self.notes]
        for record in self.new[:limit]:
            out.append("+ " + describe(record))
        if len(self.new) > limit:
            out.append(f"… and {len(self.new) - limit} more")
        out += [f"Skipped: {problem}" for problem in self.problems]
        return out


def describe(record: Record) -> str:
    """One session as a preview line: ``Sun 01 Mar 2026 07:30 · 10 min · Morning sit``."""
    when = datetime.fromisoformat(record.started_at)
    minutes = record.practiced_seconds / 60
    length = f"{minutes:.0f} min" if abs(minutes - round(minutes)) < 0.05 else f"{minutes:.1f} min"
    return f"{when:%a %d %b %Y %H:%M} · {length} · {record.title or KIND_LABELS.get(record.kind, 'Practice')}"


# -- reading cells -------------------------------------------------------------------------------


def _norm(name: str) -> str:
    return " ".join(re.sub(r"[_\-()/\[\].:]+", " ", name.strip().lower()).split())


def _columns(header: Sequence[str]) -> dict[str, int]:
    """Which column holds each of date, time, minutes, seconds, title, kind, note."""
    found: dict[str, int] = {}
    names = [_norm(h) for h in header]
    for role, aliases in ALIASES.items():
        for alias in aliases:
            if alias in names and role not in found and names.index(alias) not in found.values():
                found[role] = names.index(alias)
                break
    return found


def _time_of(text: str) -> time:
    match = _TIME.match(text.strip())
    if not match:
        raise RowError(f"'{text[:30]}' is not a time of day like 07:30 or 7:30 pm")
    hour, minute, second = int(match[1]), int(match[2]), int(match[3] or 0)
    half = (match[4] or "").lower().replace(".", "")
    if half:
        if not 1 <= hour <= 12:
            raise RowError(f"'{text[:30]}' is not a time of day")
        hour = hour % 12 + (12 if half == "pm" else 0)
    try:
        return time(hour, minute, second)
    except ValueError:
        raise RowError(f"'{text[:30]}' is not a time of day") from None


def _month(name: str) -> int:
    month = MONTHS.get(name[:3].lower())
    if month is None:
        raise RowError(f"'{name}' is not the name of a month")
    return month


@dataclass
class _DateReader:
    """Reads the date cells of one file; ``day_first`` is decided from the whole file."""

    zone: tzinfo | None
    day_first: bool = True

    def read(self, text: str, time_text: str = "") -> datetime:
        text = " ".join(text.strip().split())
        if not text:
            raise RowError("the date is empty")
        moment = self._iso(text)
        if moment is None:
            day, rest = self._day(text)
            clock = rest or time_text.strip()
            moment = datetime.combine(day, _time_of(clock) if clock else time(12, 0))
        elif time_text.strip() and len(text) <= 10:
            moment = datetime.combine(moment.date(), _time_of(time_text))
        if moment.utcoffset() is None:
            moment = moment.replace(tzinfo=self.zone) if self.zone is not None else moment.astimezone()
        return moment

    def _iso(self, text: str) -> datetime | None:
        if not re.match(r"^\d{4}-\d{2}-\d{2}", text):
            return None
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            try:
                date(int(text[:4]), int(text[5:7]), int(text[8:10]))
            except ValueError:
                raise RowError(f"'{text[:30]}' is not a date that exists") from None
            raise RowError(f"'{text[:30]}' is not a date and time Kindly can read") from None
        return moment.replace(hour=12) if len(text) == 10 else moment

    def _day(self, text: str) -> tuple[date, str]:
        try:
            if match := _NUMERIC_DATE.match(text):
                a, b, c, rest = int(match[1]), int(match[2]), int(match[3]), match[4] or ""
                if len(match[1]) == 4:
                    return date(a, b, c), rest
                year = c + 2000 if c < 100 else c
                day, month = (a, b) if self.day_first else (b, a)
                return date(year, month, day), rest
            if match := _DAY_MONTH.match(text):
                return date(int(match[3]), _month(match[2]), int(match[1])), match[4] or ""
            if match := _MONTH_DAY.match(text):
                return date(int(match[3]), _month(match[1]), int(match[2])), match[4] or ""
        except ValueError:
            raise RowError(f"'{text[:30]}' is not a date that exists") from None
        raise RowError(f"'{text[:30]}' is not a date Kindly can read (try 2026-03-01 or 01/03/2026)")


def _decide_day_first(cells: Sequence[str]) -> tuple[bool, str]:
    """Day first (01/03 is 1 March) unless the file's dates show month first (03/25/2026)."""
    numeric = [m for c in cells if (m := _NUMERIC_DATE.match(" ".join(c.strip().split()))) and len(m[1]) <= 2]
    if not numeric:
        return True, ""
    day_first_seen = any(int(m[1]) > 12 for m in numeric)
    month_first_seen = any(int(m[2]) > 12 for m in numeric)
    if month_first_seen and not day_first_seen:
        return (
            False,
            "Dates with slashes were read month first (03/25/2026 is 25 March), as the file writes them.",
        )
    return True, "Dates with slashes or dots were read day first (01/03/2026 is 1 March)."


def _minutes_of(text: str, *, seconds: bool = False) -> float:
    text = text.strip()
    if not text:
        raise RowError("the length is empty")
    if seconds:
        try:
            value = float(text.replace(",", ".")) / 60
        except ValueError:
            raise RowError(f"'{text[:20]}' is not a number of seconds") from None
    elif match := _MINUTES.match(text):
        value = float(match[1].replace(",", "."))
    elif match := _CLOCK.match(text):
        if match[3] is not None:  # h:mm:ss
            value = int(match[1]) * 60 + int(match[2]) + int(match[3]) / 60
        else:  # mm:ss
            value = int(match[1]) + int(match[2]) / 60
    elif match := _HOURS.match(text):
        value = int(match[1]) * 60 + int(match[2] or 0)
    else:
        raise RowError(f"'{text[:20]}' is not a length like 10, 10 min, 0:10:00 or 1h 5m")
    if not 0 < value <= MAX_MINUTES:
        raise RowError(f"a length of {text[:20]} is not between a moment and a day")
    return value


def _kind_of(kind_text: str, title: str) -> str:
    kind = kind_text.strip().lower()
    if kind in KIND_LABELS:
        return kind
    for label_kind, label in KIND_LABELS.items():
        if kind and kind == label.lower():
            return label_kind
    words = f"{kind} {title}".lower()
    return next((k for word, k in KIND_WORDS if word in words), "custom")


# -- content identity ----------------------------------------------------------------------------


def content_key(record: Record) -> tuple[str, int, str]:
    """What makes two sessions the same when no id says so: start (to the minute), length, title."""
    start = datetime.fromisoformat(record.started_at).astimezone(UTC)
    return (f"{start:%Y-%m-%dT%H:%M}", round(record.practiced_seconds), record.title.strip().casefold())


def content_id(started_at: str, practiced_seconds: object, session_id: str, title: str) -> str:
    """An id made from a session's content, so importing the same row twice gives the same id."""
    digest = hashlib.sha256(f"{started_at}|{practiced_seconds}|{session_id}|{title}".encode())
    return "imported-" + digest.hexdigest()[:24]


# -- the plan ------------------------------------------------------------------------------------


def plan_import(path: Path, existing: Sequence[Record], *, zone: tzinfo | None = None) -> ImportPlan:
    """What importing ``path`` would add to a log holding ``existing``; writes nothing.

    A file that can't be used at all raises :class:`ExchangeError` (its first line says why).
    """
    kind = format_of(path)
    text = read_text(path)
    ids = {r.id for r in existing}
    if kind == "json":
        records = parse_json(text, path.name)
        new = tuple(r for r in records if r.id not in ids)
        return ImportPlan(path.name, "a Kindly export (JSON)", new, len(records) - len(new))
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header = rows[0] if rows else []
    names = [h.strip() for h in header]
    if set(COLUMNS) <= set(names):
        return _plan_kindly(path.name, rows, names, existing, with_ids=True)
    if set(COLUMNS) - {"id"} <= set(names):
        return _plan_kindly(path.name, rows, names, existing, with_ids=False)
    return _plan_simple(path.name, rows, existing, zone)


def _plan_kindly(
    name: str, rows: list[list[str]], header: list[str], existing: Sequence[Record], *, with_ids: bool
) -> ImportPlan:
    ids = {r.id for r in existing}
    keys = {content_key(r) for r in existing}
    new: list[Record] = []
    problems: list[str] = []
    there = 0
    for line, cells in enumerate(rows[1:], start=2):
        if not cells or cells == [""]:
            continue
        if len(cells) != len(header):
            problems.append(f"line {line}: {len(cells)} cells where the header has {len(header)}")
            continue
        values = dict(zip(header, cells, strict=True))
        if not with_ids:
            values["id"] = content_id(values["started_at"], values["practiced_seconds"],
                                      values["session_id"], values["title"])  # fmt: skip
        try:
            record = _checked(_row_from_cells([values[c] for c in COLUMNS]))
        except HistoryError as exc:
            problems.append(f"line {line}: {exc}")
            continue
        if record.id in ids or (not with_ids and content_key(record) in keys):
            there += 1
            continue
        ids.add(record.id)
        keys.add(content_key(record))
        new.append(record)
    shape = "a Kindly export (CSV)" if with_ids else "a Kindly export without its id column"
    notes = (
        () if with_ids else ("Sessions already in your log were matched by start time, length and title.",)
    )
    return ImportPlan(name, shape, tuple(new), there, tuple(problems), notes)


def _plan_simple(
    name: str, rows: list[list[str]], existing: Sequence[Record], zone: tzinfo | None
) -> ImportPlan:
    header = rows[0] if rows else []
    columns = _columns(header)
    shown = ", ".join(header)[:80]
    if "date" not in columns or not {"minutes", "seconds"} & set(columns):
        raise ExchangeError(
            f"{name}, line 1: Kindly needs a column with the date and one with the length in minutes "
            f"(for example: date, minutes, title); this header is: {shown or 'empty'}"
        )
    date_cells = [r[columns["date"]] for r in rows[1:] if len(r) > columns["date"]]
    day_first, date_note = _decide_day_first(date_cells)
    reader = _DateReader(zone, day_first)
    keys = {content_key(r) for r in existing}
    new: list[Record] = []
    problems: list[str] = []
    there = 0
    length_col = columns.get("minutes", columns.get("seconds"))
    in_seconds = "minutes" not in columns

    def cell(cells: list[str], role: str) -> str:
        index = columns.get(role)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    for line, cells in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        try:
            if len(cells) <= max(columns["date"], length_col or 0):
                raise RowError("the row is shorter than its header")
            started = reader.read(cell(cells, "date"), cell(cells, "time"))
            minutes = _minutes_of(cells[length_col or 0], seconds=in_seconds)
            title = cell(cells, "title")[:100]
            kind = _kind_of(cell(cells, "kind"), title)
            title = title or KIND_LABELS[kind]
            record = Record.logged(session_id=kind, title=title, kind=kind, started_at=started,
                                   minutes=minutes, note=cell(cells, "note"))  # fmt: skip
            record = Record.from_dict({**record.to_dict(), "id": content_id(
                record.started_at, record.practiced_seconds, kind, title)})  # fmt: skip
        except (RowError, HistoryError) as exc:
            problems.append(f"line {line}: {exc}")
            continue
        if content_key(record) in keys:
            there += 1
            continue
        keys.add(content_key(record))
        new.append(record)
    used = ", ".join(
        f"{role} = “{header[i].strip()}”" for role, i in sorted(columns.items(), key=lambda x: x[1])
    )
    notes = [f"Columns used: {used}."]
    if date_note:
        notes.append(date_note)
    notes.append(
        "Times without a time zone are this computer's local time; a date alone is placed at midday."
    )
    shape = "a simple table of sessions (date, length, title)"
    return ImportPlan(name, shape, tuple(new), there, tuple(problems), tuple(notes))


def apply_plan(log: HistoryLog, plan: ImportPlan) -> ImportResult:
    """Add the plan's new sessions in one write; nothing already in the log changes."""
    added = log.merge(plan.new)
    return ImportResult(added=added, already_there=plan.already_there + len(plan.new) - added,
                        skipped=len(plan.problems))  # fmt: skip


__all__ = ["ALIASES", "ImportPlan", "apply_plan", "content_id", "content_key", "describe", "plan_import"]
