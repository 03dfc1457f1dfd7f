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
from bench.proc import process_cpu, thread_cpu, wakeups
from tools import xsession

SETTLE_S = 3.0


def measure(
    env: dict[str, str], seconds: float, pattern: str, *, reduced_motion: bool, x_server: int | None = None
) -> dict[str, float]:
    """Run a pacer session for ``seconds`` after a short settle.

    Returns CPU % of one core (all threads), the share of it on SDL's audio thread (the breath tones,
    which the peer does not have), wake-ups/s, and, given the X server's pid, the X server's CPU %
    over the same span (the work Kindly's frames cause there).
    """
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
            return window_cpu(proc.pid, seconds, x_server)
        finally:
            proc.terminate()
            proc.wait(timeout=10)


def window_cpu(pid: int, seconds: float, x_server: int | None = None) -> dict[str, float]:
    """CPU of ``pid`` over ``seconds`` from now: total %, audio-thread %, wake-ups/s, X server %."""
    threads0, wake0, t0 = thread_cpu(pid), wakeups(pid), time.monotonic()
    x0 = process_cpu(x_server) if x_server else 0.0
    time.sleep(seconds)
    threads1, wake1, t1 = thread_cpu(pid), wakeups(pid), time.monotonic()
    x1 = process_cpu(x_server) if x_server else 0.0
    span = t1 - t0
    used = {tid: cpu - threads0.get(tid, (name, 0.0))[1] for tid, (name, cpu) in threads1.items()}
    audio = sum(used[tid] for tid, (name, _) in threads1.items() if name.startswith("SDLAudio"))
    return {
        "cpu_pct": 100 * sum(used.values()) / span,
        "audio_pct": 100 * audio / span,
        "wakeups_per_s": (wake1 - wake0) / span,
        "x_pct": 100 * (x1 - x0) / span,
    }


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
