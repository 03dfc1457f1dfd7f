"""The fields issue 15 added to session scripts: group, care_note, until_minutes, rest, new kinds."""

from __future__ import annotations

from pathlib import Path

import pytest

from sessions.script_check import check_script, load_script
from sessions.script_model import GROUPS, KIND_GROUPS, KINDS, ScriptStep
from sessions.script_plan import plan
from tests.sessions.test_scripts import HEADER, STEP, body, errors, write

NEW_KINDS = (
    "hand-on-heart",
    "soften-soothe-allow",
    "affectionate-breathing",
    "giving-receiving",
    "compassionate-friend",
    "kind-noting",
    "soles-of-the-feet",
    "compassionate-walking",
)


def step(**fields: float | None) -> ScriptStep:
    return ScriptStep("a", None, 0.0, 1.0, None, False, **fields)  # type: ignore[arg-type]


@pytest.mark.parametrize("kind", [*NEW_KINDS, "loving-kindness", "body-scan", "self-compassion-break"])
def test_every_practice_kind_loads_with_its_default_group(tmp_path: Path, kind: str) -> None:
    path = write(tmp_path, HEADER.replace('"custom"', f'"{kind}"') + STEP)
    script = load_script(path, voice_dir=tmp_path)
    assert script.kind == kind
    assert script.group == KIND_GROUPS[kind]


def test_every_kind_but_custom_has_a_group() -> None:
    assert set(NEW_KINDS) <= set(KINDS)
    assert set(KINDS) - set(KIND_GROUPS) == {"custom"}
    assert set(KIND_GROUPS.values()) <= set(GROUPS)
    assert GROUPS == ("hard-moment", "settle", "kindness", "body", "breathing")


def test_the_mistake_variant_is_its_own_id_with_the_break_kind(tmp_path: Path) -> None:
    text = HEADER.replace('"x"', '"self-compassion-break-mistake"').replace(
        '"custom"', '"self-compassion-break"'
    )
    script = load_script(write(tmp_path, text + STEP), voice_dir=tmp_path)
    assert (script.id, script.kind, script.group) == (
        "self-compassion-break-mistake",
        "self-compassion-break",
        "hard-moment",
    )


@pytest.mark.parametrize("group", GROUPS)
def test_group_as_written(tmp_path: Path, group: str) -> None:
    path = write(tmp_path, HEADER + f'group = "{group}"\n' + STEP)
    assert load_script(path, voice_dir=tmp_path).group == group
    assert load_script(path, voice_dir=tmp_path, builtin=True).group == group


def test_a_user_script_without_group_settles(tmp_path: Path) -> None:
    script = load_script(write(tmp_path, HEADER + STEP), voice_dir=tmp_path)
    assert (script.kind, script.group, script.care_note) == ("custom", "settle", None)


def test_a_builtin_must_say_its_group(tmp_path: Path) -> None:
    (problem,) = errors(check_script(write(tmp_path, HEADER + STEP), voice_dir=tmp_path, builtin=True))
    assert (problem.field, problem.line) == ("group", None)
    assert problem.message.startswith('is missing: add group = "settle" (one of hard-moment, settle,')


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ('"sleep"', 'must be one of hard-moment, settle, kindness, body, breathing, got "sleep"'),
        ('"Body"', 'got "Body"'),
        ("3", "got 3"),
        ('["body"]', "got a list"),
    ],
)
def test_bad_group(tmp_path: Path, value: str, message: str) -> None:
    path = write(tmp_path, HEADER + f"group = {value}\n" + STEP)
    (problem,) = errors(check_script(path, voice_dir=tmp_path))
    assert (problem.line, problem.step, problem.field) == (5, None, "group")
    assert message in problem.message


def test_care_note(tmp_path: Path) -> None:
    note = "If attending to the body feels like too much, you can open your eyes, move, or stop."
    path = write(tmp_path, HEADER + f'care_note = """\n{note}\n"""\n' + STEP)
    assert load_script(path, voice_dir=tmp_path).care_note == note


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ('"  "', "must not be empty"),
        ("true", "must be text in double quotes, got true"),
        ('"' + "a" * 1001 + '"', "is 1001 characters long; keep it to 1000 at most"),
    ],
)
def test_bad_care_note(tmp_path: Path, value: str, message: str) -> None:
    path = write(tmp_path, HEADER + f"care_note = {value}\n" + STEP)
    (problem,) = errors(check_script(path, voice_dir=tmp_path))
    assert (problem.line, problem.field, problem.message) == (5, "care_note", message)


def test_until_minutes_is_the_mirror_of_from_minutes() -> None:
    assert [step(until_minutes=10).included_at(m) for m in (3, 5, 9.99, 10, 20)] == [
        True,
        True,
        True,
        False,
        False,
    ]
    window = step(from_minutes=5, until_minutes=20)
    assert [window.included_at(m) for m in (3, 5, 10, 20, 45)] == [False, True, True, False, False]


def test_a_short_and_a_long_wording(tmp_path: Path) -> None:
    text = HEADER.replace("[5]", "[3, 5, 10]") + (
        '\n[[steps]]\ntext = "Welcome."\nvoice = false\n'
        '\n[[steps]]\ntext = "Feel your feet."\nvoice = false\nuntil_minutes = 5\n'
        '\n[[steps]]\ntext = "Feel your toes."\nvoice = false\nfrom_minutes = 5\n'
        '\n[[steps]]\ntext = "And your heels."\nvoice = false\nfrom_minutes = 5\nuntil_minutes = 10\n'
    )
    script = load_script(write(tmp_path, text), voice_dir=tmp_path)
    assert [s.until_minutes for s in script.steps] == [None, 5.0, None, 10.0]
    texts = {m: [p.text for p in plan(script, m, lambda p: 0.0)] for m in (3, 5, 10)}
    assert texts == {
        3: ["Welcome.", "Feel your feet."],
        5: ["Welcome.", "Feel your toes.", "And your heels."],
        10: ["Welcome.", "Feel your toes."],
    }


@pytest.mark.parametrize(
    ("lines", "line", "field", "message"),
    [
        (("until_minutes = 0",), 17, "until_minutes", "above 0 and at most 180, got 0"),
        (("until_minutes = -5",), 17, "until_minutes", "got -5"),
        (('until_minutes = "5"',), 17, "until_minutes", 'got "5"'),
        (("until_minutes = 500",), 17, "until_minutes", "at most 180, got 500"),
        (
            ("until_minutes = 5",),
            17,
            "until_minutes",
            "until_minutes = 5 is not above any offered length (5 min), so this step is never heard",
        ),
        (
            ("from_minutes = 10", "until_minutes = 10"),
            18,
            "until_minutes",
            "until_minutes = 10 must be above from_minutes = 10, or this step is part of no session",
        ),
        (("rest = 1",), 17, "rest", "must be true or false (without quotes), got 1"),
        (('rest = "true"',), 17, "rest", 'must be true or false (without quotes), got "true"'),
    ],
)
def test_bad_step_fields(tmp_path: Path, lines: tuple[str, ...], line: int, field: str, message: str) -> None:
    path = write(tmp_path, body('text = "a"', "voice = false", *lines))
    (problem,) = errors(check_script(path, voice_dir=tmp_path))
    assert (problem.line, problem.step, problem.field) == (line, 3, field)
    assert message in problem.message


def test_a_window_between_the_offered_lengths_is_never_heard(tmp_path: Path) -> None:
    text = HEADER.replace("[5]", "[5, 20]") + STEP + '\n[[steps]]\ntext = "a"\nvoice = false\n'
    path = write(tmp_path, text + "from_minutes = 10\nuntil_minutes = 15\n")
    (problem,) = errors(check_script(path, voice_dir=tmp_path))
    assert (problem.step, problem.field) == (2, "until_minutes")
    assert problem.message == (
        "no offered length is at least from_minutes = 10 and below until_minutes = 15 (5, 20 min), "
        "so this step is never heard"
    )


def test_rest(tmp_path: Path) -> None:
    path = write(tmp_path, body('text = "Now simply rest here."', "voice = false", "rest = true"))
    script = load_script(path, voice_dir=tmp_path)
    assert [s.rest for s in script.steps] == [False, False, True]
    path = write(tmp_path, body('text = "a"', "voice = false", "rest = false"))
    assert not load_script(path, voice_dir=tmp_path).steps[2].rest
