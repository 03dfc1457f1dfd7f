"""The pacer window, driven by a fake clock: what a person sees and what their keys do."""

from __future__ import annotations

import itertools
import math
import statistics
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from sessions.clock import FakeClock
from sessions.patterns import PRESETS, parse_pattern
from sessions.timeline import breathing_timeline
from tests.conftest import activate, advance
from tests.conftest import pacer as pacer_of
from ui import theme as themes
from ui.app import KindlyApp
from ui.controller import SessionController
from ui.orb import (
    EDGE_START,
    EDGE_STEP_SHARE,
    MOST_FRAMES_PER_S,
    MOST_GLOW_FRAMES_PER_S,
    VISIBLE_LEVELS,
    OrbView,
    motion_step_px,
    orb_bands,
)
from ui.pacer import PacerWindow


def _pacer(qtbot: QtBot, clock: FakeClock) -> tuple[SessionController, PacerWindow]:
    controller = SessionController(clock)
    pacer = PacerWindow(controller)
    qtbot.addWidget(pacer)
    pacer.show()
    qtbot.waitExposed(pacer)
    activate(qtbot, pacer)  # the keys are window shortcuts: they reach the window with the focus
    return controller, pacer


def test_the_orb_follows_box_breathing(qtbot: QtBot, clock: FakeClock, tmp_path: Path) -> None:
    controller, pacer = _pacer(qtbot, clock)
    started: list[object] = []
    pacer.start_requested.connect(lambda p, m: started.append((p, m)))
    pacer.select("box", 1)
    qtbot.keyClick(pacer, Qt.Key.Key_Space)
    assert started == [(PRESETS["box"], 1.0)]
    controller.start(breathing_timeline(PRESETS["box"], 1))
    advance(controller, clock, 2.0, step=1 / 60)
    assert pacer.orb.headline == "Breathe in"
    assert pacer.orb.subline == "2"
    assert 0.45 < pacer.orb.level() < 0.55
    mid_inhale = pacer.orb.grab()
    mid_inhale.save(str(tmp_path / "mid-inhale.png"))
    advance(controller, clock, 3.0, step=1 / 60)
    assert (pacer.orb.headline, pacer.orb.subline, pacer.orb.level()) == ("Hold", "3", 1.0)
    # The orb is bigger at the top of the breath than mid-inhale: more accent-coloured pixels.
    assert _orb_pixels(pacer.orb.grab().toImage()) > _orb_pixels(mid_inhale.toImage())
    advance(controller, clock, 5.0, step=1 / 60)
    assert pacer.orb.headline == "Breathe out"
    assert pacer.start_button.text() == "Pause"
    assert not pacer.pattern_box.isEnabled()


def _orb_pixels(image: object) -> int:
    from PySide6.QtGui import QImage

    assert isinstance(image, QImage)
    background = QColor(image.pixel(2, 2))
    count = 0
    for y in range(0, image.height(), 4):
        for x in range(0, image.width(), 4):
            c = QColor(image.pixel(x, y))
            if abs(c.blue() - c.red()) > 18 and c != background:
                count += 1
    return count


def test_space_pauses_and_continues_esc_stops(qtbot: QtBot, clock: FakeClock) -> None:
    controller, pacer = _pacer(qtbot, clock)
    controller.start(breathing_timeline(PRESETS["4-6"], 3))
    advance(controller, clock, 1.0, step=1 / 60)
    qtbot.keyClick(pacer, Qt.Key.Key_Space)
    assert controller.is_paused and pacer.start_button.text() == "Continue"
    assert pacer.orb.headline == "Paused"
    assert not controller._timer.isActive()  # nothing moves, so nothing wakes up
    # Issue 14, defect 15: the progress ring and the orb hold still while paused, never vanish.
    held = pacer.orb._look()
    assert held.arc > 0 and pacer.orb.level() > 0.0
    clock.advance(30)
    pacer.orb.show_state(controller.state(), "Paused", "Press Space to continue")
    assert pacer.orb._look() == held
    clock.advance(100)
    qtbot.keyClick(pacer, Qt.Key.Key_Space)
    assert controller.is_running
    assert controller.runner is not None and abs(controller.runner.elapsed() - 1.0) < 0.02
    finished: list[object] = []
    controller.session_finished.connect(finished.append)
    qtbot.keyClick(pacer, Qt.Key.Key_Escape)
    assert not controller.is_active
    assert len(finished) == 1
    assert pacer.start_button.text() == "Begin" and pacer.pattern_box.isEnabled()
    assert not controller._timer.isActive()


def test_the_timer_sleeps_through_holds(qtbot: QtBot, clock: FakeClock) -> None:
    controller, pacer = _pacer(qtbot, clock)
    # Ten minutes: the progress ring moves about one pixel a second, slower than the countdown.
    controller.start(breathing_timeline(PRESETS["4-7-8"], 10))
    advance(controller, clock, 1.0, step=1 / 60)
    # A breath in: a frame whenever the edge has moved a step, far sooner than the next second.
    assert 16 <= controller._timer.interval() <= 150
    advance(controller, clock, 3.5, step=1 / 60)  # 4.5 s: inside the 7 s hold
    # During a hold only the countdown changes: the next wake-up is the next whole second.
    assert 400 <= controller._timer.interval() <= 500
    pacer.hide()
    controller.refresh()
    # Hidden: wake only for the next cue (the breath out at 11 s).
    assert controller._timer.interval() >= 6400


def test_a_custom_pattern_and_a_bad_one(qtbot: QtBot, clock: FakeClock) -> None:
    _controller, pacer = _pacer(qtbot, clock)
    requests: list[object] = []
    pacer.start_requested.connect(lambda p, m: requests.append(p))
    pacer.pattern_box.setCurrentIndex(pacer.pattern_box.findData("custom"))
    assert pacer.custom_edit.isVisible()
    qtbot.keyClicks(pacer.custom_edit, "1-0-1")
    qtbot.keyClick(pacer.custom_edit, Qt.Key.Key_Return)
    assert requests == []
    assert pacer.message.isVisible() and "at least 4 s" in pacer.message.text()
    pacer.custom_edit.clear()
    qtbot.keyClicks(pacer.custom_edit, "4-2-6")
    qtbot.keyClick(pacer.custom_edit, Qt.Key.Key_Return)
    assert [p.short_text() for p in requests] == ["4-2-6"]  # type: ignore[attr-defined]
    assert not pacer.message.isVisible()


def test_no_holds_and_keep_on_top(qtbot: QtBot, clock: FakeClock) -> None:
    _controller, pacer = _pacer(qtbot, clock)
    pacer.select("4-7-8", 5)
    pacer.no_holds.setChecked(True)
    pattern = pacer.chosen_pattern()
    assert pattern is not None and pattern.short_text() == "4-8"
    pacer.on_top.setChecked(True)
    assert pacer.windowFlags() & Qt.WindowType.WindowStaysOnTopHint
    assert pacer.isVisible()
    pacer.on_top.setChecked(False)
    assert not pacer.windowFlags() & Qt.WindowType.WindowStaysOnTopHint


def test_pacer_choices_are_remembered(qtbot: QtBot, kindly: KindlyApp) -> None:
    pacer = pacer_of(kindly)
    pacer.select("sigh", 3)  # a program's choice is not saved...
    assert not kindly.paths.settings.exists()
    pacer.length_box.setCurrentIndex(pacer.length_box.findData(10))  # ...a person's is
    pacer.on_top.setChecked(True)
    assert kindly.settings.minutes == 10 and kindly.settings.always_on_top
    assert '"always_on_top": true' in kindly.paths.settings.read_text()


def test_frames_come_when_the_orb_has_moved_a_step_its_soft_edge_hides(
    qtbot: QtBot, clock: FakeClock
) -> None:
    controller, pacer = _pacer(qtbot, clock)
    controller.start(breathing_timeline(PRESETS["resonance"], 10))
    radii: list[float] = []
    # Follow the timer as Qt would: wake when it says, tick, note the orb's radius.
    while controller.runner is not None and controller.runner.elapsed() < 5.5:
        clock.advance(controller._timer.interval() / 1000)
        controller.tick()
        radii.append(pacer.orb._look().radius)
    assert radii[-1] - radii[0] > 50  # the orb really grows
    for a, b in itertools.pairwise(radii):
        # A fifth of the soft fade at a time (a pixel at least; a pixel more where rounding meets
        # a late tick): never a jump the fade does not hide.
        allowed = motion_step_px(max(a, b))
        assert abs(b - a) <= allowed + 1.0, (a, b)
        assert allowed <= max(1.0, EDGE_STEP_SHARE * (1 - EDGE_START) * max(a, b) + 1e-9)
    small = [b - a for a, b in itertools.pairwise(radii) if b < 50]
    large = [b - a for a, b in itertools.pairwise(radii) if a > 95]
    assert statistics.median(small) == 1.0 and statistics.median(large) == 3.0
    # Far fewer frames than pixels grown, whatever the pace: about 27 a breath in.
    assert len(radii) < 0.6 * (radii[-1] - radii[0])


@pytest.mark.parametrize("reduced", [False, True])
def test_the_quickest_breath_takes_bigger_steps_not_more_frames(
    qtbot: QtBot, clock: FakeClock, reduced: bool
) -> None:
    """At the 4-second floor (2-0-2) the orb moves fastest mid-breath: there it takes at most
    MOST_FRAMES_PER_S frames a second (MOST_GLOW_FRAMES_PER_S with reduced motion), each a longer
    step, and still reaches both ends of every breath."""
    controller, pacer = _pacer(qtbot, clock)
    pacer.orb.reduced_motion = reduced
    controller.start(breathing_timeline(parse_pattern("2-0-2"), 1))
    times: list[float] = []
    looks: list[tuple[float, int, str]] = []
    while controller.runner is not None and controller.runner.elapsed() < 8.0:
        clock.advance(controller._timer.interval() / 1000)
        controller.tick()
        look = pacer.orb._look()
        if not looks or (look.radius, look.strength, look.headline) != looks[-1]:
            times.append(controller.runner.elapsed())
            looks.append((look.radius, look.strength, look.headline))
    # Never faster than the cap, but for the frame that turns the breath (drawn on its moment).
    fastest = MOST_GLOW_FRAMES_PER_S if reduced else MOST_FRAMES_PER_S
    for (t0, (*_, said)), (t1, (*_, saying)) in itertools.pairwise(zip(times, looks, strict=True)):
        assert t1 - t0 >= 1 / fastest - 0.002 or saying != said, (t0, t1)
    # Two breaths: about 23 frames each way with the orb moving (28 without the cap), about 15 in
    # brightness alone (17 without).
    assert (50 if reduced else 75) <= len(times) <= (64 if reduced else 100), len(times)
    # The orb still reaches both ends of every breath.
    sizes = [look[1] if reduced else look[0] for look in looks]
    assert max(sizes) - min(sizes) > (50 if not reduced else 100)
    if not reduced:
        steps = [abs(b - a) for a, b in itertools.pairwise(sizes)]
        # A longer step mid-breath, but under a third of the soft fade the eye sees move.
        assert max(steps) <= max(2.0, (1 - EDGE_START) * max(sizes) / 3), max(steps)


def test_motion_steps_widen_with_the_soft_edge() -> None:
    assert motion_step_px(40.0) == 1.0
    assert motion_step_px(49.0) == 1.0
    assert motion_step_px(50.0) == 2.0  # a soft fade of 10 px: a 2-pixel step is a fifth of it
    assert motion_step_px(121.0) == 4.0
    for radius in range(10, 600):
        step = motion_step_px(float(radius))
        fade = (1 - EDGE_START) * radius
        # Whole pixels, at least one, and never more than a fifth of the fade the eye sees move.
        assert step == int(step) and step >= 1.0
        assert step <= EDGE_STEP_SHARE * fade + 1e-9 or step == 1.0


def test_reduced_motion_keeps_the_size_and_changes_brightness(qtbot: QtBot, clock: FakeClock) -> None:
    controller, pacer = _pacer(qtbot, clock)
    pacer.orb.reduced_motion = True
    controller.start(breathing_timeline(PRESETS["box"], 1))
    advance(controller, clock, 0.5, step=1 / 60)
    start = pacer.orb._look()
    advance(controller, clock, 3.0, step=1 / 60)
    later = pacer.orb._look()
    assert later.radius == start.radius
    assert later.strength > start.strength + 100


@pytest.mark.parametrize("dark", [False, True])
def test_reduced_motion_frames_change_no_pixel_by_more_than_a_few_levels(qtbot: QtBot, dark: bool) -> None:
    """Brightness steps are sized per theme, so each frame's change stays below what reads as a step."""
    orb = OrbView()
    qtbot.addWidget(orb)
    orb.theme = themes.DARK if dark else themes.LIGHT
    orb.reduced_motion = True
    orb.resize(340, 380)
    orb.show()
    qtbot.waitExposed(orb)
    glow = orb._glow_step()
    assert glow == (6 if dark else 10)  # the dark theme's bright core on a dark ground needs finer steps
    step = (glow + 1) / 255 / 0.65  # the worst a frame paints: one rounded level past the step

    def picture(level: float) -> QImage:
        orb.level = lambda: level  # type: ignore[method-assign]
        orb._painted = None
        return orb.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)

    for tenth in range(10):
        level = tenth / 10
        assert _largest_difference(picture(level), picture(min(1.0, level + step))) <= VISIBLE_LEVELS + 1


def test_frames_painted_piecemeal_match_a_whole_repaint(qtbot: QtBot, clock: FakeClock) -> None:
    """What is on screen after a breath of partial repaints is exactly what a full repaint shows.

    Each frame repaints only the parts that changed; if a part were missed (or the background
    painted over the ring without redrawing it), the screen would drift from the true picture.
    """
    controller, pacer = _pacer(qtbot, clock)
    pacer.resize(380, 600)  # a tall window: the orb fills its ring, where the repaint bands are tightest
    qtbot.wait(10)
    controller.start(breathing_timeline(PRESETS["resonance"], 10))
    orb = pacer.orb
    screen = pacer.screen()
    moments = [2.0, 5.3, 5.6, 8.0, 10.9]  # growing, nearly full, just past full, shrinking, nearly empty
    while moments and controller.runner is not None:
        clock.advance(controller._timer.interval() / 1000)
        controller.tick()
        elapsed = controller.runner.elapsed()
        if elapsed >= moments[0]:
            moments.pop(0)
            shown = screen.grabWindow(pacer.winId()).toImage().copy(orb.geometry())
            whole = orb.grab().toImage().convertToFormat(shown.format())
            # Gradient spans may round a channel by one step differently when filled in pieces.
            assert _largest_difference(shown, whole) <= 2, f"the screen drifted at {elapsed:.2f} s"
    assert not moments


def _largest_difference(a: QImage, b: QImage) -> int:
    """The largest difference of one colour channel between two same-sized RGB32 images."""
    assert a.size() == b.size() and a.format() == b.format()
    if a == b:
        return 0
    return max(abs(x - y) for x, y in zip(bytes(a.constBits()), bytes(b.constBits()), strict=True))


def test_orb_bands_cover_the_orb_and_stay_clear_of_the_ring() -> None:
    for cx, cy in ((170.0, 150.0), (170.5, 150.5), (133.3, 201.7)):
        for reach in (10.0, 48.5, 80.0, 100.0, 115.0, 121.0, 122.9):  # the orb stays 10.5 px inside
            clear = 130.4
            rects = orb_bands(cx, cy, reach, clear)
            corners = [(x, y) for x0, y0, x1, y1 in rects for x in (x0, x1) for y in (y0, y1)]
            assert max(math.hypot(x - cx, y - cy) for x, y in corners) <= clear
            for k in range(720):  # every pixel of the disc's edge is inside some rectangle
                a = k * math.pi / 360
                px, py = cx + reach * math.cos(a), cy + reach * math.sin(a)
                assert any(x0 <= px <= x1 and y0 <= py <= y1 for x0, y0, x1, y1 in rects)
            assert len(rects) <= 31


def test_on_wayland_keep_on_top_is_not_offered_and_nothing_is_recreated(
    qtbot: QtBot, kindly: KindlyApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Wayland lets no app keep itself on top: no box that does nothing, no window re-created."""
    import ui.pacer

    monkeypatch.setattr(ui.pacer, "can_keep_on_top", lambda: False)
    kindly.windows.open("pacer")
    window = kindly.windows.peek("pacer")
    assert isinstance(window, ui.pacer.PacerWindow)
    assert window.on_top.isHidden()
    shown_id = window.winId()
    kindly.store.update(always_on_top=True)
    assert not window.windowFlags() & Qt.WindowType.WindowStaysOnTopHint
    assert window.isVisible() and window.winId() == shown_id
    window.close()


def _saved(app: KindlyApp) -> tuple[tuple[str, str], ...]:
    return app.store.value.patterns  # read afresh each time (mypy would narrow the attribute)


def test_a_pattern_of_ones_own_is_saved_renamed_chosen_and_deleted_in_the_pacer(
    qtbot: QtBot, kindly: KindlyApp, clock: FakeClock
) -> None:
    from sessions.commands import Command

    kindly.run_command(Command(name="pacer"))
    pacer = pacer_of(kindly)
    pacer.pattern_box.setCurrentIndex(pacer.pattern_box.findData("custom"))
    pacer.custom_edit.setText("4-2-7")
    assert pacer.keep_button.isVisible() and pacer.keep_button.text() == "Save"
    # A built-in's name is refused with one line, and nothing is kept.
    pacer.name_edit.setText("Box")
    qtbot.mouseClick(pacer.keep_button, Qt.MouseButton.LeftButton)
    assert "built-in pattern" in pacer.message.text() and not _saved(kindly)
    pacer.name_edit.setText("Evening 4-2-7")
    qtbot.mouseClick(pacer.keep_button, Qt.MouseButton.LeftButton)
    assert _saved(kindly) == (("Evening 4-2-7", "4-2-7"),)
    assert kindly.store.value.pattern == "4-2-7"  # and it is the usual breathing now
    assert pacer.pattern_box.currentText() == "Evening 4-2-7"
    assert pacer.keep_button.text() == "Rename" and pacer.delete_button.isVisible()
    pacer.name_edit.setText("Slow evening")
    qtbot.mouseClick(pacer.keep_button, Qt.MouseButton.LeftButton)
    assert _saved(kindly) == (("Slow evening", "4-2-7"),)
    assert pacer.pattern_box.currentText() == "Slow evening"
    qtbot.mouseClick(pacer.start_button, Qt.MouseButton.LeftButton)
    runner = kindly.controller.runner
    assert runner is not None and runner.timeline.title == "Slow evening"
    assert runner.timeline.pattern_id == "4-2-7"
    kindly.controller.stop()
    qtbot.mouseClick(pacer.delete_button, Qt.MouseButton.LeftButton)
    assert len(_saved(kindly)) == 0
    assert pacer.pattern_box.findText("Slow evening") < 0


def test_start_pattern_by_its_saved_name(kindly: KindlyApp) -> None:
    kindly.store.update(patterns=(("Evening 4-2-7", "4-2-7"),))
    from ui.practices import practice_for

    assert kindly.practices.start(practice_for("breathing", 1, "4-2-7"))
    runner = kindly.controller.runner
    assert runner is not None and runner.timeline.title == "Evening 4-2-7"
