"""``PygameBackend``: the real ``AudioBackend`` on pygame.mixer, one mixer channel per Kindly channel."""

from __future__ import annotations

import os
from collections import OrderedDict
from typing import TYPE_CHECKING, ClassVar

from audio.backend import (
    CHANNELS,
    NOTICE_NO_DEVICE,
    AudioError,
    ChannelName,
    Sound,
    SoundFileError,
    clamp_volume,
)

if TYPE_CHECKING:
    from pygame.mixer import Channel as PgChannel
    from pygame.mixer import Sound as PgSound

#: Frames per mixer buffer: 23 ms at 44.1 kHz. SDL's audio thread wakes once per buffer, so this
#: sets what continuous breath tones cost (512 frames woke it 86 times a second, twice the CPU).
#: Sounds start on a buffer boundary; cues are played half a buffer early (``start_delay_s``), so
#: they start within about 12 ms either side of due.
BUFFER_FRAMES = 1024
#: PCM kept converted and ready to play; a session's bells, tones and bed take well under half of it.
CACHE_BYTES = 32 * 1024 * 1024


class PygameBackend:
    """Plays through pygame.mixer (SDL_mixer). pygame is imported by ``open()``, not at import time.

    Volumes are applied as each pygame ``Sound``'s own volume, never the channel's: SDL_mixer's
    fades overwrite a channel's volume while they run and restore the old value when they end, so
    a volume set during a fade would be lost. File sounds stream through ``pygame.mixer.music`` on
    the voice channel, so an hour-long recording is never decoded into memory.

    Nothing here registers a callback: pygame's mixer thread never runs our code.
    """

    # SDL has one mixer per process; a second open backend would silently share and confuse it.
    _open_instance: ClassVar[PygameBackend | None] = None

    def __init__(self, frequency: int = 44100, buffer: int = BUFFER_FRAMES) -> None:
        self._frequency = frequency
        self._buffer = buffer
        self._channels: dict[ChannelName, PgChannel] = {}
        self._volumes: dict[ChannelName, float] = dict.fromkeys(CHANNELS, 1.0)
        self._cache: OrderedDict[tuple[ChannelName, str], tuple[PgSound, int]] = OrderedDict()
        self._cache_bytes = 0
        self._playing: dict[ChannelName, PgSound] = {}
        self._music_on = False
        self._paused = False
        self._closed = False

    @property
    def rate_hz(self) -> int:
        return self._frequency

    @property
    def start_delay_s(self) -> float:
        return self._buffer / self._frequency / 2

    def open(self) -> None:
        """Start the mixer, or raise ``AudioError`` with a sentence the UI can show as it is."""
        if PygameBackend._open_instance is not None:
            raise AudioError("Sound is already in use by another part of Kindly.", "mixer already open")
        # pygame prints a greeting on import unless told not to; Kindly's output is its own.
        os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
        # SDL otherwise takes over SIGINT and SIGTERM (turning them into SDL_QUIT events nobody
        # reads), and the app would ignore a logout or `kill`; the app handles them itself.
        os.environ.setdefault("SDL_NO_SIGNAL_HANDLERS", "1")
        try:
            import pygame
        except ImportError as error:
            raise AudioError(NOTICE_NO_DEVICE, f"pygame is not installed: {error}") from error
        try:
            # allowedchanges=0: SDL converts to the device's format, so our PCM bytes stay s16 stereo.
            pygame.mixer.init(self._frequency, -16, 2, self._buffer, allowedchanges=0)
            pygame.mixer.set_num_channels(len(CHANNELS))
            pygame.mixer.set_reserved(len(CHANNELS))
            self._channels = {name: pygame.mixer.Channel(i) for i, name in enumerate(CHANNELS)}
        except pygame.error as error:
            pygame.mixer.quit()
            raise AudioError(NOTICE_NO_DEVICE, f"SDL: {error}") from error
        PygameBackend._open_instance = self

    def _ready(self) -> bool:
        """False once closed; using the backend before ``open()`` is a bug, so that raises."""
        if self._closed:
            return False
        if not self._channels:
            raise RuntimeError("PygameBackend.open() must be called before use")
        return True

    def _native(self, channel: ChannelName, sound: Sound) -> PgSound:
        import pygame

        # Cached per channel too, because each channel sets its volume on the pygame Sound itself.
        key = (channel, sound.key)
        cached = self._cache.get(key)
        if cached is not None:
            self._cache.move_to_end(key)
            return cached[0]
        if sound.rate_hz != self._frequency:
            raise ValueError(
                f"{sound.key} is made at {sound.rate_hz} Hz; the mixer runs at {self._frequency}"
            )
        native = pygame.mixer.Sound(buffer=sound.pcm)
        self._cache[key] = (native, len(sound.pcm))
        self._cache_bytes += len(sound.pcm)
        while self._cache_bytes > CACHE_BYTES and len(self._cache) > 1:
            _, (_, size) = self._cache.popitem(last=False)  # a playing sound lives on in self._playing
            self._cache_bytes -= size
        return native

    def prepare(self, channel: ChannelName, sound: Sound) -> None:
        if self._ready() and sound.path is None:
            self._native(channel, sound)

    def play(self, channel: ChannelName, sound: Sound, *, loops: int = 0, fade_in_ms: int = 0) -> None:
        if not self._ready():
            return
        import pygame

        if sound.path is not None:
            if channel != "voice":
                raise ValueError("file sounds play on the voice channel only")
            self._channels["voice"].stop()
            self._playing.pop("voice", None)
            try:
                pygame.mixer.music.load(str(sound.path))
            except pygame.error as error:
                raise SoundFileError(f"Kindly could not play {sound.path.name}.", str(error)) from error
            pygame.mixer.music.set_volume(self._volumes["voice"])
            try:
                # Measured (pygame-ce 2.5.8, SDL_mixer 2.x): OGG and FLAC start within a buffer of
                # start_s; WAV seeks to the whole second below it, so players seek in whole seconds.
                pygame.mixer.music.play(loops=loops, start=sound.start_s, fade_ms=max(0, fade_in_ms))
            except pygame.error as error:  # a format that cannot seek: say so, as for an unreadable file
                raise SoundFileError(
                    f"Kindly could not play {sound.path.name} from there.", str(error)
                ) from error
            self._music_on = True
            if self._paused:
                pygame.mixer.music.pause()
            return
        native = self._native(channel, sound)
        if channel == "voice" and self._music_on:
            pygame.mixer.music.stop()
            self._music_on = False
        native.set_volume(self._volumes[channel])
        mixer_channel = self._channels[channel]
        # A channel cut off mid-fade keeps its part-faded level in SDL_mixer, and a fade-in aims at
        # whatever level the channel has: reset it, since volumes live on the sounds instead.
        mixer_channel.set_volume(1.0)
        mixer_channel.play(native, loops=loops, fade_ms=max(0, fade_in_ms))
        self._playing[channel] = native
        if self._paused:
            # SDL_mixer starts a sound on a paused channel at once; hold it until resume().
            mixer_channel.pause()

    def stop(self, channel: ChannelName) -> None:
        if not self._ready():
            return
        self._channels[channel].stop()
        if channel == "voice" and self._music_on:
            import pygame

            pygame.mixer.music.stop()
            self._music_on = False

    def fade_out(self, channel: ChannelName, fade_ms: int) -> None:
        if not self._ready():
            return
        if fade_ms <= 0:
            self.stop(channel)
            return
        mixer_channel = self._channels[channel]
        if mixer_channel.get_volume() == 0:
            # SDL_mixer ignores a fade-out while the channel's fade volume is 0 (a fade-in that has
            # just begun), and the sound would then play on for ever. Nudge it to the quietest step.
            mixer_channel.set_volume(1 / 128)
        mixer_channel.fadeout(fade_ms)
        if channel == "voice" and self._music_on:
            import pygame

            pygame.mixer.music.fadeout(fade_ms)

    def set_volume(self, channel: ChannelName, volume: float) -> None:
        if not self._ready():
            return
        self._volumes[channel] = clamp_volume(volume)
        playing = self._playing.get(channel)
        if playing is not None:
            playing.set_volume(self._volumes[channel])
        if channel == "voice":
            import pygame

            pygame.mixer.music.set_volume(self._volumes["voice"])

    def volume(self, channel: ChannelName) -> float:
        return self._volumes[channel]

    def _music_busy(self) -> bool:
        # pygame-ce reports paused music as idle, so while paused trust what we saw at pause time.
        if self._music_on and not self._paused:
            import pygame

            self._music_on = pygame.mixer.music.get_busy()
        return self._music_on

    def is_busy(self, channel: ChannelName) -> bool:
        if not self._ready():
            return False
        busy = self._channels[channel].get_busy()
        return busy or (channel == "voice" and self._music_busy())

    def pause(self) -> None:
        if not self._ready() or self._paused:
            return
        import pygame

        self._music_busy()
        pygame.mixer.pause()
        pygame.mixer.music.pause()
        self._paused = True

    def resume(self) -> None:
        if not self._ready() or not self._paused:
            return
        import pygame

        self._paused = False
        pygame.mixer.unpause()
        if self._music_on:
            pygame.mixer.music.unpause()

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._cache.clear()
        self._cache_bytes = 0
        self._playing.clear()
        self._channels.clear()
        if PygameBackend._open_instance is self:
            import pygame

            pygame.mixer.quit()
            PygameBackend._open_instance = None
