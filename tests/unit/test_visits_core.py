"""E-visit core rules without network: slot grid, validation, checklists, .ics writer."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from eplatnik.errors import UserFacingError, ValidationFailed
from eplatnik.visits import ics, slots
from eplatnik.visits.models import VisitRequest, validate_request
from eplatnik.visits.topics import TOPIC_IDS, checklist, get_topic

pytestmark = pytest.mark.both_backends  # app/demo_app on SQLite and on PostgreSQL (tests/plugins/postgres.py)

WARSAW = ZoneInfo("Europe/Warsaw")


def at(day: str, hh: int, mm: int = 0) -> datetime:
    return datetime.combine(date.fromisoformat(day), time(hh, mm), tzinfo=WARSAW)


def test_grid_is_9_to_1430_in_20_minute_slots():
    grid = slots.day_slots(date(2026, 12, 23))
    assert grid[0] == at("2026-12-23", 9)
    assert grid[-1] == at("2026-12-23", 14)  # 14:00–14:20; 14:20 would end after 14:30
    assert len(grid) == 16
    assert all((b - a) == timedelta(minutes=20) for a, b in itertools.pairwise(grid))
    assert slots.day_slots(date(2026, 12, 23), 30)[-1] == at("2026-12-23", 14)  # 14:00–14:30 fits exactly


@pytest.mark.parametrize("day", ["2026-12-24", "2026-12-25", "2026-12-26", "2026-11-11", "2026-12-19",
                                 "2026-12-20"])
def test_no_slots_on_holidays_and_weekends(day):
    assert slots.day_slots(date.fromisoformat(day)) == []


def test_grid_over_christmas_week_keeps_only_working_days():
    days = {s.date() for s in slots.grid(date(2026, 12, 21), 14)}
    assert date(2026, 12, 23) in days and date(2026, 12, 28) in days
    assert not days & {date(2026, 12, 24), date(2026, 12, 25), date(2026, 12, 26), date(2026, 12, 27)}


def test_slot_problems():
    now = at("2026-12-22", 12)
    assert slots.slot_problem(at("2026-12-22", 9, 20), now)[0] == "slot_in_past"
    code, text = slots.slot_problem(at("2026-12-24", 10), now)
    assert code == "not_working_day" and "Wigilia" in text.render("pl")
    assert slots.slot_problem(at("2026-12-28", 15), now)[0] == "outside_hours"
    assert slots.slot_problem(at("2026-12-28", 8, 40), now)[0] == "outside_hours"
    assert slots.slot_problem(at("2026-12-28", 9, 10), now)[0] == "outside_hours"  # off the grid
    assert slots.slot_problem(at("2026-12-28", 9, 20), now) is None


def test_join_window_from_ten_minutes_before_to_end():
    start = at("2026-12-28", 10)
    assert not slots.can_join(start, start - timedelta(minutes=11))
    assert slots.can_join(start, start - timedelta(minutes=10))
    assert slots.can_join(start, start + timedelta(minutes=19))
    assert not slots.can_join(start, start + timedelta(minutes=20))


def test_topics_and_checklists():
    assert TOPIC_IDS == ("raty", "odroczenie", "zawieszenie-egzekucji", "umorzenie", "firmy", "zasilki", "emerytury")
    assert get_topic("raty").is_relief and not get_topic("zasilki").is_relief
    raty = " ".join(i.render("pl") for i in checklist("raty"))
    assert "RSR" in raty and "RPD" in raty and "wyciągi bankowe" in raty and "dokument tożsamości" in raty.lower()
    assert "RSO" in " ".join(i.render("pl") for i in checklist("odroczenie"))
    assert "REZ" in " ".join(i.render("pl") for i in checklist("zawieszenie-egzekucji"))
    assert "RSU" in " ".join(i.render("pl") for i in checklist("umorzenie"))
    assert "ZUS-PEL" in " ".join(i.render("en") for i in checklist("firmy", proxy=True))
    with pytest.raises(UserFacingError, match="raty"):
        get_topic("loans")


def test_validation_lists_every_bad_field(person_form):
    with pytest.raises(ValidationFailed) as info:
        validate_request(person_form(phone="22 123 45 67", email="jan@", postal_code="3000-1", pesel="12345678901"))
    fields = {e.field for e in info.value.errors}
    assert fields == {"phone", "email", "postal_code", "pesel"}
    with pytest.raises(ValidationFailed) as info:
        validate_request(person_form(pesel="", nip=""))
    assert [e.field for e in info.value.errors] == ["pesel"]
    assert "PESEL" in info.value.render("pl")


def test_validation_normalises(person_form):
    req = validate_request(person_form(phone="512-345-678", name="  Jan   Testowy "))
    assert req.phone == "+48512345678" and req.name == "Jan Testowy"
    assert validate_request(person_form(pesel="", nip="526-104-08-28")).nip == "5261040828"


def test_request_roundtrip(person_form):
    req = person_form(start=at("2026-12-28", 9, 20), guardian="Anna Opiekun")
    again = VisitRequest.from_json(req.to_json())
    assert again == req
    assert req.to_wire()["start"] == "2026-12-28T08:20:00+00:00"


def test_ics_escaping_folding_crlf():
    data = ics.event_ics(uid="abc@eplatnik", start=at("2026-12-28", 9, 20), minutes=20,
                         summary="E-wizyta ZUS: raty; plan, nowy", description="Linia 1\nŻółć " * 10,
                         url="https://ewizyta.example/sandbox/EW-1", stamp=datetime(2026, 11, 1, tzinfo=UTC))
    text = data.decode("utf-8")
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    lines = text.split("\r\n")
    assert all(len(line.encode("utf-8")) <= 75 for line in lines)
    assert "DTSTART:20261228T082000Z" in lines and "DTEND:20261228T084000Z" in lines
    assert "UID:abc@eplatnik" in lines and "DTSTAMP:20261101T000000Z" in lines
    assert "SUMMARY:E-wizyta ZUS: raty\\; plan\\, nowy" in lines
    unfolded = text.replace("\r\n ", "")
    assert "DESCRIPTION:Linia 1\\nŻółć Linia 1" in unfolded
    assert lines[0] == "BEGIN:VCALENDAR" and "END:VCALENDAR" in lines


def test_the_same_booking_request_is_stored_once(app, person_form):
    """A retry (or a second process) storing the same request gets the row already there."""
    from eplatnik.visits.store import VisitsRepo

    repo = VisitsRepo(app.db, app.clock)
    req = person_form(start=at("2026-12-28", 9, 20))
    first = repo.insert(req, 20)
    assert repo.insert(req, 20) == first
    assert [v.id for v in repo.list()] == [first]
