"""Cue timing of a real pacer session under Xvfb: p50/p99/max of |at - due| and the end drift.

python bench/timing.py [--minutes 1] [--pattern 4-7-8]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as `python bench/x.py`

import argparse
import json
import subprocess
import tempfile
from pathlib import Path

from bench.common import ROOT, median, percentile, python
from tools import xsession


def run_session(minutes: float, pattern: str, env: dict[str, str]) -> list[dict[str, float | str]]:
    with tempfile.TemporaryDirectory() as tmp:
        trace = Path(tmp) / "trace.jsonl"
        subprocess.run(
            [python(), str(ROOT / "main.py"), "--data-dir", tmp, "pacer", "--pattern", pattern,
             "--minutes", str(minutes), "--once", "--trace", str(trace)],
            env=dict(env, SDL_AUDIODRIVER="dummy"), check=True, timeout=minutes * 60 + 60,
        )  # fmt: skip
        return [json.loads(line) for line in trace.read_text().splitlines()]


def summarise(cues: list[dict[str, float | str]]) -> dict[str, float]:
    errors_ms = [abs(float(c["at"]) - float(c["due"])) * 1000 for c in cues if c["cue"] in ("phase", "step")]
    end = [c for c in cues if c["cue"] == "end"]
    return {
        "visual cues": float(len(errors_ms)),
        "p50 ms": median(errors_ms),
        "p99 ms": percentile(errors_ms, 99),
        "max ms": max(errors_ms),
        "end drift ms": (float(end[0]["at"]) - float(end[0]["due"])) * 1000 if end else float("nan"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--minutes", type=float, default=1.0)
    parser.add_argument("--pattern", default="4-7-8")
    args = parser.parse_args()
    with xsession.virtual_display(tray=True) as env:
        figures = summarise(run_session(args.minutes, args.pattern, env))
    print(f"cue timing, {args.pattern} for {args.minutes:g} min under Xvfb")
    for name, value in figures.items():
        print(f"  {name:<14} {value:8.2f}")


if __name__ == "__main__":
    main()
