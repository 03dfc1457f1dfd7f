"""Launch-to-window time and peak RSS under Xvfb with a tray (medians of runs), from the checkout
and, with ``--installed``, as installed by the .deb and by pipx, beside the peer; runs interleaved.
With ``--peer`` or ``--installed`` it also times a second launch while Kindly already runs in the
tray (as after login): it hands its command over, and the running Kindly shows its window.

python bench/startup.py [--runs 7] [--installed] [--peer]

``--installed`` measures ``/usr/bin/kindly`` (install dist/kindly_*.deb first) and a pipx install
of dist/kindly-*.whl into bench/out/pipx (made offline from build/wheelhouse when missing).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as `python bench/x.py`

import argparse
import math
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO

from bench.common import ROOT, compile_app, median, python
from tools import xsession

PIPX_HOME = ROOT / "bench" / "out" / "pipx"
DEB_COMMAND = Path("/usr/bin/kindly")
#: The routes where Kindly already runs in the tray (no peer figure to compare with).
SECOND = "second launch, Kindly in the tray"


def launch_once(env: dict[str, str], command: Sequence[str] | None = None) -> tuple[float, float, float]:
    """Seconds from spawning the process to its tray icon and to its first painted window, and its
    peak RSS in MB. ``command`` starts Kindly (default: the checkout's ``python main.py``)."""
    argv = list(command) if command else [python(), str(ROOT / "main.py")]
    with tempfile.TemporaryDirectory() as tmp:
        child_env = dict(env, KINDLY_REPORT_READY="quit")
        start = time.monotonic()
        proc = subprocess.Popen(
            [*argv, "--data-dir", tmp], env=child_env, stderr=subprocess.PIPE, text=True,
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


def second_launch_once(
    env: dict[str, str], command: Sequence[str] | None = None
) -> tuple[float, float, float]:
    """A launch while Kindly already runs in the tray (started at login, ``--background``): seconds
    from spawning it to the running Kindly's main window being shown and painted, and the second
    launch's own peak RSS in MB. It hands its command over and leaves without loading Qt."""
    argv = list(command) if command else [python(), str(ROOT / "main.py")]
    with tempfile.TemporaryDirectory() as tmp:
        primary = subprocess.Popen(
            [*argv, "--data-dir", tmp, "--background"],
            env=dict(env, KINDLY_REPORT_READY="1"), stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        try:
            assert primary.stderr is not None
            _said(primary.stderr, "kindly-ready")
            time.sleep(1.0)  # its start-up done (the log, the reminders), as a while after login
            start = time.monotonic()
            second = subprocess.Popen([*argv, "--data-dir", tmp], env=env, stderr=subprocess.DEVNULL)
            shown = _said(primary.stderr, "kindly-shown")
            _, status, usage = os.wait4(second.pid, 0)
            second.returncode = os.waitstatus_to_exitcode(status)
            if second.returncode != 0:
                raise RuntimeError(f"the second launch failed (exit {second.returncode})")
            return math.nan, shown - start, usage.ru_maxrss / 1024
        finally:
            primary.terminate()
            primary.wait(timeout=10)


def _said(stream: IO[str], what: str) -> float:
    """The moment in the first ``what <monotonic>`` line Kindly writes to ``stream``."""
    for line in stream:
        if line.startswith(f"{what} "):
            return float(line.split()[1])
    raise RuntimeError(f"Kindly ended without saying {what}")


def pipx_kindly() -> Path:
    """``kindly`` from a pipx install of the wheel in dist/, made offline when it is missing or
    older than the wheel (a stale install would measure yesterday's code)."""
    kindly = PIPX_HOME / "bin" / "kindly"
    wheels = sorted((ROOT / "dist").glob("kindly-*.whl"))
    if not wheels or shutil.which("pipx") is None:
        raise SystemExit("--installed needs pipx and dist/kindly-*.whl (python3 tools/dev.py package)")
    wheel = wheels[-1]
    if kindly.exists() and kindly.stat().st_mtime >= wheel.stat().st_mtime:
        return kindly
    env = dict(os.environ, PIPX_HOME=str(PIPX_HOME), PIPX_BIN_DIR=str(PIPX_HOME / "bin"))
    pip_args = f"--no-index --find-links {ROOT / 'build' / 'wheelhouse'} -c {ROOT / 'requirements.lock'}"
    subprocess.run(["pipx", "install", "--force", "--pip-args", pip_args, str(wheel)], env=env, check=True)
    return kindly


Launch = Callable[[dict[str, str]], tuple[float, float, float]]


def routes(installed: bool, with_peer: bool) -> dict[str, Launch]:
    """Each way of starting Kindly (and the peer) -> one launch: (to tray, to window, peak RSS)."""
    table: dict[str, Launch] = {"source checkout": launch_once}
    table[f"{SECOND} (source checkout)"] = second_launch_once
    if installed:
        if not DEB_COMMAND.exists():
            raise SystemExit("--installed needs the .deb installed: apt-get install ./dist/kindly_*.deb")
        table[".deb (PyInstaller bundle)"] = lambda env: launch_once(env, [str(DEB_COMMAND)])
        table[f"{SECOND} (.deb)"] = lambda env: second_launch_once(env, [str(DEB_COMMAND)])
        pipx = pipx_kindly()
        table["pipx (wheel)"] = lambda env: launch_once(env, [str(pipx)])
    if with_peer:
        from bench import peer

        peer.ensure_installed()

        def peer_launch(env: dict[str, str]) -> tuple[float, float, float]:
            ready, rss = peer.launch_time(env)
            return math.nan, ready, rss

        table["peer (mindfulness-at-the-computer)"] = peer_launch
    return table


def table_main(args: argparse.Namespace) -> None:
    compile_app()
    launches = routes(args.installed, args.peer)
    results: dict[str, list[tuple[float, float, float]]] = {name: [] for name in launches}
    with xsession.virtual_display(tray=True) as env:
        for launch in launches.values():
            launch(env)  # warm the disk cache; not counted
        for _ in range(args.runs):  # interleaved, so a busy spell on the machine hits every route
            for name, launch in launches.items():
                results[name].append(launch(env))
    peers = [median([w for _, w, _ in r]) for n, r in results.items() if n.startswith("peer")]
    peer_window = peers[0] if peers else None
    print(f"start-up, median (min–max) of {args.runs} interleaved runs under Xvfb with a tray host\n")
    print("| route | launch to tray | launch to first window | peak RSS |")
    print("|---|---|---|---|")
    for name, runs in results.items():
        trays = [t for t, _, _ in runs]
        windows = [w for _, w, _ in runs]
        window = median(windows)
        rss = median([r for _, _, r in runs])
        ratio = ""
        if peer_window and not name.startswith(("peer", SECOND)):
            ratio = f" ({window / peer_window:.2f}× the peer)"
        tray_text = "–" if math.isnan(trays[0]) else _spread_ms(trays)
        print(f"| {name} | {tray_text} | {_spread_ms(windows)}{ratio} | {rss:.1f} MB |")


def _spread_ms(seconds: list[float]) -> str:
    """A median with the range beside it: one noisy run on a shared machine shows as such."""
    return f"{median(seconds) * 1000:.0f} ms ({min(seconds) * 1000:.0f}–{max(seconds) * 1000:.0f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--installed", action="store_true", help="also the .deb and a pipx install")
    parser.add_argument("--peer", action="store_true", help="also the peer, in the same table")
    args = parser.parse_args()
    if args.installed or args.peer:
        table_main(args)
        return
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
