"""Kindly in the desktop's app menu and at login: freedesktop ``.desktop`` launchers, written and removed."""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sessions.atomic import write_atomic
from sessions.install import APP_ID, CODE_ROOT, COMMAND, checkout_python, launch_command
from sessions.paths import ASSETS_DIR

if TYPE_CHECKING:
    from ui.dbus import Bus

ICON_SOURCE = ASSETS_DIR / "icons" / "kindly.svg"
#: The file name launchers had before the reverse-DNS id; still removed when they are ours.
LEGACY_ID = "kindly"
#: Our own key in every entry we write, so we only ever remove files we made.
MARKER = "X-Kindly-Launcher"
#: Characters that make the Desktop Entry spec require an argument to be quoted.
_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


@dataclass(frozen=True)
class DesktopPaths:
    """Where a launcher, its icon and the login entry live for one user."""

    launcher: Path
    icon: Path
    autostart: Path


def _xdg_dir(env: Mapping[str, str], name: str, fallback: Path) -> Path:
    value = env.get(name, "")
    # The XDG spec: a relative path in these variables is invalid and must be ignored.
    return Path(value) if value and Path(value).is_absolute() else fallback


def desktop_paths(home: Path | None = None, env: Mapping[str, str] | None = None) -> DesktopPaths:
    """The paths for ``home``, honouring ``XDG_DATA_HOME`` and ``XDG_CONFIG_HOME``."""
    environ = os.environ if env is None else env
    home = home if home is not None else Path.home()
    data_home = _xdg_dir(environ, "XDG_DATA_HOME", home / ".local" / "share")
    config_home = _xdg_dir(environ, "XDG_CONFIG_HOME", home / ".config")
    return DesktopPaths(
        launcher=data_home / "applications" / f"{APP_ID}.desktop",
        icon=data_home / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg",
        autostart=config_home / "autostart" / f"{APP_ID}.desktop",
    )


def default_python() -> Path:
    """The checkout's virtual-environment Python (the one ``tools/dev.py`` makes), else this one."""
    return checkout_python()


def _command(python: Path | None, main_py: Path | None) -> list[str]:
    """The launcher's command: ``python main_py`` when either is given (tests, a checkout), else
    whatever starts this Kindly as it is installed (sessions.install.launch_command)."""
    if python is None and main_py is None:
        return launch_command()
    return [str(python or default_python()), str(main_py or CODE_ROOT / "main.py")]


def _legacy(path: Path) -> Path:
    return path.with_name(f"{LEGACY_ID}{path.suffix}")


def exec_argument(text: str) -> str:
    """One ``Exec`` argument, quoted and escaped as the Desktop Entry spec asks.

    Two layers: inside double quotes, ``" ` $ \\`` take a backslash; then the whole value is a
    string, where a backslash itself is written twice. ``%`` is doubled (field codes).
    """
    if any(c in text for c in "\n\r"):
        raise ValueError("a path with a line break cannot go in a launcher")
    if text and not _RESERVED.intersection(text):
        quoted = text
    else:
        quoted = '"' + "".join("\\" + c if c in '"`$\\' else c for c in text) + '"'
    return quoted.replace("\\", "\\\\").replace("%", "%%")


def desktop_entry(
    command: Sequence[str], icon: Path | str, *, args: Sequence[str] = (), autostart: bool = False
) -> str:
    """The text of a launcher that runs ``command args…`` (``TryExec`` is its program).

    ``icon`` is a theme name (``APP_ID``, once it is in the hicolor theme) or a file.
    """
    program = command[0]
    command_line = " ".join(exec_argument(str(part)) for part in (*command, *args))
    lines = [
        "[Desktop Entry]",
        "Type=Application",
        "Version=1.4",
        "Name=Kindly",
        "GenericName=Self-compassion practice",
        "Comment=Guided self-compassion practice, a breathing pacer and a private practice log",
        f"Exec={command_line}",
        f"TryExec={_escape_string(str(program))}",
        f"Icon={_escape_string(str(icon))}",
        "Terminal=false",
        "Categories=Utility;",
        "Keywords=meditation;mindfulness;breathing;self-compassion;relax;",
        "StartupNotify=false",
        # X11's WM_CLASS instance (ui/cli.py sets it), so docks match the window to this launcher.
        f"StartupWMClass={COMMAND}",
        f"{MARKER}=true",
    ]
    if autostart:
        lines.append("X-GNOME-Autostart-enabled=true")
    return "\n".join(lines) + "\n"


def _escape_string(text: str) -> str:
    if any(c in text for c in "\n\r"):
        raise ValueError("a path with a line break cannot go in a launcher")
    return text.replace("\\", "\\\\")


def _write(path: Path, data: bytes) -> None:
    """Replace ``path`` atomically, readable by all (menus are read by other programs)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, data, private_dir=False, mode=0o644)


def _ours(path: Path) -> bool:
    try:
        return f"\n{MARKER}=true\n" in path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False


def install_desktop(
    paths: DesktopPaths | None = None, *, python: Path | None = None, main_py: Path | None = None
) -> list[Path]:
    """Put Kindly in the app menu: the icon into the hicolor theme, and a launcher. Returns both."""
    paths = paths or desktop_paths()
    command = _command(python, main_py)
    _write(paths.icon, ICON_SOURCE.read_bytes())
    _write(paths.launcher, desktop_entry(command, APP_ID).encode("utf-8"))
    for legacy in (_legacy(paths.launcher), _legacy(paths.icon)):  # one entry in the menu, not two
        if legacy != paths.launcher and (_ours(legacy) or _same_icon(legacy)):
            legacy.unlink()
    return [paths.launcher, paths.icon]


def remove_desktop(paths: DesktopPaths | None = None) -> list[Path]:
    """Take Kindly out of the app menu (and login); only files Kindly wrote are removed."""
    paths = paths or desktop_paths()
    removed: list[Path] = []
    launcher_was_ours = _ours(paths.launcher) or _ours(_legacy(paths.launcher))
    for entry in (paths.launcher, paths.autostart, _legacy(paths.launcher), _legacy(paths.autostart)):
        if _ours(entry):
            entry.unlink()
            removed.append(entry)
    for icon in (paths.icon, _legacy(paths.icon)):
        with contextlib.suppress(OSError):
            if launcher_was_ours or _same_icon(icon):
                icon.unlink()
                removed.append(icon)
    return removed


def _same_icon(path: Path) -> bool:
    try:
        return path.read_bytes() == ICON_SOURCE.read_bytes()
    except OSError:
        return False


def set_autostart(
    enabled: bool,
    paths: DesktopPaths | None = None,
    *,
    python: Path | None = None,
    main_py: Path | None = None,
    args: Sequence[str] = ("--background",),
) -> Path | None:
    """Start Kindly at login, or stop doing so. Returns the entry written, or ``None``.

    By default it starts in the background: the tray icon, no window.

    Turning it off removes only an entry Kindly wrote; one the person made by hand is theirs.
    """
    paths = paths or desktop_paths()
    for entry in (_legacy(paths.autostart), *(() if enabled else (paths.autostart,))):
        if _ours(entry):  # a login entry from before the reverse-DNS id would start a second Kindly
            entry.unlink()
    if not enabled:
        return None
    icon: Path | str = APP_ID if paths.icon.exists() else ICON_SOURCE
    entry = desktop_entry(_command(python, main_py), icon, args=args, autostart=True)
    _write(paths.autostart, entry.encode("utf-8"))
    return paths.autostart


def autostart_enabled(paths: DesktopPaths | None = None) -> bool:
    autostart = (paths or desktop_paths()).autostart
    return _ours(autostart) or _ours(_legacy(autostart))


def validate(path: Path) -> str | None:
    """Problems ``desktop-file-validate`` finds in ``path`` ("" when none); ``None`` if it isn't installed."""
    tool = shutil.which("desktop-file-validate")
    if tool is None:
        return None
    import subprocess

    result = subprocess.run([tool, str(path)], capture_output=True, text=True, check=False)
    return (result.stdout + result.stderr).strip()


#: Where Flatpak says "this is a sandbox" (the XDG portals' own test).
FLATPAK_INFO = Path("/.flatpak-info")


def sandboxed() -> bool:
    return FLATPAK_INFO.exists()


def request_background(bus: Bus, enabled: bool, *, failed: Callable[[str], None]) -> None:
    """Start at login through the Background portal (a sandbox can't write an autostart entry)."""
    from ui.dbus import Remote

    portal = Remote(
        "org.freedesktop.portal.Desktop",
        "/org/freedesktop/portal/desktop",
        "org.freedesktop.portal.Background",
    )
    options = {
        "reason": ("s", "Kindly waits in the tray, ready whenever you want it."),
        "autostart": ("b", enabled),
        "commandline": ("as", [COMMAND, "--background"]),
        "dbus-activatable": ("b", False),
    }
    bus.call(
        portal, "RequestBackground", "sa{sv}", ("", options),
        failed=lambda _error: failed("Starting at login could not be changed (the desktop refused)."),
    )  # fmt: skip


__all__ = [
    "APP_ID",
    "DesktopPaths",
    "autostart_enabled",
    "default_python",
    "desktop_entry",
    "desktop_paths",
    "exec_argument",
    "install_desktop",
    "remove_desktop",
    "request_background",
    "sandboxed",
    "set_autostart",
    "validate",
]
