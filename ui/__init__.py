"""Kindly's windows and tray: the only package that imports PySide6."""
