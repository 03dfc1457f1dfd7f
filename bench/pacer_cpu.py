"""CPU of the breathing pacer beside the peer's, on every built-in pattern, as % of one core.

python bench/pacer_cpu.py [--seconds 15] [--rounds 3] [--out FILE]

For each pattern (box, 4-7-8, resonance, 4-6, sigh, and 2-0-2, a custom breath at the 4-second
floor) one round measures, back to back on one display: Kindly's pacer with the orb moving, the
peer's breathing window breathed at the same pattern (Shift held through the breath in and its
hold, released through the breath out and its rest), and Kindly's pacer with reduced motion in the
dark theme (the costlier theme for it: its brightness steps are finer). The
peer has no reduced motion, so both of Kindly's figures are compared with the same peer figure.
Rounds repeat the whole matrix, so every figure has its spread. Figures, never pass/fail.
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
from collections import defaultdict
from dataclasses import dataclass, field

from bench.common import ROOT, compile_app, median, python
from bench.proc import child_pid, process_cpu, thread_cpu, wakeups
from sessions.patterns import parse_pattern
from tools import xsession

SETTLE_S = 3.0
#: Every built-in pattern, and the fastest breath a person can ask for (the 4-second cycle floor).
PATTERNS = ("box", "4-7-8", "resonance", "4-6", "sigh", "2-0-2")
#: The goals in DESIGN §10 and the performance issue: at most this share of a core, and of the peer.
GOAL_PCT, GOAL_RATIO = 1.5, 0.5


def measure(
    env: dict[str, str],
    seconds: float,
    pattern: str,
    *,
    reduced_motion: bool,
    x_server: int | None = None,
    theme: str = "light",
) -> dict[str, float]:
    """Run a pacer session for ``seconds`` after a short settle.

    Returns CPU % of one core (all threads), the share of it on SDL's audio thread (the breath tones,
    which the peer does not have), wake-ups/s, and, given the X server's pid, the X server's CPU %
    over the same span (the work Kindly's frames cause there).
    """
    with tempfile.TemporaryDirectory() as tmp:
        settings = {"reduced_motion": reduced_motion, "theme": theme}
        Path(tmp, "settings.json").write_text(json.dumps(settings))
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


def shift_schedule(pattern: str) -> list[tuple[bool, float]]:
    """How a person breathes ``pattern`` with the peer: (Shift held?, seconds) for each phase.

    Shift is held through the breath in (and a top-up in) and the hold after it; it is released
    through the breath out and the rest after it.
    """
    schedule: list[tuple[bool, float]] = []
    held = False
    for phase in parse_pattern(pattern).phases:
        if phase.kind == "in":
            held = True
        elif phase.kind == "out":
            held = False
        if schedule and schedule[-1][0] == held:
            schedule[-1] = (held, schedule[-1][1] + phase.duration_s)
        else:
            schedule.append((held, phase.duration_s))
    return schedule


@dataclass
class Matrix:
    """Each (pattern, figure) -> one value per round; figures: orb, reduced, peer, and their X server."""

    values: dict[tuple[str, str], list[float]] = field(default_factory=lambda: defaultdict(list))

    def mid(self, pattern: str, figure: str) -> float:
        return median(self.values[(pattern, figure)])

    def spread(self, pattern: str, figure: str) -> str:
        got = self.values[(pattern, figure)]
        return f"{min(got):.2f}–{max(got):.2f}" if got else "–"

    def ratio(self, pattern: str, figure: str) -> float:
        return self.mid(pattern, figure) / self.mid(pattern, "peer")

    def ratios(self, figure: str) -> list[float]:
        """Each round's ratio (that round's Kindly ÷ that round's peer), for the spread."""
        ours, theirs = self.values[(PATTERNS[0], figure)], self.values[(PATTERNS[0], "peer")]
        return [o / t for o, t in zip(ours, theirs, strict=True)] if ours and theirs else []

    def worst(self) -> tuple[float, str, float, str]:
        """The highest ratio to the peer and the highest share of a core, with where each was."""
        keys = [(p, f) for p in PATTERNS for f in ("orb", "reduced") if self.values[(p, f)]]
        ratio_key = max(keys, key=lambda k: self.ratio(*k))
        pct_key = max(keys, key=lambda k: self.mid(*k))
        return self.ratio(*ratio_key), _label(*ratio_key), self.mid(*pct_key), _label(*pct_key)

    def table(self) -> list[str]:
        lines = [
            "| pattern | Kindly, orb moving | Kindly, reduced motion (dark) | peer | ratio, orb "
            "| ratio, reduced | X server: Kindly / peer |",
            "|---|---|---|---|---|---|---|",
        ]
        for p in PATTERNS:
            if not self.values[(p, "orb")]:
                continue
            lines.append(
                f"| {p} | {self.mid(p, 'orb'):.2f} % ({self.spread(p, 'orb')}) "
                f"| {self.mid(p, 'reduced'):.2f} % ({self.spread(p, 'reduced')}) "
                f"| {self.mid(p, 'peer'):.2f} % ({self.spread(p, 'peer')}) "
                f"| {self.ratio(p, 'orb'):.2f}× ({_ratio_spread(self, p, 'orb')}) "
                f"| {self.ratio(p, 'reduced'):.2f}× ({_ratio_spread(self, p, 'reduced')}) "
                f"| {self.mid(p, 'orb_x'):.2f} / {self.mid(p, 'peer_x'):.2f} % |"
            )
        return lines


def _label(pattern: str, figure: str) -> str:
    return f"{pattern}, {'reduced motion' if figure == 'reduced' else 'orb moving'}"


def _ratio_spread(matrix: Matrix, pattern: str, figure: str) -> str:
    ours, theirs = matrix.values[(pattern, figure)], matrix.values[(pattern, "peer")]
    ratios = [o / t for o, t in zip(ours, theirs, strict=True)]
    return f"{min(ratios):.2f}–{max(ratios):.2f}" if ratios else "–"


def run_matrix(env: dict[str, str], seconds: float, rounds: int, *, log: bool = True) -> Matrix:
    """Measure every pattern, Kindly and the peer interleaved, ``rounds`` times over."""
    from bench import peer

    peer.ensure_installed()
    x_server = child_pid("Xvfb")
    matrix = Matrix()
    for round_no in range(1, rounds + 1):
        for pattern in PATTERNS:
            ours = measure(env, seconds, pattern, reduced_motion=False, x_server=x_server)
            theirs = peer.breathing_cpu(env, seconds, x_server, pattern=pattern)
            # Reduced motion in the dark theme: its bright core on a dark ground needs the most frames.
            still = measure(env, seconds, pattern, reduced_motion=True, x_server=x_server, theme="dark")
            for figure, got in (("orb", ours), ("peer", theirs), ("reduced", still)):
                matrix.values[(pattern, figure)].append(got["cpu_pct"])
                matrix.values[(pattern, f"{figure}_x")].append(got["x_pct"])
            matrix.values[(pattern, "orb_audio")].append(ours["audio_pct"])
            if log:
                print(
                    f"round {round_no} {pattern}: orb {ours['cpu_pct']:.2f} %, reduced "
                    f"{still['cpu_pct']:.2f} %, peer {theirs['cpu_pct']:.2f} %",
                    flush=True,
                )
    return matrix


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=15.0, help="measured span of each run")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--out", type=Path, help="also write the table (Markdown) here")
    args = parser.parse_args()
    compile_app()
    started = time.monotonic()
    with xsession.virtual_display(tray=True) as env:
        matrix = run_matrix(env, args.seconds, args.rounds)
    ratio, ratio_at, pct, pct_at = matrix.worst()
    lines = [
        f"Pacer CPU, % of one core: median of {args.rounds} rounds of {args.seconds:.0f} s (min–max), "
        f"in {(time.monotonic() - started) / 60:.1f} min.",
        "",
        *matrix.table(),
        "",
        f"Worst ratio to the peer: {ratio:.2f}× ({ratio_at}); goal ≤ {GOAL_RATIO}×.",
        f"Most CPU: {pct:.2f} % of a core ({pct_at}); goal ≤ {GOAL_PCT} %.",
    ]
    text = "\n".join(lines)
    print(text)
    if args.out:
        args.out.write_text(text + "\n")


if __name__ == "__main__":
    main()
