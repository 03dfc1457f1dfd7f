"""Kindly's core: scripts, patterns, timing and the history log. Knows nothing of Qt or pygame."""
