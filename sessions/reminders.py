"""Gentle reminders and mindful bells: a pure plan, and the next moment one is due (clock passed in)."""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import cached_property
from typing import Any, Literal

ReminderKind = Literal["daily", "bell"]

#: Monday is 0, as ``date.weekday()`` counts.
EVERY_DAY: frozenset[int] = frozenset(range(7))
DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MINUTES_PER_DAY = 24 * 60
#: Bells closer than this stop being a gentle pause and start being an interruption.
MIN_BELL_EVERY_MIN = 5
MAX_BELL_EVERY_MIN = 12 * 60
MAX_DAILY = 12
MAX_SNOOZE_MIN = 240
#: Days looked ahead, plus the day before (a window may run past midnight). Two weeks, not one: a
#: DST change can leave a chosen day with no moment a bell may ring (its window moved into quiet
#: hours), and then the next bell is on that weekday a week later.
_HORIZON_DAYS = 15

_CLOCK_RE = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*$")


class ReminderError(ValueError):
    """A reminder setting that cannot be used, with a message for the person who chose it."""


def parse_clock(text: object) -> int:
    """Minutes since midnight for ``"HH:MM"`` (24-hour clock), or :class:`ReminderError`."""
    if not isinstance(text, str):
        raise ReminderError("A time should be written like 07:30.")
    match = _CLOCK_RE.match(text)
    if match is None:
        raise ReminderError(f"“{text.strip()}” is not a time Kindly understands; write it like 07:30.")
    hours, minutes = int(match.group(1)), int(match.group(2))
    if hours > 23:
        raise ReminderError(f"“{text.strip()}” is not a time of day: hours go from 00 to 23.")
    if minutes > 59:
        raise ReminderError(f"“{text.strip()}” is not a time of day: minutes go from 00 to 59.")
    return hours * 60 + minutes


def clock_text(minute_of_day: int) -> str:
    return f"{minute_of_day // 60:02d}:{minute_of_day % 60:02d}"


def _weekdays(value: Iterable[object]) -> frozenset[int]:
    days: set[int] = set()
    for day in value:
        if isinstance(day, bool) or not isinstance(day, int) or not 0 <= day <= 6:
            raise ReminderError("Days are counted 0 (Monday) to 6 (Sunday).")
        days.add(day)
    if not days:
        raise ReminderError("Choose at least one day.")
    return frozenset(days)


def weekdays_text(days: frozenset[int]) -> str:
    """Plain words for a set of days: "Every day", "Weekdays", "Weekends" or "Mon, Wed"."""
    if days == EVERY_DAY:
        return "Every day"
    if days == frozenset(range(5)):
        return "Weekdays"
    if days == frozenset({5, 6}):
        return "Weekends"
    return ", ".join(DAY_NAMES[d] for d in sorted(days))


@dataclass(frozen=True)
class DailyReminder:
    """A reminder at one time of day (``"HH:MM"``, local wall clock) on some days of the week."""

    time: str
    weekdays: frozenset[int] = EVERY_DAY

    def __post_init__(self) -> None:
        # Normalised once here so two spellings of one time ("7:30", "07:30") compare equal.
        object.__setattr__(self, "time", clock_text(parse_clock(self.time)))
        object.__setattr__(self, "weekdays", _weekdays(self.weekdays))

    @property
    def minute(self) -> int:
        return parse_clock(self.time)

    def describe(self) -> str:
        return f"{self.time} · {weekdays_text(self.weekdays)}"


@dataclass(frozen=True)
class MindfulBells:
    """Bells through the day.

    ``every_min`` alone: on the wall clock at every multiple of N minutes since midnight (60 rings
    on the hour). ``random_window`` alone: once a day at a random moment inside the window.
    Both: one bell at a random moment in each N-minute slot of the window ("about every N
    minutes"). Quiet hours silence bells, and may run past midnight (22:00 to 07:00). A window
    whose end is before its start runs past midnight too: it belongs to the day it starts on, and
    its minutes after midnight may ring only if the next day is chosen as well.
    """

    every_min: int | None = 60
    random_window: tuple[str, str] | None = None
    quiet_start: str | None = None
    quiet_end: str | None = None
    weekdays: frozenset[int] = EVERY_DAY

    def __post_init__(self) -> None:
        every = self.every_min
        if every is not None and (
            isinstance(every, bool)
            or not isinstance(every, int)
            or not MIN_BELL_EVERY_MIN <= every <= MAX_BELL_EVERY_MIN
        ):
            raise ReminderError(f"Bells can ring every {MIN_BELL_EVERY_MIN} to {MAX_BELL_EVERY_MIN} minutes.")
        if every is None and self.random_window is None:
            raise ReminderError("Bells need a rhythm: every few minutes, or at random within some hours.")
        if self.random_window is not None:
            start, end = (clock_text(parse_clock(t)) for t in self.random_window)
            if start == end:
                raise ReminderError("The hours for random bells need a start and an end that differ.")
            object.__setattr__(self, "random_window", (start, end))
        if (self.quiet_start is None) != (self.quiet_end is None):
            raise ReminderError("Quiet hours need both a start and an end.")
        if self.quiet_start is not None and self.quiet_end is not None:
            quiet_start, quiet_end = (
                clock_text(parse_clock(self.quiet_start)),
                clock_text(parse_clock(self.quiet_end)),
            )
            if quiet_start == quiet_end:
                raise ReminderError("Quiet hours need a start and an end that differ.")
            object.__setattr__(self, "quiet_start", quiet_start)
            object.__setattr__(self, "quiet_end", quiet_end)
        object.__setattr__(self, "weekdays", _weekdays(self.weekdays))

    @cached_property
    def _quiet(self) -> tuple[int, int] | None:
        if self.quiet_start is None or self.quiet_end is None:
            return None
        return parse_clock(self.quiet_start), parse_clock(self.quiet_end)

    def is_quiet(self, minute_of_day: int) -> bool:
        """True when ``minute_of_day`` falls in quiet hours (start included, end not)."""
        if self._quiet is None:
            return False
        start, end = self._quiet
        if start < end:
            return start <= minute_of_day < end
        return minute_of_day >= start or minute_of_day < end


@dataclass(frozen=True)
class ReminderPlan:
    """Everything that may call a person back to practice; empty by default (nothing ever rings)."""

    daily: tuple[DailyReminder, ...] = ()
    bells: MindfulBells | None = None

    @property
    def is_empty(self) -> bool:
        return not self.daily and self.bells is None

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data for the settings file."""
        data: dict[str, Any] = {
            "daily": [{"time": r.time, "weekdays": sorted(r.weekdays)} for r in self.daily],
            "bells": None,
        }
        if self.bells is not None:
            b = self.bells
            data["bells"] = {
                "every_min": b.every_min,
                "random_window": list(b.random_window) if b.random_window else None,
                "quiet_start": b.quiet_start,
                "quiet_end": b.quiet_end,
                "weekdays": sorted(b.weekdays),
            }
        return data

    @classmethod
    def from_dict(cls, data: object) -> tuple[ReminderPlan, list[str]]:
        """The plan in ``data``, keeping every good part; a notice for each part left out."""
        if data is None or data == {}:
            return cls(), []
        if not isinstance(data, Mapping):
            return cls(), ["Your reminders could not be read, so none are set."]
        notices: list[str] = []
        daily: list[DailyReminder] = []
        raw_daily = data.get("daily", [])
        if not isinstance(raw_daily, list):
            notices.append("Your daily reminders could not be read, so none are set.")
            raw_daily = []
        for entry in raw_daily:
            try:
                reminder = _daily_from(entry)
            except ReminderError as exc:
                notices.append(f"A daily reminder was left out: {exc}")
                continue
            if any(r.time == reminder.time for r in daily):
                continue  # the same time twice is one reminder
            if len(daily) >= MAX_DAILY:
                notices.append(f"Only the first {MAX_DAILY} daily reminders are kept.")
                break
            daily.append(reminder)
        bells = None
        raw_bells = data.get("bells")
        if raw_bells is not None:
            try:
                bells = _bells_from(raw_bells)
            except ReminderError as exc:
                notices.append(f"Mindful bells were turned off: {exc}")
        daily.sort(key=lambda r: r.time)
        return cls(tuple(daily), bells), notices


def _daily_from(entry: object) -> DailyReminder:
    if not isinstance(entry, Mapping):
        raise ReminderError("it could not be read.")
    weekdays = entry.get("weekdays", sorted(EVERY_DAY))
    if not isinstance(weekdays, list):
        raise ReminderError("its days could not be read.")
    return DailyReminder(entry.get("time"), _weekdays(weekdays))  # type: ignore[arg-type]


def _bells_from(raw: object) -> MindfulBells:
    if not isinstance(raw, Mapping):
        raise ReminderError("they could not be read.")
    window = raw.get("random_window")
    if window is not None:
        if not (isinstance(window, list | tuple) and len(window) == 2):
            raise ReminderError("the hours for random bells could not be read.")
        window = (window[0], window[1])
    weekdays = raw.get("weekdays", sorted(EVERY_DAY))
    if not isinstance(weekdays, list):
        raise ReminderError("their days could not be read.")
    return MindfulBells(
        every_min=raw.get("every_min"),
        random_window=window,
        quiet_start=raw.get("quiet_start"),
        quiet_end=raw.get("quiet_end"),
        weekdays=_weekdays(weekdays),
    )


# -- when is the next one? -----------------------------------------------------------------------
def _at(day: date, minute_of_day: int, tz: tzinfo) -> datetime:
    """The real instant a wall-clock time on ``day`` names, as an aware UTC datetime.

    A time skipped by a DST change (02:30 on a spring-forward night) comes out shifted forward by
    the gap (03:30); a repeated one (01:30 on a fall-back night) is its first occurrence (PEP 495,
    ``fold=0``). Comparisons happen in UTC: Python compares two datetimes sharing a ``tzinfo`` by
    their wall clocks alone, which is wrong across a DST change.
    """
    local = datetime.combine(day, time(minute_of_day // 60, minute_of_day % 60), tzinfo=tz)
    return local.astimezone(UTC)


def _local_minute(instant: datetime, tz: tzinfo) -> tuple[int, int]:
    """(weekday, minute of day) of ``instant`` on the local wall clock."""
    local = instant.astimezone(tz)
    return local.weekday(), local.hour * 60 + local.minute


def _bell_at(bells: MindfulBells, day: date, minute: int, tz: tzinfo) -> datetime | None:
    """The instant of ``minute`` past ``day``'s midnight (maybe past 1440), if a bell may ring then.

    Judged on the instant's real local time: a DST gap can move 02:00 into 03:00, and a window past
    midnight reaches into the next day, which must be a chosen day too.
    """
    instant = _at(day + timedelta(days=minute // MINUTES_PER_DAY), minute % MINUTES_PER_DAY, tz)
    weekday, local_minute = _local_minute(instant, tz)
    if bells.is_quiet(local_minute) or weekday not in bells.weekdays:
        return None
    return instant


def _bell_instants(bells: MindfulBells, day: date, tz: tzinfo, seed: int) -> Iterator[datetime]:
    """The instants at which bells ring for ``day``; a window past midnight belongs to its start day."""
    if day.weekday() not in bells.weekdays:
        return
    if bells.random_window is None:
        assert bells.every_min is not None  # validated: one of the two is set
        for minute in range(0, MINUTES_PER_DAY, bells.every_min):
            if (instant := _bell_at(bells, day, minute, tz)) is not None:
                yield instant
        return
    start, end = (parse_clock(t) for t in bells.random_window)
    if end <= start:
        end += MINUTES_PER_DAY
    slot = bells.every_min or (end - start)
    for index, slot_start in enumerate(range(start, end, slot)):
        # Picked among the moments a bell may really ring, never picked first and dropped after:
        # a pick past midnight onto an unchosen day, or moved into quiet hours by DST, silenced the
        # whole slot (a Monday-only 23:42-00:01 window lost every Monday whose pick was 00:00).
        choices = [
            instant
            for minute in range(slot_start, min(slot_start + slot, end))
            if (instant := _bell_at(bells, day, minute, tz)) is not None
        ]
        if choices:
            # Seeded per day and slot, so the same plan gives the same moments after a restart or
            # a clock change: a bell is never rung twice, nor skipped by recomputing.
            yield random.Random(f"{seed}:{day.isoformat()}:{index}").choice(choices)


def _candidates(
    plan: ReminderPlan, day: date, tz: tzinfo, seed: int
) -> Iterator[tuple[datetime, ReminderKind]]:
    for reminder in plan.daily:
        if day.weekday() in reminder.weekdays:
            instant = _at(day, reminder.minute, tz)
            if _local_minute(instant, tz)[0] in reminder.weekdays:
                yield instant, "daily"
    if plan.bells is not None:
        for instant in _bell_instants(plan.bells, day, tz, seed):
            yield instant, "bell"


def next_due(plan: ReminderPlan, now: datetime, seed: int = 0) -> tuple[datetime, ReminderKind] | None:
    """The first moment strictly after ``now`` when something is due, and what; ``None`` if never.

    ``now`` must be aware; its ``tzinfo`` is the local zone (give a ``zoneinfo.ZoneInfo`` so DST
    changes are known). Every time is worked out on the wall clock of each local date, so "08:00"
    stays 08:00 across a DST change. The answer is in ``now``'s zone.
    """
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("next_due needs an aware datetime")
    tz = now.tzinfo
    now_utc = now.astimezone(UTC)
    today = now.date()
    best: tuple[datetime, ReminderKind] | None = None
    for offset in range(-1, _HORIZON_DAYS):
        day = today + timedelta(days=offset)
        if best is not None and _at(day, 0, tz) > best[0]:
            break  # every later day starts after the best already found
        for instant, kind in _candidates(plan, day, tz, seed):
            # On a tie a daily reminder wins: it carries the words and the prompt.
            if instant > now_utc and (
                best is None or instant < best[0] or (instant == best[0] and kind == "daily")
            ):
                best = (instant, kind)
    if best is None:
        return None
    return best[0].astimezone(tz), best[1]


def snooze(now: datetime, minutes: float) -> datetime:
    """``minutes`` of real time after ``now`` (not wall-clock time: a DST change doesn't stretch it)."""
    if not 0 < minutes <= MAX_SNOOZE_MIN:
        raise ReminderError(f"A snooze can last from 1 to {MAX_SNOOZE_MIN} minutes.")
    if now.tzinfo is None:
        raise ValueError("snooze needs an aware datetime")
    return (now.astimezone(UTC) + timedelta(minutes=minutes)).astimezone(now.tzinfo)


__all__ = [
    "DAY_NAMES",
    "EVERY_DAY",
    "DailyReminder",
    "MindfulBells",
    "ReminderError",
    "ReminderKind",
    "ReminderPlan",
    "next_due",
    "parse_clock",
    "snooze",
    "weekdays_text",
]
