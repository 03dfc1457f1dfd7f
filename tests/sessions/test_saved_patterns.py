"""A person's own named breathing patterns: saved, renamed, deleted, and refused with one clear line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sessions import saved_patterns as sp
from sessions.patterns import PatternError
from sessions.settings import Settings, load_settings, save_settings


def test_save_rename_delete_and_resolve_by_name_or_seconds() -> None:
    saved = sp.add((), "Evening 4-2-7", "4-2-7")
    saved = sp.add(saved, "Long out", "4-0-8")
    assert saved == (("Evening 4-2-7", "4-2-7"), ("Long out", "4-0-8"))
    pattern = sp.resolve("evening 4-2-7", saved)  # any case, spaces tidied
    assert pattern.title == "Evening 4-2-7" and pattern.id == "4-2-7" and pattern.cycle_s == 13.0
    assert sp.resolve("4-2-7", saved).title == "Evening 4-2-7"  # its seconds show its name
    assert sp.resolve("4-2-7", saved, no_holds=True).title == "Evening 4-2-7 (no holds)"
    assert sp.resolve("box", saved).title == "Box breathing"  # built-ins as ever
    saved = sp.rename(saved, "Long out", "Slow evening")
    assert sp.name_of(saved, "4-0-8") == "Slow evening"
    saved = sp.remove(saved, "Evening 4-2-7")
    assert saved == (("Slow evening", "4-0-8"),)


@pytest.mark.parametrize(
    ("name", "spec", "says"),
    [
        ("Box", "4-2-7", "built-in pattern"),
        ("resonance breathing", "4-2-7", "built-in pattern"),
        ("4-2-7", "4-2-7", "read as seconds"),
        ("", "4-2-7", "needs a name"),
        ("x" * 41, "4-2-7", "at most 40"),
        ("Night", "1-0-1", "at least 4 s"),  # the minimum cycle, as for any pattern
        ("Night", "0.5-0-6", "at least 1 s"),
        ("Night", "nonsense", "not a breathing pattern"),
        ("Night", "box", "already a built-in"),
        ("Morning", "4-2-8", "already saved as “Evening”"),
        ("evening", "5-0-5", "already have a pattern called"),
    ],
)
def test_bad_patterns_are_refused_with_one_line_and_nothing_changes(name: str, spec: str, says: str) -> None:
    saved = (("Evening", "4-2-8"),)
    with pytest.raises(PatternError, match=says):
        sp.add(saved, name, spec)
    assert saved == (("Evening", "4-2-8"),)


def test_a_rename_onto_a_built_in_name_is_refused() -> None:
    saved = (("Evening", "4-2-8"),)
    with pytest.raises(PatternError, match="built-in"):
        sp.rename(saved, "Evening", "Sigh")
    assert sp.rename(saved, "Evening", "evening") == (("evening", "4-2-8"),)  # its own name, recased


def test_settings_keep_good_patterns_and_drop_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(
        json.dumps(
            {
                "pattern": "4-2-7",
                "patterns": [
                    {"name": "Evening 4-2-7", "spec": "4-2-7"},
                    {"name": "Box", "spec": "4-2-6"},  # a built-in's name
                    {"name": "Too fast", "spec": "1-0-1"},  # under the minimum cycle
                    {"name": "Twice", "spec": "4-2-7"},  # the same seconds again
                    "junk",
                    {"name": 3, "spec": None},
                ],
            }
        )
    )
    settings, _notice = load_settings(path)
    assert settings.patterns == (("Evening 4-2-7", "4-2-7"),)
    assert settings.pattern == "4-2-7"  # the default may be a saved pattern
    save_settings(path, settings)
    assert json.loads(path.read_text())["patterns"] == [{"name": "Evening 4-2-7", "spec": "4-2-7"}]
    assert Settings(patterns=(("Sigh", "4-2-7"),)).validated().patterns == ()
