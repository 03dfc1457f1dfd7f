"""Breathing patterns: presets, custom text, safety limits, and the pure phase_at."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sessions.patterns import (
    MIN_CYCLE_S,
    PRESETS,
    Pattern,
    PatternError,
    ease,
    parse_pattern,
    phase_at,
    phase_starts,
)


@pytest.mark.parametrize(
    ("text", "phases", "cycle"),
    [
        ("box", "4-4-4-4", 16.0),
        ("4-7-8", "4-7-8", 19.0),
        ("resonance", "5.5-5.5", 11.0),
        ("4-6", "4-6", 10.0),
        ("sigh", "2-1-6", 9.0),
        ("5-0-7.5", "5-7.5", 12.5),
        ("4-2-6-1", "4-2-6-1", 13.0),
        (" BOX ", "4-4-4-4", 16.0),
    ],
)
def test_presets_and_custom_patterns(text: str, phases: str, cycle: float) -> None:
    pattern = parse_pattern(text)
    assert pattern.short_text() == phases
    assert pattern.cycle_s == pytest.approx(cycle)


def test_sigh_is_two_inhales_then_a_long_exhale() -> None:
    kinds = [(p.kind, p.duration_s) for p in PRESETS["sigh"].phases]
    assert kinds == [("in", 2.0), ("in", 1.0), ("out", 6.0)]
    first, top_up, out = PRESETS["sigh"].phases
    assert first.level_to == pytest.approx(2 / 3)
    assert top_up.level_from == pytest.approx(2 / 3) and top_up.level_to == 1.0
    assert out.level_from == 1.0 and out.level_to == 0.0


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "is not a breathing pattern"),
        ("fast", "is not a breathing pattern"),
        ("4-4", "is not a breathing pattern"),
        ("4-4-4-4-4", "is not a breathing pattern"),
        ("-4-4-4", "is not a breathing pattern"),
        ("4,5-0-4", "is not a breathing pattern"),
        ("0.5-0-4", "breath in is 0.5 s"),
        ("4-0-0", "breath out is 0 s"),
        ("1-0-1", "a full breath needs at least 4 s"),
        ("4-40-4", "the hold is 40 s"),
        ("4-0-4-99", "the rest is 99 s"),
        ("1e3-0-4", "is not a breathing pattern"),
    ],
)
def test_bad_pattern_text_gets_a_clear_message(text: str, fragment: str) -> None:
    with pytest.raises(PatternError, match=fragment):
        parse_pattern(text)


def test_no_holds_removes_every_hold_and_keeps_the_breaths() -> None:
    pattern = parse_pattern("4-7-8", no_holds=True)
    assert [p.kind for p in pattern.phases] == ["in", "out"]
    assert pattern.cycle_s == 12.0
    assert not pattern.has_holds
    assert PRESETS["resonance"].without_holds() is PRESETS["resonance"]


def test_no_holds_still_respects_the_minimum_cycle() -> None:
    # 1.5 in, 2 hold, 2 out is fine with holds (5.5 s) but too quick without them (3.5 s).
    assert parse_pattern("1.5-2-2").cycle_s == 5.5
    with pytest.raises(PatternError, match="at least 4 s"):
        parse_pattern("1.5-2-2", no_holds=True)


def test_phase_at_boundaries_of_box() -> None:
    box = PRESETS["box"]
    expected = [
        (0.0, "in", 0.0),
        (3.999, "in", None),
        (4.0, "hold", 0.0),
        (8.0, "out", 0.0),
        (12.0, "hold", 0.0),
    ]
    for t, kind, progress in expected:
        state = phase_at(box, t)
        assert state.phase.kind == kind, t
        if progress is not None:
            assert state.progress == pytest.approx(progress)
    state = phase_at(box, 16.0)
    assert (state.cycle, state.index, state.phase.kind) == (1, 0, "in")
    assert phase_at(box, -5).progress == 0.0


def test_levels_rise_on_inhale_rest_on_hold_and_fall_on_exhale() -> None:
    box = PRESETS["box"]
    assert phase_at(box, 0).level == pytest.approx(0.0)
    assert phase_at(box, 2).level == pytest.approx(0.5)
    assert phase_at(box, 5).level == pytest.approx(1.0)
    assert phase_at(box, 7.9).level == pytest.approx(1.0)
    assert phase_at(box, 10).level == pytest.approx(0.5)
    assert phase_at(box, 13).level == pytest.approx(0.0)


def test_ease_is_smooth_at_both_ends() -> None:
    assert ease(0) == 0 and ease(1) == 1 and ease(0.5) == pytest.approx(0.5)
    assert ease(0.01) < 0.001 and ease(0.99) > 0.999
    assert ease(-1) == 0 and ease(2) == 1


custom_patterns = st.builds(
    lambda a, b, c, d: f"{a}-{b}-{c}-{d}",
    st.sampled_from(["1", "2", "3.5", "4", "5.5", "7"]),
    st.sampled_from(["0", "1", "2.5", "4"]),
    st.sampled_from(["1.5", "2", "4", "6", "8"]),
    st.sampled_from(["0", "1", "4"]),
)
any_pattern = st.one_of(st.sampled_from(sorted(PRESETS)), custom_patterns)


def _pattern(text: str) -> Pattern | None:
    try:
        return parse_pattern(text)
    except PatternError:
        return None


@settings(max_examples=300, deadline=None)
@given(any_pattern, st.floats(min_value=0, max_value=3600, allow_nan=False))
def test_phase_at_is_periodic(text: str, t: float) -> None:
    pattern = _pattern(text)
    if pattern is None:
        return
    a, b = phase_at(pattern, t), phase_at(pattern, t + 3 * pattern.cycle_s)
    assert a.index == b.index or math.isclose(a.progress, 1.0, abs_tol=1e-6) or b.progress < 1e-6
    assert a.level == pytest.approx(b.level, abs=1e-6)


@settings(max_examples=300, deadline=None)
@given(any_pattern, st.floats(min_value=0, max_value=3600, allow_nan=False))
def test_phase_at_is_continuous(text: str, t: float) -> None:
    pattern = _pattern(text)
    if pattern is None:
        return
    dt = 1e-4
    # The orb never jumps: its fill changes by at most (max speed * dt);
    # the sine's peak speed is pi/2 per phase.
    shortest = min(p.duration_s for p in pattern.phases)
    assert (
        abs(phase_at(pattern, t + dt).level - phase_at(pattern, t).level)
        <= (math.pi / 2) * dt / shortest + 1e-9
    )


@settings(max_examples=200, deadline=None)
@given(any_pattern, st.floats(min_value=0, max_value=600, allow_nan=False))
def test_state_is_consistent(text: str, t: float) -> None:
    pattern = _pattern(text)
    if pattern is None:
        return
    state = phase_at(pattern, t)
    assert 0.0 <= state.progress <= 1.0
    assert 0.0 <= state.level <= 1.0
    assert 0.0 <= state.remaining_s <= state.phase.duration_s
    assert pattern.cycle_s >= MIN_CYCLE_S


@settings(max_examples=100, deadline=None)
@given(any_pattern, st.floats(min_value=0, max_value=500), st.floats(min_value=0.1, max_value=200))
def test_phase_starts_agree_with_phase_at(text: str, start: float, span: float) -> None:
    pattern = _pattern(text)
    if pattern is None:
        return
    starts = phase_starts(pattern, start, start + span)
    dues = [due for due, _ in starts]
    assert dues == sorted(dues)
    assert all(start <= due < start + span for due in dues)
    for due, phase in starts:
        state = phase_at(pattern, due + 1e-7)
        assert state.phase == phase
    # Count check: about span / cycle * phases starts.
    expected = span / pattern.cycle_s * len(pattern.phases)
    assert abs(len(starts) - expected) <= len(pattern.phases) + 1


def test_phase_starts_never_drift_over_an_hour() -> None:
    pattern = PRESETS["resonance"]
    starts = phase_starts(pattern, 0, 3600)
    last_inhale = max(due for due, p in starts if p.kind == "in")
    assert last_inhale == 327 * 11.0  # exactly, not 327 additions of 5.5 + 5.5
