"""Silent sitting: a meditation timer with a settling time and bells to begin, now and then, and end."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sessions.timeline import Timeline

TIMER_ID = "timer"
TITLE = "Silent sitting"
MAX_MINUTES = 180.0
#: The lengths the library and `list` offer (any other, or none, from the command line).
LENGTHS_MIN: tuple[float, ...] = (5.0, 10.0, 15.0, 20.0, 30.0, 45.0, 60.0)
MAX_DELAY_S = 600.0
#: Bells closer than this stop being a gentle marker and start being an interruption.
MIN_INTERVAL_MIN = 0.25
#: More bells than this in one sit is a mistake in what was typed, not a wish.
MAX_BELLS = 200
#: An open-ended sit rings its interval bells for this long at most (then it goes on in silence).
OPEN_ENDED_BELLS_MIN = MAX_MINUTES

SETTLING_TEXT = "Settling in. The bell will ring when the sit begins."
SITTING_TEXT = "Sitting quietly."


class TimerError(ValueError):
    """A timer that cannot be set as asked, with one line for the person who asked."""


@dataclass(frozen=True)
class TimerPlan:
    """What a silent sit is: its length (``None``: until stopped), settling time, bells.

    ``interval_min`` rings a bell every so many minutes; ``moments_min`` at chosen minutes into
    the sit (both may be given). ``bell`` is a built-in bell's name or an audio file's path.
    """

    minutes: float | None
    delay_s: float = 0.0
    interval_min: float | None = None
    moments_min: tuple[float, ...] = ()
    bell: str = "bowl"

    def checked(self) -> TimerPlan:
        """This plan, or :class:`TimerError` saying what cannot be."""
        minutes = self.minutes
        if minutes is not None and not (0 < minutes <= MAX_MINUTES and math.isfinite(minutes)):
            raise TimerError(f"a sit lasts more than 0 and at most {MAX_MINUTES:g} minutes")
        if not (0 <= self.delay_s <= MAX_DELAY_S and math.isfinite(self.delay_s)):
            raise TimerError(f"the settling time is between 0 and {MAX_DELAY_S:g} seconds")
        if minutes is not None and self.delay_s > minutes * 60:
            raise TimerError("the settling time is longer than the sit itself; make it shorter")
        interval = self.interval_min
        if interval is not None:
            if not (interval >= MIN_INTERVAL_MIN and math.isfinite(interval)):
                raise TimerError(f"bells can ring at most every {MIN_INTERVAL_MIN * 60:g} seconds")
            if minutes is not None and interval >= minutes:
                raise TimerError(
                    f"a bell every {interval:g} minutes would never ring in a {minutes:g}-minute sit; "
                    "choose a shorter interval, or none"
                )
        moments = tuple(sorted(set(self.moments_min)))
        for moment in moments:
            if not (moment > 0 and math.isfinite(moment)) or (minutes is not None and moment >= minutes):
                raise TimerError(f"a bell at {moment:g} minutes is outside the sit")
        if not self.bell.strip():
            raise TimerError("choose a bell: bowl, bowl-low, bowl-high, or a sound file")
        if minutes is not None:
            count = len(moments) + (math.ceil(minutes / interval) - 1 if interval else 0)
            if count > MAX_BELLS:
                raise TimerError(f"that is more than {MAX_BELLS} bells in one sit; choose a longer interval")
        return TimerPlan(
            None if minutes is None else float(minutes),
            float(self.delay_s),
            None if interval is None else float(interval),
            tuple(float(m) for m in moments),
            self.bell,
        )

    def bell_moments_min(self) -> tuple[float, ...]:
        """Minutes into the sit (after the settling time) when a bell rings, the first bell excluded.

        An open-ended sit rings at most :data:`MAX_BELLS` of them, then goes on in silence.
        """
        end = self.minutes if self.minutes is not None else OPEN_ENDED_BELLS_MIN
        found = set(self.moments_min)
        if self.interval_min:
            count = min(math.ceil(end / self.interval_min), MAX_BELLS + 1)
            found |= {round(k * self.interval_min, 9) for k in range(1, count)}
        return tuple(sorted(m for m in found if 0 < m < end))[:MAX_BELLS]


def parse_moments(text: str) -> tuple[float, ...]:
    """``"5, 12, 18"`` as minutes; :class:`TimerError` for anything else."""
    try:
        return tuple(float(part) for part in text.replace(";", ",").split(",") if part.strip())
    except ValueError:
        raise TimerError(f"'{text[:40]}' is not a list of minutes like 5, 12, 18") from None


def timer_timeline(plan: TimerPlan) -> Timeline:
    """The sit laid out in time: the settling time, the first bell, the bells between, the end bell.

    The settling time comes before the sit and is not practice (``Timeline.lead_in_s``).
    """
    # Here, not at the top: the settings hold a TimerPlan, and the first window (which reads them)
    # need not load the timeline and its events (bench/startup.py).
    from sessions.timeline import Timeline, TimelineStep

    plan = plan.checked()
    start = plan.delay_s
    steps: list[TimelineStep] = []
    if start > 0:
        steps.append(TimelineStep(0.0, start, caption=SETTLING_TEXT))
    total_s = None if plan.minutes is None else start + plan.minutes * 60
    begins = [start + m * 60 for m in (0.0, *plan.bell_moments_min())]
    ends = [*begins[1:], total_s if total_s is not None else math.inf]
    for begin, end in zip(begins, ends, strict=True):
        steps.append(TimelineStep(begin, end - begin, caption=SITTING_TEXT, bell=plan.bell))
    return Timeline(
        session_id=TIMER_ID,
        title=TITLE,
        kind=TIMER_ID,
        steps=tuple(steps),
        total_s=total_s,
        end_bell=plan.bell,
        skippable=False,
        lead_in_s=start,
    )


__all__ = ["TimerError", "TimerPlan", "parse_moments", "timer_timeline"]
