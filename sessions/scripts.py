"""Session scripts: the library of built-in and user scripts, and the public face of the format.

The format's data lives in :mod:`sessions.script_model`, what each field may hold in
:mod:`sessions.script_fields`, and the checker that reads a file in :mod:`sessions.script_check`.
"""

from __future__ import annotations

from pathlib import Path

from sessions.script_check import VoiceDuration, build_script, check_script, load_script
from sessions.script_fields import MAX_LENGTH_MIN
from sessions.script_lines import Locator
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


def load_library(
    builtin_dir: Path, user_dir: Path | None, *, voice_dir: Path, voice_duration: VoiceDuration | None = None
) -> Library:
    """Built-in scripts, then the user's; a broken file or a repeated id is listed, never raised."""
    scripts: list[Script] = []
    broken: list[BrokenScript] = []
    owners: dict[str, Path] = {}
    folders = [(builtin_dir, True)] + ([(user_dir, False)] if user_dir is not None else [])
    for folder, builtin in folders:
        try:
            files = _script_files(folder) if folder.is_dir() else []
        except OSError as error:
            problem = Problem(folder, None, None, None, f"cannot be listed: {error.strerror or error}")
            broken.append(BrokenScript(folder, (problem,)))
            continue
        for path in files:
            script, problems = build_script(
                path, voice_dir=voice_dir, builtin=builtin, voice_duration=voice_duration
            )
            if script is None:
                broken.append(BrokenScript(path, tuple(problems)))
            elif script.id in owners:
                try:
                    line = Locator(path.read_text("utf-8-sig")).key("id")
                except (OSError, UnicodeDecodeError):  # changed on disk since it was read
                    line = None
                problem = Problem(
                    path, line, None, "id", f'"{script.id}" is already used by {owners[script.id]}'
                )
                broken.append(BrokenScript(path, (problem, *problems)))
            else:
                owners[script.id] = path
                scripts.append(script)
    return Library(tuple(scripts), tuple(broken))


# The names the rest of Kindly imports from here, wherever they now live.
__all__ = [
    "BELL_LEAD_S",
    "MAX_LENGTH_MIN",
    "BrokenScript",
    "Library",
    "Problem",
    "Script",
    "ScriptError",
    "ScriptKind",
    "ScriptStep",
    "VoiceDuration",
    "caption_seconds",
    "check_script",
    "load_library",
    "load_script",
    "normalise_text",
    "step_fixed_s",
    "voice_key",
]
