"""Where the session scripts live: the built-ins in the checkout, the user's own in their data folder."""

from __future__ import annotations

from pathlib import Path

from sessions.paths import ASSETS_DIR
from sessions.script_folders import assemble
from sessions.script_model import Library

BUILTIN_DIR = ASSETS_DIR / "sessions"
VOICE_DIR = ASSETS_DIR / "voice"
#: Breathing sessions this long or longer get the spoken settle and close of ``breathing.toml``;
#: shorter ones are the plain pacer, so a one-minute pause is a whole minute of breathing.
GUIDED_BREATHING_MIN_MINUTES = 3.0


def load_builtin_library(user_dir: Path | None, *, cache_dir: Path | None = None) -> Library:
    """Built-in scripts, then the user's from ``user_dir``; broken files are listed, never raised.

    Speech time is estimated here (reading every voice file would slow start-up); the exact
    check happens when a session is planned with real durations. With ``cache_dir`` the built-in
    scripts come from the cache while their files are unchanged (:mod:`sessions.script_cache`);
    the user's are always read and checked afresh.
    """
    # The checker (and the TOML parser) load only when a folder must be built (script_cache.read_folder).
    from sessions.script_cache import cached_folder, read_folder

    if cache_dir is None:
        builtins = read_folder(BUILTIN_DIR, builtin=True, voice_dir=VOICE_DIR)
    else:
        builtins = cached_folder(BUILTIN_DIR, voice_dir=VOICE_DIR, cache_dir=cache_dir)
    if user_dir is None or not user_dir.is_dir():
        return assemble([builtins])
    return assemble([builtins, read_folder(user_dir, builtin=False, voice_dir=VOICE_DIR)])
