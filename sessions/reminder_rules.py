"""When a reminder rings: the scheduling rules as a pure object, told the time and answering in decisions."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime

from sessions.reminders import ReminderKind, ReminderPlan, next_due, snooze

#: What the prompt's Snooze offers, in minutes.
SNOOZE_MIN = 10
#: A reminder found up to this late (the laptop was asleep at its time) is still offered; one found
#: later has passed, and is let go quietly rather than arriving out of context.
LATE_GRACE_S = 15 * 60
#: Precise timers never fire early, but a wall clock set back can make one look early.
EARLY_TOLERANCE_S = 1.0


@dataclass(frozen=True)
class Arm:
    """Wake up in ``wait_s`` seconds (never negative): ``kind`` is due ``at``."""

    at: datetime
    kind: ReminderKind
    wait_s: float

    @property
    def wait_ms(self) -> int:
        """The wait in whole milliseconds, rounded up: a timer that wakes early only re-arms."""
        return math.ceil(self.wait_s * 1000)


@dataclass(frozen=True)
class Disarm:
    """Nothing is planned: no timer at all."""


@dataclass(frozen=True)
class Fire:
    """Offer ``kind`` to the person now."""

    kind: ReminderKind


@dataclass(frozen=True)
class Defer:
    """``kind`` fell due during a session; it is held until the session ends."""

    kind: ReminderKind


@dataclass(frozen=True)
class Drop:
    """``kind``, due ``at``, was found ``late_s`` seconds late (after sleep or a jump): let go quietly."""

    at: datetime
    kind: ReminderKind
    late_s: float


Decision = Arm | Disarm | Fire | Defer | Drop


class ReminderRules:
    """The reminder rules, without a timer and without a clock: every command is told ``now``.

    Each command answers with the decisions it took, in order: at most one of :class:`Fire`,
    :class:`Defer` or :class:`Drop`, then (except :meth:`set_session_active`) :class:`Arm` or
    :class:`Disarm` for the one timer. The rules:

    - the next due moment is the plan's next reminder or bell (:func:`next_due`, seeded so random
      bells come at the same moments after a restart or a clock change), unless a snooze is sooner;
    - a snooze holds until its moment has been checked, and then is done;
    - a wake-up more than :data:`EARLY_TOLERANCE_S` early (the wall clock was set back) only
      re-arms; one late by up to :data:`LATE_GRACE_S` still offers its reminder; later, it drops it;
    - during a session nothing is offered: what falls due is deferred, several collapse into one
      (a daily reminder over a bell, as it carries the words and the prompt), and it is offered
      when the session ends.

    ``now`` must be aware, in the local zone (a ``zoneinfo.ZoneInfo`` so DST changes are known).
    """

    def __init__(self, seed: int = 0) -> None:
        self._seed = seed
        self._plan = ReminderPlan()
        self._due: tuple[datetime, ReminderKind] | None = None
        self._snoozed_until: datetime | None = None
        self._session_active = False
        self._deferred: ReminderKind | None = None

    # -- what may be read ------------------------------------------------------------------------
    @property
    def plan(self) -> ReminderPlan:
        return self._plan

    @property
    def due(self) -> tuple[datetime, ReminderKind] | None:
        """The moment the timer is armed for, and what is due then."""
        return self._due

    @property
    def session_active(self) -> bool:
        return self._session_active

    @property
    def deferred(self) -> ReminderKind | None:
        """What fell due during the session and waits for its end."""
        return self._deferred

    # -- commands --------------------------------------------------------------------------------
    def set_plan(self, plan: ReminderPlan, now: datetime) -> list[Decision]:
        """Follow ``plan`` from ``now`` on (a pending snooze still holds)."""
        self._plan = plan
        return [self._arm(now)]

    def snooze(self, now: datetime, minutes: float = SNOOZE_MIN) -> list[Decision]:
        """Offer the daily prompt again ``minutes`` of real time after ``now``."""
        self._snoozed_until = snooze(now, minutes)
        return [self._arm(now)]

    def set_session_active(self, active: bool) -> list[Decision]:
        """While a session runs nothing fires; what fell due is offered when it ends."""
        self._session_active = active
        if active or self._deferred is None:
            return []
        kind, self._deferred = self._deferred, None
        return [Fire(kind)]

    def check(self, now: datetime) -> list[Decision]:
        """The timer woke, the clock jumped, or the app became active: offer what is due, re-arm."""
        if self._due is None:
            return [self._arm(now)]
        due_at, kind = self._due
        late_s = (_utc(now) - _utc(due_at)).total_seconds()
        if late_s < -EARLY_TOLERANCE_S:
            return [self._arm(now)]  # not yet: a capped wait, or the clock was set back
        if self._snoozed_until is not None and _utc(self._snoozed_until) <= _utc(due_at):
            self._snoozed_until = None
        decisions: list[Decision] = []
        if late_s <= LATE_GRACE_S:
            decisions.append(self._deliver(kind))
        else:
            decisions.append(Drop(due_at, kind, late_s))
        # From the due moment, not from now: a timer a hair early must not offer the same one twice.
        decisions.append(self._arm(now, after=max(now, due_at, key=_utc)))
        return decisions

    # -- inside ------------------------------------------------------------------------------------
    def _arm(self, now: datetime, after: datetime | None = None) -> Arm | Disarm:
        """The wake-up for the first reminder after ``after`` (default: ``now``)."""
        due = next_due(self._plan, after or now, self._seed)
        if self._snoozed_until is not None and (due is None or _utc(self._snoozed_until) < _utc(due[0])):
            due = (self._snoozed_until, "daily")
        self._due = due
        if due is None:
            return Disarm()
        wait_s = max(0.0, (_utc(due[0]) - _utc(now)).total_seconds())
        return Arm(due[0], due[1], wait_s)

    def _deliver(self, kind: ReminderKind) -> Fire | Defer:
        if not self._session_active:
            return Fire(kind)
        self._deferred = "daily" if "daily" in (kind, self._deferred) else kind
        return Defer(kind)


def _utc(moment: datetime) -> datetime:
    # Python subtracts two datetimes sharing a tzinfo by wall clock; across DST that is wrong.
    return moment.astimezone(UTC)


__all__ = [
    "EARLY_TOLERANCE_S",
    "LATE_GRACE_S",
    "SNOOZE_MIN",
    "Arm",
    "Decision",
    "Defer",
    "Disarm",
    "Drop",
    "Fire",
    "ReminderRules",
]
