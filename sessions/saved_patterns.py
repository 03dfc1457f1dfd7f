"""A person's own named breathing patterns ("Evening 4-2-7"): checked with the same rules as built-ins.

Each is a name and its seconds (``IN-HOLD-OUT[-HOLD]``), kept in settings. At run time a saved
pattern is known by its seconds (the pacer, the tray, ``start --pattern``); its name is what a person
reads and may type (``--pattern "Evening 4-2-7"``), and it is refused when it would be mistaken for
a built-in pattern or for seconds.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from sessions.patterns import CUSTOM_RE, PRESETS, Pattern, PatternError, parse_pattern

MAX_SAVED = 30
MAX_NAME = 40
SavedPatterns = tuple[tuple[str, str], ...]
"""``(name, seconds)`` pairs, in the order the person saved them."""


def check_name(name: str, saved: SavedPatterns = (), *, renaming: str | None = None) -> str:
    """``name`` tidied, or :class:`PatternError` with one clear line (``renaming``: its old name)."""
    tidy = " ".join(str(name).split())
    if not tidy:
        raise PatternError("A pattern needs a name, like “Evening 4-2-7”.")
    if len(tidy) > MAX_NAME or not tidy.isprintable():
        raise PatternError(f"A pattern's name can be at most {MAX_NAME} letters, on one line.")
    folded = tidy.casefold()
    builtin = {pid.casefold() for pid in PRESETS} | {p.title.casefold() for p in PRESETS.values()}
    if folded in builtin:
        raise PatternError(f"“{tidy}” is the name of a built-in pattern; please choose another name.")
    if CUSTOM_RE.match(folded):
        raise PatternError(f"“{tidy}” would be read as seconds; add a word, like “Evening {tidy}”.")
    if any(n.casefold() == folded and n != renaming for n, _spec in saved):
        raise PatternError(f"You already have a pattern called “{tidy}”.")
    return tidy


def check_spec(spec: str, saved: SavedPatterns = (), *, renaming: str | None = None) -> str:
    """The seconds of a pattern to save, as the parser writes them; the same rules as any pattern."""
    pattern = parse_pattern(spec)
    if spec.strip().lower() in PRESETS:
        raise PatternError(
            f"“{spec.strip()}” is already a built-in pattern; save your own seconds, like 4-2-7."
        )
    short = pattern.id
    for name, other in saved:
        if other == short and name != renaming:
            raise PatternError(f"Those seconds are already saved as “{name}”.")
    return short


def add(saved: SavedPatterns, name: str, spec: str) -> SavedPatterns:
    """``saved`` with ``name`` → ``spec`` at the end; :class:`PatternError` if either is refused."""
    if len(saved) >= MAX_SAVED:
        raise PatternError(f"You can keep up to {MAX_SAVED} patterns; delete one to save another.")
    return (*saved, (check_name(name, saved), check_spec(spec, saved)))


def rename(saved: SavedPatterns, old: str, new: str) -> SavedPatterns:
    tidy = check_name(new, saved, renaming=old)
    if not any(n == old for n, _ in saved):
        raise PatternError(f"There is no pattern called “{old}”.")
    return tuple((tidy, spec) if n == old else (n, spec) for n, spec in saved)


def remove(saved: SavedPatterns, name: str) -> SavedPatterns:
    return tuple((n, spec) for n, spec in saved if n != name)


def cleaned(raw: object) -> SavedPatterns:
    """What settings.json holds, with every entry that breaks a rule left out (never an error)."""
    kept: SavedPatterns = ()
    for entry in raw if isinstance(raw, list | tuple) else ():
        name = entry.get("name") if isinstance(entry, dict) else None
        spec = entry.get("spec") if isinstance(entry, dict) else None
        if not (isinstance(name, str) and isinstance(spec, str)):
            if isinstance(entry, list | tuple) and len(entry) == 2:
                name, spec = entry
            else:
                continue
        try:
            kept = add(kept, str(name), str(spec))
        except PatternError:
            continue
    return kept


def name_of(saved: SavedPatterns, text: str) -> str | None:
    """The saved name for ``text`` (a saved name, any case, or its seconds), or ``None``."""
    folded = " ".join(text.split()).casefold()
    for name, spec in saved:
        if name.casefold() == folded or spec == folded:
            return name
    return None


def spec_of(saved: SavedPatterns, text: str) -> str:
    """The seconds of a saved name; any other text as it is (a built-in id or seconds)."""
    folded = " ".join(text.split()).casefold()
    return next((spec for name, spec in saved if name.casefold() == folded), text)


def resolve(text: str, saved: SavedPatterns = (), *, no_holds: bool = False) -> Pattern:
    """:func:`parse_pattern` that also knows saved names: the pattern shows its saved name."""
    pattern = parse_pattern(spec_of(saved, text), no_holds=no_holds)
    name = name_of(saved, text)
    if name is None:
        return pattern
    return replace(pattern, title=f"{name} (no holds)" if pattern.title.endswith("(no holds)") else name)


def as_json(saved: Iterable[tuple[str, str]]) -> list[dict[str, str]]:
    return [{"name": name, "spec": spec} for name, spec in saved]


def listed(saved: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """``(seconds, name)`` for menus: the data a picker keeps, and the words it shows."""
    return [(spec, name) for name, spec in saved]


__all__ = [
    "MAX_SAVED",
    "SavedPatterns",
    "add",
    "check_name",
    "check_spec",
    "cleaned",
    "name_of",
    "remove",
    "rename",
    "resolve",
    "spec_of",
]
