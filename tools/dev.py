#!/usr/bin/env python3
"""The README's two commands: ``python3 tools/dev.py run`` and ``python3 tools/dev.py test``.

Also ``lint``, and ``package`` (the wheel, the bundle tarball and the .deb into ``dist/``).

Both make sure ``.venv`` in the checkout exists and matches ``requirements.lock`` (it is created
only when missing, or rebuilt when the lock file or the Python version changed), then launch the
app or run the tests. Standard library only: it runs before anything is installed.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
LOCK = ROOT / "requirements.lock"
STAMP = VENV / ".kindly-stamp"
MIN_PYTHON = (3, 11)
#: Packaging happens in its own environment, so the app's .venv never holds PyInstaller or Kindly.
BUILD_VENV = ROOT / "build" / "venv"
BUILD_LOCK = ROOT / "packaging" / "build.lock"
#: Where tools/shiboken_files.py unpacks shiboken6's support modules, in .venv.
SHIBOKEN_FILES = ("lib/python3*/site-packages", "Lib/site-packages")


def _say(message: str) -> None:
    print(f"kindly: {message}", file=sys.stderr, flush=True)


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _wanted_stamp() -> str:
    digest = hashlib.sha256(LOCK.read_bytes())
    digest.update(sys.version.encode())
    digest.update(sys.executable.encode())
    return digest.hexdigest()


def ensure_venv() -> Path:
    """Create or refresh ``.venv``; fast (one file read) when it is already up to date."""
    if sys.version_info < MIN_PYTHON:
        wanted = ".".join(map(str, MIN_PYTHON))
        _say(f"Kindly needs Python {wanted} or newer; this is {sys.version.split()[0]}.")
        raise SystemExit(1)
    wanted = _wanted_stamp()
    python = venv_python()
    if python.exists() and STAMP.exists() and STAMP.read_text().strip() == wanted:
        if not _has_shiboken_files():  # a .venv made before Kindly unpacked them
            _unpack_shiboken_files(python)
        return python
    if python.exists() and not _python_changed(python):
        _say("requirements.lock changed: updating .venv …")
    else:
        shutil.rmtree(VENV, ignore_errors=True)
        _say("setting up .venv (the first time takes a minute or two) …")
        result = subprocess.run(
            [sys.executable, "-m", "venv", str(VENV)], check=False, capture_output=True, text=True
        )
        if result.returncode != 0 or not python.exists():
            shutil.rmtree(VENV, ignore_errors=True)
            _say(
                "could not create a virtual environment: " + (result.stderr.strip().splitlines() or ["?"])[-1]
            )
            _say("on Debian or Ubuntu, install it with:  sudo apt install python3-venv")
            raise SystemExit(1)
    pip = [str(python), "-m", "pip", "--disable-pip-version-check", "-q"]
    if subprocess.run([*pip, "install", "-r", str(LOCK)], check=False).returncode != 0:
        _say("installing the dependencies failed; see the messages above.")
        raise SystemExit(1)
    _unpack_shiboken_files(python)
    STAMP.write_text(wanted + "\n")
    return python


def _has_shiboken_files() -> bool:
    return any(any(VENV.glob(f"{p}/shiboken6/files.dir/shibokensupport")) for p in SHIBOKEN_FILES)


def _unpack_shiboken_files(python: Path) -> None:
    """Quicker launches: see tools/shiboken_files.py. Kindly runs without them, so a failure is told
    and set-up goes on."""
    sys.path.insert(0, str(ROOT))
    from tools.shiboken_files import unpack

    try:
        unpack(python)
    except (OSError, RuntimeError) as exc:
        _say(f"could not unpack shiboken6's support files ({exc}); Kindly starts a little slower")


def _python_changed(python: Path) -> bool:
    out = subprocess.run(
        [str(python), "-c", "import sys; print(sys.version)"], capture_output=True, text=True, check=False
    )
    return out.stdout.strip() != sys.version.strip()


def run(args: list[str]) -> int:
    python = ensure_venv()
    # Become the app (no wrapper process left behind), so signals and the exit code are its own.
    os.execv(python, [str(python), str(ROOT / "main.py"), *args])


def test(args: list[str]) -> int:
    """Run the suite; on a machine with Xvfb and trayer, GUI tests get a real X server and tray."""
    python = ensure_venv()
    command = [str(python), "-m", "pytest", *args]
    sys.path.insert(0, str(ROOT))
    from tools import xsession

    if xsession.available() and os.environ.get("KINDLY_TEST_DISPLAY") != "offscreen":
        with xsession.virtual_display(tray=True) as env:
            _say(f"tests run on a virtual display {env['DISPLAY']} with a tray host")
            return subprocess.run(command, cwd=ROOT, env=env, check=False).returncode
    _say("Xvfb/trayer not found: GUI tests run offscreen and tray tests check the no-tray path")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run(command, cwd=ROOT, env=env, check=False).returncode


def lint(args: list[str]) -> int:
    python = ensure_venv()
    bindir = python.parent
    steps = [
        [str(bindir / "ruff"), "check", "."],
        [str(bindir / "ruff"), "format", "--check", "."],
        [str(bindir / "mypy")],
        [str(bindir / "lint-imports")],  # the layer contracts in pyproject.toml (DESIGN §2)
    ]
    failed = 0
    for step in steps:
        _say("$ " + " ".join(Path(step[0]).name if i == 0 else a for i, a in enumerate(step)))
        extra = args if step[0].endswith(("ruff", "mypy")) else []
        failed |= subprocess.run([*step, *extra], cwd=ROOT, check=False).returncode != 0
    return 1 if failed else 0


def _runtime_pins() -> str:
    """requirements.lock up to its ``# dev`` line: what the app itself needs."""
    pins = []
    for line in LOCK.read_text().splitlines():
        if line.strip() == "# dev":
            break
        pins.append(line)
    return "\n".join(pins) + "\n"


def package(args: list[str]) -> int:
    """Build dist/: the wheel, the bundle tarball and the .deb (packaging/build.py, in build/venv)."""
    if sys.version_info < MIN_PYTHON:
        _say("packaging needs Python 3.11 or newer")
        return 1
    python = BUILD_VENV / "bin" / "python"
    stamp = BUILD_VENV / ".kindly-stamp"
    pins = _runtime_pins()
    digest = hashlib.sha256((pins + BUILD_LOCK.read_text() + sys.version + sys.executable).encode())
    wanted = digest.hexdigest()
    if not (python.exists() and stamp.exists() and stamp.read_text().strip() == wanted):
        shutil.rmtree(BUILD_VENV, ignore_errors=True)
        _say("setting up build/venv for packaging …")
        subprocess.run([sys.executable, "-m", "venv", str(BUILD_VENV)], check=True)
        runtime = BUILD_VENV / "runtime.lock"
        runtime.write_text(pins)
        pip = [str(python), "-m", "pip", "--disable-pip-version-check", "-q", "install"]
        if subprocess.run([*pip, "-r", str(runtime), "-r", str(BUILD_LOCK)], check=False).returncode:
            _say("installing the packaging tools failed; see the messages above.")
            return 1
        stamp.write_text(wanted + "\n")
    return subprocess.run([str(python), str(ROOT / "packaging" / "build.py"), *args], check=False).returncode


def main(argv: list[str]) -> int:
    commands = {"run": run, "test": test, "lint": lint, "package": package}
    if not argv or argv[0] not in commands:
        print(__doc__)
        print("usage: python3 tools/dev.py run [app arguments] | test [pytest arguments] | lint | package")
        return 2
    try:
        return commands[argv[0]](argv[1:])
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
