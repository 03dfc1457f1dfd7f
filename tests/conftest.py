"""Test set-up shared by every suite: no real display or sound unless a test asks for one."""

from __future__ import annotations

import os

# Without a display (no Xvfb), Qt tests run offscreen; audio is silent unless a test captures it.
if not os.environ.get("DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
# Never touch the real user's data from a test.
os.environ.pop("KINDLY_HOME", None)
