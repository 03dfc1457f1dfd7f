"""Windows open at a size that fits the screen they are on, frame and panel included (issue 14 #5)."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

#: Room a window manager takes around a window: borders, and a title bar above it.
FRAME = QSize(10, 34)


def available_size(window: QWidget) -> QSize | None:
    """What the window's screen leaves for a window's contents (panels and frame taken off)."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    if not screen:  # no screen at all (stubs say there always is one; Qt can return None)
        return None
    room = screen.availableGeometry().size()
    return QSize(room.width() - FRAME.width(), room.height() - FRAME.height())


def fitted(window: QWidget, wanted: QSize) -> QSize:
    """``wanted``, made smaller where the screen is smaller (never below the window's minimum)."""
    room = available_size(window)
    if room is None:
        return wanted
    return wanted.boundedTo(room).expandedTo(window.minimumSizeHint())


def resize_to_fit(window: QWidget, wanted: QSize) -> None:
    window.resize(fitted(window, wanted))


__all__ = ["FRAME", "available_size", "fitted", "resize_to_fit"]
