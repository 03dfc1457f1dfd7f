"""Runs ``capture_child`` scenarios in subprocesses with SDL's disk driver and loads what they captured."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from array import array
from dataclasses import dataclass
from pathlib import Path

from tests.audio.analysis import read_capture

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Capture:
    """What a scenario played (left channel, s16) and when each step was called, in capture frames."""

    samples: array[int]
    marks: list[tuple[str, float, int]]
    growth: list[tuple[float, int]]
    extra: dict[str, object]

    def at(self, name: str) -> int:
        """Frames in the capture file when the step ``name`` was called (its first occurrence)."""
        return next(frames for mark, _, frames in self.marks if mark == name)


class CaptureRun:
    """One scenario in its own process; ``result()`` waits for it."""

    def __init__(self, scenario: str, workdir: Path, *args: str) -> None:
        workdir.mkdir(parents=True, exist_ok=True)
        self.workdir = workdir
        self.out = workdir / "out.raw"
        self._result: Capture | None = None
        env = dict(os.environ, SDL_AUDIODRIVER="disk", SDL_DISKAUDIOFILE=str(self.out), PYTHONPATH=str(ROOT))
        env.pop("SDL_DISKAUDIODELAY", None)  # the driver's own pacing: one buffer per buffer time
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.audio.capture_child", scenario, str(workdir), *args],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def result(self, timeout_s: float = 60) -> Capture:
        if self._result is None:
            self._result = self._collect(timeout_s)
        return self._result

    def _collect(self, timeout_s: float) -> Capture:
        stdout, stderr = self.process.communicate(timeout=timeout_s)
        if self.process.returncode != 0:
            raise AssertionError(f"capture child failed ({self.process.returncode}):\n{stdout}\n{stderr}")
        data = json.loads((self.workdir / "marks.json").read_text())
        marks = [(str(name), float(t), int(frames)) for name, t, frames in data.pop("marks")]
        growth = [(float(t), int(frames)) for t, frames in data.pop("growth")]
        return Capture(read_capture(self.out), marks, growth, data)
