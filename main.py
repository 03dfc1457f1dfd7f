"""Kindly's launcher: ``python main.py [--data-dir DIR] [COMMAND …]`` (see ``--help`` and the README).

The command line itself is ``ui.cli``: a module, so its compiled code is cached between launches.
"""

from ui.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
