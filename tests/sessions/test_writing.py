"""Writing practices as TOML: the built-ins are sound, a mistake is listed with its reason and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from sessions.writing import BUILTIN_WRITING_DIR, build_writing, load_writing_library

EXPECTED = {
    "treat-a-friend",
    "kind-friend-letter",
    "rewrite-the-critic",
    "finding-your-phrases",
    "kind-evening-journal",
    "three-things",
}
#: Words that instruct or judge rather than invite (CONTENT.md: invite, never instruct).
UNKIND = ("you should", "you must", "you have to", "failure", "correctly", "don't forget")


def test_every_builtin_practice_is_sound() -> None:
    library = load_writing_library(None)
    assert library.broken == ()
    assert {p.id for p in library.practices} == EXPECTED
    for practice in library.practices:
        for step in practice.steps:
            words = (step.prompt + " " + step.hint).lower()
            assert not any(u in words for u in UNKIND), (practice.id, step.id)


def test_the_shapes_of_the_practices() -> None:
    library = load_writing_library(None)
    friend = library.get("treat-a-friend")
    assert friend is not None and ("friend", "yourself") in [s.show for s in friend.steps]
    critic = library.get("rewrite-the-critic")
    assert critic is not None and [s.id for s in critic.steps if s.keep == "phrase"] == ["kind"]
    phrases = library.get("finding-your-phrases")
    assert phrases is not None and [s.keep for s in phrases.steps][-1] == "phrases"
    letter = library.get("kind-friend-letter")
    assert letter is not None and letter.read_again_days


def write(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "writing"
    folder.mkdir(exist_ok=True)
    path = folder / "mine.toml"
    path.write_text(text)
    return path


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            'id = "Mine"\ntitle = "T"\nkind = "writing"\n[[steps]]\nid = "a"\nprompt = "P"\n',
            "mine.toml:1: field 'id'",
        ),
        (
            'id = "m"\ntitle = "T"\nkind = "writing"\n[[steps]]\nid = "a"\nprompt = "P"\nshow = ["b"]\n',
            "mine.toml:7: step 1, field 'show': \"b\" is not an earlier step",
        ),
        (
            'id = "m"\ntitle = "T"\nkind = "writing"\n[[steps]]\nid = "a"\nprompt = "P"\nkeep = "all"\n',
            "field 'keep'",
        ),
        ('id = "m"\ntitle = "T"\nkind = "writing"\n', "needs at least one [[steps]]"),
        ('id = "m"\ntitle = "T"\nkind = "writing"\n[[steps', "is not valid TOML"),
    ],
)
def test_a_mistake_is_listed_with_its_reason(tmp_path: Path, text: str, expected: str) -> None:
    path = write(tmp_path, text)
    practice, problems = build_writing(path)
    assert practice is None
    assert any(expected in str(p) for p in problems), [str(p) for p in problems]
    library = load_writing_library(path.parent)
    assert [b.path for b in library.broken] == [path]
    assert {p.id for p in library.practices} == EXPECTED  # the others still work


def test_a_persons_own_practice_is_listed(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        'id = "mine"\ntitle = "Mine"\nkind = "writing"\n[[steps]]\nid = "a"\nprompt = "What helps?"\n',
    )
    library = load_writing_library(path.parent)
    mine = library.get("mine")
    assert mine is not None and not mine.builtin
    assert BUILTIN_WRITING_DIR.is_dir()
