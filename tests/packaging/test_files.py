"""The packaging files agree with the code: one app id, valid desktop and AppStream files, a wheel
that carries every top-level package, and a reason beside every lintian override."""

from __future__ import annotations

import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

from sessions.install import APP_ID, COMMAND

ROOT = Path(__file__).resolve().parent.parent.parent
LINUX = ROOT / "packaging" / "linux"


def test_the_system_launcher_and_metainfo_use_the_app_id() -> None:
    desktop = LINUX / f"{APP_ID}.desktop"
    text = desktop.read_text()
    assert f"\nExec={COMMAND}\n" in text
    assert f"\nIcon={APP_ID}\n" in text
    metainfo = (LINUX / f"{APP_ID}.metainfo.xml").read_text()
    assert f"<id>{APP_ID}</id>" in metainfo
    assert f'<launchable type="desktop-id">{APP_ID}.desktop</launchable>' in metainfo
    assert f"<binary>{COMMAND}</binary>" in metainfo


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="desktop-file-utils not installed")
def test_the_system_launcher_is_valid() -> None:
    command = ["desktop-file-validate", str(LINUX / f"{APP_ID}.desktop")]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout


@pytest.mark.skipif(shutil.which("appstreamcli") is None, reason="appstream not installed")
def test_the_metainfo_is_valid(tmp_path: Path) -> None:
    filled = tmp_path / f"{APP_ID}.metainfo.xml"
    text = (LINUX / f"{APP_ID}.metainfo.xml").read_text()
    filled.write_text(text.replace("@VERSION@", "0.1.0").replace("@DATE@", "2026-12-07"))
    result = subprocess.run(
        ["appstreamcli", "validate", "--no-net", str(filled)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_wheel_carries_every_top_level_package_and_the_assets() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    carried = set(pyproject["tool"]["hatch"]["build"]["targets"]["wheel"]["only-include"])
    packages = {p.parent.name for p in ROOT.glob("*/__init__.py")} - {"tests", "tools", "bench"}
    assert packages | {"main.py", "assets"} == carried
    assert pyproject["project"]["gui-scripts"] == {COMMAND: "ui.cli:main"}


def test_every_lintian_override_says_why() -> None:
    lines = (ROOT / "packaging" / "debian" / "lintian-overrides").read_text().splitlines()
    for number, line in enumerate(lines):
        if line.startswith("kindly:"):
            above = lines[:number]
            while above and above[-1].startswith("kindly:"):
                above.pop()  # a group of tags shares one comment
            assert above and above[-1].startswith("# "), f"no reason given above: {line}"
