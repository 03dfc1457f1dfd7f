"""A person's own bell: any short audio file Kindly can play; a long or broken one is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from audio.bells import MAX_BELL_FILE_S, check_bell
from audio.tags import AudioFileError
from tests.audio.analysis import write_wav
from tests.audio.conftest import DATA


def test_built_in_bells_are_named() -> None:
    assert [check_bell(name) for name in ("bowl", "bowl-low", "bowl-high")] == [
        "bowl",
        "bowl-low",
        "bowl-high",
    ]


def test_a_short_sound_file_is_a_bell(tmp_path: Path) -> None:
    assert check_bell(str(DATA / "tone.ogg")) == str((DATA / "tone.ogg").resolve())
    short = write_wav(tmp_path / "ding.wav", 3.0)
    assert check_bell(str(short)) == str(short.resolve())


@pytest.mark.parametrize(
    ("make", "said"),
    [
        (lambda d: write_wav(d / "long.wav", MAX_BELL_FILE_S + 1), "a bell can be at most 60 seconds long"),
        (lambda d: (d / "notes.ogg").write_text("not audio") and d / "notes.ogg", "notes.ogg"),
        (lambda d: d / "missing.ogg", "missing.ogg"),
    ],
)
def test_a_bell_that_cannot_ring_says_why(tmp_path: Path, make: object, said: str) -> None:
    path = make(tmp_path)  # type: ignore[operator]
    with pytest.raises(AudioFileError, match=said) as caught:
        check_bell(str(path))
    assert "\n" not in str(caught.value)
