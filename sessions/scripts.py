"""Session scripts: the TOML format, its loader and checker, voice keys, and the script library."""

from __future__ import annotations

import datetime as _dt
import difflib
import hashlib
import json
import re
import tomllib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, get_args

from sessions.patterns import PatternError, parse_pattern

ScriptKind = Literal["loving-kindness", "body-scan", "self-compassion-break", "breathing", "custom"]
KINDS: tuple[str, ...] = get_args(ScriptKind)
BELLS: tuple[str, ...] = ("bowl", "bowl-low", "bowl-high")
Severity = Literal["error", "warning"]

#: A bell before a step's words rings alone this long, so the words never talk over the strike.
BELL_LEAD_S = 3.0
MAX_LENGTH_MIN = 180.0
MAX_SILENCE_S = 3600.0
MAX_STRETCH = 100.0
MAX_STEP_CHARS = 2000
MAX_STEPS = 500
MAX_FILE_BYTES = 1_000_000
#: A silent caption is given the time a calm voice would take to say it, so it can be read.
CAPTION_WORDS_PER_S = 2.5
MIN_CAPTION_S = 2.0
#: Without real voice durations the fit check assumes a brisk voice, so it never cries wolf.
ESTIMATE_WORDS_PER_S = 3.0
VOICE_EXTENSIONS = (".ogg", ".oga", ".opus", ".mp3", ".flac", ".wav")

_TOP_KEYS = ("id", "title", "kind", "description", "lengths", "steps")
_STEP_KEYS = ("text", "bell", "silence", "stretch", "pattern", "voice", "from_minutes")
_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
VoiceDuration = Callable[[Path], float]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a script file; ``line`` and ``step`` are 1-based, ``None`` when unknown."""

    file: Path
    line: int | None
    step: int | None
    field: str | None
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        where = self.file.name + (f":{self.line}" if self.line is not None else "")
        parts = [f"step {self.step}"] if self.step is not None else []
        if self.field is not None:
            parts.append(f"field '{self.field}'")
        label = ", ".join(parts)
        prefix = f"{where}: {label}: " if label else f"{where}: "
        return prefix + ("warning: " if self.severity == "warning" else "") + self.message


class ScriptError(ValueError):
    """A script that cannot be used; ``problems`` says every reason, with its location."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass(frozen=True)
class ScriptStep:
    """One step: a bell (optional), the words (spoken and captioned), then a silence."""

    text: str
    bell: str | None
    silence_s: float
    stretch: float
    pattern: str | None
    voice: str | bool
    """As written: ``True`` (the rendered voice for this text), ``False`` (caption only) or a file."""
    voice_file: Path | None = None
    """The file that will be played, resolved when loading; ``None`` means a silent caption."""
    from_minutes: float | None = None
    """The step is only part of sessions at least this long (a repetition for longer lengths)."""

    def included_at(self, minutes: float) -> bool:
        return self.from_minutes is None or minutes >= self.from_minutes - 1e-9


@dataclass(frozen=True)
class Script:
    """A loaded, valid session script."""

    id: str
    title: str
    kind: ScriptKind
    description: str
    lengths_min: tuple[float, ...]
    steps: tuple[ScriptStep, ...]
    source: Path
    builtin: bool = False
    warnings: tuple[Problem, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class BrokenScript:
    """A script file that could not be loaded, and why."""

    path: Path
    problems: tuple[Problem, ...]


@dataclass(frozen=True)
class Library:
    """Every script found: the usable ones and the broken ones with their reasons."""

    scripts: tuple[Script, ...]
    broken: tuple[BrokenScript, ...]

    def get(self, script_id: str) -> Script | None:
        return next((s for s in self.scripts if s.id == script_id), None)


def normalise_text(text: str) -> str:
    """The text as spoken: stripped, with every run of whitespace collapsed to one space."""
    return " ".join(text.split())


def voice_key(text: str) -> str:
    """The name (without ``.ogg``) of the rendered voice for ``text``: a hash of the normalised text."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()[:16]


def caption_seconds(text: str) -> float:
    """The time a silent caption is shown before its silence begins."""
    return max(MIN_CAPTION_S, len(text.split()) / CAPTION_WORDS_PER_S)


def step_fixed_s(step: ScriptStep, words_s: float) -> float:
    """The part of a step that never stretches: bell lead, words and base silence."""
    return (BELL_LEAD_S if step.bell else 0.0) + words_s + step.silence_s


def _show(value: object) -> str:
    """A value the way the person wrote it in TOML, short enough for one message line."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        shown = json.dumps(value, ensure_ascii=False)
        return shown if len(shown) <= 40 else shown[:36] + '..."'
    if isinstance(value, int | float):
        return f"{value:g}" if isinstance(value, float) or abs(value) < 10**15 else "a huge number"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, _dt.date | _dt.time):
        return f"a date/time ({value.isoformat()})"
    return type(value).__name__


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _fmt_s(seconds: float) -> str:
    whole = round(seconds)
    return f"{whole // 60} min {whole % 60} s" if whole >= 60 else f"{whole} s"


class _FieldError(Exception):
    """Raised by a field converter with the message for the person who wrote the value."""


class _Locator:
    """Finds the line of a key or of the N-th ``[[steps]]`` by scanning the text (tomllib gives none)."""

    _KEY = re.compile(r"""^\s*(?:"([^"]*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*=""")
    _STEPS = re.compile(r"^\s*\[\[\s*steps\s*\]\]")
    _TABLE = re.compile(r"^\s*\[\s*([^\[\]]*?)\s*\]")

    def __init__(self, text: str) -> None:
        self.top: dict[str, int] = {}
        self.headers: list[int] = []
        self.step_keys: list[dict[str, int]] = []
        self.tables: dict[str, int] = {}
        self.repeated: list[int] = []
        """Lines that set a key already set above in the same table (tomllib names no line)."""
        keys: dict[str, int] | None = self.top
        in_string: str | None = None
        for lineno, line in enumerate(text.splitlines(), start=1):
            if in_string is not None:
                # Skip the body of a multi-line string: a "[[steps]]" inside it is just text.
                if in_string in line:
                    in_string = None
                continue
            if self._STEPS.match(line):
                self.headers.append(lineno)
                keys = {}
                self.step_keys.append(keys)
            elif line.lstrip().startswith("["):
                if table := self._TABLE.match(line):
                    self.tables.setdefault(table.group(1), lineno)
                keys = None
            elif keys is not None and (m := self._KEY.match(line)):
                name = next(g for g in m.groups() if g is not None)
                if name in keys:
                    self.repeated.append(lineno)
                keys.setdefault(name, lineno)
            for delim in ('"""', "'''"):
                if line.count(delim) % 2 == 1:
                    in_string = delim
                    break

    def key(self, name: str) -> int | None:
        return self.top.get(name)

    def step(self, index: int, name: str | None = None) -> int | None:
        """The line of step ``index`` (0-based), or of its key ``name`` when that can be found."""
        if index < len(self.headers):
            if name is not None and name in self.step_keys[index]:
                return self.step_keys[index][name]
            return self.headers[index]
        return self.top.get("steps")  # steps written as an inline array


class _Checker:
    """Collects every problem of one file while building its script."""

    def __init__(self, path: Path, builtin: bool, voice_dir: Path, voice_duration: VoiceDuration | None):
        self.path = path
        self.builtin = builtin
        self.voice_dir = voice_dir
        self.voice_duration = voice_duration
        self.problems: list[Problem] = []
        self.loc = _Locator("")

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
        except _FieldError as bad:
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


def _text_field(max_chars: int, *, allow_empty: bool = False) -> Callable[[Any], str]:
    def convert(value: Any) -> str:
        if not isinstance(value, str):
            raise _FieldError(f"must be text in double quotes, got {_show(value)}")
        if not allow_empty and not value.strip():
            raise _FieldError("must not be empty")
        if len(value) > max_chars:
            raise _FieldError(f"is {len(value)} characters long; keep it to {max_chars} at most")
        return value.strip()

    return convert


def _script_id(value: Any) -> str:
    if not isinstance(value, str) or not _ID_RE.match(value) or len(value) > 64:
        raise _FieldError(
            f'must be lowercase letters, digits and dashes, like "evening-kindness", got {_show(value)}'
        )
    return value


def _kind(value: Any) -> str:
    if value not in KINDS:
        raise _FieldError(f"must be one of {', '.join(KINDS)}, got {_show(value)}")
    return str(value)


def _minutes(value: Any) -> float:
    if not _is_number(value) or not 0 < value <= MAX_LENGTH_MIN:
        raise _FieldError(
            f"must be a number of minutes above 0 and at most {MAX_LENGTH_MIN:g}, got {_show(value)}"
        )
    return float(value)


def _lengths(value: Any) -> tuple[float, ...]:
    if not isinstance(value, list):
        raise _FieldError(f"must be a list of minutes, like [5, 10], got {_show(value)}")
    if not value:
        raise _FieldError("must offer at least one length, in minutes, like [5, 10]")
    out = tuple(_minutes(v) for v in value)
    if len(set(out)) != len(out):
        raise _FieldError("lists the same length twice")
    return tuple(sorted(out))


def _number(low: float, high: float, unit: str) -> Callable[[Any], float]:
    def convert(value: Any) -> float:
        if not _is_number(value) or not low <= value <= high:
            raise _FieldError(f"must be a number{unit} from {low:g} to {high:g}, got {_show(value)}")
        return float(value)

    return convert


def _bell(value: Any) -> str:
    if value not in BELLS:
        raise _FieldError(f"must be one of {', '.join(BELLS)}, got {_show(value)}")
    return str(value)


def _pattern(value: Any) -> str:
    if not isinstance(value, str):
        raise _FieldError(
            f'must be a pattern name or seconds in double quotes, like "4-6", got {_show(value)}'
        )
    try:
        parse_pattern(value)
    except PatternError as error:
        raise _FieldError(str(error)) from None
    return value.strip()


def _voice(value: Any) -> str | bool:
    if isinstance(value, bool):
        return value
    if not isinstance(value, str) or not value.strip().lower().endswith(VOICE_EXTENSIONS):
        raise _FieldError(
            f'must be true, false, or an audio file name like "intro.ogg" '
            f"({', '.join(VOICE_EXTENSIONS)}), got {_show(value)}"
        )
    return value.strip()


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
        repeated = _Locator(text).repeated if "overwrite" in message else []
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
                f"must be a table of fields, got {_show(table)}", line=checker.loc.step(index), step=index
            )
            continue
        checker.unknown_keys(table, _STEP_KEYS, index)
        text = checker.get(table, "text", _text_field(MAX_STEP_CHARS), step=index, hint=': add text = "..."')
        bell = checker.get(table, "bell", _bell, step=index, default=None)
        silence = checker.get(
            table, "silence", _number(0, MAX_SILENCE_S, " of seconds"), step=index, default=0.0
        )
        stretch = checker.get(table, "stretch", _number(0, MAX_STRETCH, ""), step=index, default=1.0)
        pattern = checker.get(table, "pattern", _pattern, step=index, default=None)
        voice = checker.get(table, "voice", _voice, step=index, default=True)
        from_min = checker.get(table, "from_minutes", _minutes, step=index, default=None)
        if text is None or silence is None or stretch is None or voice is None:
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
        steps.append(ScriptStep(text, bell, silence, stretch, pattern, voice, voice_file, from_min))
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
    for index, step in enumerate(steps):
        if step.from_minutes is not None and not any(step.included_at(m) for m in lengths):
            checker.add(
                f"from_minutes = {step.from_minutes:g} is longer than every offered length, "
                "so this step is never heard",
                line=checker.loc.step(index, "from_minutes"),
                step=index,
                key="from_minutes",
                severity="warning",
            )


def _build(
    path: Path, *, voice_dir: Path, builtin: bool, voice_duration: VoiceDuration | None
) -> tuple[Script | None, list[Problem]]:
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
    checker.loc = _Locator(text)
    checker.unknown_keys(doc, _TOP_KEYS, None)
    script_id = checker.get(doc, "id", _script_id, hint=': add id = "my-session"')
    title = checker.get(doc, "title", _text_field(100), hint=': add title = "..."')
    kind = checker.get(doc, "kind", _kind, hint=f': add kind = "custom" (one of {", ".join(KINDS)})')
    description = checker.get(doc, "description", _text_field(1000, allow_empty=True), default="")
    lengths = checker.get(doc, "lengths", _lengths, hint=": add lengths = [5, 10] (minutes)")
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
        script_id, title, kind, description, lengths, tuple(steps), path, builtin, tuple(checker.problems)
    )
    return script, checker.problems


def check_script(
    path: Path | str, *, voice_dir: Path, builtin: bool = False, voice_duration: VoiceDuration | None = None
) -> list[Problem]:
    """Every problem of the script at ``path`` (errors and warnings); never raises.

    ``voice_duration`` (the app passes one that reads the file) makes the "too short" check exact;
    without it, speech time is estimated from the word count.
    """
    return _build(Path(path), voice_dir=voice_dir, builtin=builtin, voice_duration=voice_duration)[1]


def load_script(
    path: Path | str, *, voice_dir: Path, builtin: bool = False, voice_duration: VoiceDuration | None = None
) -> Script:
    """The script at ``path``; raises :class:`ScriptError` listing every error. Warnings ride along."""
    script, problems = _build(Path(path), voice_dir=voice_dir, builtin=builtin, voice_duration=voice_duration)
    if script is None:
        raise ScriptError(problems)
    return script


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
            script, problems = _build(
                path, voice_dir=voice_dir, builtin=builtin, voice_duration=voice_duration
            )
            if script is None:
                broken.append(BrokenScript(path, tuple(problems)))
            elif script.id in owners:
                try:
                    line = _Locator(path.read_text("utf-8-sig")).key("id")
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
