"""Every benchmark in one run: a table of medians, ranges, budgets and ratios to the peer.

    python bench/run.py [--quick] [--installed]          (writes docs/PERFORMANCE.md)

Figures, never pass/fail. Each is a median of several runs; Kindly and the peer
(mindfulness-at-the-computer, see bench/peer.py) are measured in interleaved rounds of the same
invocation, on the same virtual display, so a noisy machine tilts both alike. The 10-minute
timing session runs beside the light measurements (idle app, history, five audio captures); the
pacer's matrix of every pattern (bench/pacer_cpu.py) and the start-up rounds run alone. With
``--installed`` the start-up rounds include the .deb's /usr/bin/kindly. The 45-minute practice
(bench/long_practice.py) is too long for this run: its last result, kept in
bench/out/long-practice.txt, is copied in with its date.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as `python bench/x.py`

import argparse
import json
import os
import platform
import re
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import date

from bench import pacer_cpu, peer, startup, timing
from bench.common import ROOT, compile_app, median, python
from bench.proc import cpu_seconds
from tools import xsession


@dataclass
class Figure:
    """One line of the table."""

    name: str
    unit: str
    values: list[float] = field(default_factory=list)
    budget: str = ""
    peer: list[float] = field(default_factory=list)
    lower_is_better: bool = True

    def row(self) -> str:
        if not self.values:
            return f"| {self.name} | – | – | {self.budget} | – | – |"
        mid = median(self.values)
        spread = f"{min(self.values):.2f}–{max(self.values):.2f}" if len(self.values) > 1 else "–"
        peer_mid = f"{median(self.peer):.2f}" if self.peer else "–"
        ratio = f"{mid / median(self.peer):.2f}×" if self.peer and median(self.peer) > 0 else "–"
        return f"| {self.name} | {mid:.2f} {self.unit} | {spread} | {self.budget} | {peer_mid} | {ratio} |"


def machine_facts() -> list[str]:
    cpu = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        names = re.findall(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(), re.MULTILINE)
        cpu = f"{names[0]} × {len(names)}" if names else f"{os.cpu_count()} cores"
    probe = (
        "import PySide6, PySide6.QtCore as c, os; os.environ['PYGAME_HIDE_SUPPORT_PROMPT'] = '1'; "
        "import pygame; print(PySide6.__version__, c.qVersion(), pygame.version.ver, "
        "'.'.join(map(str, pygame.get_sdl_version())))"
    )
    out = subprocess.run([python(), "-c", probe], capture_output=True, text=True, check=False).stdout.split()
    pyside, qt, pygame_ver, sdl = (out + ["?"] * 4)[:4]
    return [
        f"- CPU: {cpu}; memory {os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB",
        f"- OS: {platform.platform()}",
        f"- Python {platform.python_version()}, PySide6 {pyside} (Qt {qt}), "
        f"pygame-ce {pygame_ver} (SDL {sdl})",
        f"- Display: Xvfb {xsession.SCREEN} with trayer as the tray host; audio: SDL's dummy driver",
        f"- Run on {date.today().isoformat()}",
    ]


def long_practice_lines() -> list[str]:
    """The last 45-minute practice run (bench/long_practice.py), with its date, if one is kept."""
    kept = ROOT / "bench" / "out" / "long-practice.txt"
    if not kept.exists():
        return ["Long practice: no run kept yet (`python bench/long_practice.py`, 45 minutes).", ""]
    when = date.fromtimestamp(kept.stat().st_mtime).isoformat()
    return [
        f"Long practice, played for real under SDL's disk driver (`python bench/long_practice.py`, "
        f"run {when}; goal: RSS ≤ 100 MB throughout, flat after the first minute):",
        "",
        "```",
        *kept.read_text().strip().splitlines(),
        "```",
        "",
    ]


def idle_cpu(env: dict[str, str], seconds: float) -> float:
    """CPU milliseconds the app uses while idle (tray and window up, nothing playing) over ``seconds``."""
    with tempfile.TemporaryDirectory() as tmp:
        proc = subprocess.Popen(
            [python(), str(ROOT / "main.py"), "--data-dir", tmp],
            env=dict(env, KINDLY_REPORT_READY="1", SDL_AUDIODRIVER="dummy"),
            stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
        )  # fmt: skip
        assert proc.stderr is not None
        for line in proc.stderr:
            if line.startswith("kindly-ready"):
                break
        time.sleep(5)  # let start-up work (fonts, first paints) finish
        before = cpu_seconds(proc.pid)
        time.sleep(seconds)
        used_ms = (cpu_seconds(proc.pid) - before) * 1000
        proc.terminate()
        proc.wait(timeout=10)
    return used_ms


def audio_onsets() -> tuple[float, float]:
    """p50 and p99 (ms) of |onset - due| of cues in a disk-driver capture, from bench/audio.py."""
    out = subprocess.run(
        [python(), str(ROOT / "bench" / "audio.py"), "--cues", "100"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    match = re.search(r"\|onset error\|\s+p50\s+([\d.]+) ms\s+p99\s+([\d.]+) ms", out)
    return (float(match.group(1)), float(match.group(2))) if match else (float("nan"), float("nan"))


def history_figures(counts: list[int], runs: int) -> dict[int, dict[str, float]]:
    code = (
        "import json, sys, tempfile, datetime; from pathlib import Path; sys.path.insert(0, sys.argv[1]);"
        "from bench.history import bench_size; t = datetime.date.today();"
        "print(json.dumps({c: bench_size(c, int(sys.argv[2]), Path(tempfile.mkdtemp()), t)"
        " for c in map(int, sys.argv[3:])}))"
    )
    out = subprocess.run(
        [python(), "-c", code, str(ROOT), str(runs), *map(str, counts)],
        capture_output=True, text=True, check=True, env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
    ).stdout  # fmt: skip
    return {int(k): v for k, v in json.loads(out.strip().splitlines()[-1]).items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a short smoke run (1-minute timing, one round)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "PERFORMANCE.md")
    parser.add_argument("--installed", action="store_true", help="also time the .deb's /usr/bin/kindly")
    args = parser.parse_args()
    rounds, cpu_s, timing_min, idle_s = (1, 6.0, 1.0, 10.0) if args.quick else (3, 10.0, 10.0, 60.0)
    started = time.monotonic()
    peer.ensure_installed()
    compile_app()

    figures: dict[str, Figure] = {
        "p50": Figure("cue timing p50 \\|at − due\\| (visual)", "ms", budget="≤ 16.7 ms p99"),
        "p99": Figure("cue timing p99 \\|at − due\\| (visual)", "ms", budget="≤ 16.7 ms"),
        "max": Figure("cue timing max \\|at − due\\| (visual)", "ms"),
        "sound": Figure("sound cues p99 \\|at − due\\| (trace)", "ms", budget="≤ 25 ms"),
        "drift": Figure("end drift (10-min session)", "ms", budget="no drift"),
        "onset50": Figure("sound onset p50 \\|heard − due\\| (capture)", "ms"),
        "onset99": Figure("sound onset p99 \\|heard − due\\| (capture, each run)", "ms", budget="≤ 25 ms"),
        "idle": Figure("idle CPU over 60 s (tray + window)", "ms", budget="< 50 ms"),
        "cpu": Figure("pacer CPU, worst pattern (see below)", "% core", budget="≤ 1.5 %, ≤ 0.5× peer"),
        "cpu_audio": Figure("… of which SDL's audio thread (breath tones)", "% core"),
        "cpu_x": Figure("X server CPU while the window animates (same pattern)", "% core"),
        "tray": Figure("launch to tray", "ms", budget="≤ 300 ms, < peer"),
        "window": Figure("launch to first window (source checkout)", "ms", budget="≤ 0.8× peer"),
        "window_deb": Figure("launch to first window (.deb)", "ms", budget="≤ 0.8× peer"),
        "rss": Figure("peak RSS at start-up", "MB", budget="≤ 100 MB, < peer"),
        "second": Figure("a second launch, Kindly in the tray, to its window (source checkout)", "ms"),
        "second_deb": Figure("a second launch, Kindly in the tray, to its window (.deb)", "ms"),
    }

    # 1. The 10-minute timing session, with the light measurements beside it.
    timing_result: dict[str, float] = {}

    def run_timing() -> None:
        with xsession.virtual_display(tray=True) as env:
            cues = timing.run_session(timing_min, "resonance", env)
        timing_result.update(timing.summarise(cues))
        sound = [abs(float(c["at"]) - float(c["due"])) * 1000 for c in cues if c["cue"] in ("bell", "tone")]
        timing_result["sound_p99"] = (
            sorted(sound)[max(0, int(len(sound) * 0.99) - 1)] if sound else float("nan")
        )

    thread = threading.Thread(target=run_timing)
    thread.start()
    with xsession.virtual_display(tray=True) as env:
        figures["idle"].values.append(idle_cpu(env, idle_s))
    for _ in range(2 if args.quick else 5):
        onset = audio_onsets()
        figures["onset50"].values.append(onset[0])
        figures["onset99"].values.append(onset[1])
    history = history_figures([1_000, 10_000, 20_000] if not args.quick else [1_000], 5 if args.quick else 9)
    thread.join()
    for key, name in (("p50", "p50 ms"), ("p99", "p99 ms"), ("max", "max ms"), ("drift", "end drift ms")):
        figures[key].values.append(timing_result[name])
    figures["sound"].values.append(timing_result["sound_p99"])

    # 2. The pacer on every pattern, then start-up: Kindly and the peer interleaved on one display.
    deb = startup.DEB_COMMAND if args.installed else None
    if args.installed and not startup.DEB_COMMAND.exists():
        raise SystemExit("--installed needs the .deb installed: apt-get install ./dist/kindly_*.deb")
    with xsession.virtual_display(tray=True) as env:
        matrix = pacer_cpu.run_matrix(env, cpu_s, rounds, log=False)
        worst = max(pacer_cpu.PATTERNS, key=lambda p: matrix.mid(p, "orb"))
        for key, name in (("cpu", "orb"), ("cpu_audio", "orb_audio"), ("cpu_x", "orb_x")):
            figures[key].values.extend(matrix.values[(worst, name)])
        figures["cpu"].peer.extend(matrix.values[(worst, "peer")])
        figures["cpu_x"].peer.extend(matrix.values[(worst, "peer_x")])
        figures["cpu_audio"].peer.extend(0.0 for _ in matrix.values[(worst, "peer")])
        figures["cpu"].name = f"pacer CPU, worst pattern ({worst}, orb moving)"
        startup.launch_once(env)  # warm the disk cache for every route
        peer.launch_time(env)
        if deb is not None:
            startup.launch_once(env, [str(deb)])
        for _ in range(7 if not args.quick else 2):
            to_tray, to_window, rss = startup.launch_once(env)
            peer_ready, peer_rss = peer.launch_time(env)
            figures["tray"].values.append(to_tray * 1000)
            figures["window"].values.append(to_window * 1000)
            figures["tray"].peer.append(peer_ready * 1000)
            figures["window"].peer.append(peer_ready * 1000)
            figures["rss"].values.append(rss)
            figures["rss"].peer.append(peer_rss)
            if deb is not None:
                figures["window_deb"].values.append(startup.launch_once(env, [str(deb)])[1] * 1000)
                figures["window_deb"].peer.append(peer_ready * 1000)
            # As after login: Kindly in the tray, and the person opens it from the menu again.
            figures["second"].values.append(startup.second_launch_once(env)[1] * 1000)
            if deb is not None:
                figures["second_deb"].values.append(startup.second_launch_once(env, [str(deb)])[1] * 1000)
    ratio, ratio_at, pct, pct_at = matrix.worst()

    lines = [
        "# Performance",
        "",
        f"Made by `python bench/run.py`{' --quick' if args.quick else ''} in "
        f"{(time.monotonic() - started) / 60:.1f} min. Medians of the runs; the peer is "
        "[mindfulness-at-the-computer](https://pypi.org/project/mindfulness-at-the-computer/) 1.0.0b1, "
        "measured in the same invocation (how it is driven: `bench/peer.py`). Ratio = Kindly ÷ peer.",
        "",
        *machine_facts(),
        "",
        "| figure | median | min–max | budget (DESIGN §10) | peer | ratio |",
        "|---|---|---|---|---|---|",
        *(f.row() for f in figures.values() if f.values or not f.name.endswith("(.deb)")),
        "",
        f"The pacer on every pattern, % of one core: median of {rounds} rounds of {cpu_s:.0f} s each "
        "(min–max over the rounds). Each round runs Kindly with the orb moving, the peer breathed at the "
        "same pattern, and Kindly with reduced motion, back to back; the ratio's range is each round's "
        "Kindly over that round's peer. The X server column is Xvfb's CPU over the same spans.",
        "",
        *matrix.table(),
        "",
        f"Worst ratio to the peer: **{ratio:.2f}×** ({ratio_at}; goal ≤ {pacer_cpu.GOAL_RATIO}×). "
        f"Most CPU: **{pct:.2f} %** of a core ({pct_at}; goal ≤ {pacer_cpu.GOAL_PCT} %).",
        "",
        *long_practice_lines(),
        "History at 1 000 / 10 000 / 20 000 records (ms; budget: stats ≤ 100, append ≤ 50, window ≤ 300):",
        "",
        "| records | open | stats | stats cold (open + read + stats) | `main.py stats`, whole process "
        "| append | window ready |",
        "|---|---|---|---|---|---|---|",
        *(
            f"| {n:,} | {h['open']:.1f} | {h['stats']:.1f} | {h['stats_cold']:.1f} "
            f"| {h.get('stats_process', float('nan')):.1f} | {h['append']:.1f} | {h['window']:.1f} |"
            for n, h in sorted(history.items())
        ),
        "",
        "Notes: each pacer figure is a 10-minute session at that pattern; the peer's is its breathing "
        "window with Shift held through each breath in and released through each breath out of the same "
        "pattern (bench/peer.py). 2-0-2 is the fastest breath Kindly allows (a 4-second cycle). "
        "CPU is summed over every thread from "
        "/proc/<pid>/task/*/schedstat (nanoseconds); it includes SDL's audio thread mixing Kindly's "
        "breath tones (the row below it), which the peer, having no sound, does not pay. The X "
        "server row is Xvfb's own CPU over the same span: the work each app's frames cause there. "
        "Idle is the app with its tray and main window up and nothing playing. "
        "Kindly's first window is timed once the display has exposed it (Qt paints it then) and the "
        "events then waiting are handled; the peer's once shown, after one more turn of its event "
        "loop and the events then waiting. "
        "A second launch is Kindly started while it already runs in the tray (started with "
        "`--background`, as at login): it hands its command to the running Kindly over a socket "
        "without loading Qt, and the figure runs to the running Kindly's main window being shown "
        "and painted (built then, as it is not built at login). "
        "Timing `at` is when the frame showing a cue was painted; a sound cue is played half a mixer "
        "buffer (11.6 ms) before due, since the mixer starts it on its next buffer, and its `at` is "
        "the call plus that half buffer; onset is where the sound starts in SDL's disk capture, "
        "with the mixer opened as the app opens it (44.1 kHz, 1024-frame buffers).",
        "",
    ]
    args.out.write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
