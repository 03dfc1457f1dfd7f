"""Small calm charts for the history window, painted with QPainter in the theme's soft colours."""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from datetime import date, timedelta

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from sessions.kinds import KIND_LABELS, PRACTICE_KINDS
from sessions.stats import MoodPoint, WeekMinutes
from ui.theme import Theme

MOOD_WORDS = ("Very low", "Low", "Okay", "Good", "Very good")
#: Minutes that reach each step of the heatmap's four shades.
HEAT_STEPS = (1.0, 10.0, 20.0, 40.0)
WEEKDAYS = ("Mon", "", "Wed", "", "Fri", "", "")


#: Shorter names where a legend is tight.
SHORT_LABELS = {
    "self-compassion-break": "Self-compassion",
    "soften-soothe-allow": "Soften, soothe",
    "affectionate-breathing": "Affectionate breath",
    "compassionate-walking": "Kind walking",
}


def kind_label(kind: str, *, short: bool = False) -> str:
    if short and kind in SHORT_LABELS:
        return SHORT_LABELS[kind]
    return KIND_LABELS.get(kind) or kind.replace("-", " ").replace("_", " ").capitalize() or "Practice"


#: Quiet hues after the accent, one per place in ``PRACTICE_KINDS``; later places step round the
#: colour wheel by the golden angle, so no two kinds share a colour however many there are.
_HUES = (140, 35, 350, 265, 190, 80, 310, 220, 10)


def kind_colour(theme: Theme, kind: str) -> QColor:
    """The one colour of ``kind`` in every chart, whatever else is in the data (issue 14 #15).

    A kind keeps the colour of its place in ``sessions.kinds.PRACTICE_KINDS``; a kind outside the
    list (an old import, a renamed script) gets one from a checksum of its name, the same every run.
    """
    if kind in PRACTICE_KINDS:
        slot = PRACTICE_KINDS.index(kind)
    else:
        slot = len(PRACTICE_KINDS) + zlib.crc32(kind.encode()) % 64
    if slot == 0:
        return QColor(theme.accent)
    if slot <= len(_HUES):
        hue, shade = _HUES[slot - 1], 0
    else:
        hue, shade = round(_HUES[0] + (slot - len(_HUES)) * 137.508) % 360, 18
    saturation = 70 if theme.dark else 80
    lightness = (150 if theme.dark else 165) - shade
    return QColor.fromHsl(hue, saturation, lightness)


def kind_colours(theme: Theme, kinds: Sequence[str]) -> list[QColor]:
    """:func:`kind_colour` for each of ``kinds``."""
    return [kind_colour(theme, kind) for kind in kinds]


def blend(a: QColor, b: QColor, t: float) -> QColor:
    t = max(0.0, min(1.0, t))
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * t,
        a.greenF() + (b.greenF() - a.greenF()) * t,
        a.blueF() + (b.blueF() - a.blueF()) * t,
    )


def _small_font(widget: QWidget, scale: float = 0.85) -> QFont:
    font = QFont(widget.font())
    size = font.pointSizeF() if font.pointSizeF() > 0 else 10.0
    font.setPointSizeF(size * scale)
    return font


class _Chart(QWidget):
    """A chart on the card's surface colour; no focus of its own (its words are in accessibleDescription)."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = theme
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    def _begin(self) -> QPainter:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.theme.surface)
        return painter

    def _empty(self, painter: QPainter, text: str) -> None:
        painter.setPen(self.theme.muted)
        painter.setFont(_small_font(self, 0.95))
        painter.drawText(
            QRectF(self.rect()).adjusted(12, 8, -12, -8),
            Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
            text,
        )


class YearHeatmap(_Chart):
    """A year as weeks × weekdays; each day a rounded square, deeper accent for more minutes."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(theme, parent)
        self.setAccessibleName("Practice over the last year")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._first = date.today()
        self._today = date.today()
        self._minutes: dict[date, float] = {}
        self._weeks = 53

    def sizeHint(self) -> QSize:
        metrics = QFontMetrics(_small_font(self, 0.8))
        return QSize(820, metrics.height() + 6 + 7 * 15)

    def minimumSizeHint(self) -> QSize:
        return QSize(420, self.sizeHint().height())

    def set_data(self, minutes_by_day: dict[date, float], first: date, today: date) -> None:
        self._minutes, self._first, self._today = minutes_by_day, first, today
        self._weeks = (today - first).days // 7 + 1
        days = sum(1 for m in minutes_by_day.values() if m > 0)
        self.setAccessibleDescription(
            f"You practised on {days} day{'s' if days != 1 else ''} in the last year."
            if days
            else "No practice in the last year yet."
        )
        self.update()

    def shade(self, minutes: float) -> QColor:
        theme = self.theme
        if minutes <= 0:
            return QColor(theme.track)
        level = sum(1 for step in HEAT_STEPS if minutes >= step)  # 1..4
        return blend(theme.accent_soft, theme.accent, (level - 1) / (len(HEAT_STEPS) - 1))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = self._begin()
        theme = self.theme
        font = _small_font(self, 0.8)
        metrics = QFontMetrics(font)
        painter.setFont(font)
        left = metrics.horizontalAdvance("Wed") + 10.0
        top = metrics.height() + 6
        pitch = max(4.0, min((self.width() - left) / self._weeks, (self.height() - top) / 7))
        gap = max(1.5, pitch * 0.2)
        cell = pitch - gap
        radius = cell * 0.28
        # Centre the calendar when the card is wider than a year needs.
        left += max(0.0, (self.width() - left - pitch * self._weeks) / 2)
        painter.setPen(theme.muted)
        for row, name in enumerate(WEEKDAYS):
            if name:
                y = top + row * pitch
                painter.drawText(
                    QRectF(0, y, left - 6, cell),
                    Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                    name,
                )
        painter.setPen(Qt.PenStyle.NoPen)
        previous_month = None
        for week in range(self._weeks):
            monday = self._first + timedelta(weeks=week)
            x = left + week * pitch
            if monday.month != previous_month and (week > 0 or monday.day <= 7):
                painter.setPen(theme.muted)
                painter.drawText(QPointF(x, top - 6), monday.strftime("%b"))
                painter.setPen(Qt.PenStyle.NoPen)
            previous_month = monday.month
            for row in range(7):
                day = monday + timedelta(days=row)
                if day > self._today:
                    break
                painter.setBrush(self.shade(self._minutes.get(day, 0.0)))
                painter.drawRoundedRect(QRectF(x, top + row * pitch, cell, cell), radius, radius)
                if day == self._today:
                    painter.setBrush(Qt.BrushStyle.NoBrush)
                    painter.setPen(QPen(theme.focus, 1.2))
                    painter.drawRoundedRect(QRectF(x, top + row * pitch, cell, cell), radius, radius)
                    painter.setPen(Qt.PenStyle.NoPen)
        painter.end()


class HeatLegend(_Chart):
    """ "Less ▢▢▢▢▢ More", for the heatmap card's heading row."""

    def __init__(self, heatmap: YearHeatmap, parent: QWidget | None = None) -> None:
        super().__init__(heatmap.theme, parent)
        self.heatmap = heatmap
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Shades: lighter for a few minutes, deeper for more")

    def sizeHint(self) -> QSize:
        metrics = QFontMetrics(_small_font(self, 0.8))
        return QSize(metrics.horizontalAdvance("Less") + metrics.horizontalAdvance("More") + 5 * 14 + 16,
                     metrics.height() + 2)  # fmt: skip

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = self._begin()
        font = _small_font(self, 0.8)
        metrics = QFontMetrics(font)
        painter.setFont(font)
        cell, pitch = 11.0, 14.0
        y = (self.height() - cell) / 2
        baseline = (self.height() + metrics.ascent() - metrics.descent()) / 2
        painter.setPen(self.theme.muted)
        painter.drawText(QPointF(0, baseline), "Less")
        x = metrics.horizontalAdvance("Less") + 6.0
        painter.setPen(Qt.PenStyle.NoPen)
        for minutes in (0.0, *HEAT_STEPS):
            painter.setBrush(self.heatmap.shade(minutes))
            painter.drawRoundedRect(QRectF(x, y, cell, cell), 3, 3)
            x += pitch
        painter.setPen(self.theme.muted)
        painter.drawText(QPointF(x + 2, baseline), "More")
        painter.end()


class WeeklyBars(_Chart):
    """Minutes per week, stacked by kind, with a small legend beneath."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(theme, parent)
        self.setAccessibleName("Minutes each week, by kind of practice")
        self._weeks: list[WeekMinutes] = []
        self._kinds: list[str] = []

    def sizeHint(self) -> QSize:
        return QSize(420, 150)

    def minimumSizeHint(self) -> QSize:
        return QSize(260, 130)

    def set_data(self, weeks: Sequence[WeekMinutes], kinds: Sequence[str]) -> None:
        self._weeks, self._kinds = list(weeks), list(kinds)
        this_week = round(weeks[-1].total) if weeks else 0
        self.setAccessibleDescription(
            f"{this_week} minute{'s' if this_week != 1 else ''} this week. "
            + "; ".join(f"week of {w.week_start:%d %B}: {round(w.total)} min" for w in weeks)
        )
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = self._begin()
        theme = self.theme
        if not any(w.total for w in self._weeks):
            self._empty(painter, "Your weekly minutes will show here.")
            painter.end()
            return
        font = _small_font(self, 0.8)
        metrics = QFontMetrics(font)
        painter.setFont(font)
        colours = {kind: kind_colour(theme, kind) for kind in self._kinds}
        # Legend rows at the bottom (wrapping).
        legend: list[tuple[float, float, str]] = []
        x, rows = 0.0, 1
        for kind in self._kinds:
            w = 13 + metrics.horizontalAdvance(kind_label(kind, short=True)) + 12
            if x + w > self.width() and x > 0:
                x, rows = 0.0, rows + 1
            legend.append((x, rows, kind))
            x += w
        legend_h = rows * (metrics.height() + 4) + 4
        top = metrics.height() + 4
        bottom = self.height() - legend_h - metrics.height() - 6
        left = 4.0
        chart_w = self.width() - left - 4
        peak = max(w.total for w in self._weeks)
        scale_max = _nice_ceiling(peak)
        # Faint guide at the top value, and the baseline.
        painter.setPen(QPen(theme.track, 1))
        painter.drawLine(QPointF(left, bottom), QPointF(left + chart_w, bottom))
        painter.setPen(theme.muted)
        painter.drawText(QPointF(left, top - 4), f"{scale_max:g} min")
        pitch = chart_w / max(1, len(self._weeks))
        bar_w = min(28.0, pitch * 0.62)
        height = bottom - top - 2
        for i, week in enumerate(self._weeks):
            x = left + i * pitch + (pitch - bar_w) / 2
            y = float(bottom)
            stacked = [(k, week.minutes_by_kind.get(k, 0.0)) for k in self._kinds]
            stacked = [(k, m) for k, m in stacked if m > 0]
            total_h = height * week.total / scale_max
            path_clip = QPainterPath()
            path_clip.addRoundedRect(QRectF(x, bottom - total_h, bar_w, total_h), 5, 5)
            painter.save()
            painter.setClipPath(path_clip)
            painter.setPen(Qt.PenStyle.NoPen)
            for kind, minutes in stacked:
                h = height * minutes / scale_max
                painter.setBrush(colours[kind])
                painter.drawRect(QRectF(x, y - h, bar_w, h + 0.5))
                y -= h
            painter.restore()
            if (len(self._weeks) - 1 - i) % 4 == 0:
                label = (
                    "This week"
                    if i == len(self._weeks) - 1
                    else f"{week.week_start.day} {week.week_start:%b}"
                )
                painter.setPen(theme.muted)
                lw = metrics.horizontalAdvance(label)
                lx = min(max(0.0, x + bar_w / 2 - lw / 2), self.width() - lw - 2)
                painter.drawText(QPointF(lx, bottom + metrics.ascent() + 4), label)
        legend_top = self.height() - legend_h + 4
        for lx, row, kind in legend:
            ly = legend_top + (row - 1) * (metrics.height() + 4)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colours[kind])
            painter.drawEllipse(QRectF(lx, ly + metrics.height() / 2 - 4, 8, 8))
            painter.setPen(theme.text)
            painter.drawText(QPointF(lx + 13, ly + metrics.ascent()), kind_label(kind, short=True))
        painter.end()


def _nice_ceiling(value: float) -> float:
    for step in (10, 15, 20, 30, 45, 60, 90, 120, 180, 240, 300, 360, 480, 600):
        if value <= step:
            return float(step)
    return float(int(value / 300 + 1) * 300)


class MoodChart(_Chart):
    """How each session felt before and after: a soft line from a hollow dot to a filled one."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(theme, parent)
        self.setAccessibleName("How you felt before and after your sessions")
        self._points: list[MoodPoint] = []

    def sizeHint(self) -> QSize:
        return QSize(420, 150)

    def minimumSizeHint(self) -> QSize:
        return QSize(260, 130)

    def set_data(self, points: Sequence[MoodPoint]) -> None:
        self._points = list(points)
        pairs = [p for p in points if p.before is not None and p.after is not None]
        if pairs:
            lifted = sum(1 for p in pairs if (p.after or 0) > (p.before or 0))
            text = f"{len(pairs)} sessions with both check-ins; you felt lighter after {lifted} of them."
        else:
            text = "No check-ins yet."
        self.setAccessibleDescription(text)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = self._begin()
        theme = self.theme
        if not self._points:
            self._empty(painter, "If you like, check in before and after a session; it will show here.")
            painter.end()
            return
        font = _small_font(self, 0.8)
        metrics = QFontMetrics(font)
        painter.setFont(font)
        left = metrics.horizontalAdvance("Very good") + 10
        top = metrics.height() / 2 + 4
        legend_h = metrics.height() + 8
        bottom = self.height() - legend_h - 6
        right = self.width() - 8

        def y_of(mood: int) -> float:
            return bottom - (mood - 1) / 4 * (bottom - top)

        for mood in range(1, 6):
            y = y_of(mood)
            painter.setPen(QPen(theme.track, 1))
            painter.drawLine(QPointF(left, y), QPointF(right, y))
            if mood in (1, 3, 5):
                painter.setPen(theme.muted)
                painter.drawText(
                    QRectF(0, y - metrics.height() / 2, left - 8, metrics.height()),
                    Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                    MOOD_WORDS[mood - 1],
                )
        pitch = (right - left) / max(1, len(self._points))
        dot = max(3.0, min(5.0, pitch * 0.3))
        before_colour = QColor(theme.muted)
        after_colour = QColor(theme.accent)
        stem = QColor(theme.accent_soft)
        for i, point in enumerate(self._points):
            x = left + pitch * (i + 0.5)
            if point.before is not None and point.after is not None:
                painter.setPen(
                    QPen(stem, max(2.0, dot * 0.7), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
                )
                painter.drawLine(QPointF(x, y_of(point.before)), QPointF(x, y_of(point.after)))
            if point.before is not None:
                painter.setPen(QPen(before_colour, 1.4))
                painter.setBrush(theme.surface)
                painter.drawEllipse(QPointF(x, y_of(point.before)), dot, dot)
            if point.after is not None:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(after_colour)
                painter.drawEllipse(QPointF(x, y_of(point.after)), dot, dot)
        # Legend.
        ly = self.height() - legend_h + metrics.height() / 2 + 2
        lx = float(left)
        painter.setPen(QPen(before_colour, 1.4))
        painter.setBrush(theme.surface)
        painter.drawEllipse(QPointF(lx + 4, ly), 4, 4)
        painter.setPen(theme.text)
        painter.drawText(QPointF(lx + 13, ly + metrics.ascent() / 2 - 1), "Before")
        lx += 13 + metrics.horizontalAdvance("Before") + 16
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(after_colour)
        painter.drawEllipse(QPointF(lx + 4, ly), 4, 4)
        painter.setPen(theme.text)
        painter.drawText(QPointF(lx + 13, ly + metrics.ascent() / 2 - 1), "After")
        painter.end()


__all__ = [
    "KIND_LABELS",
    "MOOD_WORDS",
    "MoodChart",
    "WeeklyBars",
    "YearHeatmap",
    "kind_colour",
    "kind_colours",
    "kind_label",
]
