"""The e-visit slot grid: working days only, from 9:00 with the last slot ending by 14:30 (Warsaw time).

Assumptions (relief-and-evisits.md §4–§5): a visit lasts at most 20 minutes, so the default slot is
20 minutes (``settings.VISIT_SLOT_MINUTES``); the sources say 9:00–14:30 (one undated source says
14:00). The grid only shapes the sandbox; the booking service decides which slots are free. Both the
sandbox and the client use these rules, so the client can refuse a bad slot before sending it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from ..i18n import Text, t
from ..workdays import holiday_name, is_working_day

WARSAW = ZoneInfo("Europe/Warsaw")
OPEN = time(9, 0)
CLOSE = time(14, 30)
DEFAULT_SLOT_MINUTES = 20
JOIN_EARLY = timedelta(minutes=10)  # the "Dołącz" button works from 10 minutes before the start

SLOT_PAST = t("Termin {start} już minął. Wybierz jeden z wolnych terminów w przyszłości.",
              "The slot {start} is in the past. Pick a free slot in the future.")
SLOT_HOLIDAY = t("{day} to dzień wolny od pracy ({why}); e-wizyty odbywają się tylko w dni robocze.",
                 "{day} is a day off ({why}); e-visits take place on working days only.")
SLOT_HOURS = t("Termin {start} jest poza godzinami e-wizyt (9:00–14:30, co {minutes} min).",
               "The slot {start} is outside e-visit hours (9:00–14:30, every {minutes} min).")
WEEKEND = t("sobota lub niedziela", "Saturday or Sunday")


def to_local(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=WARSAW)
    return moment.astimezone(WARSAW)


def day_slots(day: date, slot_minutes: int = DEFAULT_SLOT_MINUTES) -> list[datetime]:
    """Slot start times (aware, Warsaw) on ``day``; empty on weekends and statutory days off."""
    if not is_working_day(day):
        return []
    step = timedelta(minutes=slot_minutes)
    start = datetime.combine(day, OPEN, tzinfo=WARSAW)
    close = datetime.combine(day, CLOSE, tzinfo=WARSAW)
    result = []
    while start + step <= close:
        result.append(start)
        start += step
    return result


def grid(first_day: date, days: int, slot_minutes: int = DEFAULT_SLOT_MINUTES) -> list[datetime]:
    """All slot starts over ``days`` calendar days from ``first_day``."""
    result: list[datetime] = []
    for offset in range(max(0, days)):
        result.extend(day_slots(first_day + timedelta(days=offset), slot_minutes))
    return result


def slot_problem(start: datetime, now: datetime, slot_minutes: int = DEFAULT_SLOT_MINUTES,
                 lang: str | None = None) -> tuple[str, Text] | None:
    """Why ``start`` cannot be booked (code, message), or None when it is a valid future slot."""
    local = to_local(start)
    label = local.strftime("%Y-%m-%d %H:%M")
    if not is_working_day(local.date()):
        why = holiday_name(local.date(), lang or "pl") or WEEKEND.render(lang)
        return "not_working_day", SLOT_HOLIDAY(day=local.date().isoformat(), why=why)
    if local not in day_slots(local.date(), slot_minutes):
        return "outside_hours", SLOT_HOURS(start=label, minutes=slot_minutes)
    if local <= to_local(now):
        return "slot_in_past", SLOT_PAST(start=label)
    return None


def join_window(start: datetime, slot_minutes: int = DEFAULT_SLOT_MINUTES) -> tuple[datetime, datetime]:
    """When the "Dołącz" (join) link is offered: from 10 minutes before the start to the slot's end."""
    return start - JOIN_EARLY, start + timedelta(minutes=slot_minutes)


def can_join(start: datetime, now: datetime, slot_minutes: int = DEFAULT_SLOT_MINUTES) -> bool:
    opens, closes = join_window(start, slot_minutes)
    return opens <= now < closes


def utc_iso(moment: datetime) -> str:
    return to_local(moment).astimezone(UTC).isoformat()


def parse_moment(value: str) -> datetime:
    """Parse an ISO date-time; a naive value is Warsaw time."""
    return to_local(datetime.fromisoformat(value.strip().replace("Z", "+00:00")))
