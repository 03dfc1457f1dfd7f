"""The window registry: every window is opened one way, built once, reused."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from ui.windows import WindowRegistry


def test_built_on_first_use_then_reused(qtbot: QtBot) -> None:
    registry = WindowRegistry()
    built: list[str] = []
    registry.built.connect(built.append)
    made: list[QWidget] = []

    def make() -> QWidget:
        made.append(QLabel("hello"))
        qtbot.addWidget(made[-1])
        return made[-1]

    registry.register("hello", make)
    assert registry.peek("hello") is None and not registry.is_visible("hello")
    window = registry.open("hello")
    assert window.isVisible() and registry.is_visible("hello")
    window.close()
    assert registry.open("hello") is window and len(made) == 1 and built == ["hello"]
    assert registry.typed("hello", QLabel) is window
    with pytest.raises(TypeError):
        registry.typed("hello", QtBot)  # type: ignore[type-var]
    registry.close_all()
    assert not window.isVisible()


def test_a_name_is_registered_once(qtbot: QtBot) -> None:
    registry = WindowRegistry()
    registry.register("a", QWidget)
    with pytest.raises(ValueError, match="registered already"):
        registry.register("a", QWidget)


def test_a_minimised_window_comes_back(qtbot: QtBot) -> None:
    registry = WindowRegistry()
    widget = QWidget()
    qtbot.addWidget(widget)
    registry.register("w", lambda: widget)
    registry.open("w")
    widget.showMinimized()
    registry.open("w")
    assert not widget.isMinimized()


def test_a_window_made_before_the_registry_is_adopted_once_under_its_name(qtbot: QtBot) -> None:
    registry = WindowRegistry()
    built: list[str] = []
    registry.built.connect(built.append)
    early = QLabel("made first")
    qtbot.addWidget(early)
    with pytest.raises(ValueError, match="no window named"):
        registry.adopt("main", early)  # only a registered name
    registry.register("main", QLabel)
    registry.adopt("main", early)
    assert registry.get("main") is early and built == ["main"]
    with pytest.raises(ValueError, match="exists already"):
        registry.adopt("main", QLabel())
