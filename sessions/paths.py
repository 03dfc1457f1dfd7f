"""Where Kindly keeps its files: one place, overridable by ``--data-dir`` or ``KINDLY_HOME``."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import appdirs

APP_NAME = "Kindly"
ENV_HOME = "KINDLY_HOME"
#: Where to keep what can always be rebuilt (tests point it at a folder of their own).
ENV_CACHE = "KINDLY_CACHE"
#: The checkout's assets, next to this package (the app runs from its checkout).
ASSETS_DIR = Path(__file__).resolve().parent.parent / "assets"


def sha256_hex(data: bytes) -> str:
    """SHA-256 of ``data`` in hex, for stable file names (voice files, the single-instance socket).

    From CPython's own implementation when there is one: ``hashlib`` would load OpenSSL's libcrypto
    (~3 MB of memory) into the app just to name a few files.
    """
    try:
        from _sha2 import sha256  # type: ignore[import-not-found]  # CPython 3.12+
    except ImportError:
        try:
            from _sha256 import sha256  # type: ignore[import-not-found]  # CPython 3.11
        except ImportError:
            from hashlib import sha256
    return str(sha256(data).hexdigest())


def default_data_dir() -> Path:
    # appdirs is frozen upstream; this is the one line to change for platformdirs.
    return Path(appdirs.user_data_dir(APP_NAME, appauthor=False))


def cache_dir(env: Mapping[str, str] | None = None) -> Path:
    """Kindly's cache: ``KINDLY_CACHE``, else the platform's user cache folder (``~/.cache/Kindly``).

    Only what Kindly can rebuild from its own files goes here (the checked built-in scripts), never
    anything of the person's: deleting it at any time loses nothing.
    """
    environ = os.environ if env is None else env
    if environ.get(ENV_CACHE):
        return Path(environ[ENV_CACHE]).expanduser().absolute()
    return Path(appdirs.user_cache_dir(APP_NAME, appauthor=False))


def code_stamp(module: str) -> tuple[str, int, int]:
    """Where ``module``'s code was loaded from, as it is on disk now: (path, mtime in ns, size), for
    a cache's key. Found, not imported. A module with no file of its own (frozen into an archive)
    is stood for by the executable. ``OSError`` if even that cannot be read. The .deb's bundle keeps
    each module in a ``.pyc`` file of its own (packaging/kindly.spec), so that file is its stamp.
    """
    import importlib.util
    import sys

    spec = importlib.util.find_spec(module)
    origin = spec.origin if spec is not None else None
    if origin:
        with contextlib.suppress(OSError):
            return file_stamp(Path(origin))
    return file_stamp(Path(sys.executable))


def file_stamp(path: Path) -> tuple[str, int, int]:
    """``path`` as it is on disk now, for a cache's key: (path, mtime in ns, size); ``OSError`` if
    it cannot be read."""
    info = path.stat()
    return (str(path), info.st_mtime_ns, info.st_size)


@dataclass(frozen=True)
class DataPaths:
    """Every file and folder Kindly writes, below one root."""

    root: Path

    @property
    def history(self) -> Path:
        return self.root / "history.json"

    @property
    def settings(self) -> Path:
        return self.root / "settings.json"

    @property
    def journal(self) -> Path:
        """Writing-practice entries and the phrase bank."""
        return self.root / "journal.json"

    @property
    def course(self) -> Path:
        """Where the person is in each course."""
        return self.root / "course.json"

    @property
    def people(self) -> Path:
        """Your people: who you trust and how to reach them."""
        return self.root / "people.json"

    @property
    def user_writing(self) -> Path:
        """The person's own writing practices (TOML)."""
        return self.root / "writing"

    @property
    def user_courses(self) -> Path:
        """The person's own courses (TOML)."""
        return self.root / "courses"

    @property
    def resume(self) -> Path:
        """Where recordings and long practices were left (``sessions/resume_points.py``)."""
        return self.root / "resume.json"

    @property
    def recordings(self) -> Path:
        return self.root / "recordings"

    @property
    def user_sessions(self) -> Path:
        return self.root / "sessions"


def resolve_data_paths(
    override: str | os.PathLike[str] | None = None, env: Mapping[str, str] | None = None
) -> DataPaths:
    """``--data-dir`` wins, then ``KINDLY_HOME``, then the platform's user data folder."""
    environ = os.environ if env is None else env
    if override:
        root = Path(override)
    elif environ.get(ENV_HOME):
        root = Path(environ[ENV_HOME])
    else:
        root = default_data_dir()
    return DataPaths(root.expanduser().absolute())
