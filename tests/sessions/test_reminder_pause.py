"""'Pause reminders': the choices, the setting's value they make, and when a pause is over."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from sessions.commands import Command, CommandError, make_command
from sessions.reminder_pause import UNTIL_RESUMED, PauseError, check_choice, describe, is_paused, paused_until
from sessions.settings import Settings

NOW = datetime(2026, 12, 7, 13, 20, tzinfo=timezone(timedelta(hours=1)))


@pytest.mark.parametrize(
    ("choice", "until"),
    [
        ("1h", "2026-12-07T14:20:00+01:00"),
        ("30m", "2026-12-07T13:50:00+01:00"),
        ("2h30min", "2026-12-07T15:50:00+01:00"),
        ("tomorrow", "2026-12-08T00:00:00+01:00"),
        ("", UNTIL_RESUMED),
    ],
)
def test_choices_make_the_setting(choice: str, until: str) -> None:
    assert paused_until(choice, NOW) == until
    assert is_paused(until, NOW)


@pytest.mark.parametrize("bad", ["0m", "soon", "1d", "-1h", "10081m", "169h", "h"])
def test_bad_lengths_are_refused_kindly(bad: str) -> None:
    with pytest.raises(PauseError):
        check_choice(bad)


def test_a_pause_ends_by_itself_and_says_until_when() -> None:
    until = paused_until("1h", NOW)
    assert describe(until, NOW) == "Reminders and bells are paused until 14:20."
    later = NOW + timedelta(hours=1, seconds=1)
    assert not is_paused(until, later)
    assert describe(until, later) == "Reminders and bells are on."
    assert describe(UNTIL_RESUMED, NOW) == "Reminders and bells are paused until you resume them."
    assert not is_paused("", NOW)
    assert is_paused(paused_until("1h", NOW), NOW.astimezone(UTC))  # the same moment, elsewhere


def test_the_setting_keeps_only_what_it_understands() -> None:
    assert Settings(reminders_paused_until="whenever").validated().reminders_paused_until == ""
    kept = Settings(reminders_paused_until=UNTIL_RESUMED).validated()
    assert kept.reminders_paused_until == UNTIL_RESUMED


def test_the_command_goes_over_the_wire() -> None:
    command = make_command("reminders", pause="1h")
    assert command.to_wire() == {"command": "reminders", "args": {"pause": "1h"}}
    assert Command.from_wire(command.to_wire()) == command
    assert Command.from_wire({"command": "reminders", "args": {"pause": "resume"}}).pause == "resume"
    with pytest.raises(CommandError):
        Command.from_wire({"command": "reminders", "args": {"pause": "forever and ever"}})
    with pytest.raises(CommandError):
        make_command("pacer", pause="1h")
