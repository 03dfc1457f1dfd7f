"""Export and import of the practice log as CSV or JSON (DESIGN §6 ▶), lossless and repeatable.

* **CSV**: UTF-8 without BOM, ``\\r\\n`` line ends (RFC 4180), a header with exactly the record
  fields in contract order, one row per record. Empty cell = no value (``pattern``,
  ``planned_seconds``, moods); ``completed`` is ``true``/``false``; seconds are written as Python
  writes floats (``300.0``), so they read back exactly.
* **Formula neutralising**: a cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
  return — or with ``'`` itself — gets one ``'`` in front, so a spreadsheet shows it as text and
  never runs it. Import removes exactly one leading ``'`` from any cell that has one, which undoes
  it; because a leading ``'`` is always escaped too, every note survives the round trip unchanged.
* **JSON**: ``{"schema": 1, "records": [ {record}, … ]}`` with the fields in contract order,
  indented, ending with a newline. Import also accepts a bare list of records, and records of an
  older schema (upgraded like the log's own).
* **Import merges by id**: records whose id is already in the log are left as the log has them,
  so importing twice adds nothing, and export → import into an empty log → export gives the same
  bytes. A file with any problem (header, dates, types, duplicate ids, over 20 MB, not text)
  raises one :class:`ExchangeError` naming the line or record and why, and nothing is imported.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sessions.atomic import write_atomic
from sessions.history import (
    FIELD_NAMES,
    SCHEMA,
    HistoryError,
    HistoryLog,
    Record,
    migrate_row,
    record_from_row,
)

COLUMNS: tuple[str, ...] = FIELD_NAMES
MAX_BYTES = 20 * 1024 * 1024
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")
FORMATS = ("csv", "json")


class ExchangeError(HistoryError):
    """A file could not be exported or imported; the message says which line and why."""


@dataclass(frozen=True)
class ImportResult:
    """What an import did: records added, and records the log already had (left as they were)."""

    added: int
    already_there: int
    skipped: int = 0
    """Rows that could not be read (a liberal import skips them and says so)."""

    @property
    def total(self) -> int:
        return self.added + self.already_there

    def message(self) -> str:
        skipped = ""
        if self.skipped:
            rows = "1 row" if self.skipped == 1 else f"{self.skipped} rows"
            skipped = f" {rows} could not be read and {'was' if self.skipped == 1 else 'were'} skipped."
        if self.total == 0 and self.skipped:
            return "Nothing was added: no row of that file could be read."
        if self.total == 0:
            return "That file holds no sessions, so nothing changed."
        added = f"Added {self.added} session{'s' if self.added != 1 else ''}"
        if not self.already_there:
            return f"{added}.{skipped}"
        were = "was" if self.already_there == 1 else "were"
        return f"{added}; {self.already_there} {were} already in your log.{skipped}"


def format_of(path: Path) -> str:
    """``csv`` or ``json``, from the file's extension."""
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise ExchangeError(f"{path.name}: Kindly exports and imports .csv or .json files")
    return suffix


# -- CSV cells ---------------------------------------------------------------------------------


def neutralise(cell: str) -> str:
    """A cell a spreadsheet will show as text, never run as a formula."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def unneutralise(cell: str) -> str:
    """Undo :func:`neutralise`."""
    return cell[1:] if cell.startswith("'") else cell


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return neutralise(str(value))


# -- export ------------------------------------------------------------------------------------


def to_csv(records: Iterable[Record]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for record in records:
        writer.writerow([_cell(getattr(record, name)) for name in COLUMNS])
    return out.getvalue()


def to_json(records: Iterable[Record]) -> str:
    document = {"schema": SCHEMA, "records": [record.to_dict() for record in records]}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def export_file(records: Sequence[Record], path: Path) -> int:
    """Write ``records`` to ``path`` (format from its extension), atomically, 0600; returns how many."""
    kind = format_of(path)
    text = to_csv(records) if kind == "csv" else to_json(records)
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ExchangeError(f"{path.name}: a note holds text that cannot be saved ({exc.reason})") from None
    try:
        write_atomic(path, data, private_dir=False)
    except OSError as exc:
        raise ExchangeError(f"{path.name} could not be saved ({exc.strerror or exc})") from exc
    return len(records)


# -- import ------------------------------------------------------------------------------------


def read_text(path: Path) -> str:
    """The file's text, refusing anything huge or binary before parsing a byte of it."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ExchangeError(
                f"{path.name} is {size / 1024 / 1024:.0f} MB; Kindly imports files up to 20 MB"
            )
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except IsADirectoryError:
        raise ExchangeError(f"{path.name} is a folder, not a file") from None
    except FileNotFoundError:
        raise ExchangeError(f"{path.name} was not found") from None
    except OSError as exc:
        raise ExchangeError(f"{path.name} could not be read ({exc.strerror or exc})") from exc
    if len(raw) > MAX_BYTES:
        raise ExchangeError(f"{path.name} is over 20 MB; Kindly imports files up to 20 MB")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ExchangeError(f"{path.name} is not a text file Kindly can read (it looks binary)") from None
    if not text.strip():
        raise ExchangeError(f"{path.name} is empty")
    return text


def _number(text: str, name: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise HistoryError(f"{name} must be a number of seconds, not '{text[:20]}'") from None
    if not math.isfinite(value):
        raise HistoryError(f"{name} must be a number of seconds, not '{text[:20]}'")
    return value


def _whole_number(text: str) -> bool:
    """Plain ASCII digits, few enough for int(): "²".isdigit() is True but int("²") fails, and int()
    refuses text of more than 4300 digits (CPython's limit) with a ValueError."""
    return text.isascii() and text.isdigit() and len(text) <= 18


def _mood(text: str, name: str) -> int | None:
    if text == "":
        return None
    if not _whole_number(text):
        raise HistoryError(f"{name} must be 1 to 5 or empty, not '{text[:20]}'")
    return int(text)


def _row_from_cells(cells: list[str]) -> dict[str, Any]:
    values = dict(zip(COLUMNS, (unneutralise(c) for c in cells), strict=True))
    completed = values["completed"].lower()
    if completed not in ("true", "false"):
        raise HistoryError(f"completed must be true or false, not '{values['completed'][:20]}'")
    schema = values["schema"]
    if not _whole_number(schema):
        raise HistoryError(f"schema must be a whole number, not '{schema[:20]}'")
    return {
        "id": values["id"],
        "started_at": values["started_at"],
        "ended_at": values["ended_at"],
        "session_id": values["session_id"],
        "title": values["title"],
        "kind": values["kind"],
        "pattern": values["pattern"] or None,
        "planned_seconds": (
            None if values["planned_seconds"] == "" else _number(values["planned_seconds"], "planned_seconds")
        ),
        "practiced_seconds": _number(values["practiced_seconds"], "practiced_seconds"),
        "completed": completed == "true",
        "mood_before": _mood(values["mood_before"], "mood_before"),
        "mood_after": _mood(values["mood_after"], "mood_after"),
        "note": values["note"],
        "schema": int(schema),
    }


def _checked(row: dict[str, Any]) -> Record:
    return record_from_row(migrate_row(row))


def parse_csv(text: str, name: str = "the file") -> list[Record]:
    reader = csv.reader(io.StringIO(text, newline=""))
    records: list[Record] = []
    seen: dict[str, int] = {}
    try:
        header = next(reader, None)
        if header is None or tuple(header) != COLUMNS:
            shown = ", ".join(header or [])[:80]
            raise ExchangeError(
                f"{name}, line 1: the header should be {', '.join(COLUMNS)}"
                + (f" (it is: {shown})" if shown else "")
            )
        for cells in reader:
            line = reader.line_num
            if not cells or cells == [""]:
                continue  # a blank line
            if len(cells) != len(COLUMNS):
                raise ExchangeError(f"{name}, line {line}: {len(cells)} cells where {len(COLUMNS)} belong")
            try:
                record = _checked(_row_from_cells(cells))
            except HistoryError as exc:
                raise ExchangeError(f"{name}, line {line}: {exc}") from None
            if record.id in seen:
                raise ExchangeError(
                    f"{name}, line {line}: the id {record.id} is already used on line {seen[record.id]}"
                )
            seen[record.id] = line
            records.append(record)
    except csv.Error as exc:
        raise ExchangeError(f"{name}, line {reader.line_num}: {exc}") from None
    return records


def parse_json(text: str, name: str = "the file") -> list[Record]:
    try:
        document = json.loads(text)
    except (ValueError, RecursionError) as exc:  # RecursionError: nested deeper than the parser goes
        line = getattr(exc, "lineno", None)
        where = f", line {line}" if line else ""
        raise ExchangeError(f"{name}{where}: this is not readable JSON") from None
    if isinstance(document, dict):
        if set(document) != {"schema", "records"} or not isinstance(document["records"], list):
            raise ExchangeError(f'{name}: expected {{"schema": {SCHEMA}, "records": [...]}}')
        schema = document["schema"]
        if not isinstance(schema, int) or isinstance(schema, bool) or schema > SCHEMA:
            raise ExchangeError(f"{name}: written by a newer Kindly (schema {schema!r})")
        items = document["records"]
    elif isinstance(document, list):
        items = document
    else:
        raise ExchangeError(f"{name}: expected a list of sessions")
    records: list[Record] = []
    seen: dict[str, int] = {}
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise ExchangeError(f"{name}, record {number}: not an object")
        unknown = set(item) - set(COLUMNS)
        if unknown:
            raise ExchangeError(f"{name}, record {number}: unknown fields {', '.join(sorted(unknown))}")
        try:
            record = _checked(item)
        except HistoryError as exc:
            raise ExchangeError(f"{name}, record {number}: {exc}") from None
        if record.id in seen:
            raise ExchangeError(
                f"{name}, record {number}: the id {record.id} is already used by record {seen[record.id]}"
            )
        seen[record.id] = number
        records.append(record)
    return records


def read_file(path: Path) -> list[Record]:
    """Every record in an exported file, checked; :class:`ExchangeError` on the first problem."""
    kind = format_of(path)
    text = read_text(path)
    return parse_csv(text, path.name) if kind == "csv" else parse_json(text, path.name)


def import_file(log: HistoryLog, path: Path) -> ImportResult:
    """Merge an exported file into ``log`` by id: all or nothing, in one atomic write."""
    records = read_file(path)
    added = log.merge(records)
    return ImportResult(added=added, already_there=len(records) - added)


__all__ = [
    "COLUMNS",
    "MAX_BYTES",
    "ExchangeError",
    "ImportResult",
    "export_file",
    "format_of",
    "import_file",
    "neutralise",
    "parse_csv",
    "parse_json",
    "read_file",
    "to_csv",
    "to_json",
    "unneutralise",
]
