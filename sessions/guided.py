"""Guided sessions: a script planned for a chosen length becomes a timeline the runner can play."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from sessions.patterns import Pattern, parse_pattern
from sessions.script_plan import plan
from sessions.scripts import Script
from sessions.timeline import Timeline, TimelineStep


def guided_timeline(
    script: Script,
    minutes: float,
    voice_duration: Callable[[Path], float],
    *,
    pattern: Pattern | None = None,
    no_holds: bool = False,
) -> Timeline:
    """Plan ``script`` to fill ``minutes`` exactly and lay it out as a timeline.

    ``pattern`` replaces the breathing pattern of every step that has one (the person's choice
    for a breathing session); ``no_holds`` drops holds from the script's own patterns. Raises
    :class:`sessions.scripts.ScriptError` when the length cannot be filled.
    """
    steps: list[TimelineStep] = []
    pattern_ids: list[str] = []
    for planned in plan(script, minutes, voice_duration):
        step_pattern = None
        if planned.pattern is not None:
            step_pattern = (
                pattern if pattern is not None else parse_pattern(planned.pattern, no_holds=no_holds)
            )
            pattern_ids.append(step_pattern.id)
        steps.append(
            TimelineStep(
                start_s=planned.start_s,
                duration_s=planned.duration_s,
                caption=caption_text(planned.text),
                pattern=step_pattern,
                bell=planned.bell,
                voice=None if planned.voice is None else str(planned.voice),
                voice_s=planned.words_s,
                lead_s=planned.bell_s,
            )
        )
    return Timeline(
        session_id=script.id,
        title=script.title,
        kind=script.kind,
        steps=tuple(steps),
        total_s=float(minutes) * 60.0,
        pattern_id=pattern_ids[0] if pattern_ids else None,
        seekable=True,
    )


def caption_text(text: str) -> str:
    """A caption as one run of words: the line breaks a script was written with are not the
    screen's. The caption's layout wraps it to the window (issue 14: "Perhaps naming it," /
    "silently. …" wrapped raggedly where the script's lines ended)."""
    return " ".join(text.split())


def recording_timeline(
    recording_id: str,
    title: str,
    *,
    kind: str | None,
    path: Path,
    duration_s: float,
    captions: Sequence[tuple[float, str]] = (),
) -> Timeline:
    """An imported recording as a timeline: its audio on the voice channel, its chapters as captions.

    The recording carries its own opening and closing, so no bell is added. It has no parts to skip
    through; the player seeks in it instead (the stream is played from the new position).
    """
    if duration_s <= 0:
        raise ValueError("a recording needs a length")
    timed = sorted((start, text) for start, text in captions if 0 <= start < duration_s and text.strip())
    if not timed or timed[0][0] > 0:
        timed.insert(0, (0.0, title))
    starts = [start for start, _ in timed]
    ends = [*starts[1:], duration_s]
    steps = [
        TimelineStep(
            start_s=start,
            duration_s=end - start,
            caption=caption_text(text),
            voice=str(path) if index == 0 else None,
            voice_s=duration_s if index == 0 else 0.0,
        )
        for index, ((start, text), end) in enumerate(zip(timed, ends, strict=True))
    ]
    return Timeline(
        session_id=f"recording:{recording_id}",
        title=title,
        kind=kind or "recording",
        steps=tuple(steps),
        total_s=duration_s,
        end_bell=None,
        skippable=False,
        seekable=True,
    )
