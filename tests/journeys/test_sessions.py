"""A guided session from start to end as a person meets it: the countdown, skipping, the log."""

from __future__ import annotations

from tests.journeys.journey import Journey, wait_for

MAIN = "Kindly"
CHECK_IN = "Check in — Kindly"
TRAY_COMPASSION_BREAK = 3

#: A person's own script: words on the screen only (``voice = false``), each with a long silence.
QUIET_SCRIPT = '''
id = "quiet-captions"
title = "Quiet captions"
kind = "custom"
description = "Words on the screen only, and long silences."
lengths = [2]

[[steps]]
text = """Settle in, and let the words
stay on the screen
while you rest."""
voice = false
silence = 20

[[steps]]
text = "Stay here for a while."
voice = false
silence = 20
'''


def test_skipping_through_every_part_logs_no_practice(journey: Journey) -> None:
    # Issue 14, defect 2: parts skipped were logged as minutes practised.
    journey.prepare(settings={"mood_checkins": False, "sounds": False}).start()
    journey.window(MAIN)
    journey.tray_menu(TRAY_COMPASSION_BREAK)
    journey.wait_cue("start")
    journey.focus(journey.window(MAIN))

    def skip_on() -> bool:
        journey.key("Right")
        return bool(journey.cues(kind="end"))

    wait_for("the session's end, skipping part after part", skip_on)
    skips = journey.cues(kind="skip")
    assert len(skips) >= 5 and journey.cues(kind="end")[0]["due"] == 180.0
    # The few seconds spent are not a practice worth keeping, let alone three minutes of one.
    journey.no_cue("stop", since=0)
    assert journey.records() == []
    assert journey.quit() == 0


def test_the_countdown_moves_in_a_silent_step_begun_after_the_check_in(journey: Journey) -> None:
    # Issue 14, defect 9: the countdown and ring stood still for ~40 s in a caption-only step of a
    # person's script begun with Begin after the check-in.
    journey.prepare(settings={"mood_checkins": True, "sounds": False}, scripts={"quiet.toml": QUIET_SCRIPT})
    journey.start()
    main = journey.window(MAIN)
    journey.focus(main)
    journey.type("Quiet")  # the library list has the focus: typing finds the script
    journey.key("Return")  # Begin
    journey.window(CHECK_IN)
    journey.key("3")  # one tap answers the check-in, and the session begins
    assert journey.wait_cue("start")["name"] == "quiet-captions"
    journey.gone(CHECK_IN)
    changed = journey.changes(main, over_s=3.0)
    assert [t for t in changed if t > 1.5], f"the countdown and ring moved after the first draw: {changed}"
    assert not journey.cues(kind="step")[1:], "still in the first, silent step"
    assert journey.quit() == 0


def test_the_countdown_moves_in_a_silent_first_step_started_from_the_command_line(journey: Journey) -> None:
    # The same cause froze it here too (the player was not on screen when the session began).
    journey.prepare(settings={"mood_checkins": True, "sounds": False}, scripts={"quiet.toml": QUIET_SCRIPT})
    journey.start("start", "quiet-captions")
    main = journey.window(MAIN)
    journey.wait_cue("start")
    changed = journey.changes(main, over_s=3.0)
    assert [t for t in changed if t > 1.5], f"the countdown and ring moved after the first draw: {changed}"
    assert journey.quit() == 0
