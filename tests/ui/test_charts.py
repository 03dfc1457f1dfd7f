"""The history charts: one colour per kind, whatever else the data holds (issue 14 #15)."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from sessions.kinds import PRACTICE_KINDS
from sessions.script_model import KINDS as SCRIPT_KINDS
from sessions.stats import WeekMinutes, kinds_in_order
from ui import theme as themes
from ui.charts import WeeklyBars, kind_colour

MONDAY = date(2026, 3, 16)


def bar_colour(qtbot: QtBot, weeks: list[WeekMinutes], column: int) -> QColor:
    """The most common saturated colour in the middle of bar ``column``."""
    chart = WeeklyBars(themes.LIGHT)
    qtbot.addWidget(chart)
    chart.resize(420, 200)
    chart.set_data(weeks, kinds_in_order(weeks))
    image = chart.grab().toImage()
    pitch = (chart.width() - 8) / len(weeks)
    x = round(4 + column * pitch + pitch / 2)
    seen: Counter[int] = Counter()
    for y in range(image.height()):
        colour = QColor(image.pixel(x, y))
        if colour.hslSaturation() > 60 and colour.lightness() < 230:  # not the card
            seen[colour.rgb()] += 1
    assert seen, "no bar drawn"
    return QColor(seen.most_common(1)[0][0])


def test_a_kind_keeps_its_colour_when_other_kinds_outgrow_it(qtbot: QtBot) -> None:
    alone = [WeekMinutes(MONDAY - timedelta(weeks=1), {"body-scan": 30.0}), WeekMinutes(MONDAY, {})]
    crowded = [
        WeekMinutes(MONDAY - timedelta(weeks=1), {"body-scan": 30.0}),
        WeekMinutes(MONDAY, {"breathing": 90.0, "loving-kindness": 60.0}),
    ]
    assert bar_colour(qtbot, alone, 0).rgb() == bar_colour(qtbot, crowded, 0).rgb()
    assert bar_colour(qtbot, alone, 0).rgb() == kind_colour(themes.LIGHT, "body-scan").rgb()


def test_every_known_kind_has_its_own_colour_and_unknown_ones_are_stable() -> None:
    for theme in (themes.LIGHT, themes.DARK):
        colours = {kind_colour(theme, kind).rgb() for kind in PRACTICE_KINDS}
        assert len(colours) == len(PRACTICE_KINDS)
        assert kind_colour(theme, "yoga-nidra").rgb() == kind_colour(theme, "yoga-nidra").rgb()
    assert set(SCRIPT_KINDS) <= set(PRACTICE_KINDS)  # one list of kinds
