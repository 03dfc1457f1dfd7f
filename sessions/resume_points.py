"""Where a person left a recording or a long guided practice, so it can carry on later (private data).

One small JSON file, ``<data>/resume.json``, written atomically (0600) and erased by "Delete all my
data". A place is offered for a day; a recording whose file changed since (another length or size)
is not resumed. Each place remembers the log's record of the time already played, so carrying on
adds to that one record instead of logging the same practice twice.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sessions.atomic import write_atomic

#: How long a place is offered after it was left.
RESUME_WITHIN = timedelta(days=1)
#: Less than this far in, a practice simply starts again; closer than this to its end, it is done.
MIN_POSITION_S = 30.0
END_MARGIN_S = 30.0
#: Guided practices of at least this many minutes can be resumed (recordings always).
LONG_GUIDED_MIN = 10.0


@dataclass(frozen=True)
class ResumePoint:
    """A place left in a practice: ``position_s`` into ``length_s``, left at ``saved_at``."""

    key: str
    position_s: float
    length_s: float
    saved_at: datetime
    record_id: str | None = None
    """The log's record of the time played so far, carried on by the resumed session."""
    unlogged_s: float = 0.0
    """Time played so far that was too short to be logged on its own."""
    file_size: int | None = None
    """A recording's file size when it was left: a changed file is not resumed."""

    def to_json(self) -> dict[str, Any]:
        row = asdict(self)
        row["saved_at"] = self.saved_at.isoformat()
        return row

    @classmethod
    def from_json(cls, row: Mapping[str, Any]) -> ResumePoint:
        """Raises ``ValueError`` (or ``TypeError``/``KeyError``) for a row that is not a sane place."""
        point = cls(
            key=str(row["key"]),
            position_s=float(row["position_s"]),
            length_s=float(row["length_s"]),
            saved_at=datetime.fromisoformat(str(row["saved_at"])),
            record_id=None if row.get("record_id") is None else str(row["record_id"]),
            unlogged_s=float(row.get("unlogged_s", 0.0)),
            file_size=None if row.get("file_size") is None else int(row["file_size"]),
        )
        numbers = (point.position_s, point.length_s, point.unlogged_s)
        if not all(math.isfinite(n) and n >= 0 for n in numbers) or point.saved_at.tzinfo is None:
            raise ValueError(f"not a place to resume: {row!r}")
        return point


def resume_key(kind: str, key: str, minutes: float | None) -> str | None:
    """The name a practice's place is kept under, or ``None`` for practices that are not resumed."""
    if kind == "recording":
        return f"recording:{key}"
    if kind == "guided" and minutes is not None and minutes >= LONG_GUIDED_MIN:
        return f"{key}@{minutes:g}"
    return None


def worth_resuming(position_s: float, length_s: float) -> bool:
    return MIN_POSITION_S <= position_s <= length_s - END_MARGIN_S


class ResumePoints:
    """The places kept in ``path``; read on each use (a second Kindly may have written), written whole."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def _load(self) -> dict[str, ResumePoint]:
        try:
            rows = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}  # none yet, or damaged: a lost place only means starting from the beginning
        points: dict[str, ResumePoint] = {}
        for row in rows if isinstance(rows, list) else []:
            try:
                point = ResumePoint.from_json(row)
            except (KeyError, TypeError, ValueError):
                continue
            points[point.key] = point
        return points

    def _write(self, points: Mapping[str, ResumePoint]) -> None:
        data = json.dumps([p.to_json() for p in points.values()], indent=1).encode()
        write_atomic(self.path, data)

    def get(self, key: str) -> ResumePoint | None:
        return self._load().get(key)

    def offer(
        self, key: str, now: datetime, *, length_s: float, file_size: int | None = None
    ) -> ResumePoint | None:
        """The place to offer for ``key`` now, or ``None``: too old, past the end, or the file changed."""
        point = self.get(key)
        if point is None:
            return None
        fresh = timedelta(0) <= now - point.saved_at <= RESUME_WITHIN
        same = abs(point.length_s - length_s) < 0.5 and point.file_size == file_size
        if fresh and same and worth_resuming(point.position_s, length_s):
            return point
        return None

    def save(self, point: ResumePoint) -> None:
        """Keep ``point`` (replacing the place kept for its practice). Raises ``OSError``."""
        points = self._load()
        points[point.key] = point
        self._write(points)

    def forget(self, key: str) -> None:
        """Drop the place kept for ``key`` (finished, or no longer valid). Raises ``OSError``."""
        points = self._load()
        if points.pop(key, None) is not None:
            self._write(points)


__all__ = ["ResumePoint", "ResumePoints", "resume_key", "worth_resuming"]
