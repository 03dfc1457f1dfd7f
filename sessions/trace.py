"""The ``--trace`` file: one JSON object per cue, with when it was due and when it happened (DESIGN §3 ▶)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import IO

#: Only cue names and times are in a trace, but it sits wherever the person pointed it: theirs alone.
FILE_MODE = 0o600


class TraceWriter:
    """Writes ``{"cue": ..., "name": ..., "due": ..., "at": ...}`` lines, flushed as they come."""

    def __init__(self, path: Path) -> None:
        self.path = path
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_CLOEXEC", 0), FILE_MODE)
        self._file: IO[str] = os.fdopen(fd, "a", encoding="utf-8")

    def write(self, cue: str, name: str, due: float, at: float) -> None:
        line = json.dumps({"cue": cue, "name": name, "due": round(due, 6), "at": round(at, 6)})
        self._file.write(line + "\n")
        self._file.flush()

    def close(self) -> None:
        if not self._file.closed:
            self._file.close()
