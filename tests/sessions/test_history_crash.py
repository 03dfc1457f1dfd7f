"""Kill a writer at random moments: the log must always open, and keep every append that returned."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sessions.history import HistoryLog

ROOT = Path(__file__).resolve().parents[2]
KILLS = 200

# The child opens the log, says it is ready, then appends for ever, printing each id only after
# ``append`` has returned (so every printed id is a promise that it is on disk).
CHILD = """
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from sessions.history import HistoryLog
from sessions.records import Record

log = HistoryLog(Path(sys.argv[1]))
start = datetime(2026, 1, 1, 7, 0, tzinfo=timezone(timedelta(hours=2)))
print("ready", flush=True)
n = 0
while True:
    n += 1
    at = start + timedelta(minutes=n)
    record = Record.new(
        started_at=at, ended_at=at + timedelta(minutes=5), session_id="breathing",
        title="Box breathing", kind="breathing", pattern="box", planned_seconds=300.0,
        practiced_seconds=300.0, completed=True,
    )
    record = Record(**{**record.to_dict(), "note": "a, \\"note\\"\\n" * (n % 4)})
    log.append(record)
    print(record.id, flush=True)
"""


@pytest.mark.slow
def test_a_killed_writer_never_costs_an_append_that_returned(tmp_path: Path) -> None:
    path = tmp_path / "data" / "history.json"
    rng = random.Random(20260101)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    promised: set[str] = set()
    for kill in range(KILLS):
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(path)],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        assert child.stdout is not None
        assert child.stdout.readline() == "ready\n", child.stderr.read() if child.stderr else ""
        # The point of this test is a kill at an unpredictable moment, so here we do wait.
        time.sleep(rng.uniform(0.005, 0.060))
        child.send_signal(signal.SIGKILL)
        out, err = child.communicate()
        assert child.returncode == -signal.SIGKILL, err
        lines = out.split("\n")
        promised.update(line for line in lines[:-1] if line)  # the last piece may be half-printed

        log = HistoryLog(path)
        assert log.notice is None, f"after kill {kill}: {log.notice}"
        ids = {record.id for record in log.records()}
        missing = promised - ids
        assert not missing, f"after kill {kill}: {len(missing)} returned appends are gone"
        log.close()
    assert len(promised) > KILLS  # the child really did write, most rounds several times
