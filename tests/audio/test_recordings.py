"""The recordings library: a mixed import, private modes, the index round trip, and nothing half done."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from audio.captions import Caption
from audio.recordings import INDEX_NAME, LibraryError, import_recordings, list_recordings


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def visible_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_a_mixed_import_keeps_the_good_and_explains_the_bad(
    recording: dict[str, Path], tmp_path: Path
) -> None:
    library = tmp_path / "library"
    text = tmp_path / "notes.mp3"
    text.write_text("not audio")
    recording["ogg"].with_suffix(".lrc").write_text("[00:00.10]Arrive\n")
    report = import_recordings(
        [recording["ogg"], text, recording["flac"], tmp_path / "gone.wav"], library, "music"
    )
    # Each recording owns its stem, so a sidecar can only ever belong to one of them.
    assert [info.path for info in report.imported] == [library / "tone.ogg", library / "tone-2.flac"]
    assert [str(error) for error in report.failed] == [
        f"{text}: not an audio file Kindly can read",
        f"{tmp_path / 'gone.wav'}: no such file",
    ]
    assert visible_files(library) == ["index.json", "tone-2.flac", "tone-2.lrc", "tone.lrc", "tone.ogg"]
    assert (library / "tone.ogg").read_bytes() == recording["ogg"].read_bytes()
    assert mode(library) == 0o700
    assert all(mode(path) == 0o600 for path in library.iterdir())


def test_the_index_round_trips(recording: dict[str, Path], tmp_path: Path) -> None:
    library = tmp_path / "library"
    recording["opus"].with_suffix(".lrc").write_text("[00:00.20]Soften\n")
    report = import_recordings([recording["opus"], recording["mp3"]], library, kind="meditation")
    listed = list_recordings(library)
    assert [r.path for r in listed] == [info.path for info in report.imported]
    first = listed[0]
    assert (first.title, first.kind, first.captions) == ("tone", "meditation", (Caption(0.2, "Soften"),))
    assert first.duration_s == pytest.approx(0.5)
    assert len(first.sha256) == 64 and first.id == first.sha256[:16]
    assert listed[1].path.name == "tone-2.mp3"


def test_names_stay_unique_and_safe(recording: dict[str, Path], tmp_path: Path) -> None:
    library = tmp_path / "library"
    import_recordings([recording["wav"]], library)
    other = tmp_path / "other" / "tone.wav"
    other.parent.mkdir()
    other.write_bytes(recording["wav"].read_bytes()[:-2] + b"\x01\x00")  # same name, other content
    odd = tmp_path / "..we:ird*name?.ogg"
    recording["ogg"].rename(odd)
    report = import_recordings([other, odd], library)
    assert [info.path.name for info in report.imported] == ["tone-2.wav", "we_ird_name_.ogg"]


def test_the_same_recording_is_not_imported_twice(recording: dict[str, Path], tmp_path: Path) -> None:
    library = tmp_path / "library"
    import_recordings([recording["flac"]], library)
    copy = tmp_path / "copy.flac"
    copy.write_bytes(recording["flac"].read_bytes())
    report = import_recordings([copy, recording["flac"]], library)
    assert report.imported == []
    assert [error.reason for error in report.failed] == ["already in the library as “tone”"] * 2
    assert visible_files(library) == ["index.json", "tone.flac"]


def test_a_failed_copy_leaves_nothing_behind(
    recording: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = tmp_path / "library"
    recording["ogg"].with_suffix(".lrc").write_text("[00:00.10]Arrive\n")
    real_replace = os.replace

    def disk_full_for_sidecars(source: str | Path, target: str | Path) -> None:
        if str(target).endswith(".lrc"):
            raise OSError(28, "No space left on device")
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", disk_full_for_sidecars)
    calm = recording["wav"].rename(tmp_path / "calm.wav")  # no sidecar of its own
    report = import_recordings([recording["ogg"], calm], library)
    assert [str(e) for e in report.failed] == [
        f"{recording['ogg']}: could not be copied (No space left on device)"
    ]
    assert visible_files(library) == ["calm.wav", "index.json"], (
        "no audio without its captions, no temp files"
    )


def test_a_failed_index_write_undoes_the_whole_import(
    recording: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = tmp_path / "library"
    import_recordings([recording["mp3"]], library)
    before = (library / INDEX_NAME).read_bytes()
    real_replace = os.replace

    def index_write_fails(source: str | Path, target: str | Path) -> None:
        if str(target).endswith(INDEX_NAME):
            raise OSError(5, "Input/output error")
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", index_write_fails)
    with pytest.raises(
        LibraryError, match=r"could not be saved \(Input/output error\); nothing was imported"
    ):
        import_recordings([recording["ogg"], recording["flac"]], library)
    assert visible_files(library) == ["index.json", "tone.mp3"]
    assert (library / INDEX_NAME).read_bytes() == before


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("{not json", "line 1: Expecting property name"),
        ('{"schema": 1, "recordings": {}}', "it is not a recordings index"),
        ('{"schema": 9, "recordings": []}', "schema 9 is not 1"),
        ('{"schema": 1, "recordings": [{"id": 1}]}', "recordings[0]: id should be text"),
    ],
)
def test_a_damaged_index_is_reported_and_never_overwritten(
    recording: dict[str, Path], tmp_path: Path, content: str, problem: str
) -> None:
    library = tmp_path / "library"
    library.mkdir()
    (library / INDEX_NAME).write_text(content)
    with pytest.raises(LibraryError) as listing:
        list_recordings(library)
    assert str(listing.value).startswith(f"{library / INDEX_NAME}: the recordings index is damaged (")
    assert problem in str(listing.value)
    assert "left as it is" in str(listing.value)
    with pytest.raises(LibraryError):
        import_recordings([recording["wav"]], library)
    assert (library / INDEX_NAME).read_text() == content
    assert visible_files(library) == ["index.json"]


def test_an_index_entry_pointing_outside_the_library_is_refused(tmp_path: Path) -> None:
    entry = {
        "id": "x",
        "file": "../../etc/passwd",
        "title": "t",
        "artist": "",
        "duration_s": 1.0,
        "kind": None,
        "captions": [],
        "sha256": "0" * 64,
        "added_at": "2025-01-01T00:00:00+00:00",
    }
    (tmp_path / INDEX_NAME).write_text(json.dumps({"schema": 1, "recordings": [entry]}))
    with pytest.raises(LibraryError, match="plain file name"):
        list_recordings(tmp_path)


def test_an_empty_or_missing_library_lists_nothing(tmp_path: Path) -> None:
    assert list_recordings(tmp_path / "nowhere") == []
    report = import_recordings([], tmp_path / "library")
    assert report.imported == [] and report.failed == []
    assert not (tmp_path / "library" / INDEX_NAME).exists()
