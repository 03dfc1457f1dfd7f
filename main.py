"""Kindly's launcher: ``python main.py [--data-dir DIR] [COMMAND …]`` (see ``--help`` and the README).

The command line itself is ``ui.cli``: a module, so its compiled code is cached between launches.
"""

import gc

# Off while the modules load, too: ui.cli.main() turns the collector back on (see there).
gc.disable()

from ui.cli import main  # noqa: E402 - after gc.disable(), which is the point

if __name__ == "__main__":
    raise SystemExit(main())
