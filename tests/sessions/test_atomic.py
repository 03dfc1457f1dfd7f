"""The one atomic-write helper: whole files or none, private unless asked otherwise."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from sessions.atomic import write_atomic


def test_a_private_file_in_a_private_folder(tmp_path: Path) -> None:
    path = tmp_path / "kindly" / "settings.json"
    write_atomic(path, b"one")
    write_atomic(path, b"two")
    assert path.read_bytes() == b"two"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert [p.name for p in path.parent.iterdir()] == ["settings.json"]


def test_another_mode_and_a_folder_left_as_it_is(tmp_path: Path) -> None:
    tmp_path.chmod(0o755)
    path = tmp_path / "kindly.desktop"
    write_atomic(path, b"[Desktop Entry]\n", private_dir=False, mode=0o644)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert stat.S_IMODE(tmp_path.stat().st_mode) == 0o755


def test_keep_open_hands_over_the_new_file(tmp_path: Path) -> None:
    path = tmp_path / "history.json"
    fd = write_atomic(path, b"{}", keep_open=True)
    try:
        assert os.fstat(fd).st_ino == path.stat().st_ino
    finally:
        os.close(fd)


@pytest.mark.parametrize("step", ["write", "fsync", "replace"])
def test_a_failure_leaves_the_old_file_and_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    path = tmp_path / "settings.json"
    write_atomic(path, b"old")

    def full(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, step, full)
    with pytest.raises(OSError, match="No space"):
        write_atomic(path, b"new" * 1000)
    monkeypatch.undo()
    assert path.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["settings.json"]
