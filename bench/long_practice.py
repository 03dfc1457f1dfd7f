"""Memory and voice timing through a whole long practice, played for real (DESIGN §10, issue 15/20).

    python bench/long_practice.py [--id body-scan] [--minutes 45] [--sample-s 1]

Runs ``main.py start ID --minutes N --once --trace`` under Xvfb with a tray host and SDL's disk
audio driver (the mixed sound goes to a file, at the pace of a sound card), samples the process's
resident memory every ``--sample-s`` seconds from /proc, and reads the trace when it has ended.
Prints the RSS curve in a few lines (start, after one minute, peak, end, and the slope after the
first minute) and each voice cue's lateness. Figures, never pass/fail. It takes as long as the
practice: 45 minutes for the longest body scan.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as `python bench/x.py`

import argparse
import json
import os
import subprocess
import tempfile
import time

from bench.common import ROOT, compile_app, median, percentile, python
from tools import xsession


def rss_mb(pid: int) -> float | None:
    """Resident memory of ``pid`` in MB, or None once it has gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


Samples = list[tuple[float, float]]


def run(practice: str, minutes: float, sample_s: float) -> tuple[Samples, list[dict[str, object]]]:
    """``(seconds since start, MB)`` samples and the trace's lines of one real session."""
    compile_app()
    with tempfile.TemporaryDirectory() as tmp, xsession.virtual_display(tray=True) as env:
        trace = Path(tmp) / "trace.jsonl"
        # The mixed sound goes nowhere, at the pace of a sound card (45 minutes would be ~500 MB).
        child_env = dict(env, SDL_AUDIODRIVER="disk", SDL_DISKAUDIOFILE=os.devnull)
        args = [python(), str(ROOT / "main.py"), "--data-dir", str(Path(tmp) / "data"), "--trace", str(trace)]
        args += ["start", practice, "--minutes", f"{minutes:g}", "--once"]
        start = time.monotonic()
        proc = subprocess.Popen(args, env=child_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        samples: list[tuple[float, float]] = []
        while proc.poll() is None:
            mb = rss_mb(proc.pid)
            if mb is not None:
                samples.append((time.monotonic() - start, mb))
            time.sleep(sample_s)
        lines = [json.loads(line) for line in trace.read_text().splitlines()] if trace.exists() else []
    return samples, lines


KEPT = ROOT / "bench" / "out" / "long-practice.txt"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--id", default="body-scan")
    parser.add_argument("--minutes", type=float, default=45.0)
    parser.add_argument("--sample-s", type=float, default=1.0)
    args = parser.parse_args()
    samples, lines = run(args.id, args.minutes, args.sample_s)
    if not samples:
        raise SystemExit("the app did not start")
    report: list[str] = []
    say = report.append  # each line is kept for bench/run.py, then shown
    after_minute = [(t, mb) for t, mb in samples if t >= 60]
    peak = max(mb for _, mb in samples)
    say(
        f"{args.id}, {args.minutes:g} minutes, RSS sampled every {args.sample_s:g} s ({len(samples)} samples)"
    )
    say(f"  RSS at 5 s {next((mb for t, mb in samples if t >= 5), samples[-1][1]):.1f} MB, "
          f"after 1 min {after_minute[0][1] if after_minute else float('nan'):.1f} MB, "
          f"peak {peak:.1f} MB, at the end {samples[-1][1]:.1f} MB")  # fmt: skip
    if len(after_minute) > 1:
        (t0, m0), (t1, m1) = after_minute[0], after_minute[-1]
        say(f"  after the first minute: {m1 - m0:+.1f} MB over {(t1 - t0) / 60:.1f} min "
              f"({(m1 - m0) / max((t1 - t0) / 60, 1e-9):+.2f} MB/min)")  # fmt: skip
    voice = [float(c["at"]) - float(c["due"]) for c in lines if c["cue"] == "voice"]  # type: ignore[arg-type]
    ends = [c for c in lines if c["cue"] == "end"]
    if voice:
        late = [1000 * v for v in voice]
        p99 = percentile(late, 99)
        say(f"  voice cues: {len(voice)}, lateness median {median(late):.1f} ms, p99 {p99:.1f} ms, "
              f"max {max(late):.1f} ms")  # fmt: skip
    if ends:
        end = ends[0]
        say(f"  end: due {end['due']} s, at {end['at']} s")
    else:
        say("  the session did not reach its end in the trace")
    KEPT.parent.mkdir(parents=True, exist_ok=True)
    KEPT.write_text("\n".join(report) + "\n")
    sys.stdout.write("\n".join(report) + "\n")


if __name__ == "__main__":
    main()
