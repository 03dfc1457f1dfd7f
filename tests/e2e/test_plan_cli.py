"""``main.py plan``: a practice's timeline, run as a script author would."""

from __future__ import annotations

import json
import tomllib
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from sessions.script_model import normalise_text
from tests.e2e.test_cli import ROOT, kindly

BUILTIN = ROOT / "assets" / "sessions"

REST_SCRIPT = """\
id = "resting"
title = "Resting"
kind = "custom"
lengths = [3, 10]

[[steps]]
bell = "bowl"
text = "Welcome."
voice = false
silence = 5
stretch = 0

[[steps]]
text = "A short way in."
voice = false
until_minutes = 5

[[steps]]
text = "Now simply rest here. I'll come back in a little while."
voice = false
rest = true
stretch = 3

[[steps]]
text = "Thank you."
voice = false
stretch = 0
"""


def assert_covers(plan: dict[str, Any]) -> None:
    """Items in order, each starting where the one before ended, from 0 to total_s."""
    items = plan["items"]
    assert items and items[0]["start_s"] == 0
    for before, after in pairwise(items):
        assert after["start_s"] == pytest.approx(before["start_s"] + before["duration_s"], abs=1e-6)
        assert before["duration_s"] > 0
    end = items[-1]["start_s"] + items[-1]["duration_s"]
    assert end == pytest.approx(plan["total_s"], abs=1e-6)
    assert plan["total_s"] == pytest.approx(plan["minutes"] * 60)
    for item in items:
        assert set(item) == {"start_s", "duration_s", "type", "text"}
        assert item["type"] in ("speech", "silence", "rest", "bell")
        if item["type"] == "speech":
            assert item["text"]
        if item["type"] == "bell":
            assert item["text"] is None


def run_json(*args: str, data: Path) -> dict[str, Any]:
    result = kindly("plan", *args, "--json", data=data)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    plan: dict[str, Any] = json.loads(result.stdout)
    return plan


@pytest.mark.parametrize("name", sorted(p.stem for p in BUILTIN.glob("*.toml")))
def test_every_builtin_length_is_a_whole_timeline_with_its_captions(tmp_path: Path, name: str) -> None:
    source = tomllib.loads((BUILTIN / f"{name}.toml").read_text(encoding="utf-8"))
    captions = {normalise_text(step["text"]) for step in source["steps"]}
    for minutes in source["lengths"]:
        plan = run_json(source["id"], "--minutes", str(minutes), data=tmp_path)
        assert (plan["id"], plan["minutes"]) == (source["id"], minutes)
        assert_covers(plan)
        spoken = [i["text"] for i in plan["items"] if i["type"] == "speech"]
        assert spoken and set(spoken) <= captions
        assert plan["items"][0]["type"] == "bell"


def test_plain_output_has_the_lines_and_the_density(tmp_path: Path) -> None:
    result = kindly("plan", "self-compassion-break", "--minutes", "3", data=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Self-compassion break (self-compassion-break), 3 min"
    assert lines[1].split() == ["0:00.0", "3.0", "s", "bell"]
    assert lines[2].split()[2:4] == ["s", "speech"] and "Welcome." in lines[2]
    assert "  3:00.0            end" in lines
    assert lines[-1].startswith("speech 45% (1 min 21 s) · longest silence ")
    assert " · rests 0.0 s (0%)" in lines[-1]


def test_a_user_script_by_id_and_by_path_with_a_rest(tmp_path: Path) -> None:
    (tmp_path / "sessions").mkdir()
    path = tmp_path / "sessions" / "resting.toml"
    path.write_text(REST_SCRIPT, encoding="utf-8")
    by_id = run_json("resting", "--minutes", "3", data=tmp_path)
    assert by_id == run_json(str(path), "--minutes", "3", data=tmp_path)
    assert_covers(by_id)
    types = [(i["type"], i["text"]) for i in by_id["items"]]
    assert types[:4] == [
        ("bell", None),
        ("silence", "Welcome."),  # a caption without a voice is not heard
        ("silence", None),
        ("silence", "A short way in."),
    ]
    assert ("rest", None) in types
    ten = run_json("resting", "--minutes", "10", data=tmp_path)
    assert "A short way in." not in [i["text"] for i in ten["items"]]  # until_minutes = 5
    text = kindly("plan", "resting", "--minutes", "10", data=tmp_path).stdout
    assert "(caption only, not spoken)" in text
    assert "below the density rule: speech is 0% of the time" in text
    assert "below the density rule: rests take" in text


def test_without_minutes_it_plans_the_shortest_length(tmp_path: Path) -> None:
    assert run_json("body-scan", data=tmp_path)["minutes"] == 5


def test_breathing_is_exempt(tmp_path: Path) -> None:
    result = kindly("plan", "breathing", "--minutes", "10", data=tmp_path)
    assert result.returncode == 0
    assert "exempt from the density rule" in result.stdout
    assert "below the density rule" not in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nope"], "kindly: there is no session 'nope'; try one of: "),
        (["body-scan", "--minutes", "x"], "kindly: argument --minutes: 'x' is not a number of minutes"),
        (["body-scan", "--minutes", "0"], "kindly: argument --minutes: minutes must be more than 0"),
        (["body-scan", "--minutes", "500"], "at most 180, got 500"),
        (["body-scan", "--minutes", "0.5"], "kindly: 'body-scan' cannot be planned at 0.5 min: a 0.5-minute"),
        (["missing.toml"], "kindly: there is no script file missing.toml"),
        (["broken"], "kindly: 'broken' can't be used: broken.toml:3: field 'kind': must be one of"),
        ([], "kindly: the following arguments are required: ID"),
    ],
)
def test_mistakes_are_one_line_and_exit_1(tmp_path: Path, args: list[str], message: str) -> None:
    (tmp_path / "sessions").mkdir()
    (tmp_path / "sessions" / "broken.toml").write_text(
        'id = "broken"\ntitle = "B"\nkind = "yoga"\nlengths = [5]\n[[steps]]\ntext = "Hi."\n'
    )
    result = kindly("plan", *args, data=tmp_path)
    assert result.returncode == 1
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert message in result.stderr
