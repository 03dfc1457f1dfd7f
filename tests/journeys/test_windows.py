"""Windows as the window manager shows them: their titles, and which one is on top of which."""

from __future__ import annotations

from tests.journeys.journey import Journey

#: Tray menu entries (as the arrow keys reach them) and the title each window should have.
TRAY_WINDOWS = {
    5: "Breathing — Kindly",
    6: "Write and read — Kindly",
    7: "Your practice — Kindly",
    9: "Settings — Kindly",
    10: "About & support — Kindly",
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


def test_a_second_launch_hands_over_and_a_clean_exit_leaves_no_files_behind(journey: Journey) -> None:
    # Issue 14, defect 15: ".sock.lock" files were left behind after exit.
    journey.prepare(settings={"mood_checkins": False}).start(trace=False)
    journey.window("Kindly")
    assert sorted(p.suffix for p in journey.runtime.glob("kindly-*")) == [".lock", ".sock"]
    # Python lists every module it loads (PYTHONPROFILEIMPORTTIME): a hand-off loads no Qt.
    handed = journey.run("pacer", env={"PYTHONPROFILEIMPORTTIME": "1"})
    assert handed.returncode == 0, handed.stderr
    assert "import time:" in handed.stderr and "ui.hand_off" in handed.stderr
    assert "PySide6" not in handed.stderr and "shiboken6" not in handed.stderr
    journey.window("Breathing — Kindly")  # the running Kindly opened it
    assert journey.quit() == 0
    assert list(journey.runtime.glob("kindly-*")) == []


def test_breath_tones_are_made_once_and_kept_for_the_next_launch(journey: Journey) -> None:
    """The first session makes its bells and tones (pure Python, about 0.4 s) and keeps them in the
    cache folder; the next launch plays the very same files rather than making them again."""
    sounds = journey.folder / "cache" / "sounds"
    journey.env["KINDLY_CACHE"] = str(journey.folder / "cache")
    journey.prepare(settings={"mood_checkins": False, "pattern": "resonance", "sounds": True})
    files: dict[str, int] = {}
    for launch in ("first", "second"):
        journey.start("pacer")
        journey.focus(journey.window("Breathing — Kindly"))
        mark = journey.mark()
        journey.key("space")  # Begin
        assert journey.wait_cue("tone", mark)["name"] == "in", f"{launch} launch: the first breath's tone"
        journey.key("Escape")
        journey.wait_cue("stop", mark)
        assert journey.quit() == 0
        made = {path.name: path.stat().st_ino for path in sounds.glob("*.pcm")}
        # The bells, the hold's tick and a breath in and out at 5.5 s, each in a file of its own.
        assert len(made) >= 6, f"{launch} launch: {sorted(made)}"
        if launch == "second":
            assert made == files, "the second launch wrote its sounds again"
        files = made
