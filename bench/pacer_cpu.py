"""CPU of the breathing pacer under Xvfb, as % of one core, with and without reduced motion.

python bench/pacer_cpu.py [--seconds 30] [--pattern resonance]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as `python bench/x.py`

import argparse
import json
import subprocess
import tempfile
import time

from bench.common import ROOT, python
from bench.proc import cpu_seconds, wakeups
from tools import xsession

SETTLE_S = 3.0


def measure(env: dict[str, str], seconds: float, pattern: str, *, reduced_motion: bool) -> dict[str, float]:
    """Run a pacer session for ``seconds`` after a short settle; CPU % of one core and wake-ups/s."""
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "settings.json").write_text(json.dumps({"reduced_motion": reduced_motion}))
        # A 10-minute session, as a person would use it: the ring then moves about a pixel a second.
        proc = subprocess.Popen(
            [python(), str(ROOT / "main.py"), "--data-dir", tmp, "pacer", "--pattern", pattern,
             "--minutes", "10"],
            env=dict(env, SDL_AUDIODRIVER="dummy"), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            time.sleep(SETTLE_S)
            cpu0, wake0, t0 = cpu_seconds(proc.pid), wakeups(proc.pid), time.monotonic()
            time.sleep(seconds)
            cpu1, wake1, t1 = cpu_seconds(proc.pid), wakeups(proc.pid), time.monotonic()
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    return {"cpu_pct": 100 * (cpu1 - cpu0) / (t1 - t0), "wakeups_per_s": (wake1 - wake0) / (t1 - t0)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--pattern", default="resonance")
    args = parser.parse_args()
    with xsession.virtual_display(tray=True) as env:
        for reduced in (False, True):
            figures = measure(env, args.seconds, args.pattern, reduced_motion=reduced)
            label = "reduced motion" if reduced else "orb motion"
            cpu, wakes = figures["cpu_pct"], figures["wakeups_per_s"]
            print(f"pacer ({label}): {cpu:.2f} % of one core, {wakes:.0f} wake-ups/s")


if __name__ == "__main__":
    main()
