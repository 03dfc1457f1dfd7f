"""Every documented key, with the focus left on each control in turn, as a keyboard user leaves it.

README: in a guided session Space pauses, → goes to the next part, Esc stops; in the pacer Space
begins, pauses and continues, Esc stops, and Esc in an idle pacer closes it. Tab moves the focus as
a person would, and the trace says what each key really did.
"""

from __future__ import annotations

from tests.journeys.journey import Journey, tab_stops

PACER = "Breathing — Kindly"
MAIN = "Kindly"
QUIET = {"mood_checkins": False, "pattern": "box", "sounds": False}
#: The tray menu's entries, as the arrow keys reach them (hidden entries and separators skipped).
TRAY_COMPASSION_BREAK = 3
TRAY_PACER = 5


def test_pacer_keys_work_whatever_has_the_focus(journey: Journey) -> None:
    journey.prepare(settings=QUIET).start("pacer")
    # Idle, the pacer's controls are the pattern, the length, Begin, No holds and Keep on top.
    for tabs in tab_stops(5):
        pacer = journey.window(PACER)
        journey.focus(pacer)
        mark = journey.mark()
        journey.key(*tabs, "space")
        assert journey.wait_cue("start", mark)["name"] == "breathing", f"Space after {len(tabs)} Tab(s)"
        # Running, the focus may be on Begin/Pause, Stop or Keep on top: move it on again.
        journey.key(*tabs, "space")
        journey.wait_cue("pause", mark)
        journey.key("space")
        journey.wait_cue("resume", mark)
        journey.key("Escape")
        journey.wait_cue("stop", mark)
        journey.key("Escape")  # idle: Esc closes the pacer
        journey.gone(PACER)
        assert not journey.cues(mark, "pause")[1:], "one Space, one pause"
        journey.tray_menu(TRAY_PACER)  # and the tray opens it again
    assert journey.records() == []  # every stop came before a minute: nothing to keep
    assert journey.quit() == 0


def test_guided_session_keys_work_whatever_has_the_focus(journey: Journey) -> None:
    journey.prepare(settings=QUIET).start()
    journey.window(MAIN)
    # In a session the player's controls are Pause, Next part, Stop and the voice volume.
    for tabs in tab_stops(4):
        mark = journey.mark()
        journey.tray_menu(TRAY_COMPASSION_BREAK)
        assert journey.wait_cue("start", mark)["name"] == "self-compassion-break"
        journey.focus(journey.window(MAIN))
        journey.key(*tabs, "space")
        journey.wait_cue("pause", mark)
        journey.key("space")
        journey.wait_cue("resume", mark)
        journey.key("Right")
        assert journey.wait_cue("skip", mark)["name"] == "part 1", f"→ after {len(tabs)} Tab(s)"
        second = journey.mark()
        journey.key("Right")
        assert journey.wait_cue("skip", second)["name"] == "part 2"
        journey.key("Escape")
        journey.wait_cue("stop", mark)
        assert [c["cue"] for c in journey.cues(mark) if c["cue"] in ("pause", "resume", "stop")] == [
            "pause",
            "resume",
            "stop",
        ], "Space paused and continued once each; no key pressed a button"
    assert journey.records() == []
    assert journey.quit() == 0
