"""How each window is built and connected: to the settings store, the log and the start path.

Every window is registered here by name and built by the registry on first use; each one listens
to the store for the settings it shows and asks the store for the ones it changes.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from sessions.patterns import PatternError, parse_pattern
from sessions.private_file import PrivateDataError
from sessions.settings import Settings
from ui import theme as themes
from ui.a11y import inputs_stylesheet
from ui.practices import Practice, now
from ui.today import greeting

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from sessions.records import Record
    from ui.app import KindlyApp
    from ui.main_window import MainWindow, Playable
    from ui.pacer import PacerWindow
    from ui.player import PlayerView


def register_windows(app: KindlyApp) -> None:
    windows = app.windows
    windows.register("main", lambda: _main_window(app))
    windows.register("pacer", lambda: _pacer(app))
    windows.register("history", lambda: _history(app))
    windows.register("settings", lambda: _settings(app))
    windows.register("care", lambda: _care(app))


def refresh_greeting(app: KindlyApp) -> None:
    from ui.main_window import MainWindow

    window = app.windows.peek("main")
    # While starting, the greeting waits for the log (read just after the window is painted).
    if isinstance(window, MainWindow) and not app.starting:
        window.set_greeting(*greeting(app.log.records(), now()))


def _main_window(app: KindlyApp) -> QWidget:
    from ui.main_window import MainWindow

    window = MainWindow(app.controller)
    wire_main_window(app, window)
    return window


def wire_main_window(app: KindlyApp, window: MainWindow, *, filled: bool = False) -> None:
    """Connect the main window to the app; ``filled``: it already lists the library (a window-first
    launch made it before the app, ui/first_window.py), so it is not filled again until needed."""
    store, library = app.store, app.library
    window.use_controller(app.controller)
    window.player_built.connect(lambda player: _wire_player(app, window, player))
    app.started.connect(window.build_player)  # hidden at first: built just after the first paint

    def fill(settings: Settings | None = None) -> None:
        settings = settings or store.value
        playables = library.playables(settings.minutes, settings.favourites)
        # While starting, the lengths last used wait for the log too (``started`` fills them in).
        records = [] if app.starting else app.log.records()
        window.set_playables(_at_last_lengths(playables, records))

    if not filled:
        fill()
    library.changed.connect(fill)
    app.log.changed.connect(fill)  # a practice just done: its length is the one offered next
    app.started.connect(fill)
    store.watch(("favourites", "minutes"), fill, owner=window)
    window.favourite_toggled.connect(lambda key, on: _star(app, key, on))
    window.play_requested.connect(lambda playable, minutes: _play(app, playable, minutes))
    window.resume_requested.connect(lambda playable, minutes: _play(app, playable, minutes, resume=True))
    window.resume_offer = lambda playable, minutes: _resume_offer(app, playable, minutes)
    app.practices.ended.connect(window.refresh_resume)
    window.pacer_requested.connect(lambda: app.windows.open("pacer"))
    window.files_dropped.connect(library.add_recordings)
    window.add_recordings_requested.connect(lambda: _choose_recordings(app, window))
    window.care_requested.connect(lambda: app.windows.open("care"))
    window.care.dismissed.connect(app.checkins.care_dismissed)
    window.history_requested.connect(lambda: app.windows.open("history"))
    window.writing_requested.connect(lambda: app.windows.open("write"))
    for text in app.notices.texts:
        window.show_notice(text)
    app.notices.posted.connect(window.show_notice)
    app.log.changed.connect(lambda: refresh_greeting(app))
    app.started.connect(lambda: refresh_greeting(app))
    if not app.starting:
        window.set_greeting(*greeting(app.log.records(), now()))


def _wire_player(app: KindlyApp, window: MainWindow, player: PlayerView) -> None:
    """The main window's player page, when it is built: its volume and colours follow the store."""
    store = app.store
    player.set_volume(store.value.voice_volume)
    # While the slider is dragged every step applies at once; the file is written when it is let go.
    player.volume_changed.connect(
        lambda volume: store.update(voice_volume=volume, save=not player.volume.isSliderDown())
    )
    player.volume.sliderReleased.connect(store.save)
    store.watch(("voice_volume",), lambda s: player.set_volume(s.voice_volume), owner=window)
    # The player's orb paints its own background: it follows the theme (a cream square in dark
    # mode otherwise: issue 14 #4) and reduced motion, like the pacer's.
    player.orb.theme = app.look.theme
    player.orb.reduced_motion = store.value.reduced_motion

    def colours(theme: themes.Theme) -> None:
        player.orb.theme = theme
        player.orb.update()

    def look(new: Settings) -> None:
        player.orb.theme = themes.current(new.theme)
        player.orb.reduced_motion = new.reduced_motion
        player.orb.update()

    app.look.changed.connect(colours)
    store.watch(("theme", "reduced_motion"), look, owner=window)


def _change_patterns(app: KindlyApp, pacer: PacerWindow, change: str, *names: str) -> None:
    """Save, rename or delete one of the person's own patterns; a refusal is one line in the pacer."""
    from sessions import saved_patterns

    before = app.store.value.patterns
    try:
        if change == "add":
            after = saved_patterns.add(before, *names)
            # The new pattern becomes the chosen one, and so the usual breathing.
            app.store.update(patterns=after, pattern=after[-1][1])
            pacer.show_message(f"Saved as “{after[-1][0]}”.")
        elif change == "rename":
            after = saved_patterns.rename(before, *names)
            app.store.update(patterns=after)
            pacer.show_message("")
        else:
            app.store.update(patterns=saved_patterns.remove(before, *names))
            pacer.show_message(f"“{names[0]}” is no longer kept.")
    except PatternError as exc:
        pacer.show_message(str(exc))


def _star(app: KindlyApp, key: str, on: bool) -> None:
    """Star or unstar a practice: a new favourite goes to the end of the list the person made."""
    kept = tuple(k for k in app.store.value.favourites if k != key)
    app.store.update(favourites=(*kept, key) if on else kept)


def _at_last_lengths(playables: list[Playable], records: list[Record]) -> list[Playable]:
    """Each practice offered at the length last used for it (if it still offers that length)."""
    from dataclasses import replace

    last: dict[str, float] = {}
    for record in reversed(records):
        key = record.pattern if record.session_id == "breathing" and record.pattern else record.session_id
        if key and key not in last and record.planned_seconds:
            last[key] = round(record.planned_seconds / 60, 2)
    return [
        replace(p, default_min=last[p.key]) if p.key in last and last[p.key] in p.lengths_min else p
        for p in playables
    ]


def _resume_offer(app: KindlyApp, playable: Playable, minutes: object) -> float | None:
    """Where ``playable`` (at ``minutes``, the length box's choice) was left, if it can carry on."""
    if not isinstance(minutes, (int, float)):
        minutes = None
    if playable.kind == "recording":
        practice = Practice("recording", playable.key)
    elif playable.kind in ("breathing", "timer", "broken") or minutes is None:
        return None
    else:
        practice = Practice("guided", playable.key, float(minutes))
    point = app.practices.resume_offer(practice)
    return None if point is None else point.position_s


def _play(app: KindlyApp, playable: Playable, minutes: float | None, *, resume: bool = False) -> None:
    """A choice in the main window's library (``resume``: carry on from where it was left)."""
    if playable.kind == "breathing":
        app.practices.start(Practice("breathing", playable.key, minutes))
    elif playable.kind == "recording":
        app.practices.start(Practice("recording", playable.key, resume=resume))
    elif playable.kind == "timer":
        app.practices.start(Practice("timer", minutes=minutes))
    elif minutes is not None:
        practice = Practice("guided", playable.key, float(minutes), resume=resume)
        app.checkins.ask_before(lambda mood: app.practices.start(practice, mood_before=mood))


def _choose_recordings(app: KindlyApp, parent: QWidget) -> None:
    from PySide6.QtWidgets import QFileDialog  # its first use costs ~5 ms: not at start-up

    files, _filter = QFileDialog.getOpenFileNames(
        parent,
        "Add recordings",
        str(Path.home()),
        "Audio (*.mp3 *.ogg *.oga *.flac *.wav *.opus);;All files (*)",
    )
    if files:
        app.library.add_recordings(files)


def _pacer(app: KindlyApp) -> QWidget:
    from ui.pacer import PacerWindow

    store = app.store
    settings = store.value
    pacer = PacerWindow(app.controller)
    pacer.paces_own_session = not app.controller.is_active  # opened during another practice
    pacer.orb.theme = app.look.theme
    pacer.orb.reduced_motion = settings.reduced_motion
    pacer.set_saved_patterns(settings.patterns)
    pacer.select(settings.pattern, settings.minutes)
    pacer.no_holds.setChecked(settings.no_holds)
    pacer.set_keep_on_top(settings.always_on_top)

    def chosen() -> None:
        """The person changed a choice in the pacer: it becomes their usual breathing."""
        pattern = pacer.pattern_text()
        try:
            parse_pattern(pattern)
        except PatternError:
            pattern = store.value.pattern  # keep the last good one until the text is valid
        minutes = pacer.chosen_minutes()
        store.update(
            pattern=pattern,
            minutes=minutes if minutes is not None else store.value.minutes,
            no_holds=pacer.no_holds.isChecked(),
            always_on_top=pacer.on_top.isChecked(),
        )

    def look(new: Settings) -> None:
        pacer.orb.reduced_motion = new.reduced_motion
        pacer.orb.update()

    def colours(theme: themes.Theme) -> None:
        pacer.orb.theme = theme
        pacer.orb.update()

    def on_top(new: Settings) -> None:
        if pacer.on_top.isChecked() != new.always_on_top:
            pacer.set_keep_on_top(new.always_on_top)

    def breathing(new: Settings) -> None:
        if (pacer.pattern_text(), pacer.chosen_minutes()) != (new.pattern, new.minutes):
            pacer.select(new.pattern, new.minutes)

    # Connected last: restoring saved choices above is not a change worth saving.
    pacer.start_requested.connect(
        lambda _pattern, minutes: app.practices.start(Practice("breathing", pacer.pattern_text(), minutes))
    )
    pacer.settings_changed.connect(chosen)
    pacer.pattern_saved.connect(lambda name, spec: _change_patterns(app, pacer, "add", name, spec))
    pacer.pattern_renamed.connect(lambda old, new: _change_patterns(app, pacer, "rename", old, new))
    pacer.pattern_deleted.connect(lambda name: _change_patterns(app, pacer, "remove", name))

    def saved(new: Settings) -> None:
        pacer.set_saved_patterns(new.patterns)

    store.watch(("patterns",), saved, owner=pacer)
    store.watch(("reduced_motion",), look, owner=pacer)
    app.look.changed.connect(colours)
    store.watch(("always_on_top",), on_top, owner=pacer)
    store.watch(("pattern", "minutes"), breathing, owner=pacer)
    store.watch(("no_holds",), lambda new: pacer.no_holds.setChecked(new.no_holds), owner=pacer)
    return pacer


def _history(app: KindlyApp) -> QWidget:
    from ui.history_window import HistoryWindow, SessionChoice

    choices = [SessionChoice(s.id, s.title, s.kind) for s in app.library.library.scripts]
    choices.append(SessionChoice("other", "Another practice", "other"))
    store = app.store
    window = HistoryWindow(
        app.log.log,
        app.look.theme,
        now,
        choices=choices,
        show_streaks=store.value.show_streaks,
    )
    # Queued: a change this window made itself is drawn by it first, then not drawn twice.
    app.log.changed.connect(window.log_may_have_changed, Qt.ConnectionType.QueuedConnection)

    def streaks(new: Settings) -> None:
        window.show_streaks = new.show_streaks
        window.refresh()

    store.watch(("show_streaks",), streaks, owner=window)
    app.look.changed.connect(window.set_theme)
    return window


def _settings(app: KindlyApp) -> QWidget:
    from ui.settings_window import SettingsWindow

    window = SettingsWindow(app.store, theme=app.look.theme, data_dir=app.paths.root)
    app.look.changed.connect(window.set_theme)
    window.erase_requested.connect(app.erase_all_data)
    return window


def _care(app: KindlyApp) -> QWidget:
    from ui.care import CareDialog

    store = app.store
    dialog = CareDialog(store.value.crisis_line, theme=themes.current(store.value.theme))
    dialog.crisis_line_changed.connect(lambda line: store.update(crisis_line=line))
    people = app.writing

    def add(name: str, note: str, reach: str) -> None:
        try:
            people.people.add(name, note, reach)
        except PrivateDataError as exc:
            app.notices.say(f"This could not be kept just now ({exc}).")

    dialog.set_people(people.people.all())
    people.people_changed.connect(lambda: dialog.set_people(people.people.all()))
    dialog.person_added.connect(add)
    dialog.person_removed.connect(people.people.remove)
    store.watch(
        ("theme",),
        lambda new: dialog.setStyleSheet(inputs_stylesheet(themes.current(new.theme))),
        owner=dialog,
    )
    return dialog


__all__ = ["refresh_greeting", "register_windows"]
