"""Reading recordings: the one module that imports mutagen, turning every failure into one clear line."""

from __future__ import annotations

import logging
import math
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from audio.captions import Caption, clean_text, clock_s, read_lrc, tidy

__all__ = [
    "MAX_DURATION_S",
    "SUPPORTED_FORMATS",
    "AudioFileError",
    "Caption",
    "TrackInfo",
    "duration_s",
    "read_track",
]

log = logging.getLogger(__name__)

SUPPORTED_FORMATS: tuple[str, ...] = ("mp3", "ogg", "flac", "wav", "opus")
#: A guided recording longer than this is almost surely the wrong file (or a damaged header).
MAX_DURATION_S = 4 * 3600.0
#: What each file name ending may hold. Ogg files may carry Vorbis or Opus (SDL_mixer tells them apart).
_NAMED: dict[str, tuple[str, ...]] = {
    ".mp3": ("mp3",),
    ".ogg": ("ogg", "opus"),
    ".oga": ("ogg", "opus"),
    ".opus": ("opus",),
    ".flac": ("flac",),
    ".wav": ("wav",),
}
_LABELS = {"mp3": "MP3", "ogg": "Ogg Vorbis", "opus": "Opus", "flac": "FLAC", "wav": "WAV"}
NOT_SUPPORTED = f"format not supported (supported: {', '.join(SUPPORTED_FORMATS)})"
NOT_AUDIO = "not an audio file Kindly can read"
DAMAGED = "file is truncated or damaged"


class AudioFileError(ValueError):
    """A recording Kindly cannot use; ``str()`` is one line, ``FILE: reason``, ready to print.

    A ``ValueError`` (a file whose contents are not usable audio), so a script planner that treats
    ``OSError``/``ValueError`` as "this voice file cannot be read" can take :func:`duration_s` as is.
    """

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = Path(path)
        self.reason = reason


@dataclass(frozen=True)
class TrackInfo:
    """What Kindly knows about a recording: where it is, how long, what it is called, its captions."""

    path: Path
    duration_s: float
    title: str
    artist: str
    format: str
    captions: tuple[Caption, ...] = ()


def read_track(path: Path | str) -> TrackInfo:
    """Read ``path``'s length, title, artist and captions; any problem raises ``AudioFileError``."""
    path = Path(path)
    audio, content, duration = _load(path)
    try:
        title, artist, captions = _text_tags(audio)
    except Exception:  # tags are optional: a damaged tag must not lose the recording
        log.warning("ignoring unreadable tags in %s", path, exc_info=True)
        title, artist, captions = "", "", ()
    sidecar = read_lrc(path.with_suffix(".lrc"))
    if sidecar:
        captions = sidecar
    return TrackInfo(
        path=path,
        duration_s=duration,
        title=title or path.stem,
        artist=artist,
        format=content,
        captions=tuple(c for c in captions if c.start_s < duration),
    )


def duration_s(path: Path | str) -> float:
    """``path``'s length in seconds; any problem raises ``AudioFileError``."""
    return _load(Path(path))[2]


def _load(path: Path) -> tuple[Any, str, float]:
    """The mutagen object for ``path``, its format and length, after checking name, content and size."""
    try:
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size == 0:
                raise AudioFileError(path, "file is empty")
            content = _sniff(handle)
            _check_name(path, content)
            handle.seek(0)
            audio = _parse(path, content, handle)
            length_s = _duration(path, audio)  # before the size checks: "too long" explains more
            _check_complete(path, content, audio, handle, size)
            return audio, content, length_s
    except FileNotFoundError:
        raise AudioFileError(path, "no such file") from None
    except PermissionError:
        raise AudioFileError(path, "no permission to read it") from None
    except IsADirectoryError:
        raise AudioFileError(path, "is a folder, not an audio file") from None
    except OSError as error:
        raise AudioFileError(path, f"could not be read ({error.strerror or error})") from None


def _sniff(handle: IO[bytes]) -> str:
    """The format the bytes say, whatever the name says: a supported one, ``"other"`` or ``""``."""
    head = handle.read(64)
    skip = _id3_size(head)
    if not skip:
        return _sniff_head(head)
    # An ID3v2 tag may sit in front of any stream (MP3 mostly); what follows it decides.
    handle.seek(skip)
    return _sniff_head(handle.read(64)) or "mp3"


def _id3_size(head: bytes) -> int:
    """The length of an ID3v2 tag at the start of ``head`` (0 if none): header, body, optional footer."""
    if not head.startswith(b"ID3") or len(head) < 10:
        return 0
    body = sum((b & 0x7F) << (7 * (3 - i)) for i, b in enumerate(head[6:10]))  # "syncsafe" 7-bit bytes
    return 10 + body + (10 if head[5] & 0x10 else 0)


def _sniff_head(head: bytes) -> str:
    if head.startswith(b"fLaC"):
        return "flac"
    if head.startswith(b"OggS") and len(head) > 27:
        packet = head[27 + head[26] :]
        return (
            "opus"
            if packet.startswith(b"OpusHead")
            else "ogg"
            if packet.startswith(b"\x01vorbis")
            else "other"
        )
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "wav"
    if _is_mpeg3(head):
        return "mp3"
    known = (b"FORM", b"MThd", b"RIFF", b"wvpk", b"MAC ", b"\x30\x26\xb2\x75", b"caff", b".snd", b"OggS")
    if head.startswith(known) or head[4:8] == b"ftyp" or head[:2] == b"\xff\xf1":
        return "other"  # AIFF, MIDI, AVI, WavPack, APE, WMA, CAF, AU, Ogg Speex/FLAC, MP4/M4A, AAC
    return ""


def _is_mpeg3(head: bytes) -> bool:
    """An MPEG audio frame sync with layer III (MP1/MP2 and ADTS AAC share the sync but not the layer)."""
    return len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0 and head[1] & 0x06 == 0x02


def _check_name(path: Path, content: str) -> None:
    allowed = _NAMED.get(path.suffix.lower())
    if content == "other" or (not content and allowed is None):
        raise AudioFileError(path, NOT_SUPPORTED)
    if not content:
        raise AudioFileError(path, NOT_AUDIO)
    if allowed is None or content not in allowed:
        ending = f"'{path.suffix}'" if path.suffix else "no extension"
        raise AudioFileError(
            path, f"holds {_LABELS[content]} audio but its name has {ending}; rename it to end in .{content}"
        )


def _parse(path: Path, content: str, handle: IO[bytes]) -> Any:
    # Imported here, not at the top: mutagen costs start-up time and is needed only for recordings.
    from mutagen.flac import FLAC
    from mutagen.mp3 import MP3
    from mutagen.oggopus import OggOpus
    from mutagen.oggvorbis import OggVorbis
    from mutagen.wave import WAVE

    parser: Callable[[IO[bytes]], Any] = {
        "mp3": MP3,
        "ogg": OggVorbis,
        "opus": OggOpus,
        "flac": FLAC,
        "wav": WAVE,
    }[content]
    try:
        return parser(handle)
    except Exception:  # mutagen raises struct.error, IndexError… on damaged input, not only MutagenError
        log.info("mutagen could not parse %s", path, exc_info=True)
        raise AudioFileError(path, DAMAGED) from None


def _duration(path: Path, audio: Any) -> float:
    length = getattr(audio.info, "length", None)
    if not isinstance(length, (int, float)) or not math.isfinite(length) or length < 0:
        raise AudioFileError(path, DAMAGED)
    if length == 0:
        raise AudioFileError(path, "file has no sound in it")
    if length > MAX_DURATION_S:
        hours, minutes = divmod(round(length / 60), 60)
        raise AudioFileError(path, f"is {hours} h {minutes} min long; Kindly plays recordings up to 4 hours")
    return float(length)


def _check_complete(path: Path, content: str, audio: Any, handle: IO[bytes], size: int) -> None:
    """Raise if the file ends before its own header says it should. Formats differ in what they record."""
    complete = True
    if content == "wav":
        handle.seek(4)
        riff_size = int.from_bytes(handle.read(4), "little")
        # Streaming writers leave 0 or 0xFFFFFFFF when they cannot go back to fill the size in.
        complete = riff_size in (0, 0xFFFFFFFF) or riff_size + 8 <= size
    elif content == "mp3" and audio.info.bitrate:
        # A VBR header states the stream's length; a file much shorter than that was cut off.
        expected = audio.info.bitrate * audio.info.length / 8
        complete = size >= 0.9 * expected
    elif content == "flac":
        complete = _flac_complete(audio, handle, size)
    elif content in ("ogg", "opus"):
        complete = _ogg_ends_cleanly(handle, size)
    if not complete:
        raise AudioFileError(path, DAMAGED)


def _flac_complete(audio: Any, handle: IO[bytes], size: int) -> bool:
    """Every FLAC frame is at least ``min_framesize`` bytes, so the audio can be no smaller than that."""
    handle.seek(0)
    offset = _id3_size(handle.read(10)) + 4  # past any ID3 tag and the "fLaC" mark
    while True:  # metadata blocks: a 4-byte header (last-block flag, type, length) and a body
        handle.seek(offset)
        header = handle.read(4)
        if len(header) < 4:
            return False
        offset += 4 + int.from_bytes(header[1:4], "big")
        if header[0] & 0x80:
            break
    info = audio.info
    frames = math.ceil(info.total_samples / info.max_blocksize) if info.max_blocksize else 1
    return bool(size - offset >= max(1, frames * info.min_framesize))


def _ogg_ends_cleanly(handle: IO[bytes], size: int) -> bool:
    """True if the file's last Ogg page is whole and marks the end of the stream."""
    tail_start = max(0, size - 70000)  # an Ogg page is at most 65307 bytes
    handle.seek(tail_start)
    tail = handle.read()
    at = len(tail)
    while (at := tail.rfind(b"OggS", 0, at)) >= 0:
        header = tail[at : at + 27]
        if len(header) == 27 and header[4] == 0:
            segments = tail[at + 27 : at + 27 + header[26]]
            if len(segments) == header[26] and at + 27 + len(segments) + sum(segments) == len(tail):
                return bool(header[5] & 0x04)  # the end-of-stream flag
    return False


def _text_tags(audio: Any) -> tuple[str, str, tuple[Caption, ...]]:
    """Title, artist and captions from ID3 (CHAP, SYLT) or Vorbis comments (CHAPTERxxx)."""
    tags = audio.tags
    if tags is None:
        return "", "", ()
    if hasattr(tags, "getall"):  # ID3, in MP3 and WAV files
        title = clean_text(str(tags["TIT2"].text[0])) if "TIT2" in tags else ""
        artist = clean_text(str(tags["TPE1"].text[0])) if "TPE1" in tags else ""
        synced = [
            Caption(time_ms / 1000, text)
            for frame in tags.getall("SYLT")
            if frame.format == 2  # milliseconds; MPEG-frame timestamps are too rare to be worth it
            for text, time_ms in frame.text
        ]
        chapters = [
            Caption(frame.start_time / 1000, str(frame.sub_frames["TIT2"].text[0]))
            for frame in tags.getall("CHAP")
            if "TIT2" in frame.sub_frames
        ]
        return title, artist, tidy(synced) or tidy(chapters)
    comments = {key.lower(): values for key, values in tags.items()}
    chapters = []
    for key, values in comments.items():
        match = re.fullmatch(r"chapter(\d{1,4})", key)
        start = clock_s(values[0]) if match else None
        if match and start is not None:
            chapters.append(Caption(start, " ".join(comments.get(f"{key}name", [""]))))
    title, artist = (clean_text(comments.get(name, [""])[0]) for name in ("title", "artist"))
    return title, artist, tidy(chapters)
