"""One Command, checked once: from the command line, over the hand-off wire, to the running app."""

from __future__ import annotations

import pytest

from sessions.commands import Command, CommandError, make_command


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({}, Command(name="start")),
        (
            {"session_id": "body-scan", "minutes": 10},
            Command(name="start", session_id="body-scan", minutes=10.0),
        ),
        ({"pattern": " box "}, Command(name="start", pattern="box")),
        (
            {"pattern": "5-0-7.5", "minutes": 0.5, "once": True},
            Command("start", pattern="5-0-7.5", minutes=0.5, once=True),
        ),
    ],
)
def test_good_start_commands(kwargs: dict[str, object], expected: Command) -> None:
    assert make_command("start", **kwargs) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"pattern": ""}, "the pattern is empty"),
        ({"pattern": "   "}, "the pattern is empty"),
        ({"pattern": "4-x-4"}, "not a breathing pattern"),
        ({"pattern": "4-2-6-2-9"}, "IN-HOLD-OUT"),  # the pattern parser's own words
        ({"pattern": 7}, "a pattern is a name"),
        ({"minutes": 0}, "more than 0"),
        ({"minutes": 181}, "at most 180"),
        ({"minutes": True}, "minutes must be"),
        ({"minutes": 10**400}, "at most 180"),
        ({"minutes": float("nan")}, "minutes must be"),
        ({"session_id": "../etc"}, "short name"),
    ],
)
def test_every_bad_value_gets_one_friendly_line(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(CommandError, match=message) as caught:
        make_command("start", **kwargs)  # type: ignore[arg-type]
    assert "\n" not in str(caught.value) and str(caught.value)


def test_the_wire_round_trip_keeps_everything_but_once() -> None:
    sent = make_command("start", session_id="loving-kindness", pattern="4-6", minutes=20, once=True)
    received = Command.from_wire(sent.to_wire())
    assert received == Command(name="start", session_id="loving-kindness", pattern="4-6", minutes=20.0)
    assert not received.once, "only this process's own command line decides --once"


def test_a_login_start_is_never_handed_over_as_a_login_start() -> None:
    # A second launch at login finds Kindly running: at most it asks for the window, never "background".
    assert make_command("background").to_wire() == {"command": "window", "args": {}}
    with pytest.raises(CommandError, match="unknown command"):
        Command.from_wire({"command": "background"})


def test_unknown_names_and_arguments_are_refused() -> None:
    with pytest.raises(CommandError, match="unknown command"):
        make_command("dance")
    with pytest.raises(CommandError, match="unknown argument 'minutes' for history"):
        Command.from_wire({"command": "history", "args": {"minutes": 3}})
    with pytest.raises(CommandError, match="unknown argument 'open_ended'"):
        Command.from_wire({"command": "start", "args": {"open_ended": True}})


def test_a_timer_command_is_checked_by_the_timer_s_own_rules() -> None:
    command = make_command(
        "start", session_id="timer", minutes=3, delay_s=10, interval_min=1, bell="bowl-low"
    )
    assert command.timer is not None and command.timer.interval_min == 1.0 and command.timer.delay_s == 10.0
    assert Command.from_wire(command.to_wire()) == command
    with pytest.raises(CommandError, match="would never ring"):
        make_command("start", session_id="timer", minutes=3, interval_min=4)
    with pytest.raises(CommandError, match="are for: start timer"):
        make_command("start", session_id="body-scan", delay_s=5)
    with pytest.raises(CommandError, match="list of up to"):
        Command.from_wire({"command": "start", "args": {"session_id": "timer", "moments": list(range(500))}})


def test_counted_breaths_are_for_breathing_only() -> None:
    assert make_command("start", breaths=6).breaths == 6
    assert make_command("pacer", pattern="4-6", breaths=6) == Command("pacer", pattern="4-6", breaths=6)
    for bad in (0, -1, 2.5, True, 10**6):
        with pytest.raises(CommandError, match="whole number"):
            make_command("start", breaths=bad)
    with pytest.raises(CommandError, match="for breathing"):
        make_command("start", session_id="body-scan", breaths=3)
