"""The breathing orb: a soft gradient that swells on the inhale, rests on holds and settles on the exhale."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QPainter,
    QPaintEvent,
    QPen,
    QRadialGradient,
    QRegion,
    QResizeEvent,
    QTransform,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from sessions.clock import mmss
from sessions.patterns import PhaseState, ease
from sessions.timeline import TimelineState
from ui import theme as themes

FRAME_S = 1 / 60
#: The orb's size at empty lungs, as a share of its full size (DESIGN §1: about 40 %).
REST_SCALE = 0.4
#: With reduced motion the orb keeps one size and breathes by brightness instead.
STILL_SCALE = 0.72
#: The orb's fill when nothing is being paced: calm, neither full nor empty.
RESTING_LEVEL = 0.55
#: Where the orb's soft edge begins, as a share of its radius: it fades to the background from here,
#: over the outer fifth of the radius (a soft glow rather than a rim; see ``motion_step_px``).
EDGE_START = 0.8
#: How far the orb's edge may move in one frame, as a share of that soft fade: a fifth of it. The
#: fade is what the eye sees move, so a step this much of it reads as smooth motion, and a wider
#: fade (a larger orb, or a 2x screen) takes wider steps rather than more frames. Each frame has a
#: fixed cost (a wake-up, a repaint, a transfer to the display: about 0.7 ms here), so a breath
#: costs what its frames cost; a breath now takes about 27 frames each way at any pace.
EDGE_STEP_SHARE = 0.2
#: At most this many frames a second while the orb moves. Steps of a fifth of the fade come about
#: 27 to a breath, so only the quickest breaths reach it, and only mid-breath, where the orb moves
#: fastest (a 2-second breath in would want about 21 a second there): they take a longer step
#: instead. At the 4-second floor (2-0-2) that is about 0.28 of the fade at the fastest moment and
#: about 23 frames a breath, not 27; a breath of 3 seconds or longer never reaches the cap.
MOST_FRAMES_PER_S = 15.0
#: With reduced motion, at most this many frames a second: a whole glow brightening, with no edge
#: for the eye to follow, reads as smooth in fewer. Only the quickest breaths reach it, mid-breath,
#: where a frame then moves about 7 of 255 levels rather than 5.
MOST_GLOW_FRAMES_PER_S = 10.0

#: With reduced motion the orb breathes by brightness, and a frame comes when its brightest-changing
#: pixel has moved about this many of 255 levels (about 2 %: a glow brightening in steps this
#: small at 15-30 a second reads as one smooth swell). The same in every theme: its colours decide
#: how far the orb's strength must move for that. At 3 levels the dark theme's bright core took
#: about 55 frames a breath, 2.4 % of a core on the fastest breath; at 5 it takes about 28.
VISIBLE_LEVELS = 5
#: How far inside the ring's centre line a repaint of the orb must stop: half the ring's 3 px pen,
#: and a pixel and a half of its antialiased edge.
RING_CLEARANCE = 3.0
#: How long a countdown number may wait to change in the same frame as the orb's next step: a
#: frame at the fastest the orb moves (see MOST_FRAMES_PER_S), well under what anyone can notice,
#: and it saves a frame a second.
COUNTDOWN_SLACK_S = 0.07
#: The most placed brushes an orb keeps (a breath uses a few dozen; each is a few hundred bytes).
PLACED_BRUSHES = 512
#: How long the progress ring (a pixel every second or so) may wait for another change's frame.
RING_SLACK_S = 1.0


class OrbView(QWidget):
    """Paints one moment of a session (or the calm idle picture) from a :class:`TimelineState`.

    It holds no timer: whoever owns the session asks :meth:`next_change_in` when the next pixel
    would change and calls :meth:`show_state` then.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("Breathing guide")
        # Every pixel is painted here (background included): Qt need not paint the window or the
        # style sheet's background beneath first, which would double each frame's cost.
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, False)
        self.theme = themes.current()
        self.reduced_motion = False
        #: False in the player, which shows captions in a label of their own.
        self.show_captions = True
        self._state: TimelineState | None = None
        #: A paused session: its state is drawn still, with the headline and subline below.
        self._held = False
        self._headline = "Ready when you are"
        self._subline = "Press Space to begin"
        self._layout: _Geometry | None = None
        self._painted: _Look | None = None
        #: While a repaint this view asked for runs: what it draws, and whether the ring, the
        #: headline and the subline need drawing.
        self._asked: tuple[QRegion, _Look, bool, bool, bool] | None = None
        self._orb_bands: dict[int, QRegion] = {}
        self._brushes: dict[int, QBrush] = {}
        #: Those brushes placed for this view's centre, by (strength, radius).
        self._placed: dict[tuple[int, float], QBrush] = {}
        self._brush_theme: themes.Theme | None = None
        self._glow = 1
        self._glow_theme: themes.Theme | None = None
        self._dpr = 1.0
        self.painted: Callable[[], None] = lambda: None
        self._word_font = QFont(self.font())
        self._small_font = QFont(self.font())
        self._apply_fonts()

    def sizeHint(self) -> QSize:
        return QSize(340, 380)

    def minimumSizeHint(self) -> QSize:
        return QSize(220, 260)

    def _apply_fonts(self) -> None:
        base = self.font().pointSizeF() if self.font().pointSizeF() > 0 else 10.0
        self._word_font = QFont(self.font())
        self._word_font.setPointSizeF(base * 2.0)
        self._word_font.setWeight(QFont.Weight.Light)
        self._small_font = QFont(self.font())
        self._small_font.setPointSizeF(base * 1.15)

    # -- what to show ---------------------------------------------------------------------------
    def show_state(self, state: TimelineState | None, headline: str = "", subline: str = "") -> None:
        """Show a running session's state, or (``state=None``) a still picture with two lines.

        A state *with* words is a session held still (paused): the orb and its progress ring stay
        as they were at that moment, and the words replace the phase's.
        """
        self._state = state
        self._held = state is not None and bool(headline or subline)
        if state is None or self._held:
            self._headline, self._subline = headline, subline
        self._repaint_changes()

    def show_frame(self, state: TimelineState) -> None:
        """Draw one frame of a running session (the controller's view; see :meth:`show_state`)."""
        self._state = state
        self._held = False
        self._repaint_changes()

    @property
    def headline(self) -> str:
        """The big words under the orb right now (what a person reads)."""
        state = self._state
        if state is None or self._held:
            return self._headline
        if state.breathing is not None:
            return state.breathing.phase.label
        return state.step.caption if self.show_captions else ""

    @property
    def subline(self) -> str:
        state = self._state
        if state is None or self._held:
            return self._subline
        if state.breathing is not None:
            return str(max(1, math.ceil(state.breathing.remaining_s - 1e-6)))
        if state.remaining_s is not None and self.show_captions:
            return mmss(state.remaining_s)
        return ""

    def level(self) -> float:
        state = self._state
        if state is None or state.breathing is None:
            return RESTING_LEVEL
        return state.breathing.level

    def next_change_in(self, state: TimelineState) -> float | None:
        """Seconds until a pixel of this view should change; ``None`` when it is not on screen.

        While the orb moves this is the time until its edge has moved a device pixel (or its
        brightness a visible step), never less than a frame: a slow breath needs far fewer than
        60 frames a second. In holds only the countdown and the ring change. Every frame has a
        fixed cost, so changes that can wait share one: the countdown waits up to
        :data:`COUNTDOWN_SLACK_S` for the orb's next step, the ring up to :data:`RING_SLACK_S`.
        """
        if not self.isVisible():
            return None
        changes: list[tuple[float, float]] = []  # (due in seconds, how long it may wait)
        breathing = state.breathing
        if breathing is not None:
            if breathing.phase.kind != "hold":
                fastest = MOST_GLOW_FRAMES_PER_S if self.reduced_motion else MOST_FRAMES_PER_S
                changes.append((max(1 / fastest, self._to_visible_step(breathing)), 0.0))
            changes.append((_to_next_whole(breathing.remaining_s), COUNTDOWN_SLACK_S))
        elif state.remaining_s is not None and self.show_captions:
            changes.append((_to_next_whole(state.remaining_s), COUNTDOWN_SLACK_S))
        if state.remaining_s is not None and state.progress is not None:
            # The arc is drawn in whole pixels along the ring: a step of about one pixel is what shows.
            ring_length = (self._layout or self._geometry()).ring_length
            changes.append(((state.elapsed_s + state.remaining_s) / ring_length, RING_SLACK_S))
        if not changes:
            return None
        return max(FRAME_S, _shared_frame(changes))

    def _to_visible_step(self, breathing: PhaseState) -> float:
        """Time until the orb's level has moved by one visible step (a device pixel of radius)."""
        phase = breathing.phase
        span = abs(phase.level_to - phase.level_from)
        if span == 0:
            return breathing.remaining_s
        if self.reduced_motion:
            step = self._glow_step() / 255 / 0.65  # strength = 0.35 + 0.65 * level, in 0..255
        else:
            max_r, dpr = (self._layout or self._geometry()).max_r, self._dpr
            radius = max_r * (REST_SCALE + (1.0 - REST_SCALE) * breathing.level)
            pixel = motion_step_px(radius * dpr) / dpr
            step = pixel / max(1.0, max_r * (1.0 - REST_SCALE))
        eased = ease(breathing.progress) + step / span
        if eased >= 1.0:
            return breathing.remaining_s
        target = math.acos(1.0 - 2.0 * eased) / math.pi
        return (target - breathing.progress) * phase.duration_s

    def _glow_step(self) -> int:
        """Strength levels (of 255) per reduced-motion frame: as many as change no pixel by more than
        :data:`VISIBLE_LEVELS` (a painted strength, rounded, may land one level further)."""
        if self._glow_theme is not self.theme:
            t, bg = self.theme, self.theme.background
            stops = ((t.orb_core, 1.0), (t.accent_soft, 1.0), (t.accent, 0.85))
            contrast = max(
                abs(getattr(color, part)() - getattr(bg, part)()) * share
                for color, share in stops
                for part in ("redF", "greenF", "blueF")
            )
            self._glow = max(1, math.floor(VISIBLE_LEVELS / max(contrast, 1e-3)))
            self._glow_theme = self.theme
        return self._glow

    # -- painting -------------------------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:
        self._layout = None
        self._orb_bands = {}
        self._placed = {}
        super().resizeEvent(event)

    def _geometry(self) -> _Geometry:
        if self._layout is None:
            w, h = float(self.width()), float(self.height())
            text_h = h * (0.26 if self.show_captions else 0.16)
            ring_r = max(20.0, min(w, h - text_h) / 2 - 12)
            centre = QPointF(w / 2, (h - text_h) / 2 + 4)
            word = QRectF(0, h - text_h, w, text_h * 0.55)
            sub = QRectF(0, h - text_h * 0.45, w, text_h * 0.45)
            self._layout = _Geometry(
                centre,
                ring_r,
                ring_r - 12,
                word,
                sub,
                word.toAlignedRect(),
                sub.toAlignedRect(),
                2 * math.pi * ring_r,
                QRegion(_square(centre, ring_r + 4)),
            )
        return self._layout

    def _look(self) -> _Look:
        """What the next frame would show, rounded to what can be seen (made on every frame)."""
        geometry = self._layout or self._geometry()
        state = self._state
        level = self.level()
        if self.reduced_motion:
            radius, strength = geometry.max_r * STILL_SCALE, 0.35 + 0.65 * level
        else:
            radius, strength = geometry.max_r * (REST_SCALE + (1.0 - REST_SCALE) * level), 0.8 + 0.2 * level
        arc = 0
        if state is not None and state.progress is not None:
            # In whole pixels along the ring: a finer step would repaint the ring for nothing.
            arc = round(state.progress * geometry.ring_length)
        # Read once a frame, and kept for next_change_in: the screen's pixels per logical pixel.
        dpr = self._dpr = self.devicePixelRatioF()
        return _Look(round(radius * dpr) / dpr, round(strength * 255), arc, self.headline, self.subline)

    def _repaint_changes(self) -> None:
        """Repaint only the parts whose pixels differ from the last frame, at once.

        At once (``repaint``, not ``update``): a frame is one pass through Qt's paint machinery from
        the timer's tick, not a second turn of the event loop for a posted update request.
        """
        look, last = self._look(), self._painted
        if last is None:
            self.update()
            return
        if look == last:
            self.painted()  # nothing to draw: this moment is already on screen
            return
        geometry = self._geometry()
        if look.arc != last.arc:
            region = geometry.ring_region
        elif look.radius != last.radius or look.strength != last.strength:
            # A few bands hugging the orb's circle, inside the ring: the ring is left alone.
            region = self._orb_region(max(look.radius, last.radius))
        else:
            region = QRegion()
        if look.headline != last.headline:
            region = region.united(geometry.word_px)
        if look.subline != last.subline:
            region = region.united(geometry.sub_px)
        if not self.isVisible():
            self.update(region)
            return
        # The orb's bands and the text stay clear of the ring by construction, so this frame draws
        # the ring only if its arc moved, and words only if they changed; the look just computed is
        # the one painted.
        self._asked = (
            region,
            look,
            look.arc != last.arc,
            look.headline != last.headline,
            look.subline != last.subline,
        )
        try:
            self.repaint(region)
        finally:
            self._asked = None

    def paintEvent(self, event: QPaintEvent) -> None:
        t = self.theme
        geometry = self._geometry()
        asked = self._asked
        rect = event.rect()
        if asked is not None and asked[0] == event.region():
            # The repaint asked for just now: its look, and which parts it needs, are known.
            _, look, ring, words, sub = asked
        else:  # shown, uncovered, resized, or a frame of ours merged with one of Qt's
            look, ring = self._look(), not self._inside_orb_circle(event.region())
            words, sub = rect.intersects(geometry.word_px), rect.intersects(geometry.sub_px)
        painter = QPainter(self)
        # One fill paints the orb and the background around it: past the orb's edge its gradient
        # pads out in the background colour. No second fill, no circle to rasterise, and no
        # antialiasing needed, since the gradient itself fades to the background at the edge.
        # Every stop is opaque, so Qt copies the spans rather than blending them.
        painter.fillRect(rect, self._orb_brush(look.strength, geometry.centre, look.radius))
        if ring:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            self._paint_ring(painter, geometry.centre, geometry.ring_r, look.arc)
        if words:
            painter.setPen(t.text)
            painter.setFont(self._word_font)
            headline = painter.fontMetrics().elidedText(
                look.headline, Qt.TextElideMode.ElideRight, self.width() - 16
            )
            painter.drawText(
                geometry.word, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom, headline
            )
        if sub:
            painter.setPen(t.muted)
            painter.setFont(self._small_font)
            painter.drawText(
                geometry.sub, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, look.subline
            )
        painter.end()
        self._painted = look
        self.painted()

    def _orb_region(self, radius: float | None = None) -> QRegion:
        """The orb's circle at ``radius`` (default: its largest) as a few rows of rectangles.

        The rows cover the whole circle but stay clear of the ring around it (see
        :func:`orb_bands`), so a frame that only moves the orb never touches the ring; and a small
        orb repaints a small region, not the largest one it could have.
        """
        geometry = self._geometry()
        m = (geometry.max_r if radius is None else min(radius, geometry.max_r)) + 1.5
        key = math.ceil(m)
        cached = self._orb_bands.get(key)
        if cached is None:
            c = geometry.centre
            cached = QRegion()
            for x0, y0, x1, y1 in orb_bands(c.x(), c.y(), float(key), geometry.ring_r - RING_CLEARANCE):
                cached = cached.united(QRect(x0, y0, x1 - x0, y1 - y0))
            self._orb_bands[key] = cached
        return cached

    def _inside_orb_circle(self, region: QRegion) -> bool:
        """True when every pixel to repaint lies in the orb's bands, so the ring need not be drawn."""
        return region.subtracted(self._orb_region()).isEmpty()

    def _paint_ring(self, painter: QPainter, centre: QPointF, radius: float, arc: int) -> None:
        t = self.theme
        rect = QRectF(centre.x() - radius, centre.y() - radius, 2 * radius, 2 * radius)
        pen = QPen(t.track, 3)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(rect)
        if arc > 0:
            pen.setColor(t.accent)
            painter.setPen(pen)
            painter.drawArc(rect, 90 * 16, -round(arc / (2 * math.pi * radius) * 360 * 16))

    def _orb_brush(self, strength: int, centre: QPointF, radius: float) -> QBrush:
        """The orb's gradient at ``strength`` (0-255), placed at ``centre`` with ``radius``.

        One gradient per strength and theme, made on a unit circle; and one placed copy of it per
        strength and radius, kept until the view is resized or re-themed, since a breath passes the
        same few dozen sizes again and again (a frame then makes no Qt objects at all). Its stops
        are blended with the background here, so the fill is opaque: Qt then copies gradient spans
        instead of blending every pixel (the same picture, a fraction of the work). Caching whole
        orb images per size saved a little more CPU but cost ~15 MB: not worth it.
        """
        t = self.theme
        if self._brush_theme is not t:
            self._brushes.clear()
            self._placed.clear()
            self._brush_theme = t
        placed = self._placed.get((strength, radius))
        if placed is not None:
            return placed
        brush = self._brushes.get(strength)
        if brush is None:
            alpha, bg = strength / 255, t.background
            gradient = QRadialGradient(QPointF(0.0, 0.0), 1.0, QPointF(0.0, -0.25))
            gradient.setColorAt(0.0, _over(bg, t.orb_core, alpha))
            gradient.setColorAt(0.55, _over(bg, t.accent_soft, alpha))
            gradient.setColorAt(EDGE_START, _over(bg, t.accent, 0.85 * alpha))
            gradient.setColorAt(1.0, bg)
            brush = self._brushes[strength] = QBrush(gradient)
        if len(self._placed) >= PLACED_BRUSHES:
            self._placed.clear()  # an odd run of sizes (a window dragged larger): start again
        placed = QBrush(brush)
        placed.setTransform(QTransform(radius, 0.0, 0.0, radius, centre.x(), centre.y()))
        self._placed[(strength, radius)] = placed
        return placed


@dataclass(frozen=True)
class _Geometry:
    centre: QPointF
    ring_r: float
    max_r: float
    word: QRectF
    sub: QRectF
    #: ``word`` and ``sub`` in whole pixels, as repaint regions are.
    word_px: QRect
    sub_px: QRect
    #: The ring's circumference: pixels of arc a whole session draws.
    ring_length: float
    #: What a frame that moves the ring's arc repaints: the ring and all inside it.
    ring_region: QRegion


class _Look(NamedTuple):
    """One frame's picture, rounded to what can be seen (a tuple: made and compared every frame)."""

    radius: float
    strength: int
    arc: int
    """Pixels of the progress arc along the ring."""
    headline: str
    subline: str


def _over(background: QColor, color: QColor, alpha: float) -> QColor:
    """``color`` at ``alpha`` over an opaque ``background``, as one opaque colour."""
    a = max(0.0, min(1.0, alpha))
    return QColor.fromRgbF(
        background.redF() + (color.redF() - background.redF()) * a,
        background.greenF() + (color.greenF() - background.greenF()) * a,
        background.blueF() + (color.blueF() - background.blueF()) * a,
    )


def orb_bands(cx: float, cy: float, reach: float, clear: float) -> list[tuple[int, int, int, int]]:
    """Rectangles ``(x0, y0, x1, y1)`` in whole pixels that together cover the disc of radius
    ``reach`` around ``(cx, cy)`` and never reach ``clear`` from it.

    Rows are as tall as that allows: one row for a small disc, a dozen or so where the disc nearly
    fills the ring. A repaint region that pokes past ``clear`` would paint the background over the
    ring without redrawing it.
    """
    rects: list[tuple[int, int, int, int]] = []
    near = 0.0
    while near < reach:
        half = math.sqrt(max(0.0, reach * reach - near * near)) + 1.0
        # Whole pixels round outwards by up to one: keep the rounded corner inside ``clear``.
        room = math.sqrt(max(0.0, clear * clear - (half + 1.0) ** 2)) - 1.0
        far = min(reach, max(room, near + 1.0))
        x0, x1 = math.floor(cx - half), math.ceil(cx + half)
        above = (math.floor(cy - far), math.ceil(cy - near))
        below = (math.floor(cy + near), math.ceil(cy + far))
        rows = [(above[0], below[1])] if near == 0.0 else [above, below]
        rects.extend((x0, y0, x1, y1) for y0, y1 in rows)
        near = far
    return rects


def motion_step_px(radius_px: float) -> float:
    """How far (whole device pixels, at least one) the orb's edge may move in one frame at ``radius_px``:
    :data:`EDGE_STEP_SHARE` of its soft fade, which is the outer ``1 - EDGE_START`` of the radius."""
    return max(1.0, float(math.floor(EDGE_STEP_SHARE * (1.0 - EDGE_START) * radius_px + 1e-9)))


def _square(centre: QPointF, half: float) -> QRect:
    """The whole pixels of the square around ``centre`` reaching ``half`` to each side."""
    return QRectF(centre.x() - half, centre.y() - half, 2 * half, 2 * half).toAlignedRect()


def _shared_frame(changes: list[tuple[float, float]]) -> float:
    """When to draw next, given ``(due, slack)`` changes: as late as the most urgent one allows,
    and exactly when one is due, so that changes due close together share one frame."""
    deadline = min([due + slack for due, slack in changes])
    return max([due for due, _ in changes if due <= deadline])


def _to_next_whole(remaining_s: float) -> float:
    """Seconds until a countdown showing ``ceil(remaining_s)`` shows the next number."""
    return remaining_s - math.ceil(remaining_s - 1e-6) + 1.0
