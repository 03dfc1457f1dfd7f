"""A person's journey through a writing practice, as a real program under Xvfb with a window
manager, driven by xdotool: real key presses into the window wherever the focus lands."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tools import xsession

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(
    not (xsession.available() and shutil.which("openbox")), reason="needs Xvfb, xdotool and openbox"
)


def xdo(env: dict[str, str], *args: str) -> str:
    return subprocess.run(["xdotool", *args], env=env, capture_output=True, text=True, check=False).stdout


def wait_for_window(env: dict[str, str], name: str, timeout_s: float = 30) -> str:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        found = xdo(env, "search", "--onlyvisible", "--name", name).split()
        if found:
            return found[0]
        time.sleep(0.1)  # polling another process's start-up, not test timing
    raise AssertionError(f"no window named {name!r}")


def wait_for(check, timeout_s: float = 15) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)  # polling the file another process writes
    raise AssertionError("timed out")


def entries(data: Path) -> list[dict[str, object]]:
    try:
        return list(json.loads((data / "journal.json").read_text())["entries"])
    except (OSError, ValueError):
        return []


@pytest.mark.slow
def test_rewrite_the_critic_typed_with_xdotool(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with xsession.virtual_display(tray=True) as env:
        wm = subprocess.Popen(["openbox"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        app = subprocess.Popen(
            [sys.executable, str(ROOT / "main.py"), "--data-dir", str(data), "write", "rewrite-the-critic"],
            env={**env, "SDL_AUDIODRIVER": "dummy"},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            window = wait_for_window(env, "Rewrite the critic")
            xdo(env, "windowactivate", "--sync", window)
            pages = [
                "You always mess this up.",
                "Sharp and tired.",
                "It wants me to be safe from being laughed at.",
                "I made a mistake, and everyone makes mistakes sometimes.",
            ]
            for text in pages:
                xdo(env, "type", "--delay", "15", text)
                xdo(env, "key", "ctrl+Return")
            wait_for(lambda: len(entries(data)) == 1 and entries(data)[0]["step"] == 4)
            xdo(env, "key", "ctrl+Return")  # the last page: both voices side by side → Finish
            wait_for(lambda: bool(entries(data)) and entries(data)[0]["finished"] is True)
            wait_for((data / "history.json").exists)  # the writing time, logged last
            (entry,) = entries(data)
            answers = {a["step"]: a["text"] for a in entry["answers"]}  # type: ignore[attr-defined]
            assert [answers[k] for k in ("words", "tone", "protect", "kind")] == pages
            document = json.loads((data / "journal.json").read_text())
            assert [p["text"] for p in document["phrases"]] == [pages[3]]
            assert (data / "journal.json").stat().st_mode & 0o777 == 0o600
            history = json.loads((data / "history.json").read_text())
            (record,) = history["sessions"].values()
            assert record["kind"] == "writing" and record["completed"] is True
        finally:
            app.terminate()
            try:
                _, err = app.communicate(timeout=10)
            except subprocess.TimeoutExpired:
                app.kill()
                _, err = app.communicate()
            wm.terminate()
            wm.wait(timeout=5)
        assert "Traceback" not in err, err
    assert data.exists()
