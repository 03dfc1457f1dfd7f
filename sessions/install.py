"""How this Kindly was installed (checkout, pip/pipx, a frozen bundle, an AppImage) and the command
that starts it again, for launchers, login entries and ``--help``; its version, from one place."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Literal

from sessions.paths import ASSETS_DIR

#: The reverse-DNS id shared by the .desktop file, the icon, the AppStream metainfo and
#: ``QGuiApplication.setDesktopFileName`` (the desktop-integration work reuses it).
APP_ID = "io.github.kindly.Kindly"
#: The installed command (the wheel's entry point, the .deb's /usr/bin/kindly).
COMMAND = "kindly"
#: The folder that holds ``main.py`` and ``assets/``: a checkout, site-packages, or a bundle.
CODE_ROOT = ASSETS_DIR.parent

Route = Literal["appimage", "frozen", "nuitka", "checkout", "installed"]


def _nuitka_compiled() -> bool:
    # Nuitka defines ``__compiled__`` in the globals of every module it compiled.
    return "__compiled__" in globals()


def route(env: Mapping[str, str] | None = None) -> Route:
    """How this Kindly runs: an AppImage, a frozen bundle (PyInstaller, cx_Freeze), a Nuitka
    build, the source checkout, or a wheel installed with pip or pipx."""
    environ = os.environ if env is None else env
    if environ.get("APPIMAGE") and (getattr(sys, "frozen", False) or _nuitka_compiled()):
        return "appimage"
    if getattr(sys, "frozen", False):
        return "frozen"
    if _nuitka_compiled():
        return "nuitka"
    if (CODE_ROOT / "pyproject.toml").is_file() and (CODE_ROOT / "main.py").is_file():
        return "checkout"
    return "installed"


def checkout_python() -> Path:
    """The checkout's virtual-environment Python (the one ``tools/dev.py`` makes), else this one."""
    venv = CODE_ROOT / ".venv" / "bin" / "python"
    return venv if venv.exists() else Path(sys.executable)


def launch_command(env: Mapping[str, str] | None = None) -> list[str]:
    """The argv that starts this same Kindly from a launcher, wherever and however it is installed.

    Never a path that only exists while this process runs: an AppImage is mounted under /tmp
    only while it runs, so its launcher names the AppImage file itself.
    """
    environ = os.environ if env is None else env
    kind = route(environ)
    if kind == "appimage":
        return [environ["APPIMAGE"]]
    if kind == "frozen":
        return [str(Path(sys.executable).absolute())]
    if kind == "nuitka":
        # A Nuitka build's sys.executable may be the Python it was built with; argv[0] is the
        # program the person ran (the onefile binary itself for a onefile build).
        return [str(Path(sys.argv[0]).absolute())]
    if kind == "installed":
        # pip and pipx put the entry point beside the environment's Python (sys.executable is
        # not resolved through the venv's symlink, so this stays inside the venv).
        script = Path(sys.executable).parent / COMMAND
        if script.is_file():
            return [str(script)]
        return [sys.executable, "-m", "ui.cli"]
    return [str(checkout_python()), str(CODE_ROOT / "main.py")]


def prog_name() -> str:
    """What ``--help`` calls the program: ``main.py`` in a checkout, ``kindly`` once installed."""
    return "main.py" if route() == "checkout" else COMMAND


@cache
def app_version() -> str:
    """Kindly's version: the installed package's metadata, else the checkout's pyproject.toml
    (the one place it is written); "" if neither can be read."""
    from importlib import metadata

    try:
        return metadata.version("kindly")
    except metadata.PackageNotFoundError:
        pass
    import tomllib

    try:
        data = tomllib.loads((CODE_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
        return str(data["project"]["version"])
    except (OSError, KeyError, TypeError, tomllib.TOMLDecodeError):
        return ""


__all__ = [
    "APP_ID",
    "CODE_ROOT",
    "COMMAND",
    "Route",
    "app_version",
    "checkout_python",
    "launch_command",
    "prog_name",
    "route",
]
