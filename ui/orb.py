"""The breathing orb: a soft gradient that swells on the inhale, rests on holds and settles on the exhale."""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen, QRadialGradient
from PySide6.QtWidgets import QSizePolicy, QWidget

from sessions.timeline import TimelineState
from ui import theme as themes

FRAME_S = 1 / 60
#: The orb's size at empty lungs, as a share of its full size (DESIGN §1: about 40 %).
REST_SCALE = 0.4
#: With reduced motion the orb keeps one size and breathes by brightness instead.
STILL_SCALE = 0.72
#: The orb's fill when nothing is being paced: calm, neither full nor empty.
RESTING_LEVEL = 0.55


class OrbView(QWidget):
    """Paints one moment of a session (or the calm idle picture) from a :class:`TimelineState`.

    It holds no timer: whoever owns the session asks :meth:`next_change_in` when the next pixel
    would change and calls :meth:`show_state` then.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("Breathing guide")
        self.theme = themes.current()
        self.reduced_motion = False
        #: False in the player, which shows captions in a label of their own.
        self.show_captions = True
        self._state: TimelineState | None = None
        self._headline = "Ready when you are"
        self._subline = "Press Space to begin"
        self._ring_radius = 100.0
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
        """Show a running session's state, or (``state=None``) a still picture with two lines."""
        self._state = state
        if state is None:
            self._headline, self._subline = headline, subline
        self.update()

    @property
    def headline(self) -> str:
        """The big words under the orb right now (what a person reads)."""
        state = self._state
        if state is None:
            return self._headline
        if state.breathing is not None:
            return state.breathing.phase.label
        return state.step.caption if self.show_captions else ""

    @property
    def subline(self) -> str:
        state = self._state
        if state is None:
            return self._subline
        if state.breathing is not None:
            return str(max(1, math.ceil(state.breathing.remaining_s - 1e-6)))
        if state.remaining_s is not None and self.show_captions:
            return clock_text(state.remaining_s)
        return ""

    def level(self) -> float:
        state = self._state
        if state is None or state.breathing is None:
            return RESTING_LEVEL
        return state.breathing.level

    def next_change_in(self, state: TimelineState) -> float | None:
        """Seconds until a pixel of this view would change; ``None`` when it is not on screen."""
        if not self.isVisible():
            return None
        breathing = state.breathing
        if breathing is not None and breathing.phase.kind != "hold":
            return FRAME_S
        waits: list[float] = []
        if breathing is not None:
            waits.append(_to_next_whole(breathing.remaining_s))
        elif state.remaining_s is not None:
            waits.append(_to_next_whole(state.remaining_s))
        if state.remaining_s is not None and state.progress is not None:
            total = state.elapsed_s + state.remaining_s
            circumference = 2 * math.pi * self._ring_radius
            waits.append(max(FRAME_S, total / circumference))
        return min(waits) if waits else None

    # -- painting -------------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        del event
        t = self.theme
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), t.background)
        w, h = float(self.width()), float(self.height())
        text_h = h * (0.26 if self.show_captions else 0.16)
        ring_r = max(20.0, min(w, h - text_h) / 2 - 12)
        self._ring_radius = ring_r
        centre = QPointF(w / 2, (h - text_h) / 2 + 4)

        self._paint_ring(painter, centre, ring_r)
        self._paint_orb(painter, centre, ring_r - 12)

        painter.setPen(t.text)
        painter.setFont(self._word_font)
        word_rect = QRectF(0, h - text_h, w, text_h * 0.55)
        painter.drawText(
            word_rect, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom, self.headline
        )
        painter.setPen(t.muted)
        painter.setFont(self._small_font)
        sub_rect = QRectF(0, h - text_h * 0.45, w, text_h * 0.45)
        painter.drawText(sub_rect, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, self.subline)
        painter.end()
        self.painted()

    def _paint_ring(self, painter: QPainter, centre: QPointF, radius: float) -> None:
        t = self.theme
        rect = QRectF(centre.x() - radius, centre.y() - radius, 2 * radius, 2 * radius)
        pen = QPen(t.track, 3)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(rect)
        state = self._state
        if state is not None and state.progress is not None and state.progress > 0:
            pen.setColor(t.accent)
            painter.setPen(pen)
            span = -round(state.progress * 360 * 16)
            painter.drawArc(rect, 90 * 16, span)

    def _paint_orb(self, painter: QPainter, centre: QPointF, max_r: float) -> None:
        t = self.theme
        level = self.level()
        if self.reduced_motion:
            radius = max_r * STILL_SCALE
            strength = 0.35 + 0.65 * level
        else:
            radius = max_r * (REST_SCALE + (1.0 - REST_SCALE) * level)
            strength = 0.8 + 0.2 * level
        gradient = QRadialGradient(centre, radius, QPointF(centre.x(), centre.y() - radius * 0.25))
        gradient.setColorAt(0.0, _alpha(t.orb_core, strength))
        gradient.setColorAt(0.55, _alpha(t.accent_soft, strength))
        gradient.setColorAt(0.9, _alpha(t.accent, 0.85 * strength))
        gradient.setColorAt(1.0, _alpha(t.accent, 0.0))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(gradient)
        painter.drawEllipse(centre, radius, radius)


def _alpha(color: QColor, alpha: float) -> QColor:
    c = QColor(color)
    c.setAlphaF(max(0.0, min(1.0, alpha)))
    return c


def _to_next_whole(remaining_s: float) -> float:
    """Seconds until a countdown showing ``ceil(remaining_s)`` shows the next number."""
    return remaining_s - math.ceil(remaining_s - 1e-6) + 1.0


def clock_text(seconds: float) -> str:
    total = max(0, math.ceil(seconds - 1e-6))
    return f"{total // 60}:{total % 60:02d}"
