"""The built-in scripts: valid, voiced, plannable at every length, and worded as CONTENT.md asks."""

from __future__ import annotations

import math
import re
from functools import cache
from itertools import pairwise
from pathlib import Path

import mutagen
import pytest

from sessions.script_check import check_script
from sessions.script_model import Script, voice_key
from sessions.script_plan import plan
from sessions.scripts import load_library

ROOT = Path(__file__).resolve().parents[2]
BUILTIN_DIR = ROOT / "assets" / "sessions"
VOICE_DIR = ROOT / "assets" / "voice"
EXPECTED = {
    "loving-kindness": (5.0, 10.0, 20.0),
    "body-scan": (5.0, 10.0, 20.0, 45.0),
    "self-compassion-break": (3.0, 5.0),
    "breathing": (1.0, 3.0, 5.0, 10.0),
    "hand-on-heart": (1.0, 2.0, 3.0),
    "self-compassion-break-mistake": (3.0, 5.0),
    "soften-soothe-allow": (5.0, 10.0, 15.0),
    "giving-receiving": (10.0, 20.0),
    "affectionate-breathing": (5.0, 10.0, 20.0),
    "compassionate-friend": (10.0, 15.0),
    "kind-noting": (5.0, 10.0),
    "soles-of-the-feet": (1.0, 3.0),
    "compassionate-walking": (3.0, 5.0, 10.0),
}
#: The practices written to the density rule (issue 15): checked line by line for their shape.
MINE = ("hand-on-heart", "self-compassion-break", "self-compassion-break-mistake", "soften-soothe-allow",
        "loving-kindness", "giving-receiving")  # fmt: skip
#: Variants of a practice share its kind; every other built-in's kind is its id.
VARIANT_OF = {"self-compassion-break-mistake": "self-compassion-break"}
#: Practices with the eyes open throughout (grounding, walking): their opening says so.
EYES_OPEN = {"soles-of-the-feet", "compassionate-walking"}
#: Practices that turn attention to the body or to imagery: a care note is shown with them.
CARE_NOTE = {"body-scan", "compassionate-walking", "compassionate-friend"}


@cache
def ogg_seconds(path: Path) -> float:
    """The real length of a voice file, read the way the app reads it."""
    audio = mutagen.File(path)
    assert audio is not None, f"{path.name} is not an audio file mutagen can read"
    return float(audio.info.length)


@cache
def builtins() -> dict[str, Script]:
    library = load_library(BUILTIN_DIR, None, voice_dir=VOICE_DIR, voice_duration=ogg_seconds)
    assert library.broken == (), "\n".join(str(p) for b in library.broken for p in b.problems)
    return {script.id: script for script in library.scripts}


def all_steps() -> list[tuple[str, int, str]]:
    return [(s.id, n, step.text) for s in builtins().values() for n, step in enumerate(s.steps, start=1)]


def sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.?!])\s+", " ".join(text.split())) if s.strip()]


def test_the_builtins_with_their_lengths() -> None:
    scripts = builtins()
    assert {sid: s.lengths_min for sid, s in scripts.items()} == EXPECTED
    assert all(s.kind == VARIANT_OF.get(s.id, s.id) and s.builtin for s in scripts.values())


@pytest.mark.parametrize("name", sorted(f"{sid}.toml" for sid in EXPECTED))
def test_builtin_has_no_problems_at_all(name: str) -> None:
    problems = check_script(BUILTIN_DIR / name, voice_dir=VOICE_DIR, builtin=True, voice_duration=ogg_seconds)
    assert [str(p) for p in problems] == []


def test_every_spoken_step_has_its_rendered_voice() -> None:
    # Keyed by a hash of the words: change a caption without re-rendering and this fails.
    missing = [
        f"{script.id} step {n}: {step.text[:50]}"
        for script in builtins().values()
        for n, step in enumerate(script.steps, start=1)
        if step.voice is True and not (VOICE_DIR / f"{voice_key(step.text)}.ogg").is_file()
    ]
    assert missing == [], "run tools/render_voice.py"
    assert all(step.voice is True for script in builtins().values() for step in script.steps)


def test_no_unused_voice_files() -> None:
    used = {voice_key(step.text) for script in builtins().values() for step in script.steps}
    unused = sorted(p.name for p in VOICE_DIR.glob("*.ogg") if p.stem not in used)
    assert unused == [], "run tools/render_voice.py --prune"


def test_voice_files_are_plausible_speech() -> None:
    for script in builtins().values():
        for step in script.steps:
            assert step.voice_file is not None
            audio = mutagen.File(step.voice_file)
            assert audio.info.channels == 1 and audio.info.sample_rate in (22050, 24000)
            words_per_s = len(step.text.split()) / ogg_seconds(step.voice_file)
            # A calm voice with pauses: slower than conversation, never dragging or rushed.
            assert 1.8 <= words_per_s <= 3.6, f"{words_per_s:.2f} words/s: {step.text[:40]}"
    total = sum(p.stat().st_size for p in VOICE_DIR.glob("*.ogg"))
    assert total < 25_000_000, "the voice budget of the whole library (issue 15)"


@pytest.mark.parametrize(("script_id", "minutes"), [(sid, m) for sid, ms in EXPECTED.items() for m in ms])
def test_every_offered_length_plans_and_is_mostly_silence(script_id: str, minutes: float) -> None:
    planned = plan(builtins()[script_id], minutes, ogg_seconds)
    assert abs(planned[-1].end_s - minutes * 60) < 1.0
    assert math.fsum(s.duration_s for s in planned) == pytest.approx(minutes * 60, abs=1e-6)
    for step in planned:
        assert step.bell_s + step.voice_s <= step.duration_s
        assert step.silence_s >= 1.0 - 1e-9, f"no room after: {step.text[:40]}"
    spoken = math.fsum(s.bell_s + s.words_s for s in planned)
    assert spoken <= 0.5 * minutes * 60, "most of a session is silence (CONTENT.md)"


def spoken_words(script: Script, minutes: float) -> set[str]:
    return {" ".join(s.text.split()) for s in script.steps if s.included_at(minutes)}


@pytest.mark.parametrize("script_id", MINE)
def test_longer_lengths_add_guidance_not_only_silence(script_id: str) -> None:
    # CONTENT.md: a longer length brings more to hear (new cues, a second round in new words),
    # never just the same lines with longer gaps between them.
    script = builtins()[script_id]
    for shorter, longer in pairwise(script.lengths_min):
        new = spoken_words(script, longer) - spoken_words(script, shorter)
        heard = sum(len(t.split()) for t in new)
        # About 20 new words (some 8 s of speech) for each added minute, at the least.
        assert heard >= 20 * (longer - shorter), f"{script_id}: {longer:g} min adds only {heard} new words"


def words_heard(script: Script, minutes: float) -> int:
    return sum(len(s.text.split()) for s in script.steps if s.included_at(minutes))


@pytest.mark.parametrize("script_id", sorted(EXPECTED))
def test_every_longer_length_has_more_to_hear(script_id: str) -> None:
    # CONTENT.md: more regions, finer cues, deeper invitations at longer lengths. The pacer is
    # exempt: its tones guide every breath, and its words are a settle and a close.
    script = builtins()[script_id]
    if script.kind == "breathing":
        return
    heard = [words_heard(script, m) for m in script.lengths_min]
    assert all(a < b for a, b in pairwise(heard)), f"{script_id}: words heard {heard}"


@pytest.mark.parametrize("script_id", sorted(EXPECTED))
def test_every_step_is_one_paragraph_and_rests_are_announced(script_id: str) -> None:
    for step in builtins()[script_id].steps:
        assert "\n" not in step.text.strip(), f"one paragraph per step, the caption wraps: {step.text[:40]}"
        if step.rest:
            assert "I'll come back" in step.text, f"a rest says it is one before it starts: {step.text[:40]}"


@pytest.mark.parametrize(("script_id", "number", "text"), all_steps())
def test_step_text_style(script_id: str, number: int, text: str) -> None:
    words = set(re.findall(r"[a-z'-]+", text.lower()))
    lower = " ".join(text.lower().split())
    assert len(text) <= 400
    assert not words & {"should", "must", "metta", "interoception", "vipassana"}
    assert "you will" not in lower and "will feel" not in lower, "no promises of outcomes"
    # Inclusive: no assumed family, faith or gender.
    assert not words & {"mother", "father", "husband", "wife", "god", "he", "she", "his", "her", "him"}
    for sentence in sentences(text):
        first = sentence.split()[0].strip(",").lower()
        # Invite, never instruct: no sentence opens with a bare command.
        assert first not in {
            "relax",
            "breathe",
            "close",
            "focus",
            "notice",
            "feel",
            "let",
            "take",
            "try",
            "keep",
        }
        assert len(sentence.split()) <= 22, f"long sentence for a synthetic voice: {sentence}"
    assert "—" not in text and ";" not in text, "a TTS voice reads dashes and semicolons poorly; use commas"


@pytest.mark.parametrize(("script_id", "minutes"), [(sid, m) for sid, ms in EXPECTED.items() for m in ms])
def test_opens_with_posture_and_closes_with_a_bell(script_id: str, minutes: float) -> None:
    # At every length, not only in the file's first and last step (a short length may have its own).
    steps = plan(builtins()[script_id], minutes, ogg_seconds)
    opening = " ".join(steps[0].text.lower().split())
    eyes = "eyes open" if script_id in EYES_OPEN else "open or closed"
    assert "comfortable position" in opening and "eyes" in opening and eyes in opening
    assert steps[0].bell is not None and steps[-1].bell is not None
    assert "when you're ready" in steps[-1].text.lower() or "thank you" in steps[-1].text.lower()


def texts(script_id: str) -> str:
    return " ".join(" ".join(s.text.split()) for s in builtins()[script_id].steps)


def test_practices_keep_their_established_shape() -> None:
    lk = texts("loving-kindness")
    for phrase in ("someone easy to love", "someone who cares about you", "neither like nor dislike",
                   "only if you wish", "stay with someone from before", "every living being",
                   "May you be safe", "peaceful", "healthy", "at ease", "kind to yourself",
                   "what do I need to hear"):  # fmt: skip
        assert phrase in lk
    body_scan = builtins()["body-scan"]
    for phrase in ("breathing pacer", "not a failure", "open your eyes", "Numbness"):
        assert phrase in (body_scan.care_note or "")
    scan = texts("body-scan")
    for phrase in ("Numbness", "skip any part", "not a failure", "wherever your legs end", "I'll come back"):
        assert phrase in scan
    regions = ("feet", "legs", "hips", "belly", "chest", "hands", "shoulders", "face", "whole body")
    for minutes in body_scan.lengths_min:
        heard = " ".join(" ".join(s.text.split()) for s in body_scan.steps if s.included_at(minutes))
        where = [re.search(rf"\b{r}\b", heard) for r in regions]
        assert all(where), minutes
        assert [m.start() for m in where if m] == sorted(m.start() for m in where if m), minutes
        assert "thank" in heard.lower() and "soft" in heard.lower(), minutes
    # Finer regions at the longest length: each toe, each finger, the jaw, the eyes, the throat.
    finest = " ".join(s.text for s in body_scan.steps if s.included_at(45) and not s.included_at(20))
    for part in ("big toes", "little toes", "thumbs", "ring fingers", "throat", "eyebrows"):
        assert part in finest
    scb = texts("self-compassion-break")
    for phrase in ("Not the hardest thing", "moment of difficulty", "not alone", "hand on your heart",
                   "May I be kind to myself", "a good friend"):  # fmt: skip
        assert phrase in scb
    breathing = builtins()["breathing"]
    assert [s.pattern for s in breathing.steps] == [None, "resonance", None]
    assert "light-headed" in texts("breathing")


def heard(script_id: str, minutes: float) -> list[str]:
    """The lines of one length, in order, as spoken."""
    return [" ".join(s.text.split()) for s in plan(builtins()[script_id], minutes, ogg_seconds)]


def first_line(lines: list[str], phrase: str) -> int:
    return next(n for n, line in enumerate(lines) if phrase.lower() in line.lower())


@pytest.mark.parametrize("minutes", EXPECTED["loving-kindness"])
def test_loving_kindness_at_every_length(minutes: float) -> None:
    lines = heard("loving-kindness", minutes)
    # Yourself, or someone easy to love if that is hard, and the wishes phrased so either path
    # is honoured ("may you": sent to them, or received by you), then the classic circle.
    order = [first_line(lines, p) for p in ("for yourself", "someone easy to love", "may you",
             "cares about you", "neither like", "only if you wish", "living being")]  # fmt: skip
    assert order == sorted(order)
    path = lines[order[1] : order[3]]
    assert not any(line.startswith("May I") for line in path), "the easy-to-love path is not overridden"
    wishes = [line for line in lines if line.startswith("May ")]
    assert len(wishes) >= 10
    assert all(w.count("May ") == 1 for w in wishes), "one wish per line"
    if minutes >= 20:
        assert any("what do I need to hear" in line for line in lines)


def test_hand_on_heart_tries_touches_and_is_discreet() -> None:
    assert "hand on your heart" in " ".join(heard("hand-on-heart", 1))
    three = " ".join(heard("hand-on-heart", 3))
    for touch in ("hand on your heart", "both hands", "cheek", "arms around yourself", "belly"):
        assert touch in three
    assert "most supportive" in three and "any time" in three


@pytest.mark.parametrize("minutes", EXPECTED["self-compassion-break-mistake"])
def test_self_compassion_break_after_a_mistake(minutes: float) -> None:
    lines = heard("self-compassion-break-mistake", minutes)
    reframe = "I made a mistake, and everyone makes mistakes sometimes"
    steps = (
        "a mistake you made",
        "I am a failure",
        "moment of difficulty",
        reframe,
        "not alone",
        "a good friend",
    )
    order = [first_line(lines, p) for p in steps]
    assert order == sorted(order)
    assert "small one, not the biggest" in " ".join(lines)


@pytest.mark.parametrize("minutes", EXPECTED["soften-soothe-allow"])
def test_soften_soothe_allow_in_order(minutes: float) -> None:
    lines = heard("soften-soothe-allow", minutes)
    order = [first_line(lines, p) for p in ("mildly difficult", "Not the hardest thing", "this is sadness",
             "turn toward your body", "soften", "soothe", "allow", "And now, you might let go")]  # fmt: skip
    assert order == sorted(order)


@pytest.mark.parametrize("minutes", EXPECTED["giving-receiving"])
def test_giving_and_receiving_adjusts_the_balance(minutes: float) -> None:
    text = " ".join(heard("giving-receiving", minutes))
    for phrase in ("In, for me. Out, for you.", "someone who is struggling", "change the balance",
                   "one for me, and one for you", "sounds of the room"):  # fmt: skip
        assert phrase in text
    assert text.index("for yourself") < text.index("someone who is struggling")


@pytest.mark.parametrize("script_id", MINE)
def test_says_when_kindness_stings_once(script_id: str) -> None:
    # At the longest length: kindness can first stir old pain; said once, with the way back.
    lines = heard(script_id, EXPECTED[script_id][-1])
    stings = [line for line in lines if re.search(r"\bstings?\b", line)]
    assert len(stings) == 1
    assert "open your eyes" in stings[0] or "let your hands rest" in stings[0]


@pytest.mark.parametrize(("script_id", "minutes"), [(sid, m) for sid in MINE for m in EXPECTED[sid]])
def test_choice_is_offered_early(script_id: str, minutes: float) -> None:
    # Within the first three lines: that anything may be skipped, or a way to step back.
    early = " ".join(heard(script_id, minutes)[:3]).lower()
    assert any(p in early for p in ("skip", "rest with the sounds", "too much", "invitation", "up to you"))


def test_affectionate_breathing_keeps_its_shape() -> None:
    ab = texts("affectionate-breathing")
    steps = ("hand on your heart", "notice your breathing", "rocked", "kind word", "whole body breathing",
             "simply rest, breathing")  # fmt: skip
    assert [ab.index(p) for p in steps] == sorted(ab.index(p) for p in steps)


def test_compassionate_friend_keeps_its_shape() -> None:
    friend = texts("compassionate-friend")
    steps = (
        "safe, and at ease",
        "invite a visitor",
        "need to hear",
        "a gift",
        "be together",
        "back to the room",
    )
    assert [friend.index(p) for p in steps] == sorted(friend.index(p) for p in steps)
    assert "If pictures don't come easily" in friend


def test_kind_noting_keeps_its_shape() -> None:
    noting = texts("kind-noting")
    for phrase in ("Thinking. Planning.", "hurting", "inner critic", "judging, with warmth, not a fight"):
        assert phrase in noting


def test_soles_of_the_feet_keeps_its_shape() -> None:
    soles = texts("soles-of-the-feet")
    assert "soles of your feet" in soles and "wherever your body meets support" in soles


def test_compassionate_walking_keeps_its_shape() -> None:
    walking = texts("compassionate-walking")
    for phrase in ("walking isn't available", "at your desk", "kind phrase", "slow down"):
        assert phrase in walking


@pytest.mark.parametrize("script_id", sorted(EXPECTED))
def test_groups_and_care_notes(script_id: str) -> None:
    script = builtins()[script_id]
    groups = {"soles-of-the-feet": "hard-moment", "affectionate-breathing": "settle", "kind-noting": "settle",
              "compassionate-friend": "kindness", "body-scan": "body", "compassionate-walking": "body",
              "breathing": "breathing"}  # fmt: skip
    if script_id in groups:
        assert script.group == groups[script_id]
    if script_id in CARE_NOTE:
        note = script.care_note or ""
        assert "not a failure" in note and ("stop" in note or "open your eyes" in note)
