"""How the program writes amounts, dates, times and periods for people — one place, no Qt.

The UI, the CLI's text output and the PDFs all use these, so "36 412,07", "05.12.2026" and
"05.12.2026 21:56" look the same everywhere. Polish (the default) follows Polish usage: a space
between thousands, a decimal comma, day.month.year, Polish local time (Europe/Warsaw) — never
"…T20:56:41+00:00" or "UTC". English keeps ISO dates and a decimal point. Machine formats (KEDU,
JSON, CSV meant for programs, file names) do not come from here.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal

from .clock import WARSAW
from .i18n import language
from .period import Period

CENT = Decimal("0.01")


def _lang(lang: str | None) -> str:
    return lang or language()


def money(value: Decimal | int | float | str | None, lang: str | None = None, *, unit: bool = False,
          blank: str = "") -> str:
    """An amount in złoty with two decimals: "36 412,07" (pl) or "36,412.07" (en); ``unit`` adds
    " zł" / " PLN"; ``None`` gives ``blank``."""
    if value is None or value == "":
        return blank
    amount = (value if isinstance(value, Decimal) else Decimal(str(value))).quantize(CENT, ROUND_HALF_UP)
    text = f"{amount:,.2f}"
    if _lang(lang) == "en":
        return f"{text} PLN" if unit else text
    text = text.replace(",", " ").replace(".", ",")
    return f"{text} zł" if unit else text


def number(value: int, lang: str | None = None) -> str:
    """A whole number with thousands grouped: "100 000" (pl) or "100,000" (en)."""
    text = f"{value:,d}"
    return text if _lang(lang) == "en" else text.replace(",", " ")


def date_text(value: date | datetime | str | None, lang: str | None = None, blank: str = "") -> str:
    """A calendar date: "05.12.2026" (pl) or "2026-12-05" (en). ISO text is accepted."""
    if value is None or value == "":
        return blank
    if isinstance(value, str):
        value = parse_datetime(value) if ("T" in value or " " in value) else date.fromisoformat(value)
    if isinstance(value, datetime):
        value = value.astimezone(WARSAW).date() if value.tzinfo else value.date()
    return value.isoformat() if _lang(lang) == "en" else value.strftime("%d.%m.%Y")


def parse_datetime(text: str) -> datetime:
    """A stored timestamp ("2026-12-05T20:56:41.106880+00:00", "…Z", or naive = UTC) as aware UTC."""
    moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def local_time(value: datetime | str | None, lang: str | None = None, *, seconds: bool = False,
               blank: str = "") -> str:
    """A moment in Polish local time: "05.12.2026 21:56" (pl) or "2026-12-05 21:56" (en).

    Stored timestamps are UTC; people read them as the time on their wall clock in Poland."""
    if value is None or value == "":
        return blank
    moment = parse_datetime(value) if isinstance(value, str) else value
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    local = moment.astimezone(WARSAW)
    clock = local.strftime("%H:%M:%S" if seconds else "%H:%M")
    return f"{date_text(local.date(), lang)} {clock}"


def period_text(value: Period | str | None, lang: str | None = None, blank: str = "") -> str:
    """A settlement period as on ZUS forms: "11.2026" (pl) or "2026-11" (en)."""
    if value is None or value == "":
        return blank
    period = value if isinstance(value, Period) else Period.parse(str(value))
    return str(period) if _lang(lang) == "en" else f"{period.month:02d}.{period.year:04d}"


def parse_date(text: str) -> date:
    """A date typed by a person: "05.12.2026", "5.12.2026" or "2026-12-05"; ``ValueError`` otherwise."""
    text = text.strip()
    if "." in text:
        day, month, year = text.split(".")
        return date(int(year), int(month), int(day))
    return date.fromisoformat(text)
