"""Bells for a silent sit: the built-in bowls by name, or a person's own short sound file."""

from __future__ import annotations

from pathlib import Path

from audio.tags import AudioFileError, duration_s
from sessions.script_fields import BELLS as BUILTIN_BELLS  # the bells a script may name (DESIGN §4)

#: A bell is a moment's sound: a file longer than this would talk over the sit it marks.
MAX_BELL_FILE_S = 60.0


def is_builtin(bell: str) -> bool:
    return bell in BUILTIN_BELLS


def check_bell(bell: str) -> str:
    """``bell`` if it can ring: a built-in name, or an audio file Kindly can play that is short.

    Otherwise :class:`AudioFileError`, one line naming the file and the reason.
    """
    if is_builtin(bell):
        return bell
    path = Path(bell).expanduser()
    length = duration_s(path)  # not a file, not audio, unreadable: AudioFileError says which
    if length > MAX_BELL_FILE_S:
        minutes, seconds = divmod(round(length), 60)
        raise AudioFileError(
            path.name,
            f"it lasts {minutes}:{seconds:02d}; a bell can be at most {MAX_BELL_FILE_S:g} seconds long",
        )
    return str(path.resolve())


__all__ = ["BUILTIN_BELLS", "MAX_BELL_FILE_S", "check_bell", "is_builtin"]
