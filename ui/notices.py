"""Things Kindly has to tell the person (a file set aside, a sound device gone): each said once."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class Notices(QObject):
    """Every notice of this run, in order; each text is posted only once.

    Signals:
        posted(str): a new notice (the main window shows it; the tray says it when nobody looks).
    """

    posted = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.texts: list[str] = []

    def say(self, text: str) -> None:
        if text in self.texts:
            return
        self.texts.append(text)
        print(f"kindly: {text}", file=sys.stderr)
        self.posted.emit(text)


__all__ = ["Notices"]
