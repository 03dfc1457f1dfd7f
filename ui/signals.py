"""SIGTERM and SIGINT end Kindly gracefully (a logout keeps the practice so far), with no polling."""

from __future__ import annotations

import signal
import socket
from collections.abc import Callable

from PySide6.QtCore import QObject, QSocketNotifier


class QuitOnSignals(QObject):
    """Runs ``on_quit`` in the Qt event loop when SIGTERM or SIGINT arrives.

    Python runs signal handlers only between bytecodes, and a sleeping Qt loop runs none; the
    interpreter's wakeup fd writes a byte to a socket that Qt watches, so the loop wakes at once
    without a timer ticking in the background.
    """

    def __init__(self, on_quit: Callable[[], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._on_quit = on_quit
        self._reader, self._writer = socket.socketpair()
        for end in (self._reader, self._writer):
            end.setblocking(False)
        self._previous_fd = signal.set_wakeup_fd(self._writer.fileno())
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._drain)
        self._requested = False
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, self._handle)

    def _handle(self, signum: int, frame: object) -> None:
        del signum, frame
        self._requested = True

    def _drain(self) -> None:
        try:
            while self._reader.recv(64):
                pass
        except BlockingIOError:
            pass
        if self._requested:
            self._requested = False
            self._on_quit()

    def close(self) -> None:
        signal.set_wakeup_fd(self._previous_fd)
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, signal.SIG_DFL if signum == signal.SIGTERM else signal.default_int_handler)
        self._notifier.setEnabled(False)
        self._reader.close()
        self._writer.close()
