"""The journey harness: the real Kindly as a subprocess on a private X display, driven as a person would.

A :class:`Journey` starts ``main.py --data-dir … --trace …`` on a display with openbox (focus,
stacking, decorations) and trayer (the tray), presses real keys and clicks with ``xdotool`` into
whatever window has the focus, and reads back only what a person could see or what was saved: the
trace, ``history.json``, window names and geometry, the stacking order and screenshots.

Everything here waits on an external process, so it polls with a deadline (never a bare sleep in a
test): ``wait_for`` and the helpers built on it return as soon as the thing is true.
"""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any, TypeVar

ROOT = Path(__file__).resolve().parents[2]
#: How long anything a person waits for may take on a busy 2-core CI machine.
PATIENCE_S = 15.0
T = TypeVar("T")


class JourneyError(AssertionError):
    """What a person waited for did not happen; the message says what, and what was seen instead."""


def wait_for(what: str, probe: Callable[[], T | None], timeout_s: float = PATIENCE_S) -> T:
    """``probe()`` until it returns something truthy; raise :class:`JourneyError` naming ``what``."""
    deadline = time.monotonic() + timeout_s
    pause_s = 0.01
    while True:
        found = probe()
        if found:
            return found
        if time.monotonic() > deadline:
            raise JourneyError(f"waited {timeout_s:g} s for {what}")
        time.sleep(pause_s)  # polling another process; the result is checked, not the time
        pause_s = min(pause_s * 2, 0.1)


class Journey:
    """One Kindly, its data folder and its trace, on the display described by ``env``."""

    def __init__(self, env: dict[str, str], folder: Path) -> None:
        #: A private runtime folder: the single-instance socket (and its lock) live here.
        self.runtime = folder / "run"
        self.runtime.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.env = dict(env, SDL_AUDIODRIVER="dummy", XDG_RUNTIME_DIR=str(self.runtime))
        self.env.pop("KINDLY_HOME", None)
        self.folder = folder
        self.data = folder / "data"
        self.trace_path = folder / "trace.jsonl"
        self.proc: subprocess.Popen[str] | None = None
        self._stderr = folder / "stderr.txt"
        self._stderr_file: IO[str] | None = None

    # -- the app ----------------------------------------------------------------------------------
    def prepare(
        self, *, settings: dict[str, Any] | None = None, scripts: dict[str, str] | None = None
    ) -> Journey:
        """Settings and user scripts as a person might have left them, before the app starts."""
        self.data.mkdir(parents=True, exist_ok=True, mode=0o700)
        if settings is not None:
            (self.data / "settings.json").write_text(json.dumps(settings))
        for name, text in (scripts or {}).items():
            folder = self.data / "sessions"
            folder.mkdir(exist_ok=True)
            (folder / name).write_text(text)
        return self

    def start(self, *args: str, trace: bool = True) -> Journey:
        """Launch ``main.py --data-dir DATA [--trace TRACE] ARGS`` and wait until it runs."""
        self.data.mkdir(parents=True, exist_ok=True, mode=0o700)
        extra = ["--trace", str(self.trace_path)] if trace else []
        self._stderr_file = self._stderr.open("w")
        self.proc = subprocess.Popen(
            [sys.executable, str(ROOT / "main.py"), "--data-dir", str(self.data), *extra, *args],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=self._stderr_file,
            text=True,
        )
        return self

    def run(
        self, *args: str, timeout_s: float = PATIENCE_S, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        """A second launch on the same data folder (it hands its command to the running Kindly);
        ``env`` adds to the journey's environment."""
        return subprocess.run(
            [sys.executable, str(ROOT / "main.py"), "--data-dir", str(self.data), *args],
            cwd=ROOT,
            env={**self.env, **(env or {})},
            capture_output=True,
            text=True,
            timeout=timeout_s,
            check=False,
        )

    @property
    def stderr(self) -> str:
        return self._stderr.read_text() if self._stderr.exists() else ""

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def quit(self, timeout_s: float = PATIENCE_S) -> int:
        """End Kindly as the desktop does at log-out (SIGTERM: a clean exit); its exit code."""
        if self.proc is None:
            return 0
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            code = self.proc.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise JourneyError(f"Kindly did not leave within {timeout_s:g} s of SIGTERM") from None
        finally:
            if self._stderr_file is not None:
                self._stderr_file.close()
        assert "Traceback" not in self.stderr, self.stderr
        return code

    # -- what was saved ---------------------------------------------------------------------------
    def trace(self) -> list[dict[str, Any]]:
        if not self.trace_path.exists():
            return []
        lines = self.trace_path.read_text().splitlines()
        return [json.loads(line) for line in lines if line.endswith("}")]

    def mark(self) -> int:
        """How many trace lines there are now: pass it to :meth:`wait_cue` to see only what follows."""
        return len(self.trace())

    def cues(self, since: int = 0, kind: str | None = None) -> list[dict[str, Any]]:
        return [c for c in self.trace()[since:] if kind is None or c["cue"] == kind]

    def wait_cue(
        self, kind: str, since: int = 0, name: str | None = None, timeout_s: float = PATIENCE_S
    ) -> dict[str, Any]:
        """The first ``kind`` cue (named ``name``) traced after line ``since``."""

        def probe() -> dict[str, Any] | None:
            for cue in self.cues(since, kind):
                if name is None or cue["name"] == name:
                    return cue
            return None

        try:
            return wait_for(f"a {kind!r} cue" + (f" named {name!r}" if name else ""), probe, timeout_s)
        except JourneyError as exc:
            seen = [(c["cue"], c["name"]) for c in self.cues(since)]
            raise JourneyError(f"{exc}; after line {since} the trace has {seen}\n{self.stderr}") from None

    def no_cue(self, kind: str, since: int, within_s: float = 0.6) -> None:
        """Assert that no ``kind`` cue follows line ``since`` for ``within_s`` (a key did nothing)."""
        deadline = time.monotonic() + within_s
        while time.monotonic() < deadline:
            found = self.cues(since, kind)
            assert not found, f"unexpected {kind} cue: {found}"
            time.sleep(0.05)  # watching another process for a while: the point is that nothing comes

    def records(self) -> list[dict[str, Any]]:
        """The sessions in ``history.json``, oldest first."""
        path = self.data / "history.json"
        if not path.exists():
            return []
        sessions = json.loads(path.read_text()).get("sessions", {})
        return sorted(sessions.values(), key=lambda r: r["started_at"])

    def wait_records(self, count: int) -> list[dict[str, Any]]:
        """Wait until ``history.json`` holds at least ``count`` sessions; all of them."""

        def probe() -> list[dict[str, Any]] | None:
            records = self.records()
            return records if len(records) >= count else None

        return wait_for(f"{count} record(s) in history.json", probe)

    # -- X: windows -------------------------------------------------------------------------------
    def x(self, *args: str, check: bool = True) -> str:
        result = subprocess.run(
            list(args), env=self.env, capture_output=True, text=True, check=False, timeout=30
        )
        if check and result.returncode != 0:
            raise JourneyError(f"{' '.join(args)} failed: {result.stderr.strip()}")
        return result.stdout

    def find(self, title: str) -> list[int]:
        """Kindly's visible windows whose whole name is ``title`` (a regular expression).

        Kindly's windows are those of instance ``kindly`` in WM_CLASS (``"kindly", "Kindly"``,
        however it was started; its menus and tray icon carry no ``_NET_WM_PID`` to search by).
        xdotool's own regex is byte-wise, so names are matched here.
        """
        out = self.x("xdotool", "search", "--onlyvisible", "--classname", "^kindly$", check=False)
        return [int(w) for w in out.split() if re.fullmatch(title, self.name(int(w)))]

    def window(self, title: str, timeout_s: float = PATIENCE_S) -> int:
        """Wait for the window named ``title`` to be shown and managed by the window manager; its X id.

        Managed: a window of its own on the desktop, not the tray icon or a menu of the same name.
        """

        def probe() -> list[int]:
            managed = set(self.stacking())
            return [w for w in self.find(title) if w in managed]

        return wait_for(f"a window named {title!r}", probe, timeout_s)[-1]

    def gone(self, title: str, timeout_s: float = PATIENCE_S) -> None:
        """Wait until no managed window is named ``title``."""
        wait_for(
            f"the window {title!r} to close",
            lambda: not set(self.find(title)) & set(self.stacking()),
            timeout_s,
        )

    def name(self, wid: int) -> str:
        """The window's title as the window manager shows it (``xdotool getwindowname``)."""
        return self.x("xdotool", "getwindowname", str(wid), check=False).rstrip("\n")

    def active(self) -> int | None:
        out = self.x("xdotool", "getactivewindow", check=False).strip()
        return int(out) if out else None

    def focus(self, wid: int) -> None:
        """Bring ``wid`` to the front and give it the keyboard, as a click on its title bar would."""
        self.x("xdotool", "windowactivate", "--sync", str(wid), check=False)
        wait_for(f"window {wid} to be active", lambda: self.active() == wid)

    def geometry(self, wid: int) -> tuple[int, int, int, int]:
        """x, y, width, height of the window's contents on the screen (without the frame)."""
        out = self.x("xwininfo", "-id", str(wid))
        value = {
            k.strip(): v.strip() for k, v in (line.split(":", 1) for line in out.splitlines() if ":" in line)
        }
        return (
            int(value["Absolute upper-left X"]),
            int(value["Absolute upper-left Y"]),
            int(value["Width"]),
            int(value["Height"]),
        )

    def stacking(self) -> list[int]:
        """Managed windows from bottom to top, as the window manager stacks them."""
        out = self.x("xprop", "-root", "_NET_CLIENT_LIST_STACKING")
        return [int(w, 16) for w in re.findall(r"0x[0-9a-f]+", out)]

    # -- X: input ---------------------------------------------------------------------------------
    def key(self, *keys: str) -> None:
        """Press and release each key in turn, into whatever window has the focus (``xdotool key``)."""
        self.x("xdotool", "key", "--delay", "40", *keys)

    def type(self, text: str) -> None:
        self.x("xdotool", "type", "--delay", "30", text)

    def click(self, wid: int, x: int, y: int, button: int = 1) -> None:
        """Move the pointer to (x, y) inside ``wid`` and click there."""
        self.x("xdotool", "mousemove", "--window", str(wid), str(x), str(y), "click", str(button))

    def tray_icon(self) -> int:
        """Kindly's icon docked in the tray host."""

        def probe() -> int | None:
            for panel in self.x("xdotool", "search", "--class", "trayer", check=False).split():
                tree = self.x("xwininfo", "-tree", "-id", panel, check=False)
                # Docked: the icon's own window, named and sized, inside the panel.
                for child, width in re.findall(
                    r"(0x[0-9a-f]+) \"Kindly\": \(\"kindly\" \"Kindly\"\)  (\d+)x", tree
                ):
                    if int(width) > 1:
                        return int(child, 16)
            return None

        return wait_for("Kindly's icon in the tray", probe)

    def tray_menu(self, item: int) -> None:
        """Right-click the tray icon and choose the ``item``-th entry (from 0) with the keyboard."""
        icon = self.tray_icon()
        before = set(self.find("Kindly"))  # the menu is a window named after the app
        self.click(icon, 8, 8, button=3)
        wait_for("the tray menu", lambda: set(self.find("Kindly")) - before)
        self.key(*(["Down"] * (item + 1)), "Return")

    def changes(self, wid: int, over_s: float) -> list[float]:
        """Watch the window for ``over_s``: the moments (seconds from now) its picture changed.

        Screenshots back to back, each compared with the one before; a window still drawing when
        watching began changes early, one whose countdown moves keeps changing to the end.
        """
        began = time.monotonic()
        seen: list[float] = []
        previous = self.screenshot(self.folder / "watch-0.png", wid)
        turn = 0
        while time.monotonic() - began < over_s:
            turn += 1
            shot = self.screenshot(self.folder / f"watch-{turn % 2}.png", wid)
            if pixels_changed(previous, shot):
                seen.append(time.monotonic() - began)
            previous = shot
        return seen

    def screenshot(self, path: Path, wid: int | None = None) -> Path:
        """The whole screen (or one window) as a PNG, as ``import`` takes it."""
        self.x("import", "-window", "root" if wid is None else str(wid), str(path))
        return path


def pixels_changed(before: Path, after: Path) -> int:
    """How many pixels differ between two screenshots of the same size (ImageMagick's ``compare``)."""
    result = subprocess.run(
        ["compare", "-metric", "AE", str(before), str(after), "null:"],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode > 1:
        raise JourneyError(f"compare failed: {result.stderr.strip()}")
    return int(float(result.stderr.split()[0]))


def tab_stops(count: int) -> Iterator[list[str]]:
    """Tab sequences that leave the focus on each of ``count`` controls in turn (0 Tabs first)."""
    for presses in range(count):
        yield ["Tab"] * presses
