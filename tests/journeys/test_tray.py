"""The tray as a way in: two clicks to a practice, and never a practice replaced without asking."""

from __future__ import annotations

from tests.journeys.journey import Journey

PACER = "Breathing — Kindly"
QUESTION = "Another practice — Kindly"
TRAY_COMPASSION_BREAK = 3


def test_a_tray_start_during_a_practice_asks_before_replacing_it(journey: Journey) -> None:
    # Issue 14, defect 7: a tray start silently replaced the running session.
    journey.prepare(settings={"mood_checkins": False, "sounds": False})
    journey.start("pacer", "--pattern", "box", "--minutes", "5")
    journey.window(PACER)
    journey.wait_cue("start")
    mark = journey.mark()
    journey.tray_menu(TRAY_COMPASSION_BREAK)
    journey.window(QUESTION)
    journey.key("Escape")  # "Keep practising"
    journey.gone(QUESTION)
    journey.no_cue("stop", mark)
    assert not journey.cues(mark, "start")

    journey.tray_menu(TRAY_COMPASSION_BREAK)
    journey.window(QUESTION)
    journey.key("alt+s")  # "Stop and start"
    journey.wait_cue("stop", mark)
    assert journey.wait_cue("start", mark)["name"] == "self-compassion-break"
    journey.gone(QUESTION)
    assert journey.quit() == 0
