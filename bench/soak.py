"""A long real pacer session under Xvfb with a tray: resident memory sampled from /proc as it runs.

python bench/soak.py [--minutes 30] [--every 30] [--pattern resonance] [--json]

Runs ``main.py --data-dir TMP pacer --pattern P --minutes N --once`` (the orb animating, breath tones
and bells on SDL's dummy driver) and reads VmRSS every ``--every`` seconds. Growth is the last sample
minus the first one taken after a minute of warm-up (fonts, the tone cache and Qt's pixmap cache fill
in that first minute); the target is under 5 MB over 30 minutes. tests/hardening/test_soak.py is the
fast counterpart: eight hours on a fake clock, counting Python objects.
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
from tools import xsession

TARGET_GROWTH_MB = 5.0
WARM_UP_S = 60.0


def rss_mb(pid: int) -> tuple[float, float]:
    """(VmRSS, VmHWM) of ``pid`` in MB: resident now, and the peak so far."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            fields[name] = int(value.split()[0]) / 1024
    return fields["VmRSS"], fields["VmHWM"]


def soak(env: dict[str, str], minutes: float, every_s: float, pattern: str) -> dict[str, object]:
    """Run one session of ``minutes``; every sample taken, and the growth after warm-up."""
    samples: list[tuple[float, float]] = []  # (seconds since launch, RSS MB)
    peak = 0.0
    with tempfile.TemporaryDirectory() as data:
        proc = subprocess.Popen(
            [python(), str(ROOT / "main.py"), "--data-dir", data, "pacer", "--pattern", pattern,
             "--minutes", f"{minutes:g}", "--once"],
            env=dict(env, SDL_AUDIODRIVER="dummy"), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )  # fmt: skip
        start = time.monotonic()
        next_sample = start + min(every_s, WARM_UP_S)
        try:
            while proc.poll() is None:
                # Sleeping between samples is the point here: this measures a real, running app.
                time.sleep(max(0.0, min(1.0, next_sample - time.monotonic())))
                if time.monotonic() >= next_sample and proc.poll() is None:
                    try:
                        rss, peak = rss_mb(proc.pid)
                    except (OSError, KeyError):
                        break  # it ended between poll() and the read
                    samples.append((time.monotonic() - start, rss))
                    print(f"  {samples[-1][0]:7.0f} s  RSS {rss:6.1f} MB", flush=True)
                    next_sample += every_s
        finally:
            if proc.poll() is None:
                proc.terminate()
            _out, err = proc.communicate(timeout=30)
        logged = (Path(data) / "history.json").exists()
    warm = [rss for t, rss in samples if t >= WARM_UP_S] or [rss for _t, rss in samples]
    return {
        "minutes": minutes,
        "exit_code": proc.returncode,
        "logged": logged,
        "samples": samples,
        "first_mb": warm[0] if warm else None,
        "last_mb": warm[-1] if warm else None,
        "growth_mb": (warm[-1] - warm[0]) if warm else None,
        "peak_mb": peak,
        "stderr": err.decode(errors="replace")[-2000:],
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--minutes", type=float, default=30.0)
    parser.add_argument("--every", type=float, default=30.0, help="seconds between samples")
    parser.add_argument("--pattern", default="resonance")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON at the end")
    args = parser.parse_args()
    print(
        f"soak: a {args.minutes:g}-minute {args.pattern} pacer session under Xvfb, RSS every {args.every:g} s"
    )
    with xsession.virtual_display(tray=True) as env:
        result = soak(env, args.minutes, args.every, args.pattern)
    growth = result["growth_mb"]
    if result["exit_code"] != 0 or not result["logged"]:
        print(f"soak: the session did not end well (exit {result['exit_code']}):\n{result['stderr']}")
        raise SystemExit(1)
    if growth is None:
        print("soak: no samples (the session was shorter than one sample interval)")
        raise SystemExit(1)
    assert isinstance(growth, float)
    verdict = "within" if growth < TARGET_GROWTH_MB else "OVER"
    print(
        f"soak: RSS {result['first_mb']:.1f} → {result['last_mb']:.1f} MB after warm-up: growth "
        f"{growth:+.1f} MB ({verdict} the {TARGET_GROWTH_MB:g} MB target); peak {result['peak_mb']:.1f} MB"
    )
    if args.json:
        print(json.dumps({k: v for k, v in result.items() if k != "stderr"}))


if __name__ == "__main__":
    main()
