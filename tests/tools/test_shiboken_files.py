"""tools/shiboken_files.py: shiboken6's support modules unpacked beside it and compiled, so a
launch imports cached code instead of compiling them from the zip inside shiboken's library."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from tools.shiboken_files import compiled_only, unpack

ROOT = Path(__file__).resolve().parents[2]
#: Which file shiboken loaded its signature loader from, in a fresh interpreter.
WHERE_LOADED = "import PySide6.QtCore, sys; print(sys.modules['shibokensupport.signature.loader'].__file__)"


def _shiboken_copy(tmp_path: Path) -> Path:
    """A Python whose shiboken6 is a private copy: the tests unpack into it, never into .venv."""
    import shiboken6

    env = tmp_path / "env"
    venv.create(env, system_site_packages=False, with_pip=False)
    site = next((env / "lib").glob("python3*/site-packages"))
    real = Path(shiboken6.__file__).resolve().parent
    shutil.copytree(real, site / "shiboken6", ignore=shutil.ignore_patterns("files.dir", "__pycache__"))
    # PySide6 itself is only read from where it is installed (a .pth file, as site-packages does).
    (site / "pyside.pth").write_text(str(Path(real).parent) + "\n")
    return env / "bin" / "python"


def _loaded_from(python: Path) -> str:
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    out = subprocess.run(
        [str(python), "-c", WHERE_LOADED], env=env, capture_output=True, text=True, check=True
    )
    return out.stdout.strip()


@pytest.mark.skipif(sys.platform != "linux", reason="the venv layout used here is Linux's")
def test_after_unpacking_shiboken_imports_its_support_modules_from_compiled_files(tmp_path: Path) -> None:
    python = _shiboken_copy(tmp_path)
    assert "files.dir" not in _loaded_from(python)  # as installed: from the embedded zip

    folder = unpack(python)

    assert folder.name == "files.dir" and folder.is_relative_to(tmp_path)
    assert _loaded_from(python) == str(folder / "shibokensupport" / "signature" / "loader.py")
    compiled = list(folder.rglob("__pycache__/*.pyc"))
    assert len(compiled) == len(list(folder.rglob("*.py"))) >= 10


@pytest.mark.skipif(sys.platform != "linux", reason="the venv layout used here is Linux's")
def test_unpacking_again_replaces_what_an_older_shiboken_left(tmp_path: Path) -> None:
    python = _shiboken_copy(tmp_path)
    folder = unpack(python)
    stale = folder / "shibokensupport" / "from_an_older_version.py"
    stale.write_text("raise SystemExit('old')\n")

    assert unpack(python) == folder
    assert not stale.exists()
    assert (folder / "shibokensupport" / "signature" / "loader.py").is_file()


def test_a_python_without_shiboken_is_a_clear_error(tmp_path: Path) -> None:
    env = tmp_path / "bare"
    venv.create(env, with_pip=False)
    with pytest.raises(RuntimeError):
        unpack(env / "bin" / "python")


def test_the_bundles_copy_holds_compiled_modules_only_and_they_import(tmp_path: Path) -> None:
    source = tmp_path / "src" / "pkg"
    source.mkdir(parents=True)
    (source / "__init__.py").write_text("NAME = 'pkg'\n")
    (source / "inner.py").write_text("from pkg import NAME\nVALUE = NAME + '.inner'\n")
    (source / "__pycache__").mkdir()
    (source / "__pycache__" / "stale.cpython-311.pyc").write_bytes(b"not code")

    target = compiled_only(tmp_path / "src", tmp_path / "out")

    files = sorted(p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file())
    assert files == ["pkg/__init__.pyc", "pkg/inner.pyc"]
    out = subprocess.run(
        [sys.executable, "-c", "import pkg.inner; print(pkg.inner.VALUE)"],
        cwd=target, env=dict(os.environ, PYTHONPATH=str(target)), capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert out.stdout.strip() == "pkg.inner"


def test_a_source_that_does_not_compile_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "broken.py").write_text("def (:\n")
    with pytest.raises(RuntimeError, match="could not compile"):
        compiled_only(tmp_path / "src", tmp_path / "out")


def test_the_bundles_qt_hook_points_qt_at_the_bundle_without_importing_qt(tmp_path: Path) -> None:
    hook = ROOT / "packaging" / "pyi_rth_kindly_qt.py"
    code = (
        f"import os, runpy, sys; sys._MEIPASS = {str(tmp_path)!r}; runpy.run_path({str(hook)!r}); "
        "print(os.environ['QT_PLUGIN_PATH']); print(os.environ['QML2_IMPORT_PATH']); "
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))))"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QT_", "QML"))}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    qt = tmp_path / "PySide6" / "Qt"
    assert out.stdout.splitlines() == [str(qt / "plugins"), str(qt / "qml"), "[]"]
