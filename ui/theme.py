"""Colours and fonts: one soft accent on a quiet background, light or dark with the system."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette

from sessions.paths import ASSETS_DIR

#: The combo-box arrow (Qt takes ``chevron-down@2x.png`` beside it on high-DPI screens).
CHEVRON = (ASSETS_DIR / "icons" / "png" / "chevron-down.png").as_posix()
#: A check box's tick, light on the light theme's accent and dark on the dark theme's.
CHECKS = {
    False: (ASSETS_DIR / "icons" / "png" / "check-light.png").as_posix(),
    True: (ASSETS_DIR / "icons" / "png" / "check-dark.png").as_posix(),
}


@dataclass(frozen=True)
class Theme:
    """The handful of colours every Kindly window is painted with."""

    dark: bool
    background: QColor
    surface: QColor
    text: QColor
    muted: QColor
    accent: QColor
    accent_soft: QColor
    orb_core: QColor
    track: QColor
    focus: QColor
    outline: QColor
    """The edge of every input (check boxes, combo boxes, fields, slider grooves): at least 3:1
    against both the background and the surface, WCAG's non-text contrast (issue 14 #4)."""
    on_accent: QColor
    """A tick or text drawn on the accent colour."""


LIGHT = Theme(
    dark=False,
    background=QColor("#f6f4ef"),
    surface=QColor("#fffdf9"),
    text=QColor("#2e3338"),
    muted=QColor("#6e747a"),
    accent=QColor("#668aab"),  # a shade deeper than #6f93b3: 3:1 against the background too
    accent_soft=QColor("#b9cfe2"),
    orb_core=QColor("#e6eff7"),
    track=QColor("#e4e0d7"),
    focus=QColor("#34516d"),
    outline=QColor("#858a90"),
    on_accent=QColor("#fffdf9"),
)

DARK = Theme(
    dark=True,
    background=QColor("#1d2025"),
    surface=QColor("#262a30"),
    text=QColor("#e7e5e0"),
    muted=QColor("#9aa1a8"),
    accent=QColor("#8fb1cf"),
    accent_soft=QColor("#4a6680"),
    orb_core=QColor("#d7e5f1"),
    track=QColor("#33383f"),
    focus=QColor("#e7e5e0"),
    outline=QColor("#7d848c"),
    on_accent=QColor("#1d2025"),
)


#: What the desktop portal said (ui/look.py): True dark, False light, None "ask Qt".
_portal_dark: bool | None = None


def set_system_dark(dark: bool | None) -> None:
    """The desktop's own answer, where Qt's platform theme doesn't have it (GNOME's portal)."""
    global _portal_dark  # noqa: PLW0603 - one fact about the desktop, read by every window
    _portal_dark = dark


def system_is_dark() -> bool:
    if _portal_dark is not None:
        return _portal_dark
    app = QGuiApplication.instance()
    if not isinstance(app, QGuiApplication):
        return False
    scheme = app.styleHints().colorScheme()
    if scheme == Qt.ColorScheme.Dark:
        return True
    if scheme == Qt.ColorScheme.Light:
        return False
    return app.palette().color(QPalette.ColorRole.Window).lightness() < 128


def current(preference: str = "system") -> Theme:
    """The theme for ``preference`` (``system``, ``light`` or ``dark``)."""
    if preference == "dark" or (preference == "system" and system_is_dark()):
        return DARK
    return LIGHT


def palette(theme: Theme, base: QPalette) -> QPalette:
    """``base`` (the desktop's palette) with the theme's colours, so what the style draws itself
    (check boxes' frames, scroll bars) matches: no faded borders on dark."""
    result = QPalette(base)
    roles = QPalette.ColorRole
    for role, colour in (
        (roles.Window, theme.background), (roles.WindowText, theme.text), (roles.Base, theme.surface),
        (roles.AlternateBase, theme.background), (roles.Text, theme.text), (roles.Button, theme.surface),
        (roles.ButtonText, theme.text), (roles.Highlight, theme.accent), (roles.Mid, theme.muted),
        (roles.Dark, theme.muted), (roles.PlaceholderText, theme.muted),
    ):  # fmt: skip
        result.setColor(role, colour)
    return result


def stylesheet(theme: Theme) -> str:
    """A light-touch style sheet: generous padding, rounded controls, a visible focus ring."""
    t, m, a, s, bg = (
        theme.text.name(),
        theme.muted.name(),
        theme.accent.name(),
        theme.surface.name(),
        theme.background.name(),
    )
    track, line, check = theme.track.name(), theme.outline.name(), CHECKS[theme.dark]
    return f"""
    QWidget {{ background: {bg}; color: {t}; }}
    QLabel#muted {{ color: {m}; }}
    QLabel#title {{ font-size: 20pt; font-weight: 600; }}
    QLabel#section {{ color: {m}; font-weight: 600; letter-spacing: 1px; margin-top: 8px; }}
    QLabel#notice {{ background: {s}; border: 1px solid {track}; border-radius: 10px; padding: 8px 12px; }}
    QPushButton {{ background: {s}; border: 1px solid {track}; border-radius: 12px; padding: 7px 18px; }}
    QPushButton:hover {{ border-color: {a}; }}
    QPushButton:focus, QComboBox:focus, QListWidget:focus {{ border: 2px solid {a}; }}
    QPushButton#primary {{ background: {a}; color: {bg}; border-color: {a}; font-weight: 600; }}
    QPushButton#primary:focus {{ border: 2px solid {theme.focus.name()}; }}
    QPushButton#link {{ border: none; background: transparent; color: {a}; font-weight: 600;
                        padding: 4px 8px; }}
    QPushButton#link:focus {{ border: 2px solid {a}; }}
    QComboBox {{ background: {s}; border: 1px solid {line}; border-radius: 12px; padding: 5px 12px; }}
    QComboBox::drop-down {{ subcontrol-origin: padding; subcontrol-position: center right; width: 24px;
                            border: none; }}
    QComboBox::down-arrow {{ image: url({CHEVRON}); width: 12px; height: 12px; }}
    QComboBox QAbstractItemView {{ background: {s}; selection-background-color: {a}; }}
    QListWidget {{ background: {s}; border: 1px solid {track}; border-radius: 14px; padding: 6px;
                   outline: 0; }}
    QListWidget::item {{ padding: 10px 8px; border-radius: 10px; }}
    QListWidget::item:selected {{ background: {theme.accent_soft.name()}; color: {t}; }}
    QCheckBox, QRadioButton {{ spacing: 8px; background: transparent; }}
    QCheckBox::indicator, QRadioButton::indicator {{ width: 16px; height: 16px; background: {s};
        border: 2px solid {line}; border-radius: 5px; }}
    QRadioButton::indicator {{ border-radius: 10px; }}
    QCheckBox::indicator:hover, QRadioButton::indicator:hover {{ border-color: {a}; }}
    QCheckBox::indicator:checked {{ background: {a}; border-color: {a}; image: url({check}); }}
    QRadioButton::indicator:checked {{ background: {a}; border: 5px solid {s}; outline: none; }}
    QCheckBox::indicator:disabled, QRadioButton::indicator:disabled {{ border-color: {track}; }}
    QCheckBox::indicator:focus, QRadioButton::indicator:focus {{ border: 2px solid {theme.focus.name()}; }}
    QScrollBar:vertical {{ width: 8px; background: transparent; margin: 4px 0; }}
    QScrollBar::handle:vertical {{ background: {track}; border-radius: 4px; min-height: 28px; }}
    QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical {{ height: 0; }}
    QScrollBar::add-page:vertical, QScrollBar::sub-page:vertical {{ background: transparent; }}
    QMenu {{ background: {s}; border: 1px solid {track}; padding: 6px; }}
    QMenu::item {{ padding: 6px 22px; border-radius: 6px; }}
    QMenu::item:selected {{ background: {theme.accent_soft.name()}; color: {t}; }}
    """ + _inputs(theme)


def _inputs(theme: Theme) -> str:
    # The fields and sliders of ui/a11y.py in every window too (the player's voice slider was
    # drawn in the platform style, a grey square on a bright groove, in both themes).
    from ui.a11y import inputs_stylesheet  # ui.a11y imports this module

    return inputs_stylesheet(theme)


def history_stylesheet(theme: Theme) -> str:
    """The history window's cards, list and fields, on top of the app's :func:`stylesheet`."""
    s, t, m, a, track = (
        theme.surface.name(),
        theme.text.name(),
        theme.muted.name(),
        theme.accent.name(),
        theme.track.name(),
    )
    line = theme.outline.name()
    return f"""
    QFrame#card {{ background: {s}; border: 1px solid {track}; border-radius: 16px; }}
    QFrame#card QLabel {{ background: transparent; }}
    QFrame#card QLabel#section {{ margin-top: 0; }}
    QFrame#message {{ background: {s}; border: 1px solid {track}; border-radius: 12px; }}
    QFrame#message QLabel, QFrame#message QPushButton {{ background: transparent; }}
    QListView {{ background: {s}; border: 1px solid {track}; border-radius: 14px; padding: 6px; outline: 0; }}
    QListView:focus {{ border: 2px solid {a}; }}
    QLineEdit, QPlainTextEdit, QSpinBox, QDateTimeEdit {{ background: {s}; border: 1px solid {line};
        border-radius: 12px; padding: 6px 10px; color: {t}; }}
    QLineEdit:focus, QPlainTextEdit:focus, QSpinBox:focus, QDateTimeEdit:focus {{ border: 2px solid {a}; }}
    QLabel#empty {{ color: {m}; }}
    """
