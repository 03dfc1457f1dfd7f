"""Where Kindly keeps its files: one place, overridable by ``--data-dir`` or ``KINDLY_HOME``."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import appdirs

APP_NAME = "Kindly"
ENV_HOME = "KINDLY_HOME"
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
