"""Guided timelines: a script planned to a length, with bells, voices and breathing in their places."""

from __future__ import annotations

from pathlib import Path

import pytest

from sessions.guided import guided_timeline
from sessions.library import BUILTIN_DIR, VOICE_DIR, load_builtin_library
from sessions.patterns import PRESETS
from sessions.script_check import load_script
from sessions.script_model import ScriptError


def real_duration(path: Path) -> float:
    from audio.tags import duration_s  # the app's own reader of voice lengths

    return duration_s(path)


@pytest.mark.parametrize("script_id", ["self-compassion-break", "loving-kindness", "body-scan", "breathing"])
def test_every_offered_length_ends_on_time(script_id: str) -> None:
    script = load_script(BUILTIN_DIR / f"{script_id}.toml", voice_dir=VOICE_DIR, builtin=True)
    for minutes in script.lengths_min:
        timeline = guided_timeline(script, minutes, real_duration)
        assert timeline.total_s == minutes * 60
        cues = list(timeline.cues())
        assert cues[-1].kind == "end" and cues[-1].due == minutes * 60
        last = timeline.steps[-1]
        assert last.end_s == pytest.approx(minutes * 60, abs=1e-6)
        for cue in cues:
            if cue.kind == "voice":
                step = timeline.steps[cue.step]
                # The words start after the bell's lead and fit inside their step.
                assert cue.due == pytest.approx(step.start_s + step.lead_s)
                assert cue.due + step.voice_s <= step.end_s + 1e-6
                assert Path(cue.path).is_file()
        assert [c.kind for c in cues[:3]] == ["step", "bell", "voice"]


def test_breathing_uses_the_chosen_pattern_only_after_the_words() -> None:
    script = load_script(BUILTIN_DIR / "breathing.toml", voice_dir=VOICE_DIR, builtin=True)
    timeline = guided_timeline(script, 5, real_duration, pattern=PRESETS["4-6"])
    assert timeline.pattern_id == "4-6"
    paced = [s for s in timeline.steps if s.pattern is not None]
    assert paced and all(s.pattern == PRESETS["4-6"] for s in paced)
    phases = [c for c in timeline.cues() if c.kind == "phase"]
    assert phases[0].due == pytest.approx(paced[0].breathing_start_s)
    assert all(c.due < paced[-1].end_s for c in phases)


def test_no_holds_applies_to_a_script_pattern(tmp_path: Path) -> None:
    path = tmp_path / "holds.toml"
    path.write_text(
        'id = "holds"\ntitle = "Holds"\nkind = "custom"\nlengths = [1]\n'
        '[[steps]]\ntext = "Breathe with the circle."\nvoice = false\npattern = "4-7-8"\nsilence = 10\n'
    )
    script = load_script(path, voice_dir=VOICE_DIR)
    timeline = guided_timeline(script, 1, real_duration, no_holds=True)
    pattern = timeline.steps[0].pattern
    assert pattern is not None and not pattern.has_holds


def test_a_length_too_short_is_a_script_error() -> None:
    script = load_script(BUILTIN_DIR / "body-scan.toml", voice_dir=VOICE_DIR, builtin=True)
    with pytest.raises(ScriptError, match="too short"):
        guided_timeline(script, 0.5, real_duration)


def test_user_scripts_join_the_library_and_broken_ones_are_listed(tmp_path: Path) -> None:
    (tmp_path / "mine.toml").write_text(
        'id = "mine"\ntitle = "Mine"\nkind = "custom"\nlengths = [2]\n'
        '[[steps]]\ntext = "Hello."\nvoice = false\n'
    )
    (tmp_path / "broken.toml").write_text("id = \n")
    library = load_builtin_library(tmp_path)
    assert library.get("mine") is not None and library.get("body-scan") is not None
    (broken,) = library.broken
    assert broken.path.name == "broken.toml" and broken.problems


def test_captions_are_one_run_of_words_for_the_layout_to_wrap(tmp_path: Path) -> None:
    # Issue 14, defect 15: a script's hard line breaks made captions wrap raggedly on screen.
    path = tmp_path / "lines.toml"
    path.write_text(
        'id = "lines"\ntitle = "Lines"\nkind = "custom"\nlengths = [1]\n\n'
        '[[steps]]\ntext = """Perhaps naming it,\nsilently.   Then resting\n  here."""\n'
        "voice = false\nsilence = 20\n"
    )
    script = load_script(path, voice_dir=VOICE_DIR, builtin=False)
    assert "\n" in script.steps[0].text, "the script is written in lines"
    (step,) = guided_timeline(script, 1, real_duration).steps
    assert step.caption == "Perhaps naming it, silently. Then resting here."
