"""``audio.tags``: real recordings read right, every bad file one clear line, captions from four places."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mutagen.flac import FLAC
from mutagen.id3 import CHAP, ID3, SYLT, TIT2, TPE1, Encoding
from mutagen.oggopus import OggOpus
from mutagen.oggvorbis import OggVorbis
from mutagen.wave import WAVE

from audio.captions import Caption
from audio.tags import DAMAGED, NOT_AUDIO, NOT_SUPPORTED, AudioFileError, duration_s, read_track
from tests.audio.conftest import DATA, FORMATS

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
)
LENGTHS = {"mp3": 0.576, "ogg": 0.5, "flac": 0.5, "wav": 0.25, "opus": 0.5}


def refused(path: Path) -> str:
    """The reason ``read_track`` gives for ``path``, checking it is one line naming the file."""
    with pytest.raises(AudioFileError) as raised:
        read_track(path)
    message = str(raised.value)
    assert "\n" not in message
    assert message == f"{path}: {raised.value.reason}"
    return raised.value.reason


@pytest.mark.parametrize("fmt", FORMATS)
def test_each_supported_format_is_read(recording: dict[str, Path], fmt: str) -> None:
    info = read_track(recording[fmt])
    assert info.format == fmt
    assert info.duration_s == pytest.approx(LENGTHS[fmt], abs=0.01)
    assert info.title == "tone", "no title tag: the file name stands in"
    assert info.artist == ""
    assert info.captions == ()
    assert duration_s(recording[fmt]) == info.duration_s


def test_mp3_title_artist_and_chapters_come_from_id3(recording: dict[str, Path]) -> None:
    tags = ID3()
    tags.add(TIT2(encoding=Encoding.UTF8, text=["Kind  breath\x07"]))
    tags.add(TPE1(encoding=Encoding.UTF8, text=["Ana"]))
    tags.add(CHAP(element_id="c2", start_time=300, end_time=576, sub_frames=[TIT2(text=["Let go"])]))
    tags.add(CHAP(element_id="c1", start_time=0, end_time=300, sub_frames=[TIT2(text=["Settle in"])]))
    tags.save(recording["mp3"])
    info = read_track(recording["mp3"])
    assert (info.title, info.artist) == ("Kind breath", "Ana")
    assert info.captions == (Caption(0.0, "Settle in"), Caption(0.3, "Let go"))


def test_synced_lyrics_win_over_chapters(recording: dict[str, Path]) -> None:
    tags = ID3()
    tags.add(CHAP(element_id="c1", start_time=0, end_time=500, sub_frames=[TIT2(text=["Chapter"])]))
    tags.add(
        SYLT(encoding=Encoding.UTF8, lang="eng", format=2, type=1, text=[("Breathe in", 100), ("out", 400)])
    )
    tags.save(recording["mp3"])
    assert read_track(recording["mp3"]).captions == (Caption(0.1, "Breathe in"), Caption(0.4, "out"))


@pytest.mark.parametrize(("fmt", "kind"), [("ogg", OggVorbis), ("opus", OggOpus), ("flac", FLAC)])
def test_vorbis_comments_give_title_artist_and_chapters(
    recording: dict[str, Path], fmt: str, kind: type[OggVorbis] | type[OggOpus] | type[FLAC]
) -> None:
    audio = kind(recording[fmt])
    if audio.tags is None:
        audio.add_tags()
    comments: Any = audio.tags  # mutagen's stubs type FLAC's tags loosely
    comments["TITLE"] = ["Soft landing"]
    comments["ARTIST"] = ["Kindly"]
    comments["CHAPTER002"] = ["00:00:00.250"]
    comments["CHAPTER002NAME"] = ["Second"]
    comments["CHAPTER001"] = ["00:00:00.000"]
    comments["CHAPTER001NAME"] = ["First"]
    comments["CHAPTER003"] = ["not a time"]
    audio.save()
    info = read_track(recording[fmt])
    assert (info.title, info.artist) == ("Soft landing", "Kindly")
    assert info.captions == (Caption(0.0, "First"), Caption(0.25, "Second"))


def test_wav_tags_are_read_from_its_id3_chunk(recording: dict[str, Path]) -> None:
    audio = WAVE(recording["wav"])
    audio.add_tags()
    tags: Any = audio.tags  # mutagen's stubs say a fresh WAVE has no tags, even after add_tags()
    tags.add(TIT2(encoding=Encoding.UTF8, text=["Evening"]))
    audio.save()
    assert read_track(recording["wav"]).title == "Evening"


def test_an_lrc_sidecar_gives_the_captions(recording: dict[str, Path]) -> None:
    recording["ogg"].with_suffix(".lrc").write_text(
        "\ufeff[ar:Kindly]\n[00:00.10]Arrive\n\njunk line\n"
        "[00:00.30][00:00.20] Soften\n[00:09.00]After the end\n",
        encoding="utf-8",
    )
    info = read_track(recording["ogg"])
    assert info.captions == (Caption(0.1, "Arrive"), Caption(0.2, "Soften"), Caption(0.3, "Soften"))


def test_an_empty_file(tmp_path: Path) -> None:
    empty = tmp_path / "empty.mp3"
    empty.touch()
    assert refused(empty) == "file is empty"


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_truncated_file(recording: dict[str, Path], fmt: str) -> None:
    data = recording[fmt].read_bytes()
    # Half of the file where the format records its own size; MP3 (CBR) does not, so cut in its first frame.
    recording[fmt].write_bytes(data[:100] if fmt == "mp3" else data[: len(data) // 2])
    assert refused(recording[fmt]) == DAMAGED


@pytest.mark.parametrize(("name", "content"), [("notes.mp3", b"just some text\n" * 20), ("picture.mp3", PNG)])
def test_something_else_renamed_as_audio(tmp_path: Path, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert refused(path) == NOT_AUDIO


def test_audio_with_the_wrong_extension(recording: dict[str, Path], tmp_path: Path) -> None:
    flac_as_mp3 = recording["flac"].rename(tmp_path / "song.mp3")
    assert refused(flac_as_mp3) == "holds FLAC audio but its name has '.mp3'; rename it to end in .flac"
    mp3_as_txt = recording["mp3"].rename(tmp_path / "song.txt")
    assert refused(mp3_as_txt) == "holds MP3 audio but its name has '.txt'; rename it to end in .mp3"


def test_opus_in_an_ogg_file_is_fine(recording: dict[str, Path], tmp_path: Path) -> None:
    assert read_track(recording["opus"].rename(tmp_path / "voice.ogg")).format == "opus"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("chime.aiff", b"FORM\x00\x00\x00\x2eAIFFCOMM" + bytes(40)),
        ("tune.mid", b"MThd\x00\x00\x00\x06\x00\x01\x00\x01\x00\x60" + bytes(20)),
        ("talk.m4a", b"\x00\x00\x00\x20ftypM4A " + bytes(40)),
        ("notes.txt", b"hello"),
    ],
)
def test_a_format_kindly_does_not_play(tmp_path: Path, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert refused(path) == NOT_SUPPORTED
    assert NOT_SUPPORTED == "format not supported (supported: mp3, ogg, flac, wav, opus)"


def test_no_permission_to_read(recording: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests run as root in CI, where chmod cannot lock a file: the refusal is simulated where it happens.
    original = Path.open

    def locked(self: Path, *args: object, **kwargs: object) -> object:
        if self == recording["ogg"]:
            raise PermissionError(13, "Permission denied", str(self))
        return original(self, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(Path, "open", locked)
    assert refused(recording["ogg"]) == "no permission to read it"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file, so chmod 000 cannot lock it")
def test_no_permission_to_read_for_real(recording: dict[str, Path]) -> None:
    recording["ogg"].chmod(0)
    assert refused(recording["ogg"]) == "no permission to read it"


def test_a_missing_file_and_a_folder(tmp_path: Path) -> None:
    assert refused(tmp_path / "gone.mp3") == "no such file"
    folder = tmp_path / "album.ogg"
    folder.mkdir()
    assert refused(folder) == "is a folder, not an audio file"


def test_a_recording_longer_than_four_hours(recording: dict[str, Path]) -> None:
    audio = FLAC(recording["flac"])
    audio.info.total_samples = audio.info.sample_rate * (5 * 3600 + 12 * 60)
    audio.save()
    assert refused(recording["flac"]) == "is 5 h 12 min long; Kindly plays recordings up to 4 hours"


def test_a_wav_header_claiming_hours_of_audio(tmp_path: Path) -> None:
    data_bytes = 8000 * 2 * 3600 * 5  # 5 h of 8 kHz mono 16-bit, claimed but absent
    header = b"RIFF" + (36 + data_bytes).to_bytes(4, "little") + b"WAVEfmt " + (16).to_bytes(4, "little")
    header += (1).to_bytes(2, "little") + (1).to_bytes(2, "little") + (8000).to_bytes(4, "little")
    header += (16000).to_bytes(4, "little") + (2).to_bytes(2, "little") + (16).to_bytes(2, "little")
    path = tmp_path / "huge.wav"
    path.write_bytes(header + b"data" + data_bytes.to_bytes(4, "little") + bytes(1000))
    assert refused(path) == "is 5 h 0 min long; Kindly plays recordings up to 4 hours"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    fmt=st.sampled_from(FORMATS),
    cut=st.floats(0.0, 1.0),
    flips=st.lists(st.tuples(st.floats(0.0, 1.0), st.integers(0, 255)), max_size=8),
    suffix=st.sampled_from([".mp3", ".ogg", ".flac", ".wav", ".opus", ".bin"]),
)
def test_damaged_files_never_escape_as_anything_but_audio_file_error(
    fmt: str, cut: float, flips: list[tuple[float, int]], suffix: str
) -> None:
    data = bytearray((DATA / f"tone.{fmt}").read_bytes())
    for where, value in flips:
        data[min(len(data) - 1, int(where * len(data)))] = value
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"fuzzed{suffix}"
        path.write_bytes(bytes(data[: int(cut * len(data))]))
        try:
            info = read_track(path)
        except AudioFileError as error:
            assert "\n" not in str(error)
        else:
            assert 0 < info.duration_s <= 4 * 3600
