"""Tests for the session-script format, its checker, planning and the library."""

from __future__ import annotations

import itertools
import math
import tempfile
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sessions.script_check import check_script, load_script
from sessions.script_fields import MAX_FILE_BYTES
from sessions.script_model import (
    BELL_LEAD_S,
    Problem,
    Script,
    ScriptError,
    ScriptStep,
    caption_seconds,
    voice_key,
)
from sessions.script_plan import plan
from sessions.scripts import load_library

GOOD = """\
id = "evening"
title = "Evening kindness"
kind = "custom"
description = "A short evening practice."
lengths = [10, 3]

[[steps]]
bell = "bowl"
text = "Welcome. You might find a comfortable position."
silence = 5
stretch = 0

[[steps]]
text = "You might rest here."
pattern = "4-6"
silence = 20
stretch = 2
voice = false

[[steps]]
text = "A longer rest."
from_minutes = 10
voice = "mine.ogg"
"""


def write(folder: Path, text: str, name: str = "my.toml") -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def render(voice_dir: Path, *texts: str) -> None:
    """Pretend the voice renderer ran: an (empty) OGG per text is all the loader looks for."""
    voice_dir.mkdir(exist_ok=True)
    for text in texts:
        (voice_dir / f"{voice_key(text)}.ogg").write_bytes(b"")


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]


@pytest.fixture
def voice_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "voice"
    render(folder, "Welcome. You might find a comfortable position.", "A longer rest.")
    return folder


def test_voice_key_normalises_whitespace() -> None:
    assert voice_key("  May I be safe.\n  May I be   kind. ") == voice_key("May I be safe. May I be kind.")
    assert voice_key("May I be safe.") != voice_key("May I be safe")
    assert len(voice_key("x")) == 16
    int(voice_key("x"), 16)


def test_load_round_trip(tmp_path: Path, voice_dir: Path) -> None:
    (tmp_path / "mine.ogg").write_bytes(b"")
    script = load_script(write(tmp_path, GOOD), voice_dir=voice_dir)
    assert (script.id, script.title, script.kind) == ("evening", "Evening kindness", "custom")
    assert script.lengths_min == (3.0, 10.0)
    assert script.source == tmp_path / "my.toml"
    first, second, third = script.steps
    assert first == ScriptStep(
        "Welcome. You might find a comfortable position.",
        "bowl",
        5.0,
        0.0,
        None,
        True,
        voice_dir / f"{voice_key(first.text)}.ogg",
    )
    assert (second.pattern, second.voice, second.voice_file, second.bell) == ("4-6", False, None, None)
    assert (third.silence_s, third.stretch, third.from_minutes) == (0.0, 1.0, 10.0)
    assert third.voice_file == tmp_path / "mine.ogg"
    assert script.warnings == ()


def test_plan_by_hand(tmp_path: Path, voice_dir: Path) -> None:
    (tmp_path / "mine.ogg").write_bytes(b"")
    script = load_script(write(tmp_path, GOOD), voice_dir=voice_dir)
    steps = plan(script, 3, lambda path: 4.0)
    # Fixed: 3 (bell) + 4 (voice) + 5, then a caption (2 s) + 20; 180 - 34 = 146 s left, all to step 2.
    assert [s.duration_s for s in steps] == [12.0, 168.0]
    assert [s.start_s for s in steps] == [0.0, 12.0]
    assert steps[0].voice_start_s == BELL_LEAD_S and steps[0].silence_start_s == 7.0
    assert steps[1].voice is None and steps[1].voice_s == 0
    assert steps[1].words_s == caption_seconds("You might rest here.") == 2.0
    assert steps[1].pattern == "4-6" and steps[1].silence_s == 166.0
    # At 10 minutes the third step joins, and the leftover is shared 2 : 1.
    long = plan(script, 10, lambda path: 4.0)
    assert [s.script_index for s in long] == [0, 1, 2]
    left = 600 - (12 + 22 + 4)
    assert long[1].duration_s == pytest.approx(22 + left * 2 / 3)
    assert long[2].duration_s == pytest.approx(4 + left / 3)
    assert math.fsum(s.duration_s for s in long) == pytest.approx(600, abs=1e-9)
    assert long[-1].end_s == pytest.approx(600, abs=1e-9)


def unreadable(path: Path) -> float:
    raise OSError(f"{path.name} is gone")


def test_plan_refuses_what_cannot_fit(tmp_path: Path, voice_dir: Path) -> None:
    (tmp_path / "mine.ogg").write_bytes(b"")
    script = load_script(write(tmp_path, GOOD), voice_dir=voice_dir)
    with pytest.raises(ScriptError, match="too short"):
        plan(script, 3, lambda path: 200.0)
    with pytest.raises(ScriptError, match="more than 0"):
        plan(script, 0, lambda path: 1.0)
    with pytest.raises(ScriptError, match="cannot read voice file"):
        plan(script, 3, unreadable)
    with pytest.raises(ScriptError, match="no usable length"):
        plan(script, 3, lambda path: math.nan)
    fixed = Script(
        "x", "X", "custom", "", (1.0,), (ScriptStep("Hi.", None, 5, 0, None, False),), Path("x.toml")
    )
    with pytest.raises(ScriptError, match="every step has stretch = 0"):
        plan(fixed, 1, lambda path: 0.0)


step_strategy = st.builds(
    lambda silence, stretch, bell, voiced, from_min: ScriptStep(
        "Some words to say.",
        bell,
        silence,
        stretch,
        None,
        voiced,
        Path(f"v{silence}.ogg") if voiced else None,
        from_min,
    ),
    st.floats(0, 120),
    st.sampled_from([0.0, 0.5, 1.0, 3.0]),
    st.sampled_from([None, "bowl"]),
    st.booleans(),
    st.sampled_from([None, 5.0, 20.0]),
)


@settings(max_examples=150, deadline=None)
@given(
    steps=st.lists(step_strategy, min_size=1, max_size=12),
    minutes=st.floats(0.5, 180),
    voice_s=st.floats(0, 60),
)
def test_plan_fills_the_length_exactly(steps: list[ScriptStep], minutes: float, voice_s: float) -> None:
    steps[-1] = ScriptStep("End.", "bowl", 2, 1.0, None, False)  # always one stretchable step
    script = Script("p", "P", "custom", "", (minutes,), tuple(steps), Path("p.toml"))
    try:
        planned = plan(script, minutes, lambda path: voice_s)
    except ScriptError as error:
        assert "too short" in str(error)
        return
    total = minutes * 60
    assert math.fsum(s.duration_s for s in planned) == pytest.approx(total, rel=1e-12, abs=1e-9)
    assert planned[-1].end_s == pytest.approx(total, rel=1e-12, abs=1e-9)
    assert planned[0].start_s == 0
    for before, after in itertools.pairwise(planned):
        assert after.start_s >= before.start_s
        assert after.start_s == pytest.approx(before.end_s, abs=1e-9)
    for step in planned:
        assert step.duration_s >= 0 and step.silence_s >= -1e-9
        assert step.bell_s + step.voice_s <= step.duration_s + 1e-9
        source = script.steps[step.script_index]
        assert source.included_at(minutes)
        assert step.silence_s >= source.silence_s - 1e-6  # base silences are kept
    assert len(planned) == sum(s.included_at(minutes) for s in steps)


HEADER = 'id = "x"\ntitle = "X"\nkind = "custom"\nlengths = [5]\n'
STEP = '\n[[steps]]\ntext = "Hello."\nvoice = false\n'


def body(*step_lines: str) -> str:
    """A valid header, two plain steps, then a third step made of ``step_lines``."""
    return HEADER + STEP + STEP + "\n[[steps]]\n" + "\n".join(step_lines) + "\n"


# (file text, expected line, step, field, a piece of the message)
MALFORMED: list[tuple[str, int | None, int | None, str | None, str]] = [
    (
        'id = "x"\ntitle = Evening\n',
        2,
        None,
        None,
        "not valid TOML: Invalid value (text values need double quotes",
    ),
    ('id = "x"\n\n[[steps]\ntext = "a"\n', 3, None, None, "not valid TOML: Expected ']]'"),
    (HEADER + 'title = "Y"\n', 5, None, None, "Cannot overwrite a value"),
    ('title = "X"\nkind = "custom"\nlengths = [5]\n' + STEP, None, None, "id", "is missing"),
    (HEADER.replace('title = "X"\n', "") + STEP, None, None, "title", "is missing"),
    (
        'id = "My Script"\ntitle = "X"\nkind = "custom"\nlengths = [5]\n' + STEP,
        1,
        None,
        "id",
        'got "My Script"',
    ),
    (
        'id = "x"\ntitle = 7\nkind = "custom"\nlengths = [5]\n' + STEP,
        2,
        None,
        "title",
        "text in double quotes",
    ),
    (HEADER.replace('"custom"', '"yoga"') + STEP, 3, None, "kind", "one of loving-kindness"),
    (HEADER.replace("[5]", "[]") + STEP, 4, None, "lengths", "at least one length"),
    (HEADER.replace("[5]", "[0]") + STEP, 4, None, "lengths", "above 0 and at most 180, got 0"),
    (HEADER.replace("[5]", "[-5]") + STEP, 4, None, "lengths", "got -5"),
    (HEADER.replace("[5]", "[200]") + STEP, 4, None, "lengths", "at most 180, got 200"),
    (HEADER.replace("[5]", '"5"') + STEP, 4, None, "lengths", 'got "5"'),
    (HEADER.replace("[5]", "[5, 5]") + STEP, 4, None, "lengths", "the same length twice"),
    (HEADER, None, None, "steps", "is missing"),
    (HEADER + "steps = []\n", 5, None, "steps", "at least one step"),
    (HEADER + '\n[steps]\ntext = "a"\n', 6, None, "steps", "[[steps]] line (two brackets)"),
    (HEADER + "steps = [1]\n", 5, 1, None, "must be a table of fields, got 1"),
    (body('silence = "ten"'), 15, 3, "silence", 'must be a number of seconds from 0 to 3600, got "ten"'),
    (body('text = "a"', "silence = -1"), 16, 3, "silence", "got -1"),
    (body('text = "a"', "silence = 99999"), 16, 3, "silence", "from 0 to 3600, got 99999"),
    (body('text = "a"', "silence = nan"), 16, 3, "silence", "got nan"),
    (body('text = "a"', "silence = true"), 16, 3, "silence", "got true"),
    (body('text = "a"', "stretch = -2"), 16, 3, "stretch", "from 0 to 100, got -2"),
    (body("voice = false"), 14, 3, "text", "is missing"),
    (body('text = "   "', "voice = false"), 15, 3, "text", "must not be empty"),
    (body(f'text = "{"a" * 2001}"', "voice = false"), 15, 3, "text", "2001 characters long"),
    (
        body('text = "a"', "voice = false", 'bell = "gong"'),
        17,
        3,
        "bell",
        "one of bowl, bowl-low, bowl-high, got",
    ),
    (
        body('text = "a"', "voice = false", 'pattern = "fast"'),
        17,
        3,
        "pattern",
        "'fast' is not a breathing pattern",
    ),
    (
        body('text = "a"', "voice = false", 'pattern = "1-0-1"'),
        17,
        3,
        "pattern",
        "a full breath needs at least",
    ),
    (body('text = "a"', "voice = 3"), 16, 3, "voice", "must be true, false, or an audio file name"),
    (body('text = "a"', 'voice = "notes.txt"'), 16, 3, "voice", 'got "notes.txt"'),
    (body('text = "a"', 'voice = "gone.ogg"'), 16, 3, "voice", 'the voice file "gone.ogg" was not found in'),
    (body('text = "a"', "voice = false", "from_minutes = 0"), 17, 3, "from_minutes", "above 0"),
    (body('text = "a"', "voice = false", "silence = 400", "stretch = 0"), 4, None, "lengths", "too short"),
    (
        HEADER + '\n[[steps]]\ntext = "a"\nvoice = false\nstretch = 0\n',
        4,
        None,
        "lengths",
        "every step has stretch = 0",
    ),
]


@pytest.mark.parametrize("case", MALFORMED, ids=[f"{c[3] or 'file'}-{c[4][:30]}" for c in MALFORMED])
def test_every_malformation_is_reported_where_it_is(
    tmp_path: Path, case: tuple[str, int | None, int | None, str | None, str]
) -> None:
    text, line, step, field, message = case
    problems = errors(check_script(write(tmp_path, text), voice_dir=tmp_path))
    assert problems, "expected a problem"
    found = [p for p in problems if message in p.message]
    assert found, f"no problem says {message!r}: {[str(p) for p in problems]}"
    assert (found[0].line, found[0].step, found[0].field) == (line, step, field)
    with pytest.raises(ScriptError) as raised:
        load_script(tmp_path / "my.toml", voice_dir=tmp_path)
    assert found[0] in raised.value.problems


def test_problem_reads_like_a_compiler_message(tmp_path: Path) -> None:
    problems = check_script(write(tmp_path, body('silence = "ten"')), voice_dir=tmp_path)
    assert [str(p) for p in problems] == [
        "my.toml:14: step 3, field 'text': is missing: add text = \"...\"",
        "my.toml:15: step 3, field 'silence': must be a number of seconds from 0 to 3600, got \"ten\"",
    ]
    assert str(Problem(Path("a/b.toml"), None, None, None, "cannot be read")) == "b.toml: cannot be read"


def test_every_problem_is_collected_at_once(tmp_path: Path) -> None:
    text = 'id = "Bad Id"\nkind = "yoga"\nlengths = [0]\n\n[[steps]]\nsilence = -1\nbell = "gong"\n'
    with pytest.raises(ScriptError) as raised:
        load_script(write(tmp_path, text), voice_dir=tmp_path)
    fields = {(p.step, p.field) for p in raised.value.problems}
    assert fields == {
        (None, "id"),
        (None, "title"),
        (None, "kind"),
        (None, "lengths"),
        (1, "text"),
        (1, "silence"),
        (1, "bell"),
    }
    assert str(raised.value).count("\n") == len(raised.value.problems) - 1


def test_file_level_problems(tmp_path: Path) -> None:
    missing = check_script(tmp_path / "nope.toml", voice_dir=tmp_path)
    assert [str(p) for p in missing] == ["nope.toml: cannot be read: No such file or directory"]
    big = tmp_path / "big.toml"
    big.write_bytes(b"#" * (MAX_FILE_BYTES + 1))
    assert "a script may be at most 1 MB" in check_script(big, voice_dir=tmp_path)[0].message
    latin = tmp_path / "latin.toml"
    latin.write_bytes(b'id = "x"\n\ntitle = "Caf\xe9"\n')
    (problem,) = check_script(latin, voice_dir=tmp_path)
    assert (problem.line, problem.message) == (3, "is not UTF-8 text (byte 0xe9); save it as UTF-8")
    bom = write(tmp_path, GOOD.replace('voice = "mine.ogg"', "voice = false"), "bom.toml")
    bom.write_bytes(b"\xef\xbb\xbf" + bom.read_bytes())
    assert errors(check_script(bom, voice_dir=tmp_path)) == []


def test_unknown_keys_are_warnings_with_a_suggestion(tmp_path: Path) -> None:
    extra = '\n[[steps]]\ntext = "a"\nvoice = false\nsilense = 3\n'
    text = HEADER.replace("lengths", 'colour = "blue"\nlengths') + STEP + extra
    path = write(tmp_path, text)
    problems = check_script(path, voice_dir=tmp_path)
    assert [(p.severity, p.line, p.step, p.field) for p in problems] == [
        ("warning", 4, None, "colour"),
        ("warning", 14, 2, "silense"),
    ]
    assert str(problems[1]) == (
        "my.toml:14: step 2, field 'silense': warning: is not a known field, so it is ignored; "
        "did you mean 'silence'?"
    )
    script = load_script(path, voice_dir=tmp_path)  # warnings never stop a script
    assert len(script.warnings) == 2


def test_user_script_without_rendered_voice_becomes_captions(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + '\n[[steps]]\ntext = "Hello there."\n\n[[steps]]\ntext = "Bye."\n')
    script = load_script(path, voice_dir=tmp_path / "voice")
    assert [s.voice_file for s in script.steps] == [None, None]
    (warning,) = script.warnings
    assert warning.severity == "warning" and "2 step(s) have no recorded voice" in warning.message
    planned = plan(script, 5, lambda p: pytest.fail("no voice file to read"))
    assert planned[0].words_s == caption_seconds("Hello there.")


def test_builtin_script_needs_its_rendered_voice(tmp_path: Path) -> None:
    grouped = HEADER + 'group = "settle"\n'
    path = write(tmp_path, grouped + STEP + '\n[[steps]]\ntext = "Not rendered yet."\n')
    (problem,) = check_script(path, voice_dir=tmp_path, builtin=True)
    key = voice_key("Not rendered yet.")
    assert (problem.line, problem.step, problem.field) == (12, 2, "text")
    assert problem.message == f"has no rendered voice ({key}.ogg); run tools/render_voice.py"
    render(tmp_path, "Not rendered yet.")
    assert check_script(path, voice_dir=tmp_path, builtin=True) == []


def test_fit_check_uses_real_durations_when_given(tmp_path: Path) -> None:
    render(tmp_path, "Hi.")
    path = write(tmp_path, HEADER.replace("[5]", "[1]") + '\n[[steps]]\ntext = "Hi."\nsilence = 30\n')
    assert check_script(path, voice_dir=tmp_path, voice_duration=lambda p: 20.0) == []
    (problem,) = check_script(path, voice_dir=tmp_path, voice_duration=lambda p: 40.0)
    assert problem.message.startswith("a 1-minute session is too short for this script")
    assert "take 1 min 10 s" in problem.message


def test_from_minutes_beyond_every_length_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, body('text = "a"', "voice = false", "from_minutes = 30"))
    (problem,) = check_script(path, voice_dir=tmp_path)
    assert (problem.severity, problem.line, problem.step, problem.field) == ("error", 17, 3, "from_minutes")
    assert problem.message == (
        "from_minutes = 30 is longer than every offered length (5 min), so this step is never heard"
    )


def test_lines_are_found_for_inline_steps_and_past_multiline_strings(tmp_path: Path) -> None:
    inline = write(tmp_path, HEADER + 'steps = [{ text = "a", voice = false, bell = "gong" }]\n')
    (problem,) = check_script(inline, voice_dir=tmp_path)
    assert (problem.line, problem.step, problem.field) == (5, 1, "bell")
    tricky = HEADER + '\n[[steps]]\ntext = """Line one.\n[[steps]]\nsilence = 1"""\nvoice = false\nbell = 4\n'
    (problem,) = check_script(write(tmp_path, tricky), voice_dir=tmp_path)
    assert (problem.line, problem.step, problem.field) == (11, 1, "bell")


TOMLISH = st.lists(
    st.sampled_from(
        [
            'id = "x"\n',
            'title = "T"\n',
            'kind = "custom"\n',
            "lengths = [5]\n",
            "lengths = [",
            "[[steps]]\n",
            "[steps]\n",
            'text = "Hi."\n',
            'text = """\n',
            "voice = false\n",
            'voice = "a.ogg"\n',
            "silence = 1e400\n",
            "stretch = -0.0\n",
            'pattern = "4-7-8"\n',
            "bell = 1979-05-27\n",
            "from_minutes = 1\n",
            "= = =\n",
            "\x00",
            "\u00e9",
            '"',
            "[",
            "]",
            "{",
            "}",
            "\n",
            " ",
            "steps = 3\n",
            "x = [[[[[[1]]]]]]\n",
            "silence = 9" * 40 + "\n",
        ]
    ),
    max_size=30,
).map("".join)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TOMLISH)
def test_check_never_raises_on_tomlish_text(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.toml"
        path.write_text(text, encoding="utf-8")
        for problem in check_script(path, voice_dir=Path(folder)):
            assert str(problem).startswith("fuzz.toml")


@settings(max_examples=60, deadline=None)
@given(data=st.binary(max_size=400))
def test_check_never_raises_on_random_bytes(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.toml"
        path.write_bytes(data)
        problems = check_script(path, voice_dir=Path(folder))
        assert all(isinstance(str(p), str) for p in problems)


VALUES = st.sampled_from(
    ['"x"', '""', '"4-6"', '"bowl"', '"a.ogg"', "1", "-1", "0", "1e400", "nan", "true", "[]", '[1, "a"]',
     "[5, 10]", "{ a = 1 }", "1979-05-27", "07:32:00", '"custom"', "false"]
)  # fmt: skip
GOOD_TOP = {"id": '"x"', "title": '"T"', "kind": '"custom"', "lengths": "[5, 10]"}
STEP_KEYS = ["bell", "silence", "stretch", "pattern", "voice", "from_minutes", "x"]
STRUCTURED = st.tuples(
    # Each field is right half the time, so some scripts load and the planner runs on them too.
    st.fixed_dictionaries(
        {key: st.one_of(st.just(good), VALUES) for key, good in GOOD_TOP.items()},
        optional={"description": VALUES, "extra": VALUES},
    ),
    st.lists(
        st.fixed_dictionaries(
            {"text": st.one_of(st.just('"Hi."'), VALUES)}, optional=dict.fromkeys(STEP_KEYS, VALUES)
        ),
        max_size=4,
    ),
).map(
    lambda parts: (
        "".join(f"{k} = {v}\n" for k, v in parts[0].items())
        + "".join("\n[[steps]]\n" + "".join(f"{k} = {v}\n" for k, v in step.items()) for step in parts[1])
    )
)


@settings(max_examples=80, deadline=None)
@given(text=STRUCTURED)
def test_check_never_raises_on_wrong_values_anywhere(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.toml"
        path.write_text(text, encoding="utf-8")
        problems = check_script(path, voice_dir=Path(folder))
        try:
            script = load_script(path, voice_dir=Path(folder))
        except ScriptError as error:
            assert error.problems == tuple(problems)
            assert any(p.severity == "error" for p in problems)
        else:
            assert all(p.severity == "warning" for p in problems)
            for minutes in script.lengths_min:
                planned = plan(script, minutes, lambda p: 1.0)
                assert math.fsum(s.duration_s for s in planned) == pytest.approx(minutes * 60)


def test_deep_nesting_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    (problem,) = check_script(write(tmp_path, "x = " + "[" * 50_000), voice_dir=tmp_path)
    assert "not valid TOML" in problem.message


def test_library_lists_broken_and_duplicate_scripts(tmp_path: Path) -> None:
    builtin, user, voice = tmp_path / "builtin", tmp_path / "user", tmp_path / "voice"
    builtin.mkdir()
    user.mkdir()
    render(voice, "Hello.")
    good = HEADER + '\n[[steps]]\ntext = "Hello."\n'
    write(builtin, good.replace('"x"', '"alpha"').replace("lengths", 'group = "body"\nlengths'), "alpha.toml")
    write(user, good.replace('"x"', '"beta"'), "beta.toml")
    write(user, 'id = "broken"\nkind = 3\n', "broken.toml")
    write(user, good.replace('"x"', '"alpha"'), "copy.toml")
    (user / "notes.txt").write_text("not a script", encoding="utf-8")
    library = load_library(builtin, user, voice_dir=voice)
    assert [s.id for s in library.scripts] == ["alpha", "beta"]
    assert [s.builtin for s in library.scripts] == [True, False]
    assert library.get("beta") is not None and library.get("nope") is None
    broken = {b.path.name: b for b in library.broken}
    assert set(broken) == {"broken.toml", "copy.toml"}
    assert {p.field for p in broken["broken.toml"].problems if p.severity == "error"} >= {"title", "kind"}
    duplicate = broken["copy.toml"].problems[0]
    assert (duplicate.line, duplicate.field) == (1, "id")
    assert str(duplicate) == f"copy.toml:1: field 'id': \"alpha\" is already used by {builtin / 'alpha.toml'}"


def test_library_without_user_folder(tmp_path: Path) -> None:
    library = load_library(tmp_path / "none", tmp_path / "missing", voice_dir=tmp_path)
    assert library == load_library(tmp_path / "none", None, voice_dir=tmp_path)
    assert library.scripts == () and library.broken == ()


def test_the_documented_example_uses_every_field(tmp_path: Path) -> None:
    path = Path(__file__).parent / "data" / "every-field.toml"
    assert check_script(path, voice_dir=tmp_path) == []
    script = load_script(path, voice_dir=tmp_path)
    assert script.lengths_min == (4.0, 10.0)
    assert [s.bell for s in script.steps] == ["bowl", None, None, None, "bowl-low"]
    assert [len(plan(script, m, lambda p: 0.0)) for m in script.lengths_min] == [4, 4]
    assert (script.group, script.care_note is not None) == ("settle", True)
    assert [(s.until_minutes, s.rest) for s in script.steps][3] == (10.0, True)
    assert plan(script, 4, lambda p: 0.0)[1].pattern == "4-6"
