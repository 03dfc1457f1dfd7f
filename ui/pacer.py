"""The breathing-pacer window: the orb, a pattern and length to choose, start/pause/stop, keep on top."""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtGui import QCloseEvent, QHideEvent, QKeySequence, QResizeEvent, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sessions.events import Cue, SessionEnded
from sessions.patterns import LENGTHS_MIN as LENGTHS
from sessions.patterns import PRESET_BLURBS, PRESETS, Pattern, PatternError
from sessions.saved_patterns import resolve
from ui.a11y import announce
from ui.controller import SessionController
from ui.orb import OrbView
from ui.windows import can_keep_on_top

CUSTOM = "custom"
#: Marks the pattern picker's entries that are the person's own saved patterns.
SAVED_ROLE = Qt.ItemDataRole.UserRole + 1
#: The widest the pickers and buttons grow, however large the window.
CONTROLS_MAX_WIDTH = 520


def minutes_text(minutes: float | None) -> str:
    if minutes is None:
        return "Until I stop"
    if minutes == 1:
        return "1 minute"
    return f"{minutes:g} minutes"


class PacerWindow(QWidget):
    """A small calm window that paces breathing.

    Signals:
        start_requested(object, object): a :class:`Pattern` and minutes (``None`` = open-ended).
        settings_changed(): pattern, length, "no holds" or "keep on top" was changed by the person.
        pattern_saved(str, str): keep these seconds under this name.
        pattern_renamed(str, str): a saved pattern's old name and its new one.
        pattern_deleted(str): forget the saved pattern of this name.
    """

    start_requested = Signal(object, object)
    settings_changed = Signal()
    pattern_saved = Signal(str, str)
    pattern_renamed = Signal(str, str)
    pattern_deleted = Signal(str)

    def __init__(self, controller: SessionController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        #: False while it shows a session it did not start (a guided one): then its pattern and
        #: length would do nothing, so they are hidden (issue 14, defect 7).
        self.paces_own_session = True
        self.setWindowTitle("Breathing")
        self.setObjectName("pacer")

        self.orb = OrbView(self)
        self.orb.painted = controller.frame_painted

        self.pattern_box = QComboBox(self)
        self.pattern_box.setAccessibleName("Breathing pattern")
        for pattern_id, pattern in PRESETS.items():
            self.pattern_box.addItem(pattern.title, pattern_id)
            self.pattern_box.setItemData(
                self.pattern_box.count() - 1, PRESET_BLURBS[pattern_id], Qt.ItemDataRole.ToolTipRole
            )
        self.pattern_box.addItem("Your own pattern…", CUSTOM)
        self.custom_edit = QLineEdit(self)
        self.custom_edit.setPlaceholderText("seconds in-hold-out, like 4-2-6")
        self.custom_edit.setAccessibleName("Your own pattern, in seconds")
        self.custom_edit.setVisible(False)
        # The person's own named patterns: listed before "Your own pattern…", kept by name.
        self.saved: tuple[tuple[str, str], ...] = ()
        self.name_edit = QLineEdit(self)
        self.name_edit.setPlaceholderText("Name it to keep it, like Evening 4-2-7")
        self.name_edit.setAccessibleName("Name of your pattern")
        self.keep_button = QPushButton("Save", self)
        self.delete_button = QPushButton("Delete", self)
        self.delete_button.setAccessibleDescription("Forget this saved pattern")

        self.length_box = QComboBox(self)
        self.length_box.setAccessibleName("Length")
        for minutes in LENGTHS:
            self.length_box.addItem(minutes_text(minutes), minutes)

        self.start_button = QPushButton("Begin", self)
        self.start_button.setObjectName("primary")
        self.start_button.setAccessibleDescription("Begin, pause or continue (Space)")
        self.stop_button = QPushButton("Stop", self)
        self.stop_button.setAccessibleDescription("End this session (Esc)")
        self.no_holds = QCheckBox("No holds", self)
        self.no_holds.setToolTip("Breathe in and out without holding, for any pattern")
        self.on_top = QCheckBox("Keep on top", self)

        self.message = QLabel(self)
        self.message.setObjectName("muted")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setVisible(False)

        pickers = QHBoxLayout()
        pickers.addWidget(self.pattern_box, 3)
        pickers.addWidget(self.length_box, 2)
        buttons = QHBoxLayout()
        buttons.addWidget(self.start_button, 1)
        buttons.addWidget(self.stop_button)
        options = QHBoxLayout()
        options.addWidget(self.no_holds)
        options.addStretch(1)
        options.addWidget(self.on_top)
        # Wayland lets no app keep itself above others (the compositor decides): no box that does nothing.
        self.on_top.setVisible(can_keep_on_top())

        # The controls keep a calm width in a centred column however large the window grows
        # (they stretched to 1,200 px in an enlarged pacer: issue 14 #5); the orb takes the rest.
        self.controls = QWidget(self)
        column = self._column = QVBoxLayout(self.controls)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(10)
        column.addWidget(self.message)
        column.addLayout(pickers)
        column.addWidget(self.custom_edit)
        naming = QHBoxLayout()
        naming.addWidget(self.name_edit, 1)
        naming.addWidget(self.keep_button)
        naming.addWidget(self.delete_button)
        column.addLayout(naming)
        column.addLayout(buttons)
        column.addLayout(options)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 18)
        layout.setSpacing(10)
        layout.addWidget(self.orb, 1)
        layout.addWidget(self.controls)

        self.start_button.clicked.connect(self.primary_action)
        self.stop_button.clicked.connect(controller.stop)
        self.pattern_box.currentIndexChanged.connect(self._pattern_changed)
        self.length_box.currentIndexChanged.connect(lambda _i: self.settings_changed.emit())
        self.no_holds.toggled.connect(lambda _on: self.settings_changed.emit())
        self.on_top.toggled.connect(self.set_keep_on_top)
        self.custom_edit.returnPressed.connect(self.primary_action)
        self.keep_button.clicked.connect(self._keep_clicked)
        self.name_edit.returnPressed.connect(self._keep_clicked)
        self.delete_button.clicked.connect(self._delete_clicked)
        # Space and Esc act on the window whatever has the focus (issue 14, defect 1): a shortcut
        # is offered the key before the focused control, so Space on "Keep on top" begins rather
        # than ticking it. Only a text box keeps the keys it types (the custom pattern).
        self.shortcuts = {
            key: QShortcut(QKeySequence(key), self, context=Qt.ShortcutContext.WindowShortcut)
            for key in (Qt.Key.Key_Space, Qt.Key.Key_Escape)
        }
        self.shortcuts[Qt.Key.Key_Space].activated.connect(self.primary_action)
        self.shortcuts[Qt.Key.Key_Escape].activated.connect(self.escape_pressed)

        controller.state_changed.connect(self.sync)
        controller.cue_fired.connect(self._on_cue)
        controller.session_finished.connect(self._on_finished)
        controller.add_view(self.orb)
        self.resize(380, 520)
        self._sync_naming()
        self.start_button.setFocus()
        self.sync()

    # -- choices --------------------------------------------------------------------------------
    def select(self, pattern_text: str, minutes: float | None) -> None:
        """Show ``pattern_text`` (a preset id or custom text) and ``minutes`` in the pickers.

        A choice made by the program, not the person: it does not count as a settings change.
        """
        blockers = [QSignalBlocker(w) for w in (self.pattern_box, self.length_box, self.custom_edit)]
        index = self.pattern_box.findData(pattern_text)
        if index < 0:
            index = self.pattern_box.findData(CUSTOM)
            self.custom_edit.setText(pattern_text)
        self.pattern_box.setCurrentIndex(index)
        length_index = self.length_box.findData(minutes)
        if length_index < 0:
            self.length_box.addItem(minutes_text(minutes), minutes)
            length_index = self.length_box.count() - 1
        self.length_box.setCurrentIndex(length_index)
        self.custom_edit.setVisible(self.pattern_box.currentData() == CUSTOM)
        del blockers

    def pattern_text(self) -> str:
        data = self.pattern_box.currentData()
        return self.custom_edit.text().strip() if data == CUSTOM else str(data)

    def chosen_minutes(self) -> float | None:
        data = self.length_box.currentData()
        return None if data is None else float(data)

    def chosen_pattern(self) -> Pattern | None:
        """The chosen pattern, or ``None`` with the reason shown in the window."""
        try:
            pattern = resolve(self.pattern_text(), self.saved, no_holds=self.no_holds.isChecked())
        except PatternError as exc:
            self.show_message(str(exc))
            return None
        self.show_message("")
        return pattern

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def set_keep_on_top(self, on: bool) -> None:
        if self.on_top.isChecked() != on:
            self.on_top.setChecked(on)
            return
        if not can_keep_on_top():
            self.settings_changed.emit()  # remembered for X11; re-creating the window would do nothing
            return
        visible = self.isVisible()
        self.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, on)
        if visible:
            self.show()  # changing a window flag hides the window; put it back
        self.settings_changed.emit()

    # -- actions ----------------------------------------------------------------------------------
    def primary_action(self) -> None:
        """Space: begin when idle, otherwise pause or continue."""
        if self.controller.is_active:
            self.controller.toggle_pause()
            return
        pattern = self.chosen_pattern()
        if pattern is not None:
            self.start_requested.emit(pattern, self.chosen_minutes())

    def escape_pressed(self) -> None:
        """Esc: stop the session; in an idle pacer, close the window."""
        if self.controller.is_active:
            self.controller.stop()
        else:
            self.close()

    def _pattern_changed(self, _index: int) -> None:
        custom = self.pattern_box.currentData() == CUSTOM
        self.custom_edit.setVisible(custom)
        if custom:
            self.custom_edit.setFocus()
        self._sync_naming()
        self.settings_changed.emit()

    # -- the person's own patterns ----------------------------------------------------------------
    def set_saved_patterns(self, saved: tuple[tuple[str, str], ...]) -> None:
        """List ``saved`` (name, seconds) before "Your own pattern…", keeping the choice where it is."""
        text = self.pattern_text()
        blocker = QSignalBlocker(self.pattern_box)
        for index in reversed(range(self.pattern_box.count())):
            if self.pattern_box.itemData(index, SAVED_ROLE):
                self.pattern_box.removeItem(index)
        at = self.pattern_box.findData(CUSTOM)
        for offset, (name, spec) in enumerate(saved):
            self.pattern_box.insertItem(at + offset, name, spec)
            self.pattern_box.setItemData(at + offset, True, SAVED_ROLE)
            self.pattern_box.setItemData(at + offset, f"yours: {spec} seconds", Qt.ItemDataRole.ToolTipRole)
        self.saved = saved
        del blocker
        self.select(text, self.chosen_minutes())
        self._sync_naming()

    def _saved_name(self) -> str | None:
        index = self.pattern_box.currentIndex()
        return self.pattern_box.currentText() if self.pattern_box.itemData(index, SAVED_ROLE) else None

    def _sync_naming(self) -> None:
        saved = self._saved_name()
        custom = self.pattern_box.currentData() == CUSTOM
        for widget in (self.name_edit, self.keep_button):
            widget.setVisible(custom or saved is not None)
        self.delete_button.setVisible(saved is not None)
        self.keep_button.setText("Rename" if saved is not None else "Save")
        self.name_edit.setText(saved or "")

    def _keep_clicked(self) -> None:
        name = self.name_edit.text()
        saved = self._saved_name()
        if saved is not None:
            self.pattern_renamed.emit(saved, name)
        elif self.pattern_box.currentData() == CUSTOM:
            self.pattern_saved.emit(name, self.custom_edit.text())

    def _delete_clicked(self) -> None:
        saved = self._saved_name()
        if saved is not None:
            self.pattern_deleted.emit(saved)

    # -- reacting to the session ----------------------------------------------------------------
    def sync(self) -> None:
        """Buttons and the still picture follow the controller's state."""
        controller = self.controller
        active = controller.is_active
        for widget in (self.pattern_box, self.length_box, self.no_holds, self.custom_edit, self.name_edit):
            widget.setEnabled(not active)
        self.keep_button.setEnabled(not active)
        self.delete_button.setEnabled(not active)
        elsewhere = active and not self.paces_own_session
        for widget in (self.pattern_box, self.length_box, self.no_holds):
            widget.setVisible(not elsewhere)
        self.custom_edit.setVisible(not elsewhere and self.pattern_box.currentData() == CUSTOM)
        if elsewhere:
            self.show_message("A guided practice is on; its words are in Kindly's main window.")
        elif self.message.text().startswith("A guided practice"):
            self.show_message("")
        self.stop_button.setEnabled(active)
        if controller.is_paused:
            self.start_button.setText("Continue")
            # The orb and the progress ring hold the moment of the pause (issue 14, defect 15).
            self.orb.show_state(controller.state(), "Paused", "Press Space to continue")
        elif active:
            self.start_button.setText("Pause")
            if self.focusWidget() is None or not self.focusWidget().isEnabled():
                self.start_button.setFocus()  # so Space pauses, whatever had focus before
            self._repaint()
        else:
            self.start_button.setText("Begin")
        self.controller.refresh()

    def _repaint(self) -> None:
        if self.controller.is_running:
            self.orb.show_state(self.controller.state())

    def _on_cue(self, cue: Cue) -> None:
        if cue.kind == "phase":
            # Spoken by a screen reader as each phase begins ("Breathe in"), politely.
            announce(self.orb, cue.phase.label if cue.phase is not None else cue.name)

    def _on_finished(self, event: SessionEnded) -> None:
        if event.completed:
            self.orb.show_state(None, "Thank you for this time", "Space to breathe again")
        else:
            self.orb.show_state(None, "Ready when you are", "Press Space to begin")
        self.sync()

    def resizeEvent(self, event: QResizeEvent) -> None:
        # Equal margins either side keep the controls' column at most CONTROLS_MAX_WIDTH wide.
        layout = self.layout()
        margins = layout.contentsMargins() if layout is not None else self.contentsMargins()
        room = event.size().width() - margins.left() - margins.right()
        side = max(0, (room - CONTROLS_MAX_WIDTH) // 2)
        self._column.setContentsMargins(side, 0, side, 0)
        super().resizeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not event.spontaneous():
            self.start_button.setFocus()  # opened (again): "Press Space to begin" starts from Begin
        self.controller.refresh()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self.controller.refresh()

    def closeEvent(self, event: QCloseEvent) -> None:
        # Closing the window ends the session it shows (kept in the log if long enough).
        if self.controller.is_active:
            self.controller.stop()
        super().closeEvent(event)
