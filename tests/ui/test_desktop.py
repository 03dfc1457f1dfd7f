"""Launchers for the app menu and login: written where XDG says, valid, parsed back, removed with care."""

from __future__ import annotations

import configparser
import shutil
from pathlib import Path

import pytest

from ui.desktop import (
    APP_ID,
    ICON_SOURCE,
    DesktopPaths,
    autostart_enabled,
    desktop_paths,
    exec_argument,
    install_desktop,
    remove_desktop,
    set_autostart,
    validate,
)


def read_entry(path: Path) -> dict[str, str]:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read_string(path.read_text(encoding="utf-8"))
    assert parser.sections() == ["Desktop Entry"]
    return dict(parser["Desktop Entry"])


def exec_args(value: str) -> list[str]:
    """Undo both escaping layers of an Exec value, as the Desktop Entry spec defines them."""
    text = value.replace("\\\\", "\\")  # string layer first: \\ is one backslash
    args: list[str] = []
    current, quoted, escaped, started = "", False, False, False
    for c in text:
        if escaped:
            current, escaped = current + c, False
        elif quoted and c == "\\":
            escaped = True
        elif c == '"':
            quoted, started = not quoted, True
        elif c == " " and not quoted:
            if started or current:
                args.append(current)
            current, started = "", False
        else:
            current += c
    if started or current:
        args.append(current)
    return [a.replace("%%", "%") for a in args]


@pytest.fixture
def paths(tmp_path: Path) -> DesktopPaths:
    env = {"XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    return desktop_paths(tmp_path / "home", env)


def test_paths_follow_xdg_and_fall_back_to_home(tmp_path: Path, paths: DesktopPaths) -> None:
    # The reverse-DNS id, so a user's launcher overrides the .deb's system one instead of doubling it.
    entry, icon = f"{APP_ID}.desktop", f"{APP_ID}.svg"
    assert paths.launcher == tmp_path / "data" / "applications" / entry
    assert paths.icon == tmp_path / "data" / "icons" / "hicolor" / "scalable" / "apps" / icon
    assert paths.autostart == tmp_path / "config" / "autostart" / entry
    plain = desktop_paths(tmp_path, {"XDG_DATA_HOME": "relative/is/ignored"})
    assert plain.launcher == tmp_path / ".local" / "share" / "applications" / entry
    assert plain.autostart == tmp_path / ".config" / "autostart" / entry


@pytest.mark.parametrize(
    "path",
    [
        "/home/ana/kindly/.venv/bin/python",
        "/home/ana/My Apps/kindly/main.py",
        '/odd/$HOME/`x`/"q"/back\\slash/50%/main.py',
        "/tab\there/it's (fine)/main.py",
    ],
)
def test_exec_arguments_survive_the_round_trip(path: str) -> None:
    assert exec_args(exec_argument(path)) == [path]


def test_a_line_break_cannot_be_written() -> None:
    with pytest.raises(ValueError, match="line break"):
        exec_argument("/a\nb")


def test_install_then_remove(tmp_path: Path, paths: DesktopPaths) -> None:
    python = tmp_path / "check out" / ".venv" / "bin" / "python"
    main_py = tmp_path / "check out" / "main.py"
    written = install_desktop(paths, python=python, main_py=main_py)
    assert written == [paths.launcher, paths.icon]
    assert paths.icon.read_bytes() == ICON_SOURCE.read_bytes()
    entry = read_entry(paths.launcher)
    assert entry["Type"] == "Application"
    assert entry["Name"] == "Kindly"
    assert entry["Icon"] == "io.github.kindly.Kindly"  # by name: the theme picks the size
    assert entry["StartupWMClass"] == "kindly"
    assert entry["Terminal"] == "false"
    assert entry["Categories"].endswith(";")
    assert exec_args(entry["Exec"]) == [str(python), str(main_py)]
    assert entry["TryExec"] == str(python)
    assert oct(paths.launcher.stat().st_mode & 0o777) == oct(0o644)
    # Installing twice is the same as once.
    assert install_desktop(paths, python=python, main_py=main_py) == written
    assert sorted(remove_desktop(paths)) == sorted(written)
    assert not paths.launcher.exists() and not paths.icon.exists()
    assert remove_desktop(paths) == []


def test_a_launcher_we_did_not_write_is_left_alone(paths: DesktopPaths) -> None:
    paths.launcher.parent.mkdir(parents=True)
    paths.launcher.write_text("[Desktop Entry]\nType=Application\nName=Someone else's Kindly\nExec=kindly\n")
    assert remove_desktop(paths) == []
    assert paths.launcher.exists()


def test_autostart_on_and_off(tmp_path: Path, paths: DesktopPaths) -> None:
    python, main_py = tmp_path / "py", tmp_path / "main.py"
    assert not autostart_enabled(paths)
    written = set_autostart(True, paths, python=python, main_py=main_py, args=["--data-dir", "/x y"])
    assert written == paths.autostart
    entry = read_entry(paths.autostart)
    assert exec_args(entry["Exec"]) == [str(python), str(main_py), "--data-dir", "/x y"]
    assert entry["X-GNOME-Autostart-enabled"] == "true"
    assert entry["Icon"] == str(ICON_SOURCE)  # the menu icon is not installed yet
    assert autostart_enabled(paths)
    assert set_autostart(False, paths) is None
    assert not paths.autostart.exists()
    # By default it starts in the tray, with no window at login.
    set_autostart(True, paths, python=python, main_py=main_py)
    assert exec_args(read_entry(paths.autostart)["Exec"]) == [str(python), str(main_py), "--background"]
    set_autostart(False, paths)
    # One the person wrote by hand stays.
    paths.autostart.write_text("[Desktop Entry]\nType=Application\nName=Mine\nExec=kindly\n")
    set_autostart(False, paths)
    assert paths.autostart.exists()


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="desktop-file-utils not installed")
def test_entries_pass_desktop_file_validate(tmp_path: Path, paths: DesktopPaths) -> None:
    install_desktop(paths, python=tmp_path / "a b" / "python", main_py=tmp_path / "50% $x" / "main.py")
    set_autostart(True, paths, python=tmp_path / "python", main_py=tmp_path / "main.py")
    assert validate(paths.launcher) == ""
    assert validate(paths.autostart) == ""


def test_launchers_from_before_the_reverse_dns_id_are_replaced_and_removed(paths: DesktopPaths) -> None:
    old_launcher = paths.launcher.with_name("kindly.desktop")
    old_autostart = paths.autostart.with_name("kindly.desktop")
    old_icon = paths.icon.with_name("kindly.svg")
    for old in (old_launcher, old_autostart):
        old.parent.mkdir(parents=True, exist_ok=True)
        old.write_text("[Desktop Entry]\nName=Kindly\nX-Kindly-Launcher=true\n")
    old_icon.parent.mkdir(parents=True, exist_ok=True)
    old_icon.write_bytes(ICON_SOURCE.read_bytes())
    assert autostart_enabled(paths)
    install_desktop(paths)
    assert not old_launcher.exists() and not old_icon.exists()
    set_autostart(True, paths)
    assert not old_autostart.exists() and autostart_enabled(paths)
    set_autostart(False, paths)
    assert not autostart_enabled(paths)


def test_a_launcher_someone_else_named_kindly_is_left_alone(paths: DesktopPaths) -> None:
    theirs = paths.launcher.with_name("kindly.desktop")
    theirs.parent.mkdir(parents=True)
    theirs.write_text("[Desktop Entry]\nName=Another Kindly\n")
    install_desktop(paths)
    remove_desktop(paths)
    assert theirs.exists()


def test_the_launcher_runs_this_install_by_default(paths: DesktopPaths) -> None:
    from sessions.install import launch_command

    install_desktop(paths)
    entry = read_entry(paths.launcher)
    assert exec_args(entry["Exec"]) == launch_command()
    assert entry["TryExec"] == launch_command()[0]
