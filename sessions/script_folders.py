"""One folder's scripts as built, and a library assembled from folders: plain data and the id rule,
kept apart from the checker so that a library read from the cache (sessions/script_cache.py) loads
neither the TOML parser nor the checker."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sessions.script_lines import Locator
from sessions.script_model import BrokenScript, Library, Problem, Script


@dataclass(frozen=True)
class FolderScripts:
    """What each script file of one folder built into, in file order, before ids are compared
    across folders: the part of a library that depends on that folder alone (and so can be cached)."""

    built: tuple[tuple[Path, Script | None, tuple[Problem, ...]], ...]
    unlisted: BrokenScript | None = None
    """The folder itself, when it could not be listed."""


def assemble(folders: Sequence[FolderScripts]) -> Library:
    """One library from folders read in order; a broken file or a repeated id is listed, never raised."""
    scripts: list[Script] = []
    broken: list[BrokenScript] = []
    owners: dict[str, Path] = {}
    for folder in folders:
        if folder.unlisted is not None:
            broken.append(folder.unlisted)
        for path, script, problems in folder.built:
            if script is None:
                broken.append(BrokenScript(path, problems))
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


__all__ = ["FolderScripts", "assemble"]
