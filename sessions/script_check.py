"""Checking a session script file: every problem found at once, with its line, step and field."""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from sessions.script_fields import (
    MAX_CARE_NOTE_CHARS,
    MAX_FILE_BYTES,
    MAX_SILENCE_S,
    MAX_STEP_CHARS,
    MAX_STEPS,
    MAX_STRETCH,
    FieldError,
    as_bell,
    as_flag,
    as_group,
    as_kind,
    as_lengths,
    as_minutes,
    as_number,
    as_pattern,
    as_script_id,
    as_text,
    as_voice,
    show_value,
)
from sessions.script_lines import Locator
from sessions.script_model import (
    GROUPS,
    KINDS,
    Problem,
    Script,
    ScriptError,
    ScriptStep,
    Severity,
    caption_seconds,
    default_group,
    step_fixed_s,
    voice_key,
)

#: Without real voice durations the fit check assumes a brisk voice, so it never cries wolf.
ESTIMATE_WORDS_PER_S = 3.0

_TOP_KEYS = ("id", "title", "kind", "group", "description", "care_note", "lengths", "steps")
_STEP_KEYS = (
    "text",
    "bell",
    "silence",
    "stretch",
    "pattern",
    "voice",
    "from_minutes",
    "until_minutes",
    "rest",
)
#: Seconds of speech in a voice file (the app passes one that reads the file's tags).
VoiceDuration = Callable[[Path], float]


def _fmt_s(seconds: float) -> str:
    whole = round(seconds)
    return f"{whole // 60} min {whole % 60} s" if whole >= 60 else f"{whole} s"


class _Checker:
    """Collects every problem of one file while building its script."""

    def __init__(self, path: Path, builtin: bool, voice_dir: Path, voice_duration: VoiceDuration | None):
        self.path = path
        self.builtin = builtin
        self.voice_dir = voice_dir
        self.voice_duration = voice_duration
        self.problems: list[Problem] = []
        self.loc = Locator("")

    def add(
        self,
        message: str,
        *,
        line: int | None = None,
        step: int | None = None,
        key: str | None = None,
        severity: Severity = "error",
    ) -> None:
        shown_step = None if step is None else step + 1
        self.problems.append(Problem(self.path, line, shown_step, key, message, severity))

    def errors(self) -> bool:
        return any(p.severity == "error" for p in self.problems)

    def get(
        self,
        table: Mapping[str, Any],
        key: str,
        convert: Callable[[Any], Any],
        *,
        step: int | None = None,
        default: Any = ...,
        hint: str = "",
    ) -> Any:
        """Convert ``table[key]``; record a problem (and return ``None``) when missing or wrong."""
        line = self.loc.key(key) if step is None else self.loc.step(step, key)
        if key not in table:
            if default is ...:
                self.add(f"is missing{hint}", line=None if step is None else line, step=step, key=key)
                return None
            return default
        try:
            return convert(table[key])
        except FieldError as bad:
            self.add(str(bad), line=line, step=step, key=key)
            return None

    def unknown_keys(self, table: Mapping[str, Any], known: Sequence[str], step: int | None) -> None:
        for key in table:
            if key in known:
                continue
            close = difflib.get_close_matches(key, known, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else f"; known fields are {', '.join(known)}"
            line = self.loc.key(key) if step is None else self.loc.step(step, key)
            self.add(
                f"is not a known field, so it is ignored{hint}",
                line=line,
                step=step,
                key=key,
                severity="warning",
            )


def _decode(checker: _Checker, data: bytes) -> str | None:
    try:
        # utf-8-sig: tolerate the byte-order mark some Windows editors add.
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        checker.add(f"is not UTF-8 text (byte 0x{data[error.start]:02x}); save it as UTF-8", line=line)
        return None


def _parse(checker: _Checker, text: str) -> dict[str, Any] | None:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        match = re.search(r"\(at line (\d+), column \d+\)", message)
        repeated = Locator(text).repeated if "overwrite" in message else []
        line = int(match.group(1)) if match else repeated[0] if repeated else max(1, len(text.splitlines()))
        reason = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", message)
        hint = (
            ' (text values need double quotes, like title = "Evening")' if "Invalid value" in reason else ""
        )
        checker.add(f"is not valid TOML: {reason}{hint}", line=line)
    except RecursionError:
        checker.add("is not valid TOML: lists or tables are nested too deeply")
    except ValueError:
        # tomllib lets a plain ValueError through for an integer of more than 4300 digits
        # (CPython's int-from-text limit), not a TOMLDecodeError.
        checker.add("is not valid TOML: a number has far too many digits")
    return None


def _check_steps(checker: _Checker, raw: Any, base: Path) -> list[ScriptStep]:
    if isinstance(raw, dict):
        checker.add(
            "must be a list of steps, each starting with a [[steps]] line (two brackets)",
            line=checker.loc.tables.get("steps"),
            key="steps",
        )
        return []
    if not isinstance(raw, list) or not raw:
        checker.add(
            'needs at least one step: add a [[steps]] line followed by text = "..."',
            line=checker.loc.key("steps"),
            key="steps",
        )
        return []
    if len(raw) > MAX_STEPS:
        checker.add(f"has {len(raw)} steps; at most {MAX_STEPS} are allowed", key="steps")
        return []
    steps: list[ScriptStep] = []
    unvoiced = 0
    for index, table in enumerate(raw):
        if not isinstance(table, dict):
            checker.add(
                f"must be a table of fields, got {show_value(table)}",
                line=checker.loc.step(index),
                step=index,
            )
            continue
        checker.unknown_keys(table, _STEP_KEYS, index)
        text = checker.get(table, "text", as_text(MAX_STEP_CHARS), step=index, hint=': add text = "..."')
        bell = checker.get(table, "bell", as_bell, step=index, default=None)
        silence = checker.get(
            table, "silence", as_number(0, MAX_SILENCE_S, " of seconds"), step=index, default=0.0
        )
        stretch = checker.get(table, "stretch", as_number(0, MAX_STRETCH, ""), step=index, default=1.0)
        pattern = checker.get(table, "pattern", as_pattern, step=index, default=None)
        voice = checker.get(table, "voice", as_voice, step=index, default=True)
        from_min = checker.get(table, "from_minutes", as_minutes, step=index, default=None)
        until_min = checker.get(table, "until_minutes", as_minutes, step=index, default=None)
        rest = checker.get(table, "rest", as_flag, step=index, default=False)
        if from_min is not None and until_min is not None and until_min <= from_min:
            checker.add(
                f"until_minutes = {until_min:g} must be above from_minutes = {from_min:g}, "
                "or this step is part of no session",
                line=checker.loc.step(index, "until_minutes"),
                step=index,
                key="until_minutes",
            )
            continue
        if text is None or silence is None or stretch is None or voice is None or rest is None:
            continue
        voice_file: Path | None = None
        if isinstance(voice, str):
            voice_file = base / voice
            if not voice_file.is_file():
                checker.add(
                    f'the voice file "{voice}" was not found in {base}',
                    line=checker.loc.step(index, "voice"),
                    step=index,
                    key="voice",
                )
        elif voice:
            voice_file = checker.voice_dir / f"{voice_key(text)}.ogg"
            if not voice_file.is_file():
                if checker.builtin:
                    checker.add(
                        f"has no rendered voice ({voice_file.name}); run tools/render_voice.py",
                        line=checker.loc.step(index, "text"),
                        step=index,
                        key="text",
                    )
                else:
                    unvoiced += 1
                voice_file = None
        steps.append(
            ScriptStep(text, bell, silence, stretch, pattern, voice, voice_file, from_min, until_min, rest)
        )
    if unvoiced:
        checker.add(
            f"{unvoiced} step(s) have no recorded voice, so they are shown as captions only; "
            'write voice = false to say so, or voice = "file.ogg" to use your own recording',
            severity="warning",
        )
    return steps


def _words_s(step: ScriptStep, voice_duration: VoiceDuration | None) -> tuple[float, bool]:
    """The time of a step's words and whether it is exact (a real voice duration) or an estimate."""
    if step.voice_file is None:
        return caption_seconds(step.text), True
    if voice_duration is not None:
        try:
            return max(0.0, float(voice_duration(step.voice_file))), True
        except (OSError, ValueError):
            pass  # an unreadable file is reported when the session is planned
    return len(step.text.split()) / ESTIMATE_WORDS_PER_S, False


def _check_fit(checker: _Checker, steps: Sequence[ScriptStep], lengths: Iterable[float]) -> None:
    words = [_words_s(s, checker.voice_duration) for s in steps]
    for minutes in lengths:
        included = [(s, w) for s, w in zip(steps, words, strict=True) if s.included_at(minutes)]
        if not included:
            checker.add(
                f"no step is part of a {minutes:g}-minute session (check from_minutes)",
                line=checker.loc.key("lengths"),
                key="lengths",
            )
            continue
        fixed = sum(step_fixed_s(s, w) for s, (w, _) in included)
        exact = all(exact for _, (_, exact) in included)
        if fixed > minutes * 60 + 1e-6:
            about = "" if exact else "about "
            checker.add(
                f"a {minutes:g}-minute session is too short for this script: its bells, words and base "
                f"silences alone take {about}{_fmt_s(fixed)}; offer a longer length or shorten the script",
                line=checker.loc.key("lengths"),
                key="lengths",
            )
        elif fixed < minutes * 60 - 1e-6 and not any(s.stretch > 0 for s, _ in included):
            checker.add(
                f"a {minutes:g}-minute session cannot be filled: every step has stretch = 0, "
                "so no silence can grow; give at least one step a stretch above 0",
                line=checker.loc.key("lengths"),
                key="lengths",
            )
    offered = ", ".join(f"{m:g}" for m in lengths)
    for index, step in enumerate(steps):
        if any(step.included_at(m) for m in lengths):
            continue
        if step.until_minutes is None:
            key, why = (
                "from_minutes",
                f"from_minutes = {step.from_minutes:g} is longer than every offered length",
            )
        elif step.from_minutes is None:
            key, why = (
                "until_minutes",
                f"until_minutes = {step.until_minutes:g} is not above any offered length",
            )
        else:
            key = "until_minutes"
            why = (
                f"no offered length is at least from_minutes = {step.from_minutes:g} "
                f"and below until_minutes = {step.until_minutes:g}"
            )
        checker.add(
            f"{why} ({offered} min), so this step is never heard",
            line=checker.loc.step(index, key),
            step=index,
            key=key,
        )


def build_script(
    path: Path, *, voice_dir: Path, builtin: bool, voice_duration: VoiceDuration | None
) -> tuple[Script | None, list[Problem]]:
    """The script at ``path`` (``None`` when it has an error) and every problem found in it."""
    checker = _Checker(path, builtin, voice_dir, voice_duration)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            checker.add(f"is {size / 1e6:.1f} MB; a script may be at most {MAX_FILE_BYTES / 1e6:g} MB")
            return None, checker.problems
        data = path.read_bytes()
    except OSError as error:
        checker.add(f"cannot be read: {error.strerror or error}")
        return None, checker.problems
    text = _decode(checker, data)
    doc = None if text is None else _parse(checker, text)
    if doc is None or text is None:
        return None, checker.problems
    checker.loc = Locator(text)
    checker.unknown_keys(doc, _TOP_KEYS, None)
    script_id = checker.get(doc, "id", as_script_id, hint=': add id = "my-session"')
    title = checker.get(doc, "title", as_text(100), hint=': add title = "..."')
    kind = checker.get(doc, "kind", as_kind, hint=f': add kind = "custom" (one of {", ".join(KINDS)})')
    group_hint = f': add group = "settle" (one of {", ".join(GROUPS)})'
    # A built-in says where it belongs in the library; a user script may leave it to its kind.
    if builtin:
        group = checker.get(doc, "group", as_group, hint=group_hint)
    else:
        group = checker.get(doc, "group", as_group, default=None)
    care_note = checker.get(doc, "care_note", as_text(MAX_CARE_NOTE_CHARS), default=None)
    description = checker.get(doc, "description", as_text(1000, allow_empty=True), default="")
    lengths = checker.get(doc, "lengths", as_lengths, hint=": add lengths = [5, 10] (minutes)")
    if "steps" not in doc:
        checker.add('is missing: add a [[steps]] line followed by text = "..."', key="steps")
        steps: list[ScriptStep] = []
    else:
        steps = _check_steps(checker, doc["steps"], path.parent)
    if lengths is not None and steps and not checker.errors():
        _check_fit(checker, steps, lengths)
    if checker.errors():
        return None, checker.problems
    script = Script(
        script_id,
        title,
        kind,
        description,
        lengths,
        tuple(steps),
        path,
        builtin,
        tuple(checker.problems),
        group=group if group is not None else default_group(kind),
        care_note=care_note,
    )
    return script, checker.problems


def check_script(
    path: Path | str, *, voice_dir: Path, builtin: bool = False, voice_duration: VoiceDuration | None = None
) -> list[Problem]:
    """Every problem of the script at ``path`` (errors and warnings); never raises.

    ``voice_duration`` (the app passes one that reads the file) makes the "too short" check exact;
    without it, speech time is estimated from the word count.
    """
    return build_script(Path(path), voice_dir=voice_dir, builtin=builtin, voice_duration=voice_duration)[1]


def load_script(
    path: Path | str, *, voice_dir: Path, builtin: bool = False, voice_duration: VoiceDuration | None = None
) -> Script:
    """The script at ``path``; raises :class:`ScriptError` listing every error. Warnings ride along."""
    script, problems = build_script(
        Path(path), voice_dir=voice_dir, builtin=builtin, voice_duration=voice_duration
    )
    if script is None:
        raise ScriptError(problems)
    return script
