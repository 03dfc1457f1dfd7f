"""Silent sitting on the settings' Practice page: the settling time, a bell between, and which bell."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSignalBlocker
from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from sessions.settings import Settings
from ui.settings_page import SettingsPage, say

DELAYS_S = (
    (0.0, "None"),
    (10.0, "10 seconds"),
    (15.0, "15 seconds"),
    (30.0, "30 seconds"),
    (60.0, "1 minute"),
)
INTERVALS_MIN = (
    (0.0, "Only to begin and to end"),
    (1.0, "Every minute"),
    (2.0, "Every 2 minutes"),
    (5.0, "Every 5 minutes"),
    (10.0, "Every 10 minutes"),
    (15.0, "Every 15 minutes"),
)
BELLS = (("bowl", "Singing bowl"), ("bowl-low", "Deep bowl"), ("bowl-high", "Small bowl"))
CHOOSE = "choose"


class TimerSettings:
    """The timer's three choices on ``page``; the window loads, collects and sends them to the store."""

    def __init__(self, page: SettingsPage) -> None:
        page.heading("Silent sitting")
        self.delay = page.combo("Time to settle before the first bell", DELAYS_S)
        page.row("Settling time", self.delay, stretch=False)
        self.interval = page.combo("Bells during the sit", INTERVALS_MIN)
        page.row("Bells between", self.interval, stretch=False)
        self.bell = page.combo("Bell", (*BELLS, (CHOOSE, "Choose a sound…")))
        page.row("Bell", self.bell, stretch=False)
        self.message: QLabel = page.hint("")
        self.message.setVisible(False)
        page.hint("The settling time is not counted as practice.")
        self._own: str | None = None

    def controls(self) -> list[QWidget]:
        return [self.delay, self.interval, self.bell]

    def load(self, s: Settings) -> None:
        blockers = [QSignalBlocker(w) for w in self.controls()]
        _select(self.delay, s.timer_delay_s, f"{s.timer_delay_s:g} seconds")
        _select(self.interval, s.timer_interval_min, f"Every {s.timer_interval_min:g} minutes")
        if self.bell.findData(s.timer_bell) < 0:
            self._set_own(s.timer_bell)
        self.bell.setCurrentIndex(self.bell.findData(s.timer_bell))
        del blockers

    def collect(self, s: Settings) -> dict[str, Any]:
        bell = self.bell.currentData()
        return {
            "timer_delay_s": float(self.delay.currentData()),
            "timer_interval_min": float(self.interval.currentData()),
            "timer_bell": s.timer_bell if bell == CHOOSE else str(bell),
        }

    def wants_file(self) -> bool:
        """True when "Choose a sound…" was just picked: the window asks for a file."""
        return bool(self.bell.currentData() == CHOOSE)

    def use_file(self, chosen: str | None, s: Settings) -> None:
        """A short sound file as the bell, checked as ``start timer --bell FILE`` is; else back as it was."""
        from audio.bells import check_bell
        from audio.tags import AudioFileError

        if chosen:
            try:
                bell = check_bell(chosen)
            except AudioFileError as exc:
                say(self.message, f"That sound can't be a bell: {exc}.")
            else:
                say(self.message, "")
                self._set_own(bell)
                blocker = QSignalBlocker(self.bell)
                self.bell.setCurrentIndex(self.bell.findData(bell))
                del blocker
                return
        self.load(s)  # cancelled or refused: the bell stays what it was

    def _set_own(self, path: str) -> None:
        if self._own is not None:
            self.bell.removeItem(self.bell.findData(self._own))
        self._own = path
        self.bell.insertItem(len(BELLS), f"Your sound: {Path(path).name}", path)


def _select(box: QComboBox, value: float, text: str) -> None:
    if box.findData(value) < 0:
        box.addItem(text, value)
    box.setCurrentIndex(box.findData(value))


__all__ = ["TimerSettings"]
