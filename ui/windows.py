"""One registry opens every window (Anki's ``DialogManager``): built on first use, then reused."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

W = TypeVar("W", bound=QWidget)


class WindowRegistry(QObject):
    """Named windows: ``get`` builds one on first use, ``open`` shows, raises and activates it.

    Signals:
        built(str): the window of that name was just made (wire late listeners here).
    """

    built = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._factories: dict[str, Callable[[], QWidget]] = {}
        self._windows: dict[str, QWidget] = {}

    def register(self, name: str, factory: Callable[[], QWidget]) -> None:
        if name in self._factories:
            raise ValueError(f"a window named {name!r} is registered already")
        self._factories[name] = factory

    def get(self, name: str) -> QWidget:
        """The window, built now if it was never needed before."""
        window = self._windows.get(name)
        if window is None:
            window = self._factories[name]()
            self._windows[name] = window
            self.built.emit(name)
        return window

    def adopt(self, name: str, window: QWidget) -> None:
        """Take ``window``, made before the registry (ui/first_window.py), as the one named ``name``."""
        if name not in self._factories:
            raise ValueError(f"no window named {name!r} is registered")
        if name in self._windows:
            raise ValueError(f"the window {name!r} exists already")
        self._windows[name] = window
        self.built.emit(name)

    def typed(self, name: str, kind: type[W]) -> W:
        """:meth:`get`, checked to be a ``kind`` (for callers that use the window's own methods)."""
        window = self.get(name)
        if not isinstance(window, kind):
            raise TypeError(f"window {name!r} is a {type(window).__name__}, not a {kind.__name__}")
        return window

    def peek(self, name: str) -> QWidget | None:
        """The window if it was built, without building it."""
        return self._windows.get(name)

    def is_visible(self, name: str) -> bool:
        window = self._windows.get(name)
        return window is not None and window.isVisible()

    def open(self, name: str) -> QWidget:
        """Show the window (built if needed), bring it to the front and give it the focus."""
        window = self.get(name)
        if window.isMinimized():
            window.showNormal()
        window.show()
        window.raise_()
        window.activateWindow()
        return window

    def close_all(self) -> None:
        for window in self._windows.values():
            window.close()


def can_keep_on_top() -> bool:
    """Whether the window system honours "stay on top" from an app (X11 yes; Wayland no)."""
    from PySide6.QtGui import QGuiApplication

    return not QGuiApplication.platformName().startswith("wayland")


__all__ = ["WindowRegistry", "can_keep_on_top"]


#: How often, and how many times, :func:`when_exposed` looks again for a window still on its way.
EXPOSE_POLL_MS = 5
EXPOSE_POLLS = 40


def when_exposed(widget: QWidget, action: Callable[[], object], polls: int = EXPOSE_POLLS) -> None:
    """Run ``action`` once ``widget``'s window is on screen (exposed), or at once if it is already.

    A session asked for from the command line opens its window and would start its clock at the
    same moment, before the display has shown the window: its first breath would then be drawn a
    frame or more late. Looked for every few milliseconds, for at most a fifth of a second: a
    display that never says (or a hidden window) only delays the start by that much.
    """
    from PySide6.QtCore import QTimer

    handle = widget.windowHandle()
    if handle is None or handle.isExposed() or polls <= 0 or not widget.isVisible():
        action()
        return
    QTimer.singleShot(EXPOSE_POLL_MS, lambda: when_exposed(widget, action, polls - 1))
