"""``AudioEngine``: the one object the UI talks to — cues by name, volumes, ducking, and graceful silence."""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Literal, TypeVar

from audio import synth
from audio.backend import (
    CHANNELS,
    NOTICE_NO_DEVICE,
    AudioBackend,
    AudioError,
    ChannelName,
    Sound,
    SoundFileError,
    clamp_volume,
)
from audio.null_backend import NullBackend
from audio.tags import AudioFileError, duration_s

if TYPE_CHECKING:
    from audio.sound_cache import SoundCache

log = logging.getLogger(__name__)

T = TypeVar("T")
ToneKind = Literal["in", "out", "hold"]
BackendFactory = Callable[[], AudioBackend]

DEFAULT_VOLUMES: dict[ChannelName, float] = {"voice": 1.0, "bell": 0.8, "tone": 0.6, "ambient": 0.5}
#: Ambient level while a voice speaks, as a share of its own volume.
DUCK_LEVEL = 0.35
DUCK_DOWN_S = 0.25  # quick enough to clear the first word
DUCK_UP_S = 0.8  # slow, so the bed swells back rather than jumps
PAUSE_FADE_MS = 400
RESUME_FADE_MS = 250
NOTICE_LOST_DEVICE = (
    "The sound device stopped working, so Kindly will carry on with visual cues and captions."
)
_VOICE_DURATIONS_KEPT = 256


def open_pygame_backend() -> AudioBackend:
    """The real backend, started; raises ``AudioError`` when there is no usable sound device."""
    from audio.pygame_backend import PygameBackend  # pygame itself loads inside open()

    backend = PygameBackend()
    backend.open()
    return backend


class AudioEngine:
    """Plays Kindly's cues. Never raises to the UI: with no device, or one lost mid-session, it goes silent.

    Nothing here runs on its own: no threads, no timers. Fades that the engine shapes itself (ducking
    the ambient bed under a voice, pausing and resuming) advance when the UI calls ``update(now_s)``
    from its frame tick; ``needs_update()`` says while that matters, so an idle UI can stop ticking.
    The backend is started lazily, on first use, unless ``AudioEngine.open()`` is used.
    """

    def __init__(
        self,
        settings_volumes: dict[str, float] | None = None,
        backend_factory: BackendFactory = open_pygame_backend,
        null_factory: BackendFactory = NullBackend,
        sound_cache: SoundCache | None = None,
    ) -> None:
        """``sound_cache`` keeps synthesised bells and tones between launches (none: made each time)."""
        self._sound_cache = sound_cache
        self._factory = backend_factory
        self._null_factory = null_factory
        self._backend: AudioBackend | None = None
        self._available = False
        self._notice: str | None = None
        self._closed = False
        self._volumes: dict[ChannelName, float] = dict(DEFAULT_VOLUMES)
        for channel in CHANNELS:
            value = (settings_volumes or {}).get(channel)
            # A damaged settings file must not silence a channel or crash the player: keep the default.
            if isinstance(value, (int, float)) and not math.isnan(value):
                self._volumes[channel] = clamp_volume(value)
        self._cue_gain: dict[ChannelName, float] = dict.fromkeys(CHANNELS, 1.0)
        self._pushed: dict[ChannelName, float] = {}
        self._duck = 1.0
        self._master = 1.0
        self._master_target = 1.0
        self._master_rate = math.inf  # gain per second
        self._paused = False
        self._last_update_s: float | None = None
        #: What needs_update() said at the last update: whether time since then counts as fading.
        self._moving = False
        self._voice_durations: dict[tuple[Path, int, int], float] = {}
        #: False once the voice channel was seen idle, until the next voice: the frame tick then
        #: need not ask the device twice a frame about a channel nothing has played on.
        self._voice_on = False

    @classmethod
    def open(
        cls,
        settings_volumes: dict[str, float] | None = None,
        backend_factory: BackendFactory = open_pygame_backend,
        null_factory: BackendFactory = NullBackend,
    ) -> AudioEngine:
        """An engine with its backend started now, so ``available`` and ``notice`` are known at once."""
        engine = cls(settings_volumes, backend_factory, null_factory)
        engine._ensure_backend()
        return engine

    # -- state the UI shows ------------------------------------------------------------------------

    @property
    def available(self) -> bool:
        """True while real sound can be heard."""
        self._ensure_backend()
        return self._available

    @property
    def notice(self) -> str | None:
        """One friendly sentence explaining why Kindly is silent, or None while sound works."""
        self._ensure_backend()
        return self._notice

    @property
    def start_delay_s(self) -> float:
        """How long after a play call its sound is heard, on average (0 until sound has started)."""
        if self._backend is None or self._closed:
            return 0.0
        return self._backend.start_delay_s

    def volume(self, channel: ChannelName) -> float:
        """The volume set for ``channel`` (settings), 0..1."""
        return self._volumes[channel]

    def is_busy(self, channel: ChannelName) -> bool:
        """True while ``channel`` has a sound that has not finished (paused or not)."""
        return self._run(lambda backend: backend.is_busy(channel), False)

    def needs_update(self) -> bool:
        """True while ``update()`` has work: a fade in progress, or a voice whose end must be noticed.

        False while paused: nothing moves until ``resume()``, so a paused UI may stop ticking.
        """
        if self._backend is None or self._closed or self._paused:
            return False
        return self._master != self._master_target or self._duck < 1.0 or self._voice_busy()

    # -- cues --------------------------------------------------------------------------------------

    def play_bell(self, name: str = "bowl", volume: float = 1.0) -> None:
        """Ring the bell ``name`` (see ``synth.BELLS``) at ``volume`` times the bell channel's volume."""
        sound = self._synth_sound(f"bell:{name}", lambda rate: synth.bell_pcm(name, rate))
        if sound is not None:
            self._cue_gain["bell"] = clamp_volume(volume)
            self._push_volumes()
            self._run(lambda backend: backend.play("bell", sound), None)

    def play_bell_file(self, path: Path, volume: float = 1.0) -> bool:
        """Ring a person's own bell (a short sound file) on the bell channel; False if it can't play."""
        try:
            sound = Sound.from_file(path, self._voice_duration(path))
        except AudioFileError as error:
            log.warning("bell not played: %s", error)
            return False
        self._cue_gain["bell"] = clamp_volume(volume)
        self._push_volumes()
        try:
            self._run(lambda backend: backend.play("bell", sound), None)
        except SoundFileError as error:
            log.warning("bell not played: %s", error)
            return False
        return True

    def play_tone(self, kind: ToneKind, duration_s: float) -> None:
        """The inhale (``"in"``) or exhale (``"out"``) tone lasting ``duration_s``, or the soft hold tick."""
        sound = self._tone(kind, duration_s)
        if sound is not None:
            self._run(lambda backend: backend.play("tone", sound), None)

    def play_voice(self, path: Path, start_s: float = 0.0, fade_in_ms: int = 0) -> bool:
        """Speak the recording at ``path`` on the voice channel; False if the file cannot be played.

        ``start_s`` begins it part-way (after a seek), ``fade_in_ms`` softens such a start. The ambient
        bed ducks under it from the next ``update()``, and comes back once it has ended.
        """
        try:
            sound = Sound.from_file(path, self._voice_duration(path), start_s)
        except AudioFileError as error:
            log.warning("voice not played: %s", error)
            return False
        try:
            self._run(lambda backend: backend.play("voice", sound, fade_in_ms=fade_in_ms), None)
        except SoundFileError as error:
            log.warning("voice not played: %s", error)
            return False
        self._voice_on = True
        return True

    def stop_channel(self, channel: ChannelName, fade_ms: int = 0) -> None:
        """Silence ``channel`` (over ``fade_ms``); an idle channel stays idle."""
        self._run(lambda backend: backend.fade_out(channel, fade_ms), None)

    def start_ambient(self, name: str, fade_in_ms: int = 2000) -> None:
        """Loop the ambient bed ``name`` (see ``synth.AMBIENT_BEDS``), rising gently from silence."""
        sound = self._synth_sound(f"ambient:{name}", lambda rate: synth.ambient_pcm(name, rate))
        if sound is not None:
            self._push_volumes()
            self._run(lambda backend: backend.play("ambient", sound, loops=-1, fade_in_ms=fade_in_ms), None)

    def stop_ambient(self, fade_ms: int = 1500) -> None:
        """Let the ambient bed fade away over ``fade_ms``."""
        self._run(lambda backend: backend.fade_out("ambient", fade_ms), None)

    def set_volume(self, channel: ChannelName, volume: float) -> None:
        """Set ``channel``'s volume (the settings slider), 0..1."""
        self._volumes[channel] = clamp_volume(volume)
        self._push_volumes()

    def preload(
        self, tone_durations_s: Iterable[float] = (), ambient: Iterable[str] = (), voices: Iterable[Path] = ()
    ) -> None:
        """Build every bell and the given tones and beds now, so each later play starts within a frame.

        Synthesis is pure Python: at 44.1 kHz about 40 ms a bell, 15 ms per second of tone and 0.1 s a
        bed, so call this when a session is chosen, not on its first beat.
        """
        wanted: list[tuple[ChannelName, Sound | None]] = [
            ("bell", self._synth_sound(f"bell:{name}", partial(synth.bell_pcm, name))) for name in synth.BELLS
        ]
        wanted.append(("tone", self._tone("hold", 0.0)))
        for length_s in tone_durations_s:
            wanted += [("tone", self._tone("in", length_s)), ("tone", self._tone("out", length_s))]
        for name in ambient:
            wanted.append(("ambient", self._synth_sound(f"ambient:{name}", partial(synth.ambient_pcm, name))))
        ready = [(channel, sound) for channel, sound in wanted if sound is not None]
        self._run(lambda backend: _prepare_all(backend, ready), None)
        for path in voices:
            try:
                self._voice_duration(path)
            except AudioFileError as error:
                log.warning("voice not preloaded: %s", error)

    # -- pausing and stopping ----------------------------------------------------------------------

    def pause(self, fade_ms: int = PAUSE_FADE_MS) -> None:
        """Fade everything out over ``fade_ms`` (through ``update()``), then hold it where it is."""
        self._master_target = 0.0
        self._master_rate = 1000 / fade_ms if fade_ms > 0 else math.inf
        if fade_ms <= 0:
            self._master = 0.0
            self._settle()

    def resume(self, fade_ms: int = RESUME_FADE_MS) -> None:
        """Carry on where ``pause()`` held, fading back in over ``fade_ms`` (through ``update()``)."""
        self._master_target = 1.0
        self._master_rate = 1000 / fade_ms if fade_ms > 0 else math.inf
        if fade_ms <= 0:
            self._master = 1.0
        self._push_volumes()
        if self._paused:
            self._paused = False
            self._run(lambda backend: backend.resume(), None)

    @property
    def paused(self) -> bool:
        """True once a pause has faded out and the backend holds every sound."""
        return self._paused

    def stop_all(self, fade_ms: int = 600) -> None:
        """End every sound, fading over ``fade_ms``; a paused engine stops at once and is ready to play."""
        held = self._paused or self._master_target == 0.0
        self._run(lambda backend: _stop_all(backend, 0 if held else fade_ms), None)
        if held:
            self.resume(fade_ms=0)

    def update(self, now_s: float) -> None:
        """Advance the engine's own fades to ``now_s`` (seconds on any steady clock); call it every frame."""
        if self._backend is None or self._closed:
            return
        # A fade starts from the first update after it was asked for: the caller may skip updates
        # while nothing moves (see needs_update), and that quiet time must not count as fading.
        last, self._last_update_s = self._last_update_s, now_s
        elapsed_s = 0.0 if last is None or not self._moving else max(0.0, now_s - last)
        before = (self._duck, self._master)
        if self._voice_busy():
            self._duck = max(DUCK_LEVEL, self._duck - elapsed_s * (1 - DUCK_LEVEL) / DUCK_DOWN_S)
        else:
            self._duck = min(1.0, self._duck + elapsed_s * (1 - DUCK_LEVEL) / DUCK_UP_S)
        step = elapsed_s * self._master_rate
        if self._master < self._master_target:
            self._master = min(self._master_target, self._master + step)
        elif self._master > self._master_target:
            self._master = max(self._master_target, self._master - step)
        if (self._duck, self._master) != before or self._master_target == 0.0:
            self._settle()  # called every frame: in the steady state there is nothing to push
        self._moving = self.needs_update()

    def close(self) -> None:
        """Release the sound device. Later calls do nothing."""
        if self._backend is not None and not self._closed:
            try:
                self._backend.close()
            except Exception:  # the device is going away anyway; closing must not fail the app's exit
                log.warning("audio backend failed to close", exc_info=True)
        self._closed = True

    # -- inside --------------------------------------------------------------------------------------

    def _settle(self) -> None:
        """Push volumes, and hold the backend once a pause has faded all the way out."""
        self._push_volumes()
        if self._master_target == 0.0 and self._master == 0.0 and not self._paused:
            self._paused = True
            self._run(lambda backend: backend.pause(), None)

    def _ensure_backend(self) -> AudioBackend:
        if self._backend is None:
            try:
                self._backend = self._factory()
                self._available = True
            except Exception as error:  # no device, no driver, no pygame: all mean "run silent"
                log.info("no sound: %s", getattr(error, "detail", None) or error)
                self._notice = error.short if isinstance(error, AudioError) else NOTICE_NO_DEVICE
                self._backend = self._null_factory()
            self._pushed.clear()
            self._push_volumes()
        return self._backend

    def _voice_busy(self) -> bool:
        if self._voice_on:
            self._voice_on = self.is_busy("voice")
        return self._voice_on

    def _run(self, action: Callable[[AudioBackend], T], failed: T) -> T:
        """``action`` on the backend; if the device fails, carry on silently on the null backend.

        ``failed`` is returned once closed. A file the backend cannot decode is not a device failure:
        ``SoundFileError`` goes back to the caller.
        """
        if self._closed:
            return failed
        backend = self._ensure_backend()
        try:
            return action(backend)
        except SoundFileError:
            raise
        except Exception:
            if not self._available:
                raise  # the null backend failing is a bug in Kindly, not a missing device
            log.warning("sound device failed; continuing silently", exc_info=True)
            self._lose_device()
            return action(self._ensure_backend())

    def _lose_device(self) -> None:
        try:
            if self._backend is not None:
                self._backend.close()
        except Exception:  # the device is already broken; closing it may fail too
            log.debug("closing the failed backend failed", exc_info=True)
        self._backend = self._null_factory()
        self._available = False
        self._notice = NOTICE_LOST_DEVICE
        self._pushed.clear()
        self._push_volumes()
        if self._paused:
            self._backend.pause()

    def _push_volumes(self) -> None:
        """Send each channel's level (setting × cue × pause fade × duck) where it changed."""
        if self._backend is None or self._closed:
            return
        levels = {}
        for channel in CHANNELS:
            level = self._volumes[channel] * self._cue_gain[channel] * self._master
            levels[channel] = level * self._duck if channel == "ambient" else level
        changed = {channel: level for channel, level in levels.items() if self._pushed.get(channel) != level}
        if changed:
            self._run(lambda backend: _set_volumes(backend, changed), None)
            self._pushed.update(changed)

    def _synth_sound(self, key: str, make: Callable[[int], bytes]) -> Sound | None:
        """A synthesised sound at the backend's rate, or None (logged) for a name that does not exist."""
        rate_hz = self._run(lambda backend: backend.rate_hz, 0)
        if not rate_hz:
            return None
        name = f"{key}@{rate_hz}"
        cache = self._sound_cache
        try:
            pcm = make(rate_hz) if cache is None else cache.pcm(name, lambda: make(rate_hz))
            return Sound.from_pcm(name, pcm, rate_hz)
        except KeyError:
            log.warning("no such sound: %s", key)
            return None

    def _tone(self, kind: ToneKind, duration_s: float) -> Sound | None:
        if kind == "hold":
            return self._synth_sound("tick", synth.tick_pcm)
        if not math.isfinite(duration_s):
            log.warning("no tone for a phase of %r seconds", duration_s)
            return None
        length_s = synth.tone_length_s(duration_s)
        return self._synth_sound(
            f"tone:{kind}:{length_s:.2f}", lambda rate: synth.tone_pcm(kind, length_s, rate)
        )

    def _voice_duration(self, path: Path) -> float:
        """The file's length, read once per version of the file (mutagen costs ~1 ms a read)."""
        try:
            stat = path.stat()
        except OSError:
            return duration_s(path)  # raises the right AudioFileError
        key = (path, stat.st_mtime_ns, stat.st_size)
        if key not in self._voice_durations:
            if len(self._voice_durations) >= _VOICE_DURATIONS_KEPT:
                self._voice_durations.clear()
            self._voice_durations[key] = duration_s(path)
        return self._voice_durations[key]


def _prepare_all(backend: AudioBackend, sounds: list[tuple[ChannelName, Sound]]) -> None:
    for channel, sound in sounds:
        backend.prepare(channel, sound)


def _stop_all(backend: AudioBackend, fade_ms: int) -> None:
    for channel in CHANNELS:
        backend.fade_out(channel, fade_ms)  # a fade of 0 ms stops at once


def _set_volumes(backend: AudioBackend, levels: dict[ChannelName, float]) -> None:
    for channel, level in levels.items():
        backend.set_volume(channel, level)
