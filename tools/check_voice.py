#!/usr/bin/env python3
"""Prove each voice clip says its caption: an offline recogniser transcribes every clip the
built-in scripts use, and a clip is flagged when its transcript is closer to another caption than
to its own, or when its word error rate is far above the rest of the set's.

    .venv/bin/python tools/check_voice.py       # after `python3 tools/dev.py test` built .venv
    .venv/bin/python tools/check_voice.py -v    # every clip, with what was heard

Dev only (CI runs it after the tests): ``pocketsphinx`` from PyPI, whose wheel ships a U.S.
English acoustic model, dictionary and language model, so nothing is downloaded; ``sox`` decodes
the Ogg files. Nothing is cached: every clip is transcribed on every run.

Why these limits. The recogniser knows nothing of our captions (it uses its general English
language model), so a synthetic voice read slowly is heard imperfectly. Over today's 34 clips
(5.2 min of speech) the word error rate against a clip's own caption has a median of 0.29, a MAD
of 0.14 (scaled to a standard deviation) and a worst clip at 0.57 — short lines, where one odd
word is a fifth of the line, and words it rarely hears ("calves" → "cats"). Against the nearest
*other* caption the same transcripts score 0.57 at best and 0.85 at the median; every clip is at
least 0.24 closer to its own caption than to any other. So a clip fails when

- another caption is strictly closer to its transcript than its own (a mix-up, or a clip rendered
  from the wrong text), or
- its WER is above the set's norm, ``median + 3·MAD`` (0.70 today), a limit that follows the set if
  the voice or the recogniser changes. It is kept between 0.5 (a very clean set must not flag an
  ordinary slip of the recogniser) and 0.75 (with fewer than a quarter of its words heard, a clip
  is not our line, however noisy the set). The MAD is scaled (×1.4826) because the raw MAD, 0.09,
  would put the limit at 0.57, on today's worst clip, whose transcript is plainly its own line
  misheard ("you might look the word score ... simply rest with for their burris here").

Speed: about 0.09 CPU seconds per second of speech with these decoder settings (pocketsphinx's
defaults: ~0.45). On the shared 2-core development machine, 34 clips (5.2 min) took 20-34 s of
wall time with 2 processes (0.07-0.11 s per second of speech), so ~45 minutes of speech should take
about 3-5 minutes.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make the `sessions` package importable
    sys.path.insert(0, str(ROOT))

from sessions.scripts import load_library, normalise_text  # noqa: E402

SCRIPTS_DIR = ROOT / "assets" / "sessions"
VOICE_DIR = ROOT / "assets" / "voice"
SAMPLE_RATE = 16000
#: A clip's WER may exceed the set's median by this many (scaled) MADs before it is flagged ...
MAD_FACTOR = 3.0
#: ... and the limit is never below this: the norm of a very clean set is too tight to use alone ...
NORM_FLOOR = 0.5
#: ... nor above this: fewer than a quarter of a clip's words heard is not our line.
CEILING = 0.75
#: Scales a median absolute deviation to a standard deviation for normally spread values.
MAD_TO_SD = 1.4826
#: Decoder settings: one pass (no flat-lexicon rescoring, no lattice best path) and narrower beams.
#: Measured over today's 34 clips (5.2 min of speech), in CPU seconds per second of speech:
#: pocketsphinx's defaults ~0.45, one pass 0.22, these 0.087. The median WER rises from 0.22 to
#: 0.30, but every clip stays at least 0.24 closer to its own caption than to any other.
DECODER: dict[str, Any] = {
    "samprate": SAMPLE_RATE,
    "fwdflat": False,
    "bestpath": False,
    "beam": 1e-40,
    "wbeam": 1e-30,
    "pbeam": 1e-40,
    "maxhmmpf": 3000,
    "maxwpf": 5,
    "loglevel": "FATAL",
}

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


@dataclass(frozen=True)
class Clip:
    path: Path
    caption: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Heard:
    clip: Clip
    transcript: str
    audio_s: float
    wer: float
    closest: str
    closest_wer: float


def words(text: str) -> list[str]:
    """Lowercase words without punctuation, the way the recogniser writes them."""
    text = text.lower().replace("’", "'").replace("-", " ")
    return _WORD.findall(text)


def wer(reference: Sequence[str], hypothesis: Sequence[str]) -> float:
    """Word error rate: (substitutions + deletions + insertions) / words in the reference."""
    if not reference:
        return 0.0 if not hypothesis else 1.0
    previous = list(range(len(hypothesis) + 1))
    for i, ref in enumerate(reference, start=1):
        current = [i]
        for j, hyp in enumerate(hypothesis, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ref != hyp)))
        previous = current
    return previous[-1] / len(reference)


def builtin_clips() -> list[Clip]:
    """Every rendered clip the built-in scripts use, with its caption and where it is used."""
    library = load_library(SCRIPTS_DIR, None, voice_dir=VOICE_DIR)
    if library.broken:
        problems = "\n".join(str(p) for b in library.broken for p in b.problems)
        raise SystemExit(f"check_voice: fix these scripts first:\n{problems}")
    found: dict[Path, Clip] = {}
    for script in library.scripts:
        for number, step in enumerate(script.steps, start=1):
            if step.voice is not True or step.voice_file is None:
                continue  # a caption only, or the author's own recording
            old = found.get(step.voice_file)
            where = (*(old.sources if old else ()), f"{script.id} step {number}")
            found[step.voice_file] = Clip(step.voice_file, normalise_text(step.text), where)
    return sorted(found.values(), key=lambda c: c.path.name)


def decode_pcm(path: Path) -> bytes:
    """``path`` as 16 kHz mono signed 16-bit PCM, decoded by sox.

    ``-R``: sox dithers with random noise when it reduces to 16 bits, seeded afresh each run unless
    told to repeat itself, and the recogniser is sensitive enough for that to change a word.
    """
    command = ["sox", "-q", "-R", str(path), "-t", "raw", "-r", str(SAMPLE_RATE), "-c", "1", "-b", "16",
               "-e", "signed-integer", "-"]  # fmt: skip
    return subprocess.run(command, capture_output=True, check=True).stdout


#: This process's decoder and its starting cepstral mean (one per process: loading takes ~1 s).
_worker: dict[str, Any] = {}


def _start_worker() -> None:
    from pocketsphinx import Decoder

    decoder = Decoder(**DECODER)
    _worker.update(decoder=decoder, cmn=decoder.get_cmn())


def transcribe(path: Path) -> tuple[str, float]:
    """What the recogniser hears in ``path``, and the clip's length in seconds."""
    pcm = decode_pcm(path)
    # Start every clip afresh: the decoder carries its cepstral mean and noise estimate from one
    # utterance to the next, so without this a transcript depends on which clips the process
    # happened to take before it (measured: 5 of 34 transcripts changed when the order did).
    decoder = _worker["decoder"]
    decoder.set_cmn(_worker["cmn"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # "unnecessary" for a live stream only
        decoder.start_stream()
    decoder.start_utt()
    decoder.process_raw(pcm, full_utt=True)
    decoder.end_utt()
    hyp = decoder.hyp()
    return (hyp.hypstr if hyp is not None else ""), len(pcm) / (2 * SAMPLE_RATE)


def judge(clips: Sequence[Clip], transcripts: Sequence[tuple[str, float]]) -> list[Heard]:
    captions = sorted({c.caption for c in clips})
    caption_words = {c: words(c) for c in captions}
    heard: list[Heard] = []
    for clip, (transcript, audio_s) in zip(clips, transcripts, strict=True):
        said = words(transcript)
        rates = {c: wer(caption_words[c], said) for c in captions}
        closest = min(captions, key=lambda c: (rates[c], c != clip.caption))
        heard.append(Heard(clip, transcript, audio_s, rates[clip.caption], closest, rates[closest]))
    return heard


@dataclass(frozen=True)
class Norm:
    median: float
    mad: float
    limit: float
    """A clip above this WER is flagged."""


def norm_of(rates: Sequence[float]) -> Norm:
    median = statistics.median(rates)
    mad = MAD_TO_SD * statistics.median(abs(r - median) for r in rates)
    return Norm(median, mad, min(CEILING, max(NORM_FLOOR, median + MAD_FACTOR * mad)))


def problems_of(heard: Heard, norm: Norm) -> list[str]:
    found = []
    if heard.closest != heard.clip.caption and heard.closest_wer < heard.wer:
        found.append(f"sounds closer to another caption (WER {heard.closest_wer:.2f}): “{heard.closest}”")
    if heard.wer > norm.limit:
        found.append(f"WER {heard.wer:.2f} is above the set's limit of {norm.limit:.2f}")
    return found


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("-j", "--jobs", type=int, default=2, help="processes to use (default 2)")
    parser.add_argument("-v", "--verbose", action="store_true", help="a line for every clip")
    args = parser.parse_args(argv)
    if shutil.which("sox") is None:
        print("check_voice: needs the sox command to decode Ogg (Debian: apt install sox)", file=sys.stderr)
        return 1
    try:
        import pocketsphinx  # noqa: F401
    except ImportError:
        print("check_voice: needs pocketsphinx (the dev section of requirements.lock)", file=sys.stderr)
        return 1
    started = time.monotonic()
    clips = builtin_clips()
    if not clips:
        print("check_voice: no voice clips to check")
        return 0
    # Longest first, so neither process is left with one long clip at the end.
    order = sorted(range(len(clips)), key=lambda i: -clips[i].path.stat().st_size)
    jobs = max(1, min(args.jobs, len(clips)))
    with multiprocessing.get_context("spawn").Pool(jobs, initializer=_start_worker) as pool:
        done = pool.map(transcribe, [clips[i].path for i in order], chunksize=1)
    transcripts: list[tuple[str, float]] = [("", 0.0)] * len(clips)
    for i, result in zip(order, done, strict=True):
        transcripts[i] = result
    heard = judge(clips, transcripts)
    norm = norm_of([h.wer for h in heard])
    flagged = 0
    for item in heard:
        problems = problems_of(item, norm)
        flagged += bool(problems)
        if problems or args.verbose:
            mark = "FLAG" if problems else "ok  "
            detail = "; ".join(problems) or f"WER {item.wer:.2f}"
            print(f"{mark} {item.clip.path.name} ({', '.join(item.clip.sources)}): {detail}")
            if problems or args.verbose:
                print(f"       caption: {item.clip.caption}\n       heard:   {item.transcript}")
    elapsed = time.monotonic() - started
    speech_s = sum(h.audio_s for h in heard)
    print(
        f"check_voice: {len(heard)} clips, {speech_s / 60:.1f} min of speech, median WER {norm.median:.2f} "
        f"(MAD {norm.mad:.2f}, flagged above {norm.limit:.2f}), {flagged} flagged, "
        f"{elapsed:.1f} s with {jobs} process{'es' if jobs != 1 else ''} "
        f"({elapsed / max(speech_s, 1e-9):.2f} s per second of speech)"
    )
    return 1 if flagged else 0


if __name__ == "__main__":
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    raise SystemExit(main())
