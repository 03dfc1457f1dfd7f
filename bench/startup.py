"""Launch-to-window time and peak RSS of ``python main.py`` under Xvfb with a tray (medians of runs).

python bench/startup.py [--runs 7]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as `python bench/x.py`

import argparse
import os
import subprocess
import tempfile
import time

from bench.common import ROOT, compile_app, median, python
from tools import xsession


def launch_once(env: dict[str, str]) -> tuple[float, float, float]:
    """Seconds from spawning the process to its tray icon and to its first painted window, and its
    peak RSS in MB."""
    with tempfile.TemporaryDirectory() as tmp:
        child_env = dict(env, KINDLY_REPORT_READY="quit")
        start = time.monotonic()
        proc = subprocess.Popen(
            [python(), str(ROOT / "main.py"), "--data-dir", tmp],
            env=child_env, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        assert proc.stderr is not None
        ready = tray = None
        for line in proc.stderr:
            if line.startswith("kindly-ready "):
                ready = float(line.split()[1])
            elif line.startswith("kindly-tray "):
                tray = float(line.split()[1])
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        if ready is None or tray is None or proc.returncode != 0:
            raise RuntimeError(f"the app did not report ready (exit {proc.returncode})")
        return tray - start, ready - start, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    compile_app()
    with xsession.virtual_display(tray=True) as env:
        launch_once(env)  # warm the disk cache; not counted
        results = [launch_once(env) for _ in range(args.runs)]
    to_tray = [t * 1000 for t, _, _ in results]
    to_window = [w * 1000 for _, w, _ in results]
    rss = [r for _, _, r in results]
    print(f"start-up, {args.runs} runs under Xvfb with a tray host")
    rows = (("launch to tray", "ms", to_tray), ("launch to window", "ms", to_window), ("peak RSS", "MB", rss))
    for name, unit, values in rows:
        low, high = min(values), max(values)
        print(f"  {name:<17} median {median(values):7.1f} {unit}   min {low:7.1f}   max {high:7.1f}")


if __name__ == "__main__":
    main()
