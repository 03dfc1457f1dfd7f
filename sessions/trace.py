"""The ``--trace`` file: one JSON object per cue, with when it was due and when it happened (DESIGN §3 ▶)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import IO


class TraceWriter:
    """Writes ``{"cue": ..., "name": ..., "due": ..., "at": ...}`` lines, flushed as they come."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._file: IO[str] = path.open("a", encoding="utf-8")

    def write(self, cue: str, name: str, due: float, at: float) -> None:
        line = json.dumps({"cue": cue, "name": name, "due": round(due, 6), "at": round(at, 6)})
        self._file.write(line + "\n")
        self._file.flush()

    def close(self) -> None:
        if not self._file.closed:
            self._file.close()
