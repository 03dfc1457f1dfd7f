"""Captions: timed lines of text from LRC files and tags, cleaned so any input is safe to show."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

_MAX_CAPTIONS = 5000
_MAX_CAPTION_CHARS = 300
_MAX_LRC_BYTES = 1 << 20


@dataclass(frozen=True)
class Caption:
    """Words to show from ``start_s`` seconds into a recording until the next caption."""

    start_s: float
    text: str


def clock_s(text: str) -> float | None:
    """Seconds from ``HH:MM:SS.mmm`` (hours optional), or None for anything else."""
    match = re.fullmatch(r"\s*(?:(\d{1,2}):)?(\d{1,2}):(\d{1,2}(?:\.\d{1,6})?)\s*", text)
    if match is None:
        return None
    hours, minutes, seconds = match.groups()
    return int(hours or 0) * 3600 + int(minutes) * 60 + float(seconds)


_LRC_TIME = re.compile(r"\[(\d{1,3}):(\d{1,2})(?:[.:](\d{1,3}))?\]")
_LRC_OFFSET = re.compile(r"\[offset:\s*([+-]?\d{1,7})\]", re.IGNORECASE)


def parse_lrc(text: str) -> tuple[Caption, ...]:
    """Captions from LRC text (``[mm:ss.xx] words``, several stamps per line allowed); junk is skipped."""
    captions: list[Caption] = []
    offset_s = 0.0
    for raw_line in text.splitlines():
        line = raw_line.strip()
        if offset := _LRC_OFFSET.fullmatch(line):
            offset_s = int(offset.group(1)) / 1000  # positive offset: words come earlier
            continue
        stamps = []
        position = 0
        while (stamp := _LRC_TIME.match(line, position)) is not None:
            minutes, seconds, fraction = stamp.groups()
            if int(seconds) < 60:
                stamps.append(
                    int(minutes) * 60
                    + int(seconds)
                    + (int(fraction) / 10 ** len(fraction) if fraction else 0)
                )
            position = stamp.end()
        words = line[position:]
        captions.extend(Caption(max(0.0, start - offset_s), words) for start in stamps)
    return tidy(captions)


def read_lrc(path: Path) -> tuple[Caption, ...]:
    """Captions from the LRC file at ``path``; none if it is missing, unreadable or junk."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(_MAX_LRC_BYTES)
    except OSError:  # no sidecar, or one we may not read: captions are optional
        return ()
    return parse_lrc(raw.decode("utf-8-sig", errors="replace"))


def clean_text(text: str) -> str:
    """One line of plain text: control characters dropped, runs of spaces joined, length capped."""
    printable = "".join(ch if ch.isprintable() else " " for ch in text[: _MAX_CAPTION_CHARS * 4])
    return " ".join(printable.split())[:_MAX_CAPTION_CHARS]


def tidy(captions: list[Caption]) -> tuple[Caption, ...]:
    """Captions with words, at sane times, in time order, within a sane count."""
    kept = (Caption(float(c.start_s), clean_text(c.text)) for c in captions if math.isfinite(c.start_s))
    ordered = sorted((c for c in kept if c.text and c.start_s >= 0), key=lambda c: c.start_s)
    return tuple(ordered[:_MAX_CAPTIONS])
