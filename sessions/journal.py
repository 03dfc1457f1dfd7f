"""Reflection prompts for after a session: kind questions, one a day, in a steady rotation.

Written in the spirit of self-compassionate journaling (CONTENT.md): invitations, never tasks.
Every prompt is optional, and a blank page is a fine answer.
"""

from __future__ import annotations

from datetime import date

PROMPTS: tuple[str, ...] = (
    "What would you say to a friend who felt the way you feel right now?",
    "One thing you did today with care, however small.",
    "Three small things you're grateful for.",
    "What felt hard today? You might name it gently, the way you'd speak to someone you love.",
    "Where in your day did you find a moment of ease?",
    "If today was difficult, what might you need a little more of tomorrow?",
    "Something you're learning, and how you might be patient with yourself while you learn it.",
    "A kind word you could offer yourself right now.",
    "Who or what helped you today, even in a small way?",
    "What do you want to remember from this moment?",
)


def prompt_for(day_index: int) -> str:
    """The prompt for a day number: each prompt in turn, the same one all day."""
    return PROMPTS[day_index % len(PROMPTS)]


def prompt_for_date(day: date) -> str:
    """The prompt for a (practice) day."""
    return prompt_for(day.toordinal())


__all__ = ["PROMPTS", "prompt_for", "prompt_for_date"]
