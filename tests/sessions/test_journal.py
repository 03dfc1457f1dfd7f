"""Reflection prompts: kind, varied, and the same one all day."""

from __future__ import annotations

from datetime import date, timedelta

from sessions.journal import PROMPTS, prompt_for, prompt_for_date


def test_the_rotation_visits_every_prompt_once_per_cycle() -> None:
    cycle = [prompt_for(n) for n in range(len(PROMPTS))]
    assert sorted(cycle) == sorted(PROMPTS) and len(set(PROMPTS)) == len(PROMPTS)
    assert prompt_for(len(PROMPTS) + 3) == prompt_for(3)
    assert prompt_for(-1) == PROMPTS[-1]


def test_one_prompt_a_day_and_a_new_one_tomorrow() -> None:
    day = date(2026, 3, 18)
    assert prompt_for_date(day) == prompt_for_date(date(2026, 3, 18))
    assert prompt_for_date(day) != prompt_for_date(day + timedelta(days=1))


def test_the_prompts_in_the_brief_are_there_and_none_commands() -> None:
    text = " ".join(PROMPTS).lower()
    assert "friend who felt" in text and "with care" in text and "grateful" in text
    assert len(PROMPTS) >= 6
    for prompt in PROMPTS:
        assert "should" not in prompt.lower() and "must" not in prompt.lower()
        assert len(prompt) <= 100  # fits as a placeholder line
