"""Issue 18 as a person meets it: seeking in a guided practice with the keys, and a silent sit's bells.

README: in the player Ctrl+← and Ctrl+→ move back and forward 15 seconds (whatever has the focus);
``start timer --minutes M --delay S --interval I`` rings a bell after the settling time, every
interval, and at the end, and only the sitting is logged.
"""

from __future__ import annotations

import pytest

from tests.journeys.journey import Journey

MAIN = "Kindly"
QUIET = {"mood_checkins": False, "sounds": False}
#: The player's budget for a bell (DESIGN §10: an audio cue within 25 ms of its due time), with a
#: frame's slack for a busy shared CI machine.
BELL_BUDGET_S = 0.025 + 1 / 60


def test_ctrl_arrows_seek_a_guided_practice_and_the_words_follow(journey: Journey) -> None:
    journey.prepare(settings=QUIET).start("start", "self-compassion-break", "--minutes", "3")
    start = journey.wait_cue("start", 0)
    assert start["name"] == "self-compassion-break"
    journey.focus(journey.window(MAIN))
    mark = journey.mark()
    journey.key("ctrl+Right")
    forward = journey.wait_cue("seek", mark)
    was = float(forward["name"].removeprefix("from "))
    assert forward["due"] == round(was + 15), forward  # whole seconds, 15 on
    assert forward["at"] == pytest.approx(forward["due"], abs=0.05)  # the clock moved at once
    # The part shown at the new place is drawn (a step cue at the new position, or the step that
    # begins exactly there).
    step = journey.wait_cue("step", mark)
    assert step["due"] == pytest.approx(forward["due"], abs=0.01)
    journey.key("Tab", "Tab")  # wherever the focus goes, the keys belong to the window
    back_mark = journey.mark()
    journey.key("ctrl+Left")
    back = journey.wait_cue("seek", back_mark)
    was = float(back["name"].removeprefix("from "))
    assert back["due"] == max(0, round(was - 15))
    journey.no_cue("skip", mark)  # Ctrl+→ seeks; it never skips a part
    journey.key("Escape")
    journey.wait_cue("stop", mark)
    assert journey.records() == []  # well under a minute really played: nothing to keep
    assert journey.quit() == 0


def test_a_silent_sit_rings_on_time_and_logs_only_the_sitting(journey: Journey) -> None:
    # 45 s of sitting after 3 s of settling, a bell every 15 s, then Kindly leaves (--once).
    journey.prepare(settings=QUIET).start(
        "start", "timer", "--minutes", "0.75", "--delay", "3", "--interval", "0.25", "--once"
    )
    assert journey.proc is not None
    journey.proc.wait(timeout=90)
    bells = journey.cues(0, "bell")
    assert [b["due"] for b in bells] == [3.0, 18.0, 33.0, 48.0], bells  # start, two between, end
    late = [round(b["at"] - b["due"], 4) for b in bells]
    assert all(abs(x) <= BELL_BUDGET_S for x in late), late
    (end,) = journey.cues(0, "end")
    assert end["due"] == 48.0 and end["at"] - end["due"] <= 1 / 60
    (record,) = journey.records()
    assert record["session_id"] == "timer" and record["completed"]
    assert record["practiced_seconds"] == pytest.approx(45.0)  # the settling time is not practice
    assert journey.quit() == 0
