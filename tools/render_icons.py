#!/usr/bin/env python3
"""Render Kindly's SVG icons to the PNG sizes the app loads (build time; the PNGs are committed).

    .venv/bin/python tools/render_icons.py            # write assets/icons/png/*.png
    .venv/bin/python tools/render_icons.py --check    # exit 1 if a PNG is missing or out of date

Why PNGs: loading an SVG icon brings in QtSvg and its two plugins, about 2 MB of memory and a few
milliseconds before the tray icon can show. The SVGs stay the source, and the desktop launcher
still points at the scalable one.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "assets" / "icons"
PNG_DIR = ICONS / "png"
#: Tray hosts ask for 16-24 px (and twice that on high-DPI screens); window managers up to 256.
APP_SIZES = (16, 22, 24, 32, 44, 48, 64, 128, 256)
#: The combo-box arrow of the style sheet, at 1x and (Qt's ``@2x`` naming) 2x for high-DPI screens.
CHEVRON_FILES = (("chevron-down.png", 12), ("chevron-down@2x.png", 24))
#: A check box's tick in each theme (drawn on the accent colour), at 1x and 2x.
CHECK_NAMES = ("check-light", "check-dark")


def targets() -> list[tuple[Path, Path, int]]:
    """(SVG source, PNG target, size in px) for every PNG the app loads."""
    out = [
        (ICONS / f"{name}.svg", PNG_DIR / f"{name}-{size}.png", size)
        for name in ("kindly", "kindly-active")
        for size in APP_SIZES
    ]
    out += [(ICONS / "chevron-down.svg", PNG_DIR / name, size) for name, size in CHEVRON_FILES]
    out += [
        (ICONS / f"{name}.svg", PNG_DIR / f"{name}{suffix}.png", size)
        for name in CHECK_NAMES
        for suffix, size in (("", 12), ("@2x", 24))
    ]
    return out


def render(source: Path, size: int) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    QSvgRenderer(str(source)).render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]  # PySide6 takes the format as str
    return bytes(data.data())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report missing or stale PNGs")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication(sys.argv[:1])
    stale = []
    for source, target, size in targets():
        png = render(source, size)
        if target.exists() and target.read_bytes() == png:
            continue
        stale.append(target)
        if not args.check:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(png)
    del app
    for target in stale:
        print(f"{'stale' if args.check else 'wrote'}: {target.relative_to(ROOT)}")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    raise SystemExit(main())
