"""Synthesised bells and tones kept between launches: read back exactly, made again when in doubt."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from audio import sound_cache, synth
from audio.backend import ChannelName, Sound
from audio.engine import AudioEngine
from audio.null_backend import NullBackend
from audio.sound_cache import MAGIC, SoundCache, read_pcm
from sessions.clock import FakeClock

RATE_HZ = 8000  # synthesis is pure Python: a low rate keeps these tests quick


class Maker:
    """A sound maker that counts its calls."""

    def __init__(self, data: bytes = b"\x01\x02" * 500) -> None:
        self.data = data
        self.calls = 0

    def __call__(self) -> bytes:
        self.calls += 1
        return self.data


def test_a_sound_is_made_once_and_read_back_exactly(tmp_path: Path) -> None:
    cache = SoundCache(tmp_path / "sounds")
    make = Maker()
    assert cache.pcm("tone:in:5.50@44100", make) == make.data
    again = SoundCache(tmp_path / "sounds")  # the next launch
    assert again.pcm("tone:in:5.50@44100", make) == make.data
    assert make.calls == 1
    # Another sound has a file of its own.
    other = Maker(b"\x07" * 64)
    assert again.pcm("tone:out:5.50@44100", other) == other.data and other.calls == 1
    assert len(list((tmp_path / "sounds").glob("*.pcm"))) == 2


def test_the_files_are_the_users_alone(tmp_path: Path) -> None:
    cache = SoundCache(tmp_path / "sounds")
    cache.pcm("bell:bowl@44100", Maker())
    assert stat.S_IMODE((tmp_path / "sounds").stat().st_mode) == 0o700
    (file,) = (tmp_path / "sounds").glob("*.pcm")
    assert stat.S_IMODE(file.stat().st_mode) == 0o600


def test_new_synthesiser_code_makes_the_sound_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make = Maker()
    SoundCache(tmp_path).pcm("tick@44100", make)
    monkeypatch.setattr(sound_cache, "code_stamp", lambda _module: ("audio/synth.py", 1, 2))
    SoundCache(tmp_path).pcm("tick@44100", make)
    assert make.calls == 2


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # cut short (a full disk, a crash elsewhere)
        lambda data: data[:-1] + bytes([data[-1] ^ 0xFF]),  # one byte changed
        lambda data: b"RIFF" + data[4:],  # not ours
        lambda data: b"",  # empty
        lambda data: MAGIC + b"\x00" * 3,  # a header cut short
    ],
)
def test_a_damaged_file_is_made_again_and_replaced(tmp_path: Path, damage: object) -> None:
    cache = SoundCache(tmp_path)
    make = Maker()
    cache.pcm("bell:bowl@44100", make)
    path = cache.path("bell:bowl@44100")
    assert callable(damage)
    path.write_bytes(damage(path.read_bytes()))
    assert read_pcm(path) is None
    assert cache.pcm("bell:bowl@44100", make) == make.data
    assert make.calls == 2
    assert read_pcm(path) == make.data  # written afresh


def test_a_sound_that_cannot_be_made_writes_nothing(tmp_path: Path) -> None:
    def unknown() -> bytes:
        raise KeyError("no-such-bell")

    with pytest.raises(KeyError):
        SoundCache(tmp_path / "sounds").pcm("bell:no-such-bell@44100", unknown)
    assert not list(tmp_path.rglob("*.pcm"))


def test_a_folder_that_cannot_be_written_only_costs_time(tmp_path: Path) -> None:
    blocked = tmp_path / "sounds"
    blocked.write_text("a file where the folder should be")
    cache = SoundCache(blocked)
    make = Maker()
    assert cache.pcm("tick@44100", make) == make.data
    assert cache.pcm("tick@44100", make) == make.data
    assert make.calls == 2


def test_the_folder_stays_under_its_size_least_recently_used_first(tmp_path: Path) -> None:
    cache = SoundCache(tmp_path, max_bytes=2500)
    sizes = {name: Maker(bytes(1000)) for name in ("a", "b", "c")}
    cache.pcm("a", sizes["a"])
    cache.pcm("b", sizes["b"])
    cache.pcm("a", sizes["a"])  # used again: now the most recent
    cache.pcm("c", sizes["c"])  # over the limit: "b", the least recently used, leaves
    kept = {path.name for path in tmp_path.glob("*.pcm")}
    assert kept == {cache.path("a").name, cache.path("c").name}
    assert sum(p.stat().st_size for p in tmp_path.glob("*.pcm")) <= 2500
    # A single sound larger than the limit is still kept: it is the one in use.
    cache.pcm("huge", Maker(bytes(5000)))
    assert cache.path("huge").exists()


class Prepared(NullBackend):
    """A silent backend that keeps what it was asked to prepare."""

    def __init__(self) -> None:
        super().__init__(FakeClock(), rate_hz=RATE_HZ)
        self.prepared: dict[str, bytes] = {}

    def prepare(self, channel: ChannelName, sound: Sound) -> None:
        self.prepared[sound.key] = bytes(sound.pcm or b"")


def test_the_engine_synthesises_a_session_once_across_launches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = Prepared()
    AudioEngine(backend_factory=lambda: first, sound_cache=SoundCache(tmp_path)).preload([5.5])
    assert any(key.startswith("tone:in:") for key in first.prepared)
    assert any(key.startswith("bell:") for key in first.prepared)

    def no_synthesis(*_args: object) -> bytes:
        raise AssertionError("synthesised again")

    for name in ("bell_pcm", "tone_pcm", "tick_pcm"):
        monkeypatch.setattr(synth, name, no_synthesis)
    second = Prepared()
    AudioEngine(backend_factory=lambda: second, sound_cache=SoundCache(tmp_path)).preload([5.5])
    assert second.prepared == first.prepared  # the same sounds, sample for sample


def test_without_a_cache_the_engine_makes_each_sound(tmp_path: Path) -> None:
    backend = Prepared()
    AudioEngine(backend_factory=lambda: backend).preload([4.0])
    assert any(key.startswith("tone:out:") for key in backend.prepared)
    assert not list(tmp_path.rglob("*.pcm"))
