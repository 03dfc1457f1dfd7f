"""Writing practices as data: TOML files of prompts, one page at a time (docs/SCRIPTS.md).

Built-ins live in ``assets/writing/``, the person's own in ``<data>/writing/``. A file with a
mistake is listed with every reason and its line (like session scripts), never raised.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from sessions.paths import ASSETS_DIR
from sessions.script_lines import Locator
from sessions.script_model import Problem

BUILTIN_WRITING_DIR = ASSETS_DIR / "writing"
MAX_FILE_BYTES = 256 * 1024
MAX_STEPS = 40
MAX_PROMPT = 1000
Keep = Literal["phrases", "phrase"]
KEEPS: tuple[str, ...] = ("phrases", "phrase")
_TOP_KEYS = ("id", "title", "kind", "description", "minutes", "read_again_days", "steps")
_STEP_KEYS = ("id", "label", "prompt", "hint", "write", "show", "keep")


@dataclass(frozen=True)
class WritingStep:
    """One page: a prompt, perhaps a hint, and (unless ``write`` is false) room to write.

    ``show`` lists earlier steps whose answers are shown on this page, side by side; ``keep``
    says the answer goes to the phrase bank: ``"phrases"`` one a line, ``"phrase"`` as a whole.
    """

    id: str
    prompt: str
    hint: str = ""
    write: bool = True
    show: tuple[str, ...] = ()
    keep: Keep | None = None
    label: str = ""
    """A short name for the answer when shown again ("To a friend"); else the prompt's opening words."""

    def short_label(self) -> str:
        if self.label:
            return self.label
        first = self.prompt.split("?")[0].split(".")[0]
        return first if len(first) <= 60 else first[:59] + "…"


@dataclass(frozen=True)
class WritingPractice:
    id: str
    title: str
    description: str
    minutes: float
    steps: tuple[WritingStep, ...]
    read_again_days: tuple[int, ...] = ()
    builtin: bool = True
    kind: str = "writing"

    def step(self, step_id: str) -> WritingStep | None:
        return next((s for s in self.steps if s.id == step_id), None)


@dataclass(frozen=True)
class BrokenWriting:
    path: Path
    problems: tuple[Problem, ...]


@dataclass(frozen=True)
class WritingLibrary:
    practices: tuple[WritingPractice, ...]
    broken: tuple[BrokenWriting, ...]

    def get(self, practice_id: str) -> WritingPractice | None:
        return next((p for p in self.practices if p.id == practice_id), None)


def _is_id(value: object) -> bool:
    return (
        isinstance(value, str)
        and 0 < len(value) <= 64
        and all(c.isascii() and (c.islower() or c.isdigit() or c == "-") for c in value)
    )


class _Checker:
    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.loc = Locator(text)
        self.problems: list[Problem] = []

    def add(
        self,
        message: str,
        *,
        key: str | None = None,
        step: int | None = None,
        severity: Literal["error", "warning"] = "error",
    ) -> None:
        line = (
            self.loc.key(key)
            if step is None and key
            else (self.loc.step(step, key) if step is not None else None)
        )
        self.problems.append(
            Problem(self.path, line, None if step is None else step + 1, key, message, severity)
        )

    def text(
        self, data: Mapping[str, Any], key: str, limit: int, *, step: int | None = None, required: bool = True
    ) -> str:
        value = data.get(key)
        if value is None:
            if required:
                self.add("is missing", key=key, step=step)
            return ""
        if not isinstance(value, str) or (required and not value.strip()) or len(value) > limit:
            self.add(f"must be text of at most {limit} characters", key=key, step=step)
            return ""
        return value.strip()


def _step(check: _Checker, index: int, raw: object, earlier: list[str]) -> WritingStep | None:
    if not isinstance(raw, dict):
        check.add("each step must be a table ([[steps]])", step=index)
        return None
    for key in raw:
        if key not in _STEP_KEYS:
            check.add(
                f"unknown key (known: {', '.join(_STEP_KEYS)})", key=key, step=index, severity="warning"
            )
    step_id = raw.get("id")
    if not _is_id(step_id):
        check.add("must be lowercase letters, digits and dashes", key="id", step=index)
        step_id = f"step-{index + 1}"
    elif step_id in earlier:
        check.add(f'"{step_id}" is used by an earlier step', key="id", step=index)
    prompt = check.text(raw, "prompt", MAX_PROMPT, step=index)
    hint = check.text(raw, "hint", MAX_PROMPT, step=index, required=False)
    label = check.text(raw, "label", 60, step=index, required=False)
    write = raw.get("write", True)
    if not isinstance(write, bool):
        check.add("must be true or false", key="write", step=index)
        write = True
    show_raw = raw.get("show", [])
    show: list[str] = []
    if not isinstance(show_raw, list) or not all(isinstance(s, str) for s in show_raw):
        check.add("must be a list of earlier step ids", key="show", step=index)
    else:
        for s in show_raw:
            if s not in earlier:
                check.add(f'"{s}" is not an earlier step', key="show", step=index)
            else:
                show.append(s)
    keep = raw.get("keep")
    if keep is not None and keep not in KEEPS:
        check.add('must be "phrases" (one a line) or "phrase" (the whole answer)', key="keep", step=index)
        keep = None
    if keep is not None and not write:
        check.add("a step that keeps phrases needs room to write (write = true)", key="keep", step=index)
    return WritingStep(str(step_id), prompt, hint, write, tuple(show), keep, label)


def build_writing(path: Path, *, builtin: bool = False) -> tuple[WritingPractice | None, list[Problem]]:
    """The practice in ``path`` and every problem found (the practice is None when any is an error)."""
    check = _Checker(path, "")
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            check.add(f"is larger than {MAX_FILE_BYTES // 1024} KB; a writing practice is a few KB")
            return None, check.problems
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else "it is not UTF-8 text"
        check.add(f"cannot be read ({reason})")
        return None, check.problems
    check = _Checker(path, text)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        check.add(f"is not valid TOML ({exc})")
        return None, check.problems
    return _build(check, data, builtin)


def _build(
    check: _Checker, data: dict[str, Any], builtin: bool
) -> tuple[WritingPractice | None, list[Problem]]:
    for key in data:
        if key not in _TOP_KEYS:
            check.add(f"unknown key (known: {', '.join(_TOP_KEYS)})", key=key, severity="warning")
    practice_id = data.get("id")
    if not _is_id(practice_id):
        check.add("must be lowercase letters, digits and dashes (at most 64)", key="id")
    title = check.text(data, "title", 100)
    if data.get("kind") != "writing":
        check.add('must be "writing"', key="kind")
    description = check.text(data, "description", 1000, required=False)
    minutes = data.get("minutes", 10)
    if not isinstance(minutes, int | float) or isinstance(minutes, bool) or not 0 < minutes <= 120:
        check.add("must be about how many minutes it takes (more than 0, at most 120)", key="minutes")
        minutes = 10
    again_raw = data.get("read_again_days", [])
    again: tuple[int, ...] = ()
    if not isinstance(again_raw, list) or not all(
        isinstance(d, int) and not isinstance(d, bool) and 1 <= d <= 365 for d in again_raw
    ):
        check.add("must be a list of whole days from 1 to 365", key="read_again_days")
    else:
        again = tuple(sorted(set(again_raw)))
    steps_raw = data.get("steps")
    steps: list[WritingStep] = []
    if not isinstance(steps_raw, list) or not steps_raw:
        check.add("needs at least one [[steps]]", key="steps")
    elif len(steps_raw) > MAX_STEPS:
        check.add(f"at most {MAX_STEPS} steps", key="steps")
    else:
        for index, raw in enumerate(steps_raw):
            step = _step(check, index, raw, [s.id for s in steps])
            if step is not None:
                steps.append(step)
        if steps and not any(s.write for s in steps):
            check.add("at least one step needs room to write", key="steps")
    if any(p.severity == "error" for p in check.problems):
        return None, check.problems
    practice = WritingPractice(
        str(practice_id), title, description, float(minutes), tuple(steps), again, builtin
    )
    return practice, check.problems


def check_writing(path: Path, *, builtin: bool = False) -> list[Problem]:
    return build_writing(path, builtin=builtin)[1]


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.toml") if not p.name.startswith("."))


def load_writing_library(user_dir: Path | None, builtin_dir: Path = BUILTIN_WRITING_DIR) -> WritingLibrary:
    """Built-in practices, then the person's; a broken file or a repeated id is listed, never raised."""
    practices: list[WritingPractice] = []
    broken: list[BrokenWriting] = []
    owners: dict[str, Path] = {}
    folders: Sequence[tuple[Path, bool]] = [(builtin_dir, True)] + ([(user_dir, False)] if user_dir else [])
    for folder, builtin in folders:
        try:
            files = _files(folder) if folder.is_dir() else []
        except OSError as exc:
            problem = Problem(folder, None, None, None, f"cannot be listed: {exc.strerror or exc}")
            broken.append(BrokenWriting(folder, (problem,)))
            continue
        for path in files:
            practice, problems = build_writing(path, builtin=builtin)
            if practice is None:
                broken.append(BrokenWriting(path, tuple(problems)))
            elif practice.id in owners:
                problem = Problem(
                    path, None, None, "id", f'"{practice.id}" is already used by {owners[practice.id]}'
                )
                broken.append(BrokenWriting(path, (problem,)))
            else:
                owners[practice.id] = path
                practices.append(practice)
    return WritingLibrary(tuple(practices), tuple(broken))


def toml_kind(path: Path) -> str | None:
    """The ``kind`` a TOML file declares (to send ``main.py check`` to the right checker), if readable."""
    try:
        data = tomllib.loads(path.read_bytes().decode("utf-8-sig"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    kind = data.get("kind")
    return kind if isinstance(kind, str) else None


__all__ = [
    "BUILTIN_WRITING_DIR",
    "BrokenWriting",
    "WritingLibrary",
    "WritingPractice",
    "WritingStep",
    "build_writing",
    "check_writing",
    "load_writing_library",
    "toml_kind",
]
