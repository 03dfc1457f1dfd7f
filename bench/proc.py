"""Process measurements from /proc: CPU seconds (user + system) and peak RSS of a running child."""

from __future__ import annotations

import os
from pathlib import Path

_TICKS = os.sysconf("SC_CLK_TCK")


def thread_cpu(pid: int) -> dict[int, tuple[str, float]]:
    """CPU seconds of each live thread of ``pid`` (thread id -> (name, seconds)), in nanoseconds'
    precision from /proc/<pid>/task/<tid>/schedstat rather than the 10 ms ticks of ``stat``."""
    out: dict[int, tuple[str, float]] = {}
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            name = (task / "comm").read_text().strip()
            ns = int((task / "schedstat").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            continue  # the thread ended while we looked
        out[int(task.name)] = (name, ns / 1e9)
    return out


def process_cpu(pid: int) -> float:
    """CPU seconds of a single-threaded process (such as the X server), nanosecond precision."""
    return int(Path(f"/proc/{pid}/schedstat").read_text().split()[0]) / 1e9


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of ``pid`` and its reaped children, in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    # After the ")" that closes the command name: utime is field 14 of stat, i.e. index 11 here.
    utime, stime, cutime, cstime = (int(x) for x in fields[11:15])
    return (utime + stime + cutime + cstime) / _TICKS


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def wakeups(pid: int) -> int:
    """Voluntary context switches of every thread of ``pid``: each is one sleep that ended."""
    total = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        for line in (task / "status").read_text().splitlines():
            if line.startswith("voluntary_ctxt_switches:"):
                total += int(line.split()[1])
    return total


def child_pid(name: str) -> int | None:
    """The newest child process of this one whose command name is ``name`` (e.g. our Xvfb)."""
    me, found = str(os.getpid()), None
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        comm, rest = stat[stat.index("(") + 1 : stat.rindex(")")], stat[stat.rindex(")") + 2 :].split()
        if comm == name and rest[1] == me and (found is None or int(entry.name) > found):
            found = int(entry.name)
    return found
