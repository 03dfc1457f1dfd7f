"""Idle cost of ``python main.py``: CPU time and wake-ups over a quiet minute, under Xvfb with a tray.

python bench/idle.py [--seconds 60] [--settle 5] [--strace]

Budget (DESIGN §10): idle in the tray, no periodic wake-ups; here, under 50 ms of CPU in 60 s.
CPU time comes from each thread's /proc/PID/task/TID/schedstat (nanoseconds on the CPU), with
/proc/PID/stat utime+stime (clock ticks) beside it; wake-ups are the threads' context switches
(every time a thread sleeps and is woken counts one voluntary switch). ``--strace`` also counts
the event loop's poll calls, when ptrace is allowed.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as `python bench/x.py`

import argparse
import contextlib
import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass

from bench.common import ROOT, python
from tools import xsession

BUDGET_MS = 50.0


@dataclass(frozen=True)
class ThreadSample:
    name: str
    cpu_ns: int
    switches: int


def sample(pid: int) -> dict[int, ThreadSample]:
    """Every thread of ``pid``: its name, nanoseconds on the CPU, and context switches so far."""
    threads: dict[int, ThreadSample] = {}
    for task in Path(f"/proc/{pid}/task").iterdir():
        with contextlib.suppress(OSError, ValueError, IndexError):
            name = (task / "comm").read_text().strip()
            cpu_ns = int((task / "schedstat").read_text().split()[0])
            status = dict(
                line.split(":", 1) for line in (task / "status").read_text().splitlines() if ":" in line
            )
            switches = int(status["voluntary_ctxt_switches"]) + int(status["nonvoluntary_ctxt_switches"])
            threads[int(task.name)] = ThreadSample(name, cpu_ns, switches)
    return threads


def ticks_ms(pid: int) -> float:
    """utime + stime of the whole process, in ms (10 ms resolution at the usual 100 Hz)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def start_strace(pid: int, out: Path) -> subprocess.Popen[bytes] | None:
    tool = shutil.which("strace")
    if tool is None:
        return None
    calls = (
        "poll,ppoll,epoll_wait,epoll_pwait,select,pselect6,futex,nanosleep,clock_nanosleep,timerfd_settime"
    )
    proc = subprocess.Popen(
        [tool, "-f", "-c", "-o", str(out), "-p", str(pid), "-e", f"trace={calls}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    time.sleep(0.5)  # attach before the window starts
    if proc.poll() is not None:
        assert proc.stderr is not None
        print(f"  (strace could not attach: {proc.stderr.read().decode().strip()[:120]})")
        return None
    return proc


def measure(env: dict[str, str], seconds: float, settle: float, use_strace: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        child_env = dict(env, SDL_AUDIODRIVER="dummy")
        app = subprocess.Popen(
            [python(), str(ROOT / "main.py"), "--data-dir", tmp],
            env=child_env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )  # fmt: skip
        try:
            time.sleep(settle)  # start-up, the first paint, the tray icon's embedding
            if app.poll() is not None:
                assert app.stderr is not None
                raise RuntimeError(f"the app exited early: {app.stderr.read().decode()[-400:]}")
            tracer = start_strace(app.pid, Path(tmp) / "strace.txt") if use_strace else None
            before, ticks_before, t0 = sample(app.pid), ticks_ms(app.pid), time.monotonic()
            time.sleep(seconds)
            after, ticks_after, elapsed = sample(app.pid), ticks_ms(app.pid), time.monotonic() - t0
            if tracer is not None:
                tracer.terminate()
                tracer.wait(timeout=10)
        finally:
            app.terminate()
            try:
                app.wait(timeout=10)
            except subprocess.TimeoutExpired:
                app.kill()
                app.wait()
        report(before, after, ticks_after - ticks_before, elapsed)
        trace_file = Path(tmp) / "strace.txt"
        if use_strace and trace_file.exists():
            lines = trace_file.read_text().splitlines()
            # strace -c writes nothing at all when it saw no call: a silent, sleeping process.
            print("  strace -c (syscalls while idle):" if lines else "  strace -c: not one system call")
            for line in lines:
                print(f"    {line}")


def report(
    before: dict[int, ThreadSample], after: dict[int, ThreadSample], ticks: float, elapsed: float
) -> None:
    cpu_ms = 0.0
    wakeups = 0
    rows: list[tuple[str, float, int]] = []
    for tid, end in sorted(after.items()):
        start = before.get(tid, ThreadSample(end.name, 0, 0))  # a thread born during the minute
        ms = (end.cpu_ns - start.cpu_ns) / 1e6
        switches = end.switches - start.switches
        cpu_ms += ms
        wakeups += switches
        rows.append((f"{end.name} ({tid})", ms, switches))
    verdict = "within" if cpu_ms < BUDGET_MS * elapsed / 60 else "OVER"
    print(f"idle for {elapsed:.1f} s, {len(after)} threads")
    print(f"  CPU time        {cpu_ms:8.1f} ms  ({cpu_ms / elapsed / 10:.3f} % of a core)   "
          f"{verdict} the budget of {BUDGET_MS * elapsed / 60:.0f} ms")  # fmt: skip
    print(f"  utime+stime     {ticks:8.1f} ms  (clock ticks, for comparison)")
    print(f"  wake-ups        {wakeups:8d}     ({wakeups / elapsed:.2f} a second, all threads)")
    for name, ms, switches in rows:
        print(f"    {name:<28} {ms:8.2f} ms  {switches:6d} wake-ups")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=60.0, help="how long to watch the idle app")
    parser.add_argument("--settle", type=float, default=5.0, help="how long to let it start first")
    parser.add_argument("--strace", action="store_true", help="also count poll/futex calls with strace")
    args = parser.parse_args()
    if not xsession.available():
        raise SystemExit("bench/idle.py needs Xvfb, trayer and xdotool")
    with xsession.virtual_display(tray=True) as env:
        print(f"python main.py under Xvfb with a tray host, main window shown; settle {args.settle:g} s")
        measure(env, args.seconds, args.settle, args.strace)


if __name__ == "__main__":
    main()
