"""The frozen bundle's entry point (PyInstaller): the same ``ui.cli:main`` as the wheel's ``kindly``."""

from ui.cli import main

raise SystemExit(main())
