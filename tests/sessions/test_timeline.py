"""Timelines: cues for steps, bells, voices and breathing, and the state at any moment."""

from __future__ import annotations

import itertools

import pytest

from sessions.patterns import PRESETS
from sessions.timeline import Timeline, TimelineStep, breathing_timeline


def test_breathing_timeline_cues() -> None:
    timeline = breathing_timeline(PRESETS["4-7-8"], 1)
    cues = list(timeline.cues())
    assert [(c.kind, c.due) for c in cues[:5]] == [
        ("step", 0.0),
        ("bell", 0.0),
        ("phase", 0.0),
        ("phase", 4.0),
        ("phase", 11.0),
    ]
    assert [(c.kind, c.due) for c in cues[-2:]] == [("bell", 60.0), ("end", 60.0)]
    assert all(c.due < 60.0 for c in cues if c.kind == "phase")


def test_open_ended_cues_are_generated_lazily() -> None:
    timeline = breathing_timeline(PRESETS["box"], None)
    first = list(itertools.islice(timeline.cues(), 10_000))
    k = 10_000 - 2 - 1  # the last phase's index: the first two cues are the step and the bell
    assert first[-1].due == (k // 4) * 16.0 + (0.0, 4.0, 8.0, 12.0)[k % 4]
    assert timeline.state_at(1e6).remaining_s is None


def test_voice_comes_before_breathing_in_a_step() -> None:
    steps = (
        TimelineStep(0.0, 30.0, caption="Hello", voice="a.ogg", voice_s=6.0, pattern=PRESETS["4-6"]),
        TimelineStep(30.0, 30.0, caption="Rest"),
    )
    timeline = Timeline("t", "T", "custom", steps, 60.0)
    cues = list(timeline.cues())
    kinds = [(c.kind, c.due) for c in cues if c.kind != "phase"]
    assert kinds == [("step", 0.0), ("voice", 0.0), ("step", 30.0), ("bell", 60.0), ("end", 60.0)]
    phases = [c.due for c in cues if c.kind == "phase"]
    assert phases[0] == 6.0 and phases[-1] < 30.0
    assert timeline.state_at(3.0).breathing is None
    assert timeline.state_at(7.0).breathing is not None
    assert timeline.state_at(45.0).step.caption == "Rest"
    state = timeline.state_at(90.0)
    assert state.progress == 1.0 and state.remaining_s == 0.0


def test_cues_after_skips_the_past() -> None:
    timeline = breathing_timeline(PRESETS["box"], 1)
    assert all(c.due > 30 for c in timeline.cues(after_s=30))


def test_a_timeline_needs_steps() -> None:
    with pytest.raises(ValueError):
        Timeline("t", "T", "custom", (), 10.0)


@pytest.mark.parametrize(
    ("pattern_id", "minutes", "breaths", "total_s"),
    [
        ("4-6", 1, 6, 60.0),  # 10-second breaths fill a minute exactly
        ("resonance", 1, 5, 55.0),  # 60 / 11 = 5.45: five whole breaths
        ("box", 0.25, 1, 16.0),  # never less than one breath
        ("4-7-8", 3, 9, 171.0),  # 180 / 19 = 9.47
        ("sigh", 2, 13, 117.0),  # 120 / 9 = 13.3
    ],
)
def test_a_breathing_length_ends_after_the_whole_breath_nearest_to_it(
    pattern_id: str, minutes: float, breaths: int, total_s: float
) -> None:
    from sessions.timeline import whole_breaths

    pattern = PRESETS[pattern_id]
    assert whole_breaths(pattern, minutes) == breaths
    timeline = breathing_timeline(pattern, minutes, breaths=breaths)
    assert timeline.total_s == pytest.approx(total_s)
    last_phase = [c for c in timeline.cues() if c.kind == "phase"][-1]
    assert last_phase.phase is not None and last_phase.phase.kind in ("out", "hold")
    assert last_phase.due + last_phase.phase.duration_s == pytest.approx(total_s), "ends as that phase ends"
