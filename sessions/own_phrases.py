"""The person's own phrases in a guided session: shown as captions, each with a silence to say it inwardly.

Only when the person chooses (the phrase bank's "show my phrases in sessions"), and only in the
practices made for kind phrases: loving-kindness and the self-compassion break. The phrases come
before the closing words, as a quiet round of one's own wishes (CONTENT.md: "longer lengths add
a round of finding one's own phrases"). They are never spoken: there is no voice for the person's
own words, so each is a caption followed by room to say it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from sessions.script_model import Script, ScriptStep

KINDS_WITH_PHRASES = ("loving-kindness", "self-compassion-break")
INTRO = "If you like, here are your own words. You might say each one inwardly, in your own time."
#: Room after each phrase to say it inwardly; fixed (never stretched), so it never drags.
PHRASE_SILENCE_S = 12.0
MAX_PHRASES = 4


def with_own_phrases(script: Script, phrases: Sequence[str]) -> Script:
    """``script`` with a round of the person's phrases before its last step (unchanged if none fit)."""
    if script.kind not in KINDS_WITH_PHRASES or not phrases or len(script.steps) < 2:
        return script
    chosen = [" ".join(p.split()) for p in phrases if p.strip()][-MAX_PHRASES:]
    if not chosen:
        return script
    added = [ScriptStep(INTRO, None, 2.0, 0.0, None, False)]
    added += [ScriptStep(text, None, PHRASE_SILENCE_S, 0.0, None, False) for text in chosen]
    steps = list(script.steps)
    return replace(script, steps=(*steps[:-1], *added, steps[-1]))


__all__ = ["INTRO", "KINDS_WITH_PHRASES", "MAX_PHRASES", "PHRASE_SILENCE_S", "with_own_phrases"]
