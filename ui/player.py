"""The player: a guided session's caption, its breathing orb, time left; pause, skip, seek and stop."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QHideEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QPushButton, QSlider, QVBoxLayout, QWidget

from sessions.clock import mmss
from sessions.events import Cue, SessionEnded
from sessions.timeline import TimelineState
from ui.controller import SEEK_STEP_S, SessionController
from ui.elided import ElidedLabel
from ui.orb import OrbView


class PlayerView(QWidget):
    """Shows whatever session the controller runs, for the main window.

    Signals:
        back_requested(): the person wants the library again.
        volume_changed(float): the voice volume slider moved, 0..1.
    """

    back_requested = Signal()
    volume_changed = Signal(float)

    def __init__(self, controller: SessionController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.title = ElidedLabel("", self)  # a long title never widens the window (issue 14 #5)
        self.title.setObjectName("section")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.orb = OrbView(self)
        self.orb.show_captions = False
        self.orb.setMinimumHeight(220)
        self.caption = QLabel(self)
        self.caption.setWordWrap(True)
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption.setAccessibleName("Caption")
        self.caption.setMinimumHeight(96)
        font = QFont(self.caption.font())
        size = font.pointSizeF() if font.pointSizeF() > 0 else 10.0
        font.setPointSizeF(size * 1.35)
        self.caption.setFont(font)
        # The script's gentle note (body- and emotion-focused practices): shown while it plays.
        self.care_note = QLabel(self)
        self.care_note.setObjectName("muted")
        self.care_note.setWordWrap(True)
        self.care_note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.care_note.setVisible(False)
        self.stings_button = QPushButton("If kindness stings…", self)
        self.stings_button.setObjectName("link")
        self.stings_button.setAccessibleDescription("What to do if kindness stirs up old pain")
        self.time_left = QLabel(self)
        self.time_left.setObjectName("muted")
        self.time_left.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.pause_button = QPushButton("Pause", self)
        self.pause_button.setObjectName("primary")
        self.pause_button.setAccessibleDescription("Pause or continue (Space)")
        self.skip_button = QPushButton("Next part", self)
        self.skip_button.setAccessibleDescription("Skip to the next part (Right arrow)")
        self.stop_button = QPushButton("Stop", self)
        self.stop_button.setAccessibleDescription("End this session (Esc)")
        self.back_button = QPushButton("Back to sessions", self)
        self.back_button.setVisible(False)
        step = round(SEEK_STEP_S)
        self.seek_back_button = QPushButton(f"« {step} s", self)
        self.seek_back_button.setAccessibleName(f"Back {step} seconds")
        self.seek_back_button.setAccessibleDescription(f"Back {step} seconds (Ctrl+Left)")
        self.seek_back_button.setToolTip(f"Back {step} seconds (Ctrl+←)")
        self.seek_forward_button = QPushButton(f"{step} s »", self)
        self.seek_forward_button.setAccessibleName(f"Forward {step} seconds")
        self.seek_forward_button.setAccessibleDescription(f"Forward {step} seconds (Ctrl+Right)")
        self.seek_forward_button.setToolTip(f"Forward {step} seconds (Ctrl+→)")
        # A recording's place in it: drag (or arrow along) to move; shown for recordings only.
        self.position = QSlider(Qt.Orientation.Horizontal, self)
        self.position.setAccessibleName("Position in the recording")
        self.position.setSingleStep(5)
        self.position.setPageStep(round(SEEK_STEP_S) * 4)
        self.position_label = QLabel(self)
        self.position_label.setObjectName("muted")
        self.length_label = QLabel(self)
        self.length_label.setObjectName("muted")
        self.volume = QSlider(Qt.Orientation.Horizontal, self)
        self.volume.setRange(0, 100)
        self.volume.setAccessibleName("Voice volume")
        self.volume.setToolTip("Voice volume")
        volume_label = QLabel("Voice", self)
        volume_label.setObjectName("muted")
        volume_label.setBuddy(self.volume)

        buttons = QHBoxLayout()
        buttons.addWidget(self.seek_back_button, 1)
        buttons.addWidget(self.pause_button, 2)
        buttons.addWidget(self.seek_forward_button, 1)
        buttons.addWidget(self.skip_button, 1)
        buttons.addWidget(self.stop_button, 1)
        buttons.addWidget(self.back_button, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(self.title)
        layout.addWidget(self.orb, 1)
        layout.addWidget(self.caption)
        layout.addWidget(self.time_left)
        position_row = QHBoxLayout()
        position_row.addWidget(self.position_label)
        position_row.addWidget(self.position, 1)
        position_row.addWidget(self.length_label)
        layout.addLayout(position_row)
        layout.addLayout(buttons)
        volume_row = QHBoxLayout()
        volume_row.addStretch(1)
        volume_row.addWidget(volume_label)
        volume_row.addWidget(self.volume, 2)
        volume_row.addStretch(1)
        layout.addLayout(volume_row)
        layout.addWidget(self.care_note)
        layout.addWidget(self.stings_button, 0, Qt.AlignmentFlag.AlignHCenter)

        self.pause_button.clicked.connect(controller.toggle_pause)
        self.skip_button.clicked.connect(controller.skip_step)
        self.stop_button.clicked.connect(controller.stop)
        self.back_button.clicked.connect(self.back_requested)
        self.seek_back_button.clicked.connect(self.seek_back)
        self.seek_forward_button.clicked.connect(self.seek_forward)
        self.position.sliderReleased.connect(self._position_chosen)
        self.position.valueChanged.connect(self._position_moved)
        self.stings_button.clicked.connect(self.show_kindness_stings)
        self.volume.valueChanged.connect(lambda value: self.volume_changed.emit(value / 100))
        # The documented keys act on the window whatever has the focus (issue 14, defect 1): a
        # shortcut is offered the key before the focused control, so Space never presses the
        # focused button and → never moves the focus along the buttons. Active only while the
        # player is the page on show.
        self.shortcuts = {
            key: QShortcut(QKeySequence(key), self, context=Qt.ShortcutContext.WindowShortcut)
            for key in (Qt.Key.Key_Space, Qt.Key.Key_Right, Qt.Key.Key_Escape)
        }
        self.shortcuts[Qt.Key.Key_Space].activated.connect(self.space_pressed)
        self.shortcuts[Qt.Key.Key_Right].activated.connect(self.right_pressed)
        self.shortcuts[Qt.Key.Key_Escape].activated.connect(self.escape_pressed)
        # Seeking: Ctrl+← and Ctrl+→ (plain → is already "next part"), the same window shortcuts.
        self.seek_shortcuts = {
            key: QShortcut(QKeySequence(key), self, context=Qt.ShortcutContext.WindowShortcut)
            for key in (Qt.Modifier.CTRL | Qt.Key.Key_Left, Qt.Modifier.CTRL | Qt.Key.Key_Right)
        }
        back, forward = self.seek_shortcuts.values()
        back.activated.connect(self.seek_back)
        forward.activated.connect(self.seek_forward)
        controller.seeked.connect(self._on_seeked)
        controller.state_changed.connect(self.sync)
        controller.cue_fired.connect(self._on_cue)
        controller.session_finished.connect(self._on_finished)
        controller.add_view(self)
        self.orb.painted = controller.frame_painted

    def set_care_note(self, text: str | None) -> None:
        """The running practice's gentle note (or none), shown beneath the controls."""
        self.care_note.setText(text or "")
        self.care_note.setVisible(bool(text))

    def show_kindness_stings(self) -> QMessageBox:
        """A short, plain note on kindness that first brings up old pain, and the ways back."""
        from ui.care import KINDNESS_STINGS_TEXT, KINDNESS_STINGS_TITLE

        box = QMessageBox(QMessageBox.Icon.NoIcon, KINDNESS_STINGS_TITLE, KINDNESS_STINGS_TEXT, parent=self)
        box.setStandardButtons(QMessageBox.StandardButton.Close)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return box

    def set_volume(self, volume: float) -> None:
        """Show ``volume`` (0..1) on the slider without announcing it as a change."""
        self.volume.blockSignals(True)
        self.volume.setValue(round(volume * 100))
        self.volume.blockSignals(False)

    def sync(self) -> None:
        controller = self.controller
        active = controller.is_active
        for button in (self.pause_button, self.skip_button, self.stop_button):
            button.setVisible(active)
        self.back_button.setVisible(not active)
        runner = controller.runner
        self.skip_button.setEnabled(
            controller.is_running and runner is not None and runner.timeline.skippable
        )
        # A recording or a silent sit has no parts to move on to: no "Next part" to look for.
        self.skip_button.setVisible(active and runner is not None and runner.timeline.skippable)
        seekable = active and runner is not None and runner.timeline.seekable
        for button in (self.seek_back_button, self.seek_forward_button):
            button.setVisible(seekable)
        recording = seekable and runner is not None and not runner.timeline.skippable
        for widget in (self.position, self.position_label, self.length_label):
            widget.setVisible(recording)
        if recording and runner is not None and runner.timeline.total_s is not None:
            self._set_position_range(runner.timeline.total_s)
        self.pause_button.setText("Continue" if controller.is_paused else "Pause")
        if runner is not None and active:
            self.title.setText(runner.timeline.title.upper())
            if not self.pause_button.hasFocus():
                self.pause_button.setFocus()
        if controller.is_paused:
            self.time_left.setText("Paused — press Space to continue")
        self._repaint()

    def _repaint(self) -> None:
        state = self.controller.state()
        if state is None or not self.controller.is_running:
            return
        self._show(state)

    # -- as the controller's view: the orb says when a pixel changes; each frame shows it all -----
    def next_change_in(self, state: TimelineState) -> float | None:
        return self.orb.next_change_in(state)

    def show_frame(self, state: TimelineState) -> None:
        self._show(state)

    def _show(self, state: TimelineState) -> None:
        self.orb.show_state(state)
        if self.caption.text() != state.step.caption:
            self.caption.setText(state.step.caption)
            self.caption.setAccessibleDescription(state.step.caption)
        if state.remaining_s is not None and not self.controller.is_paused:
            self.time_left.setText(f"{mmss(state.remaining_s)} left")
        if self.position.isVisible() and not self.position.isSliderDown():
            self._set_position(state.elapsed_s)

    # -- seeking -------------------------------------------------------------------------------------
    def seek_back(self) -> None:
        self.controller.seek_by(-SEEK_STEP_S)

    def seek_forward(self) -> None:
        self.controller.seek_by(SEEK_STEP_S)

    def _on_seeked(self, _position_s: float) -> None:
        """The session moved: caption, time and place follow at once, paused or not."""
        state = self.controller.state()
        if state is not None:
            self._show(state)

    def _set_position_range(self, total_s: float) -> None:
        self.position.blockSignals(True)
        self.position.setRange(0, max(1, round(total_s)))
        self.position.blockSignals(False)
        self.length_label.setText(mmss(total_s))

    def _set_position(self, seconds: float) -> None:
        whole = int(seconds)
        if self.position.value() != whole:
            self.position.blockSignals(True)
            self.position.setValue(whole)
            self.position.blockSignals(False)
        self.position_label.setText(mmss(whole))
        self.position.setAccessibleDescription(f"{mmss(whole)} of {self.length_label.text()}")

    def _position_moved(self, seconds: int) -> None:
        # Dragging shows where it would go and moves on release; keys and clicks move at once.
        self.position_label.setText(mmss(seconds))
        if not self.position.isSliderDown():
            self.controller.seek_to(seconds)

    def _position_chosen(self) -> None:
        self.controller.seek_to(self.position.value())

    def _on_cue(self, cue: Cue) -> None:
        if cue.kind == "step":
            self.caption.setText(cue.text)
            self.caption.setAccessibleDescription(cue.text)

    def _on_finished(self, event: SessionEnded) -> None:
        if event.completed:
            self.caption.setText("Thank you for giving yourself this time.")
            self.orb.show_state(None, "", "")
        else:
            self.caption.setText("You can come back to this whenever you like.")
            self.orb.show_state(None, "", "")
        self.time_left.setText("")
        self.sync()
        self.back_button.setFocus()

    # -- being on screen ------------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        # The controller plans its next wake-up from what its views show; a session started from
        # the library starts while this page is hidden (its orb asks for no frames), so re-plan
        # now. Without this a silent caption step slept until its next cue, the countdown and
        # ring frozen for its whole length (issue 14, defect 9: Begin after the check-in).
        super().showEvent(event)
        self.controller.refresh()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self.controller.refresh()

    # -- the keys (README: Space pauses, → goes to the next part, Esc stops) -----------------------
    def space_pressed(self) -> None:
        if self.controller.is_active:
            self.controller.toggle_pause()

    def right_pressed(self) -> None:
        if self.controller.is_running:
            self.controller.skip_step()

    def escape_pressed(self) -> None:
        if self.controller.is_active:
            self.controller.stop()
        else:
            self.back_requested.emit()
