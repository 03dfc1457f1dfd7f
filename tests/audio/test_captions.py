"""Captions: LRC parsing that keeps what it can, and cleaning that makes any text safe to show."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from audio.captions import Caption, clock_s, parse_lrc, tidy


def test_lrc_parsing_keeps_what_it_can() -> None:
    text = "[offset:+100]\n[01:02.5]a\n[00:61.00]bad seconds\n[00:01.123]  b   c \n[xx:yy]no\n[00:03]\n"
    captions = parse_lrc(text)  # [offset:+100] shows every line 0.1 s earlier
    assert [c.text for c in captions] == ["b c", "a"]
    assert [c.start_s for c in captions] == pytest.approx([1.023, 62.4])


@given(st.text(max_size=400))
def test_lrc_parsing_never_fails_and_gives_clean_captions(text: str) -> None:
    captions = parse_lrc(text)
    assert list(captions) == sorted(captions, key=lambda c: c.start_s)
    for caption in captions:
        assert math.isfinite(caption.start_s) and caption.start_s >= 0
        assert caption.text and caption.text == caption.text.strip() and "\n" not in caption.text


def test_tag_clock_times() -> None:
    assert clock_s("00:01:02.500") == 62.5
    assert clock_s("1:02") == 62
    assert clock_s(" 01:00:00 ") == 3600
    assert clock_s("soon") is None


def test_tidy_drops_empty_and_impossible_captions_and_sorts() -> None:
    raw = [Caption(2.0, " two\n\tlines "), Caption(math.nan, "x"), Caption(-1.0, "y"), Caption(1.0, "\x00")]
    assert tidy(raw) == (Caption(2.0, "two lines"),)
