"""Where the session scripts live: the built-ins in the checkout, the user's own in their data folder."""

from __future__ import annotations

from pathlib import Path

from sessions.paths import ASSETS_DIR
from sessions.scripts import Library, load_library

BUILTIN_DIR = ASSETS_DIR / "sessions"
VOICE_DIR = ASSETS_DIR / "voice"
#: Breathing sessions this long or longer get the spoken settle and close of ``breathing.toml``;
#: shorter ones are the plain pacer, so a one-minute pause is a whole minute of breathing.
GUIDED_BREATHING_MIN_MINUTES = 3.0


def load_builtin_library(user_dir: Path | None) -> Library:
    """Built-in scripts, then the user's from ``user_dir``; broken files are listed, never raised.

    Speech time is estimated here (reading every voice file would slow start-up); the exact
    check happens when a session is planned with real durations.
    """
    return load_library(BUILTIN_DIR, user_dir, voice_dir=VOICE_DIR)
