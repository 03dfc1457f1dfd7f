"""Unpack shiboken6's support modules beside it, compiled, so starting Kindly does not recompile them.

shiboken6 (PySide6's runtime) carries the Python modules behind its signatures and enums as a zip
embedded in its library. At every launch it imports them from that zip, where Python cannot keep
their compiled code, so it compiles them again: about 12 ms of each launch on this project's
machines (bench/startup.py). ``SBK_EMBED=0`` is shiboken's own switch to write them out as
``shiboken6/files.dir`` instead, and it uses that folder whenever it exists. Compiling the folder
once then makes each launch read cached code like every other module.

Run for ``.venv`` by tools/dev.py and for the bundle by packaging/build.py. Standard library only.
"""

from __future__ import annotations

import compileall
import os
import py_compile
import shutil
import subprocess
from pathlib import Path

#: Unpack, then compile (as Python itself would, had it been allowed to keep the code).
_UNPACK = """
import compileall, importlib.util, pathlib, shutil, sys
spec = importlib.util.find_spec("shiboken6")
folder = pathlib.Path(spec.origin).resolve().parent / "files.dir"
# An older folder goes first: after an upgrade it would hold the old version's modules.
shutil.rmtree(folder, ignore_errors=True)
import shiboken6
if not folder.is_dir():
    sys.exit("shiboken6 did not unpack its support files")
ok = compileall.compile_dir(folder, quiet=1)
print(folder)
sys.exit(0 if ok else "could not compile " + str(folder))
"""


def unpack(python: Path) -> Path:
    """(Re)create ``shiboken6/files.dir`` for ``python``'s shiboken6, compiled; return the folder."""
    env = dict(os.environ, SBK_EMBED="0")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    result = subprocess.run(
        [str(python), "-c", _UNPACK], env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise RuntimeError((result.stderr.strip().splitlines() or ["shiboken6 support files: failed"])[-1])
    return Path(result.stdout.strip().splitlines()[-1])


def compiled_only(folder: Path, target: Path) -> Path:
    """A copy of ``folder`` as compiled modules alone (``x.pyc`` where ``x.py`` was), for the bundle:
    Python imports such modules as they are, and a package then holds no ``__pycache__`` folders,
    which Debian's rules keep out of packages, nor the sources twice."""
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(folder, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    mode = py_compile.PycInvalidationMode.UNCHECKED_HASH
    if not compileall.compile_dir(target, quiet=1, legacy=True, invalidation_mode=mode):
        raise RuntimeError(f"could not compile {target}")
    for source in target.rglob("*.py"):
        source.unlink()
    return target
