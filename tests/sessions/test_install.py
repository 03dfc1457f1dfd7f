"""Every install route gets a launcher command that exists after this process ends, and one version."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from sessions import install


def test_the_checkout_runs_main_py_with_its_venv() -> None:
    assert install.route({}) == "checkout"
    assert install.prog_name() == "main.py"
    assert install.launch_command({}) == [str(install.checkout_python()), str(install.CODE_ROOT / "main.py")]


def test_a_frozen_bundle_starts_its_own_executable(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(tmp_path / "opt" / "kindly" / "kindly"))
    assert install.route({}) == "frozen"
    assert install.prog_name() == "kindly"
    assert install.launch_command({}) == [str(tmp_path / "opt" / "kindly" / "kindly")]


def test_an_appimage_names_the_image_not_its_temporary_mount(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", "/tmp/.mount_KindlyXYZ/usr/bin/kindly")
    env = {"APPIMAGE": "/home/ana/Apps/Kindly-x86_64.AppImage"}
    assert install.route(env) == "appimage"
    assert install.launch_command(env) == ["/home/ana/Apps/Kindly-x86_64.AppImage"]


def test_a_nuitka_build_starts_the_program_that_was_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(install, "_nuitka_compiled", lambda: True)
    monkeypatch.setattr(sys, "argv", ["/opt/kindly/kindly.bin", "--background"])
    assert install.route({}) == "nuitka"
    assert install.launch_command({}) == ["/opt/kindly/kindly.bin"]


def test_a_wheel_install_starts_the_entry_point_beside_its_python(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    site = tmp_path / "venv" / "lib" / "site-packages"
    (site / "assets").mkdir(parents=True)
    (site / "main.py").write_text("")  # a wheel carries main.py, but never pyproject.toml
    bindir = tmp_path / "venv" / "bin"
    bindir.mkdir()
    monkeypatch.setattr(install, "CODE_ROOT", site)
    monkeypatch.setattr(sys, "executable", str(bindir / "python"))
    assert install.route({}) == "installed"
    assert install.launch_command({}) == [str(bindir / "python"), "-m", "ui.cli"]
    (bindir / "kindly").write_text("#!/bin/sh\n")
    assert install.launch_command({}) == [str(bindir / "kindly")]


def test_the_version_comes_from_pyproject_in_the_checkout() -> None:
    import tomllib

    data = tomllib.loads((install.CODE_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert install.app_version() == data["project"]["version"]
