"""``main.py plan ID [--minutes N] [--json]``: a practice's timeline, for the people who write them.

Every line's start, length and words, the silences, rests and bells between them, and the density
summary (speech share, longest silence, rests). ``ID`` is a built-in id, the id of a script in the
data folder, or the path of a ``.toml`` file. Kept apart from :mod:`ui.cli` so the command plumbing
there can change without touching this; the parser's few lines stay there, so that building it
imports nothing of the script machinery.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from sessions.paths import DataPaths
from sessions.script_density import Density, PlanItem, exempt, measure, plan_items, shortfalls
from sessions.script_model import Script, ScriptError, normalise_text


class PlanError(Exception):
    """A plan that cannot be made, explained in one line."""


def _first_problem(error: ScriptError, what: str) -> PlanError:
    more = len(error.problems) - 1
    tail = f" (and {more} more; see `main.py check`)" if more > 0 else ""
    first = str(error.problems[0]) if error.problems else "cannot be used"
    return PlanError(f"{what}: {first}{tail}")


def find_script(session_id: str, paths: DataPaths, voice_duration: Callable[[Path], float]) -> Script:
    """The script ``session_id`` names: a file path, or a built-in or user script id."""
    from sessions.library import BUILTIN_DIR, VOICE_DIR, load_builtin_library
    from sessions.script_check import load_script

    path = Path(session_id)
    if session_id.endswith(".toml") or path.is_file():
        if not path.is_file():
            raise PlanError(f"there is no script file {session_id}")
        builtin = path.resolve().parent == BUILTIN_DIR.resolve()
        try:
            return load_script(path, voice_dir=VOICE_DIR, builtin=builtin, voice_duration=voice_duration)
        except ScriptError as error:
            raise _first_problem(error, f"{session_id} can't be used") from None
    library = load_builtin_library(paths.user_sessions)
    script = library.get(session_id)
    if script is not None:
        return script
    for broken in library.broken:
        if broken.path.stem == session_id:
            raise _first_problem(ScriptError(broken.problems), f"'{session_id}' can't be used")
    known = ", ".join(s.id for s in library.scripts)
    raise PlanError(f"there is no session '{session_id}'; try one of: {known}, or a .toml file")


def _clock(seconds: float) -> str:
    minutes, rest = divmod(seconds, 60.0)
    return f"{int(minutes)}:{rest:04.1f}"


def _span(seconds: float) -> str:
    whole = round(seconds)
    return f"{whole // 60} min {whole % 60} s" if whole >= 60 else f"{seconds:.1f} s"


def as_json(script: Script, minutes: float, items: Sequence[PlanItem], total_s: float) -> dict[str, Any]:
    """The ▶ contract: items in order, covering ``total_s`` without gaps or overlaps.

    Times are rounded to the millisecond from rounded boundaries, so each item still starts where
    the one before it ends.
    """
    bounds = [round(item.start_s, 3) for item in items] + [round(total_s, 3)]
    return {
        "id": script.id,
        "minutes": int(minutes) if float(minutes).is_integer() else minutes,
        "total_s": round(total_s, 3),
        "items": [
            {
                "start_s": start,
                "duration_s": round(end - start, 3),
                "type": item.type,
                "text": None if item.text is None else normalise_text(item.text),
            }
            for item, start, end in zip(items, bounds, bounds[1:], strict=False)
        ],
    }


def summary(script: Script, density: Density) -> list[str]:
    """The density figures in one line, then each shortfall (or why none apply)."""
    where = ""
    if density.longest_silence_step is not None:
        where = f" (step {density.longest_silence_step + 1}, from {_clock(density.longest_silence_start_s)})"
    lines = [
        f"speech {density.speech_fraction:.0%} ({_span(density.speech_s)})"
        f" · longest silence {_span(density.longest_silence_s)}{where}"
        f" · rests {_span(density.rest_s)} ({density.rest_fraction:.0%})"
    ]
    if exempt(script):
        lines.append("breathing practices are exempt from the density rule: the pacer guides each breath")
    else:
        lines.extend(f"below the density rule: {text}" for text in shortfalls(density))
    return lines


def as_text(script: Script, minutes: float, items: Sequence[PlanItem], total_s: float) -> list[str]:
    lines = [f"{script.title} ({script.id}), {minutes:g} min"]
    for item in items:
        words = ""
        if item.text is not None:
            words = "  " + normalise_text(item.text)
            if item.type != "speech":
                words += "  (caption only, not spoken)"
        lines.append(f"{_clock(item.start_s):>8}  {item.duration_s:6.1f} s  {item.type:<7}{words}".rstrip())
    lines.append(f"{_clock(total_s):>8}            end")
    return lines


def cmd_plan(session_id: str, minutes: float | None, want_json: bool, paths: DataPaths) -> int:
    from audio.tags import duration_s
    from sessions.script_plan import plan

    script = find_script(session_id, paths, duration_s)
    length = minutes if minutes is not None else script.lengths_min[0]
    try:
        planned = plan(script, length, duration_s)
    except ScriptError as error:
        reason = error.problems[0].message if error.problems else "cannot be planned"
        raise PlanError(f"'{script.id}' cannot be planned at {length:g} min: {reason}") from None
    total_s = float(length) * 60.0
    items = plan_items(planned)
    if want_json:
        print(json.dumps(as_json(script, length, items, total_s), indent=2, ensure_ascii=False))
        return 0
    for line in [*as_text(script, length, items, total_s), "", *summary(script, measure(items, total_s))]:
        print(line)
    return 0
