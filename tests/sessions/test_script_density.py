"""The density rule: speech at least 20 %, no silence past 60 s outside rests, rests at most 25 %."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest

from audio.tags import duration_s
from sessions.library import BUILTIN_DIR, VOICE_DIR, load_builtin_library
from sessions.script_density import (
    Density,
    PlanItem,
    density_at,
    density_problems,
    exempt,
    measure,
    plan_items,
    shortfalls,
)
from sessions.script_model import Script, ScriptStep
from sessions.script_plan import plan

VOICE = Path("/voice")


def spoken(text: str, *, silence: float = 0.0, stretch: float = 1.0, **more: object) -> ScriptStep:
    return ScriptStep(text, None, silence, stretch, None, True, VOICE / f"{text}.ogg", **more)  # type: ignore[arg-type]


def script(*steps: ScriptStep, kind: str = "custom", lengths: tuple[float, ...] = (1.0,)) -> Script:
    return Script("x", "X", kind, "", lengths, steps, Path("x.toml"))  # type: ignore[arg-type]


def ten_s(path: Path) -> float:
    return 10.0


def test_items_cover_the_whole_length_in_order() -> None:
    bell = ScriptStep("Welcome.", "bowl", 2.0, 0.0, None, True, VOICE / "w.ogg")
    caption = ScriptStep("Read me.", None, 0.0, 1.0, None, False, None)
    sc = script(bell, caption, spoken("Rest now.", rest=True), spoken("Bye.", stretch=0), lengths=(2.0,))
    items = plan_items(plan(sc, 2, ten_s))
    assert [(i.type, i.text, i.step) for i in items] == [
        ("bell", None, 0),
        ("speech", "Welcome.", 0),
        ("silence", None, 0),
        ("silence", "Read me.", 1),  # a silent caption is not heard
        ("silence", None, 1),
        ("speech", "Rest now.", 2),
        ("rest", None, 2),
        ("speech", "Bye.", 3),
    ]
    assert items[0].start_s == 0.0 and items[-1].end_s == pytest.approx(120.0, abs=1e-9)
    for before, after in pairwise(items):
        assert after.start_s == pytest.approx(before.end_s, abs=1e-9)
        assert after.duration_s > 0


def item(start: float, duration: float, kind: str, step: int = 0) -> PlanItem:
    return PlanItem(start, duration, kind, "t" if kind == "speech" else None, step)  # type: ignore[arg-type]


def test_measure_counts_speech_rests_and_the_longest_silence() -> None:
    items = [
        item(0, 3, "bell", 0),
        item(3, 10, "speech", 0),
        item(13, 30, "silence", 0),
        item(43, 3, "bell", 1),  # a bell does not end a silence
        item(46, 0.1, "silence", 1),
        item(46.1, 20, "speech", 2),
        item(66.1, 100, "rest", 2),
        item(166.1, 13.9, "silence", 3),
    ]
    density = measure(items, 180.0)
    assert density.speech_s == pytest.approx(30.0)
    assert density.rest_s == pytest.approx(100.0)
    assert density.longest_silence_s == pytest.approx(33.1)
    assert (density.longest_silence_start_s, density.longest_silence_step) == (13, 0)
    assert density.speech_fraction == pytest.approx(30 / 180)


def test_the_rule_at_its_edges() -> None:
    assert shortfalls(Density(100, 20, 25, 60, 0, 0)) == []
    speech, silence, rest = shortfalls(Density(600, 119, 151, 61, 130, 4))
    assert speech == "speech is 20% of the time (at least 20%); add guidance, not only silence"
    assert silence == (
        "a silence of 1 min 1 s in step 5 (from 2:10) is longer than 60 s; "
        "add a cue, or declare a rest with rest = true"
    )
    assert rest == "rests take 25% of the time (at most 25%)"


def test_a_rest_may_run_past_a_minute_but_not_past_a_quarter() -> None:
    fixed = [spoken(t, silence=40, stretch=0) for t in "abc"]
    kept = script(*fixed, spoken("Rest.", rest=True), spoken("d", silence=10, stretch=0), lengths=(5,))
    density = density_at(kept, 5, lambda p: 20.0)
    assert density.rest_s == pytest.approx(70.0) and density.longest_silence_s == 40.0
    assert density_problems(kept, lambda p: 20.0) == []
    (problem,) = density_problems(kept, lambda p: 12.0)  # 110 s of rest
    assert problem.severity == "warning" and problem.field == "lengths"
    assert problem.message == "at 5 min: rests take 37% of the time (at most 25%)"


def test_every_length_is_measured_and_breathing_is_exempt() -> None:
    sparse = script(spoken("a"), spoken("b"), lengths=(1, 5))
    problems = density_problems(sparse, ten_s)
    assert [p.message.split(";")[0][:30] for p in problems] == [
        "at 5 min: speech is 7% of the ",
        "at 5 min: a silence of 2 min 2",
    ]
    pacer = script(spoken("a"), spoken("b"), kind="breathing", lengths=(1, 5))
    assert exempt(pacer) and density_problems(pacer, ten_s) == []


BUILTINS = load_builtin_library(None).scripts


@pytest.mark.parametrize(
    ("script_id", "minutes"),
    [(s.id, m) for s in BUILTINS if not exempt(s) for m in s.lengths_min],
)
def test_every_builtin_practice_keeps_the_density_rule(script_id: str, minutes: float) -> None:
    found = next(s for s in BUILTINS if s.id == script_id)
    assert found.source.parent == BUILTIN_DIR and VOICE_DIR.is_dir()
    found_shortfalls = shortfalls(density_at(found, minutes, duration_s))
    assert not found_shortfalls, f"{script_id} at {minutes:g} min: " + "; ".join(found_shortfalls)
