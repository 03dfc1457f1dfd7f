"""Session scripts: the library of built-in and user scripts, and the public face of the format.

The format's data lives in :mod:`sessions.script_model`, what each field may hold in
:mod:`sessions.script_fields`, and the checker that reads a file in :mod:`sessions.script_check`.
"""

from __future__ import annotations

from pathlib import Path

from sessions.script_check import VoiceDuration, build_script, check_script, load_script
from sessions.script_fields import MAX_LENGTH_MIN
from sessions.script_folders import FolderScripts, assemble
from sessions.script_model import (
    BELL_LEAD_S,
    BrokenScript,
    Library,
    Problem,
    Script,
    ScriptError,
    ScriptKind,
    ScriptStep,
    caption_seconds,
    normalise_text,
    step_fixed_s,
    voice_key,
)


def _script_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.toml") if not p.name.startswith("."))


def read_folder(
    folder: Path, *, builtin: bool, voice_dir: Path, voice_duration: VoiceDuration | None = None
) -> FolderScripts:
    """Build and check every script in ``folder`` (none if it does not exist)."""
    try:
        files = _script_files(folder) if folder.is_dir() else []
    except OSError as error:
        problem = Problem(folder, None, None, None, f"cannot be listed: {error.strerror or error}")
        return FolderScripts((), BrokenScript(folder, (problem,)))
    built = []
    for path in files:
        script, problems = build_script(
            path, voice_dir=voice_dir, builtin=builtin, voice_duration=voice_duration
        )
        built.append((path, script, tuple(problems)))
    return FolderScripts(tuple(built))


def load_library(
    builtin_dir: Path, user_dir: Path | None, *, voice_dir: Path, voice_duration: VoiceDuration | None = None
) -> Library:
    """Built-in scripts, then the user's; a broken file or a repeated id is listed, never raised."""
    folders = [read_folder(builtin_dir, builtin=True, voice_dir=voice_dir, voice_duration=voice_duration)]
    if user_dir is not None:
        folders.append(
            read_folder(user_dir, builtin=False, voice_dir=voice_dir, voice_duration=voice_duration)
        )
    return assemble(folders)


# The names the rest of Kindly imports from here, wherever they now live.
__all__ = [
    "BELL_LEAD_S",
    "MAX_LENGTH_MIN",
    "BrokenScript",
    "FolderScripts",
    "Library",
    "Problem",
    "Script",
    "ScriptError",
    "ScriptKind",
    "ScriptStep",
    "VoiceDuration",
    "assemble",
    "caption_seconds",
    "check_script",
    "load_library",
    "load_script",
    "normalise_text",
    "read_folder",
    "step_fixed_s",
    "voice_key",
]
