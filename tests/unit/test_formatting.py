"""Polish all the way: one formatter for amounts, dates, local times and periods; plural forms; one
vocabulary of states; history notes and field names in words (issue 14)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from eplatnik.errors import FieldError, ValidationFailed
from eplatnik.formatting import date_text, local_time, money, number, parse_date, period_text
from eplatnik.forms.history import describe_note
from eplatnik.i18n import plural, plural_index
from eplatnik.period import Period
from eplatnik.states import STATE_LABELS, state_label, step_label


def test_amounts_are_written_the_polish_way():
    assert money(Decimal("36412.07")) == "36 412,07"
    assert money(Decimal("1103.27"), unit=True) == "1 103,27 zł"
    assert money(Decimal("0")) == "0,00" and money(None) == "" and money(None, blank="—") == "—"
    assert money(Decimal("36412.07"), "en") == "36,412.07"
    assert number(100000) == "100 000"


def test_dates_times_and_periods():
    assert date_text(date(2026, 12, 5)) == "05.12.2026"
    assert date_text(date(2026, 12, 5), "en") == "2026-12-05"
    # stored timestamps are UTC; people read the time in Poland (CET in winter, CEST in summer)
    assert local_time("2026-12-05T20:56:41.106880+00:00") == "05.12.2026 21:56"
    assert local_time("2026-07-01T10:00:00Z") == "01.07.2026 12:00"
    assert local_time("2026-07-01T10:00:00") == "01.07.2026 12:00"  # naive = UTC, as the database keeps it
    assert "UTC" not in local_time(datetime(2026, 1, 2, 3, 4, tzinfo=None))
    assert period_text(Period(2026, 11)) == "11.2026" and period_text("2026-11", "en") == "2026-11"
    assert parse_date("5.12.2026") == parse_date("2026-12-05") == date(2026, 12, 5)
    with pytest.raises(ValueError):
        parse_date("32.12.2026")


def test_a_period_can_be_typed_as_people_write_it():
    assert Period.parse("10.2026") == Period.parse("2026-10") == Period.parse("102026") == Period(2026, 10)


@pytest.mark.parametrize(("n", "expected"), [(0, "0 błędów"), (1, "1 błąd"), (2, "2 błędy"), (4, "4 błędy"),
                                             (5, "5 błędów"), (12, "12 błędów"), (14, "14 błędów"),
                                             (22, "22 błędy"), (25, "25 błędów"), (112, "112 błędów")])
def test_polish_plural_forms(n, expected):
    errors = plural(("{n} błąd", "{n} błędy", "{n} błędów"), ("{n} error", "{n} errors"))
    assert errors(n).render("pl") == expected
    assert errors(n).render("en") == (f"{n} error" if n == 1 else f"{n} errors")
    assert plural_index(n, "en") == (0 if n == 1 else 1)


def test_one_word_for_each_state_everywhere():
    assert state_label("accepted") == "przyjęty" and state_label("verified") == "zweryfikowany"
    assert state_label("rejected", "en") == "rejected"
    assert step_label("submitted") == state_label("sent") == "wysłany, czeka na potwierdzenie"
    assert all(text.pl != key for key, text in STATE_LABELS.items())  # no English key left showing
    assert state_label("something_new") == "something_new"  # an unknown state is shown, not hidden


@pytest.mark.parametrize(("note", "expected"), [
    ("correction of set 1", "korekta zestawu nr 1"),
    ("verification", "weryfikacja"),
    ("built", "utworzony z rejestru"),
    ("edit DRA pension_total = 1200,00", "zmiana ZUS DRA: „emerytalne — razem” = 1 200,00"),
    ("edit RCA III.B/p4 [2] = 5000.00", "zmiana ZUS RCA: pole p4 bloku III.B (blok nr 2) = 5 000,00"),
    ("gateway SBX-1", "bramka, nr ref. SBX-1"),
    ("registration:ZUA", "dokument zgłoszeniowy ZUS ZUA"),
    ("Jan Kowalski; PESEL 81062313512", "Jan Kowalski; PESEL 81062313512"),  # the signer, as recorded
])
def test_history_notes_read_as_words(note, expected):
    assert describe_note(note) == expected


def test_validation_messages_name_fields_as_the_form_does():
    exc = ValidationFailed([FieldError("birth_date", STATE_LABELS["draft"]), FieldError("phone", STATE_LABELS["none"])])
    text = exc.render()
    assert "data urodzenia: " in text and "telefon: " in text
    assert "birth_date" not in text and "phone:" not in text
