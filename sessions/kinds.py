"""The kinds of practice Kindly knows, in one list: scripts, recordings, ``log`` and ``add-audio``.

One list, so that what ``add-audio --kind`` accepts, what ``log`` accepts, what a script may say
and what the charts colour are always the same words (issue 14 #14). Each kind keeps its place in
this list forever: the charts give a kind the colour of its place, so colours never move.
"""

from __future__ import annotations

from collections.abc import Iterable

#: Every kind, with the words a person sees for it. Append new kinds; never reorder.
KIND_LABELS: dict[str, str] = {
    "loving-kindness": "Loving-kindness",
    "body-scan": "Body scan",
    "self-compassion-break": "Self-compassion break",
    "breathing": "Breathing",
    "recording": "Recordings",
    "hand-on-heart": "Hand on heart",
    "soften-soothe-allow": "Soften, soothe, allow",
    "affectionate-breathing": "Affectionate breathing",
    "giving-receiving": "Giving and receiving",
    "compassionate-friend": "Compassionate friend",
    "kind-noting": "Kind noting",
    "soles-of-the-feet": "Soles of the feet",
    "compassionate-walking": "Compassionate walking",
    "timer": "Silent sitting",
    "walking": "Walking",
    "movement": "Mindful movement",
    "writing": "Writing",
    "custom": "Other practice",
}
PRACTICE_KINDS: tuple[str, ...] = tuple(KIND_LABELS)


class KindError(ValueError):
    """A kind that is not in the list; the message names the choices."""


def choices_text(kinds: Iterable[str] = PRACTICE_KINDS) -> str:
    return ", ".join(kinds)


def check_kind(text: str) -> str:
    """``text`` as a known kind (trimmed, lower case), or :class:`KindError` listing the choices."""
    kind = text.strip().lower()
    if kind not in KIND_LABELS:
        raise KindError(
            f"'{text.strip()[:40]}' is not a kind of practice Kindly knows; choose one of: {choices_text()}"
        )
    return kind


__all__ = ["KIND_LABELS", "PRACTICE_KINDS", "KindError", "check_kind", "choices_text"]
