"""The frozen bundle's entry point (PyInstaller): the same ``ui.cli:main`` as the wheel's ``kindly``."""

import gc

# Off while the modules load too, as main.py does: ui.cli.main() turns the collector back on.
gc.disable()

from ui.cli import main  # noqa: E402 - after gc.disable(), which is the point

raise SystemExit(main())
