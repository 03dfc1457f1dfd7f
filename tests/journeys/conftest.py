"""Journeys run the real app on their own X display with openbox and trayer, one display per module."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.journeys.journey import Journey
from tools import xsession


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test under tests/journeys/ carries the ``journey`` marker (``-m "not journey"`` skips them)."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.journey)


@pytest.fixture(scope="module")
def display() -> Iterator[dict[str, str]]:
    """A 1366×768 display with a window manager and a tray, shared by the journeys of one module."""
    if not xsession.available(window_manager=True) or not shutil.which("import"):
        pytest.skip(
            "journeys need Xvfb, openbox, trayer, xdotool, xprop and imagemagick (.ci/run installs them)"
        )
    with xsession.virtual_display(tray=True, window_manager=True, screen=xsession.LAPTOP_SCREEN) as env:
        yield env


@pytest.fixture
def journey(display: dict[str, str], tmp_path: Path) -> Iterator[Journey]:
    """A Kindly on ``display`` with its own data folder, ended cleanly after the test."""
    person = Journey(display, tmp_path)
    try:
        yield person
    finally:
        if person.alive():
            person.quit()
