"""Short reads: one screen each, in Kindly's own words, kept as data in ``assets/reads/``."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from sessions.paths import ASSETS_DIR

READS_FILE = ASSETS_DIR / "reads" / "reads.toml"
#: One screen: a read longer than this no longer fits without scrolling at the usual size.
MAX_WORDS = 260


@dataclass(frozen=True)
class Read:
    id: str
    title: str
    body: str

    def paragraphs(self) -> list[str]:
        return [" ".join(p.split()) for p in self.body.split("\n\n") if p.strip()]


class ReadsError(ValueError):
    """The reads file is damaged (a build problem: it ships with Kindly)."""


def load_reads(path: Path = READS_FILE) -> list[Read]:
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ReadsError(f"{path.name}: {exc}") from None
    reads: list[Read] = []
    for number, raw in enumerate(data.get("reads", []), start=1):
        if not isinstance(raw, dict) or not all(
            isinstance(raw.get(k), str) and raw[k].strip() for k in ("id", "title", "body")
        ):
            raise ReadsError(f"{path.name}: read {number} needs an id, a title and a body")
        reads.append(Read(raw["id"], raw["title"].strip(), raw["body"].strip()))
    return reads


__all__ = ["MAX_WORDS", "READS_FILE", "Read", "ReadsError", "load_reads"]
