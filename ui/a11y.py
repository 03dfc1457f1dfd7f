"""Accessibility helpers: announcements for screen readers, and a visible focus ring on every input."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from ui.theme import Theme


def announce(widget: QWidget, text: str, *, assertive: bool = False) -> None:
    """Have a screen reader say ``text`` now, on behalf of ``widget``.

    The text also becomes the widget's accessible description (Qt posts a DescriptionChanged
    event for it), so a reader without announcement support can still find the latest words. The
    announcement itself (Qt 6.8+, AT-SPI ``Announcement``) is polite by default: it waits for the
    reader to finish what it is saying, which suits a breathing phase. With no assistive technology
    running, only the description is set: nothing is built or sent on every phase change.
    """
    # Here, not at the top: importing QAccessible makes its enum types, ~4 ms before any window.
    from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent

    if widget.accessibleDescription() != text:
        widget.setAccessibleDescription(text)
    if not text or not QAccessible.isActive():
        return
    politeness = QAccessible.AnnouncementPoliteness
    event = QAccessibleAnnouncementEvent(widget, text)
    event.setPoliteness(politeness.Assertive if assertive else politeness.Polite)
    QAccessible.updateAccessibility(event)


def inputs_stylesheet(theme: Theme) -> str:
    """Text fields, spin boxes, time fields, sliders and toggles in Kindly's look, with a focus ring.

    The app's style sheet (ui/theme.py) styles buttons, combo boxes, check boxes and lists; these
    are the inputs it leaves alone, which would otherwise show no focus at all under a style sheet.
    """
    t, s, a, track = theme.text.name(), theme.surface.name(), theme.accent.name(), theme.track.name()
    line = theme.outline.name()
    soft, focus = theme.accent_soft.name(), theme.focus.name()
    return f"""
    QLineEdit, QAbstractSpinBox {{ background: {s}; color: {t}; border: 1px solid {line};
        border-radius: 10px; padding: 5px 10px; selection-background-color: {soft};
        selection-color: {t}; }}
    QLineEdit:focus, QAbstractSpinBox:focus {{ border: 2px solid {a}; padding: 4px 9px; }}
    QLineEdit:disabled, QAbstractSpinBox:disabled {{ color: {theme.muted.name()}; }}
    QAbstractSpinBox::up-button, QAbstractSpinBox::down-button {{ width: 0; border: none; }}
    QSlider {{ min-height: 26px; }}
    QSlider::groove:horizontal {{ height: 4px; background: {line}; border-radius: 2px; }}
    QSlider::sub-page:horizontal {{ background: {a}; border-radius: 2px; }}
    QSlider::handle:horizontal {{ background: {s}; border: 2px solid {a}; width: 14px; height: 14px;
        margin: -7px 0; border-radius: 9px; }}
    QSlider:focus {{ background: {soft}; border-radius: 10px; }}
    QSlider::handle:horizontal:focus {{ border: 3px solid {focus}; }}
    QScrollBar:horizontal {{ height: 8px; background: transparent; margin: 0 4px; }}
    QScrollBar::handle:horizontal {{ background: {track}; border-radius: 4px; min-width: 28px; }}
    QScrollBar::add-line:horizontal, QScrollBar::sub-line:horizontal {{ width: 0; }}
    QScrollBar::add-page:horizontal, QScrollBar::sub-page:horizontal {{ background: transparent; }}
    QPushButton:disabled, QCheckBox:disabled, QLabel:disabled {{ color: {theme.muted.name()}; }}
    QPushButton#day {{ padding: 5px 0; min-width: 2.2em; border-radius: 10px; }}
    QPushButton#day:checked {{ background: {soft}; border-color: {a}; }}
    """


__all__ = ["announce", "inputs_stylesheet"]
