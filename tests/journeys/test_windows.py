"""Windows as the window manager shows them: their titles, and which one is on top of which."""

from __future__ import annotations

from tests.journeys.journey import Journey

#: Tray menu entries (as the arrow keys reach them) and the title each window should have.
TRAY_WINDOWS = {
    5: "Breathing — Kindly",
    6: "Your practice — Kindly",
    8: "Settings — Kindly",
    9: "About & support — Kindly",
}


def test_every_window_names_kindly_once(journey: Journey) -> None:
    # Issue 14, defect 10: "Kindly — Breathing — Kindly". Qt adds the app's name; a window's own
    # title must not add it again.
    journey.prepare(settings={"mood_checkins": False}).start()
    assert journey.name(journey.window("Kindly")) == "Kindly"
    for item, title in TRAY_WINDOWS.items():
        journey.tray_menu(item)
        shown = journey.name(journey.window(title))
        assert shown == title and shown.count("Kindly") == 1
    assert journey.quit() == 0
