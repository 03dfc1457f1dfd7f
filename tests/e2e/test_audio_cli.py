"""Recordings and sound from the command line: add-audio, and a session with no sound device."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from .test_cli import ROOT, kindly

DATA = ROOT / "tests" / "audio" / "data"


def test_add_audio_takes_every_format_and_refuses_bad_files(tmp_path: Path) -> None:
    good = [DATA / f"tone.{ext}" for ext in ("mp3", "ogg", "flac", "wav", "opus")]
    empty = tmp_path / "empty.mp3"
    empty.write_bytes(b"")
    text = tmp_path / "notes.mp3"
    text.write_text("these are my notes, not audio")
    png = tmp_path / "picture.mp3"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    truncated = tmp_path / "cut.flac"
    truncated.write_bytes((DATA / "tone.flac").read_bytes()[:600])
    midi = tmp_path / "song.mid"
    midi.write_bytes(b"MThd\x00\x00\x00\x06\x00\x01\x00\x01\x00\x60")
    wrong_ext = tmp_path / "tone.wav"
    shutil.copy(DATA / "tone.ogg", wrong_ext)
    missing = tmp_path / "gone.ogg"
    bad = [empty, text, png, truncated, midi, wrong_ext, missing]
    result = kindly("add-audio", *map(str, good + bad), data=tmp_path / "data")
    assert result.returncode == 1
    assert result.stdout.count("added “tone”") == 5
    errors = result.stderr.strip().splitlines()
    assert len(errors) == len(bad), errors
    for path, line in zip(bad, errors, strict=True):
        assert str(path) in line
    assert "Traceback" not in result.stderr
    index = json.loads((tmp_path / "data" / "recordings" / "index.json").read_text())
    assert len(index["recordings"]) == 5
    kept = sorted(p.name for p in (tmp_path / "data" / "recordings").iterdir() if p.name != "index.json")
    assert len(kept) == 5 and not any(p.startswith(".") for p in kept)  # nothing half-imported


@pytest.mark.slow
def test_a_session_without_a_sound_device_still_runs_and_logs(tmp_path: Path) -> None:
    env = dict(os.environ, SDL_AUDIODRIVER="no-such-driver")
    args = ["start", "breathing", "--minutes", "0.25", "--once", "--trace", str(tmp_path / "t.jsonl")]
    result = kindly(*args, data=tmp_path / "data", env=env)
    assert result.returncode == 0, result.stderr
    assert "No sound device was found" in result.stderr
    assert result.stderr.count("No sound device") == 1
    history = json.loads((tmp_path / "data" / "history.json").read_text())
    (record,) = history["sessions"].values()
    assert record["completed"] is True


@pytest.mark.slow
def test_added_recordings_are_listed_and_can_be_started(tmp_path: Path) -> None:
    """Issue 14 #14: `list` left out added recordings, and `start` could not play one."""
    data = tmp_path / "data"
    assert kindly("add-audio", str(DATA / "tone.ogg"), "--kind", "body-scan", data=data).returncode == 0
    listing = json.loads(kindly("list", "--json", data=data).stdout)
    (recording,) = listing["recordings"]
    assert recording["id"].startswith("recording:") and recording["title"] == "tone"
    assert recording["kind"] == "body-scan" and recording["minutes"] == pytest.approx(0.5 / 60, abs=0.01)
    text = kindly("list", data=data).stdout
    assert "Your recordings" in text and recording["id"] in text
    bare = recording["id"].removeprefix("recording:")
    for session_id in (recording["id"], bare):
        trace = tmp_path / f"{len(session_id)}.jsonl"
        result = kindly("start", session_id, "--once", "--trace", str(trace), data=data)
        assert result.returncode == 0, result.stderr
        cues = [json.loads(line) for line in trace.read_text().splitlines()]
        assert [c["cue"] for c in cues][-1] == "end"
        assert any(c["cue"] == "voice" for c in cues)  # the recording itself was played
    missing = kindly("start", "recording:0000000000000000", data=data)
    assert missing.returncode == 1 and "no recording" in missing.stderr and "Traceback" not in missing.stderr
