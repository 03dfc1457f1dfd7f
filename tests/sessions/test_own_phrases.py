"""The person's phrases in a guided script: a quiet round before the close, only where phrases belong."""

from __future__ import annotations

from sessions.library import load_builtin_library
from sessions.own_phrases import INTRO, MAX_PHRASES, with_own_phrases


def test_phrases_come_before_the_closing_step_as_silent_captions() -> None:
    script = load_builtin_library(None).get("loving-kindness")
    assert script is not None
    phrases = ["May I rest", "  May I be   at ease ", "I am enough", "May I be safe", "May I be kind"]
    adapted = with_own_phrases(script, phrases)
    added = adapted.steps[len(script.steps) - 1 : -1]
    assert [s.text for s in added] == [
        INTRO,
        "May I be at ease",
        "I am enough",
        "May I be safe",
        "May I be kind",
    ]
    assert len(added) == MAX_PHRASES + 1
    assert all(s.voice is False and s.stretch == 0 and s.silence_s > 0 for s in added)
    assert adapted.steps[-1] == script.steps[-1]


def test_other_practices_and_an_empty_bank_are_left_alone() -> None:
    library = load_builtin_library(None)
    body = library.get("body-scan")
    lk = library.get("loving-kindness")
    assert body is not None and lk is not None
    assert with_own_phrases(body, ["May I rest"]) is body
    assert with_own_phrases(lk, []) is lk
