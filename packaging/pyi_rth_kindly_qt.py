"""Run by the bundle before Kindly's own code, in place of PyInstaller's ``pyi_rth_pyside6``.

That hook imports ``PySide6.QtCore`` at every start, only to learn that the PySide6 wheel has
already set up its own ``qt.conf``. Every launch then paid for Qt, even those that never load it:
``kindly list``, ``--help``, and a second launch handing its command to the Kindly already running
(about 60 ms each). Here are the parts of that hook that a Linux bundle needs, without the import.
"""

import os
import sys
from pathlib import Path

_qt = Path(sys._MEIPASS) / "PySide6" / "Qt"  # the bundle's folder, set by PyInstaller
os.environ["QT_PLUGIN_PATH"] = str(_qt / "plugins")
os.environ["QML2_IMPORT_PATH"] = str(_qt / "qml")
del _qt
