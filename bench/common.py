"""Shared bench helpers: the checkout, the venv's Python, and simple statistics."""

from __future__ import annotations

import compileall
import math
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (0..100) by the nearest-rank method."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def median(values: list[float]) -> float:
    return statistics.median(values) if values else math.nan


def python() -> str:
    venv = ROOT / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else sys.executable


def compile_app() -> None:
    """Byte-compile Kindly's packages, as its first launch on a person's machine does.

    Start-up is measured as a person meets it from the second launch on. Where the environment sets
    PYTHONDONTWRITEBYTECODE (this sandbox does), the app would otherwise compile every module from
    source at each launch, while the peer's modules were compiled by pip when it was installed.
    """
    for package in ("sessions", "ui", "audio"):
        compileall.compile_dir(ROOT / package, quiet=1)
