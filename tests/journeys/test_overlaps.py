"""Windows that follow one another must not hide one another: the pacer, the check-in, the next session."""

from __future__ import annotations

from tests.journeys.journey import Journey

PACER = "Breathing — Kindly"
CHECK_IN = "Check in — Kindly"
TRAY_BREATHE_1 = 0


def test_the_check_in_after_a_keep_on_top_pacer_is_above_it_and_leaves_with_the_next_session(
    journey: Journey,
) -> None:
    # Issue 14, defect 6: the "Keep on top" pacer covered the check-in after the session, and a
    # check-in left open floated over the next session.
    journey.prepare(settings={"always_on_top": True, "mood_checkins": True, "sounds": False})
    journey.start("pacer", "--pattern", "box", "--minutes", "0.1")  # six seconds, then the check-in
    pacer = journey.window(PACER)
    journey.wait_cue("end", timeout_s=20)
    check_in = journey.window(CHECK_IN)
    stack = journey.stacking()
    assert stack.index(check_in) > stack.index(pacer), "the check-in is above the pacer that stays on top"
    assert journey.wait_records(1)[0]["completed"] is True

    # The person leaves the check-in and starts another practice from the tray.
    mark = journey.mark()
    journey.tray_menu(TRAY_BREATHE_1)
    journey.wait_cue("start", mark)
    journey.gone(CHECK_IN)
    assert journey.records()[0]["mood_after"] is None  # nothing was given, nothing was saved
    journey.focus(journey.window(PACER))
    journey.key("Escape")
    journey.wait_cue("stop", mark)
    assert journey.quit() == 0
