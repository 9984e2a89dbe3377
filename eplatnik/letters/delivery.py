"""When a letter from ZUS counts as delivered, and the appeal deadline that runs from it (no I/O).

The rules (sources in ``docs/letters.md``):

* A letter placed on the payer's profile (PUE/eZUS) is delivered when the recipient — the payer or
  the proxy whose inbox it went to first — opens it by signing the official confirmation of
  delivery (UPD). The delivery date is the day of that signature (Polish date).
* A letter not opened counts as delivered after 14 days from the day it was placed (art. 71aa–71ad
  of the social insurance act as in force since 16.12.2022; ZUS's own wording: "po upływie 14 dni
  od dnia umieszczenia … na profilu w PUE ZUS; w przypadku jego nieodebrania"). The day of placing
  is not counted (art. 111 § 2 k.c.), so the fourteenth day after it is the day of deemed delivery:
  placed on 1.11 → delivered on 15.11, and still "awaiting" during 15.11 (opening it that day gives
  the same date).
* An appeal against a ZUS decision is lodged within one month of its delivery (art. 477⁹ § 1
  k.p.c.). A month ends on the day with the same number, or the month's last day when there is no
  such day (art. 112 k.c.); a deadline ending on a Saturday or a statutory day off moves to the next
  working day (art. 115 k.c.).

Time is an input: every function takes "today" or the moments it needs.
"""

from __future__ import annotations

import calendar
import enum
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from ..clock import WARSAW

DEEMED_AFTER_DAYS = 14
APPEAL_MONTHS = 1


class LetterState(enum.StrEnum):
    AWAITING = "awaiting"                  # placed, not opened, not yet deemed delivered
    DELIVERED = "delivered"                # opened with a UPD (by us or another seat / the payer)
    DEEMED_DELIVERED = "deemed_delivered"  # not opened within 14 days of being placed


class LetterKind(enum.StrEnum):
    DECISION = "decision"   # decyzja — appealable to the court within a month
    NOTICE = "notice"       # zawiadomienie (e.g. a set rejected)
    LETTER = "letter"       # any other letter (wezwanie, informacja)

    @property
    def appealable(self) -> bool:
        return self is LetterKind.DECISION


def local_date(moment: datetime) -> date:
    """The Polish calendar date of an aware instant."""
    return moment.astimezone(WARSAW).date()


def deemed_date(placed_at: datetime) -> date:
    """The day a letter placed at ``placed_at`` counts as delivered if nobody opens it."""
    return local_date(placed_at) + timedelta(days=DEEMED_AFTER_DAYS)


def add_months(day: date, months: int) -> date:
    """Art. 112 k.c.: the same day number ``months`` later, or that month's last day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def appeal_deadline(delivered_on: date) -> date:
    """The last day to appeal a decision delivered on ``delivered_on`` (moved past days off)."""
    from ..workdays import roll_forward

    return roll_forward(add_months(delivered_on, APPEAL_MONTHS))


@dataclass(frozen=True)
class Delivery:
    state: LetterState
    deemed_on: date                 # when it counts (or would count) as delivered if unopened
    delivered_on: date | None       # the legal delivery date: UPD day or ``deemed_on``; None while awaiting
    appeal_until: date | None       # for decisions, once delivered
    days_left: int                  # days until deemed delivery (0 on the day; negative once past)


def delivery(placed_at: datetime, today: date, *, opened_at: datetime | None = None,
             kind: LetterKind = LetterKind.LETTER) -> Delivery:
    """The delivery state of one letter as of ``today``.

    ``opened_at``: when the UPD was signed (ours, or the moment the gateway reports), if it was.
    An opening after the deemed day does not move the delivery date back: the letter had already
    been delivered on the fourteenth day.
    """
    deemed_on = deemed_date(placed_at)
    if opened_at is not None and local_date(opened_at) <= deemed_on:
        state, delivered_on = LetterState.DELIVERED, local_date(opened_at)
    elif today > deemed_on:
        state, delivered_on = LetterState.DEEMED_DELIVERED, deemed_on
    elif opened_at is not None:
        state, delivered_on = LetterState.DELIVERED, local_date(opened_at)
    else:
        state, delivered_on = LetterState.AWAITING, None
    appeal = appeal_deadline(delivered_on) if delivered_on is not None and kind.appealable else None
    return Delivery(state, deemed_on, delivered_on, appeal, (deemed_on - today).days)
