"""The program's one source of "today" and "now".

Every date and time the program acts on comes from a ``Clock`` that the composition root
(``App``) owns and hands to the services; nothing else calls ``date.today()`` or
``datetime.now()`` (a test fails if anything does). Durations and timeouts use ``monotonic()``,
which no moved clock affects.

* ``SystemClock`` — the machine's time, optionally shifted by a fixed offset. The shift comes from
  ``EPLATNIK_NOW`` (an ISO date or date-time: "act as if it were then", for demos, training and the
  tests); the first process that reads it turns it into ``EPLATNIK_CLOCK_OFFSET`` (seconds) so that
  the program's children — background jobs, the workspace sandbox, the CLI started by a script —
  agree to the second.
* ``FixedClock`` — frozen until moved (unit tests).

"Today" is the date in Poland (Europe/Warsaw): a deadline on the 15th is the 15th in Warsaw, wherever
the laptop's own time zone happens to be.
"""

from __future__ import annotations

import os
import threading
import time
from abc import ABC, abstractmethod
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

WARSAW = ZoneInfo("Europe/Warsaw")

NOW_ENV = "EPLATNIK_NOW"
OFFSET_ENV = "EPLATNIK_CLOCK_OFFSET"


class Clock(ABC):
    """What every part of the program asks for the time."""

    @abstractmethod
    def now(self) -> datetime:
        """The current instant, timezone-aware in UTC."""

    def local_now(self) -> datetime:
        """The current instant in Polish local time."""
        return self.now().astimezone(WARSAW)

    def today(self) -> date:
        """Today's date in Poland."""
        return self.local_now().date()

    def now_iso(self) -> str:
        """The current instant as stored in the database (UTC, milliseconds, ``Z``)."""
        return self.now().isoformat(timespec="milliseconds").replace("+00:00", "Z")

    @staticmethod
    def monotonic() -> float:
        """Seconds on a clock that never jumps: for durations, timeouts and back-off only."""
        return time.monotonic()

    @property
    def shifted(self) -> bool:
        """True when this is not the machine's own time (shown in the status bar)."""
        return False

    def child_env(self) -> dict[str, str]:
        """Environment that gives a child process the same clock."""
        return {}


class SystemClock(Clock):
    """The machine's time, plus a fixed offset (zero unless the program is told to act at another date)."""

    def __init__(self, offset: timedelta = timedelta(0)) -> None:
        self.offset = offset

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset  # the one place that reads the machine's time

    @property
    def shifted(self) -> bool:
        return self.offset != timedelta(0)

    def child_env(self) -> dict[str, str]:
        return {OFFSET_ENV: repr(self.offset.total_seconds())} if self.shifted else {}

    @classmethod
    def at(cls, moment: datetime | date | str) -> SystemClock:
        """A clock that reads ``moment`` now and then runs on with the machine's time."""
        return cls(parse_moment(moment) - datetime.now(UTC))

    def __repr__(self) -> str:
        return f"SystemClock(now={self.now().isoformat(timespec='seconds')})"


class FixedClock(Clock):
    """A clock that stands still until ``set`` or ``advance`` moves it (unit tests)."""

    def __init__(self, moment: datetime | date | str) -> None:
        self._lock = threading.Lock()
        self._now = parse_moment(moment)

    def now(self) -> datetime:
        with self._lock:
            return self._now

    def set(self, moment: datetime | date | str) -> None:
        with self._lock:
            self._now = parse_moment(moment)

    def advance(self, delta: timedelta | None = None, **kwargs: float) -> None:
        with self._lock:
            self._now += delta if delta is not None else timedelta(**kwargs)

    @property
    def shifted(self) -> bool:
        return True

    def child_env(self) -> dict[str, str]:
        # children cannot share a frozen instant; they start where this clock stands and run on
        return {OFFSET_ENV: repr((self.now() - datetime.now(UTC)).total_seconds())}

    def __repr__(self) -> str:
        return f"FixedClock({self.now().isoformat(timespec='seconds')})"


def parse_moment(value: datetime | date | str) -> datetime:
    """An aware UTC datetime from a date (noon in Warsaw), a naive datetime (Warsaw) or ISO text."""
    if isinstance(value, str):
        text = value.strip()
        try:
            value = datetime.fromisoformat(text) if ("T" in text or " " in text) else date.fromisoformat(text)
        except ValueError as exc:
            raise ValueError(f"{NOW_ENV}: not an ISO date or date-time: {value!r}") from exc
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=WARSAW)
        return value.astimezone(UTC)
    return datetime(value.year, value.month, value.day, 12, 0, tzinfo=WARSAW).astimezone(UTC)


def clock_from_env(environ: os._Environ[str] | dict[str, str] | None = None) -> Clock:
    """The program's clock: the machine's time, or shifted by ``EPLATNIK_NOW`` / ``EPLATNIK_CLOCK_OFFSET``.

    When ``EPLATNIK_NOW`` is read, the resulting offset is written back as ``EPLATNIK_CLOCK_OFFSET``
    so that every child process started afterwards runs on exactly the same clock.
    """
    env = os.environ if environ is None else environ
    offset = env.get(OFFSET_ENV)
    if offset:
        return SystemClock(timedelta(seconds=float(offset)))
    moment = env.get(NOW_ENV)
    if moment:
        clock = SystemClock.at(moment)
        env[OFFSET_ENV] = repr(clock.offset.total_seconds())
        return clock
    return SystemClock()


_default: Clock | None = None
_default_lock = threading.Lock()


def default_clock() -> Clock:
    """The process's clock for code that runs before or outside an ``App`` (the CLI's argument
    defaults, a standalone sandbox). Inside the program, use the clock you were given."""
    global _default
    with _default_lock:
        if _default is None:
            _default = clock_from_env()
        return _default
