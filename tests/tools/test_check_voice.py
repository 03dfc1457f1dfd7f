"""tools/check_voice.py: word error rates, the set's norm, and what gets a clip flagged."""

from __future__ import annotations

from pathlib import Path

import pytest

from sessions.script_model import voice_key
from tools import check_voice as cv


def clip(caption: str) -> cv.Clip:
    return cv.Clip(Path(f"{voice_key(caption)}.ogg"), caption, ("x step 1",))


def test_words_are_written_the_way_the_recogniser_writes_them() -> None:
    assert cv.words("You’re light-headed; that's FINE, 2 times.") == [
        "you're", "light", "headed", "that's", "fine", "2", "times",
    ]  # fmt: skip


def test_word_error_rate() -> None:
    ref = ["may", "you", "be", "safe"]
    assert cv.wer(ref, ref) == 0.0
    assert cv.wer(ref, ["they", "you", "be", "safe"]) == 0.25  # one substitution
    assert cv.wer(ref, ["may", "you", "be", "safe", "and", "well"]) == 0.5  # two insertions
    assert cv.wer(ref, []) == 1.0
    assert cv.wer([], []) == 0.0 and cv.wer([], ["a"]) == 1.0


A = "May you be safe. May you be peaceful."
B = "Now your hands. Your fingers, your palms."
C = "You might rest here for a while, with whatever is present."


def test_a_swapped_clip_is_closer_to_another_caption() -> None:
    clips = [clip(A), clip(B), clip(C)]
    heard = cv.judge(
        clips,
        [
            ("now your hands your fingers your parms", 3.0),  # A's file says B
            ("may you be safe may you be peaceful", 3.0),  # B's file says A
            ("you might rest here for while with whatever spreads", 3.0),
        ],
    )
    norm = cv.Norm(0.3, 0.1, 0.7)
    assert [h.closest for h in heard] == [B, A, C]
    assert cv.problems_of(heard[0], norm)[0].startswith("sounds closer to another caption (WER 0.14)")
    assert cv.problems_of(heard[2], norm) == []


def test_a_garbled_clip_is_above_the_norm() -> None:
    (heard,) = cv.judge([clip(C)], [("you buy arrest hair", 2.0)])
    assert heard.closest == C and heard.wer == pytest.approx(10 / 11)
    assert cv.problems_of(heard, cv.Norm(0.3, 0.1, 0.7)) == ["WER 0.91 is above the set's limit of 0.70"]


def test_the_norm_follows_the_set_between_a_floor_and_a_ceiling() -> None:
    assert cv.norm_of([0.1, 0.2, 0.3, 0.4, 0.5]).limit == pytest.approx(0.3 + 3 * 1.4826 * 0.1)
    assert cv.norm_of([0.0, 0.0, 0.05, 0.0]).limit == cv.NORM_FLOOR
    assert cv.norm_of([0.1, 0.3, 0.5, 0.7, 0.9]).limit == cv.CEILING


def test_every_builtin_clip_is_found_with_its_caption() -> None:
    clips = cv.builtin_clips()
    assert clips and all(c.path.is_file() for c in clips)
    assert all(c.path.name == f"{voice_key(c.caption)}.ogg" for c in clips)
    assert len({c.path for c in clips}) == len(clips)


@pytest.mark.slow
def test_one_real_clip_is_heard_as_its_own_caption() -> None:
    clips = cv.builtin_clips()
    target = max(clips, key=lambda c: len(c.caption))
    cv._start_worker()
    transcript = cv.transcribe(target.path)
    assert transcript == cv.transcribe(target.path)  # the same every time
    (heard,) = cv.judge(
        [target, *(c for c in clips if c is not target)], [transcript, *[("", 1.0)] * (len(clips) - 1)]
    )[:1]
    assert heard.closest == target.caption and heard.wer < 0.5
