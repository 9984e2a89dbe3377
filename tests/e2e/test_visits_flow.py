"""The booking flow state machine, driven as the UI drives it, against the real sandbox (no display)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from eplatnik.errors import ValidationFailed
from eplatnik.visits.client import ServiceUnreachable, SlotTaken
from eplatnik.visits.flow import BookingFlow, Step
from eplatnik.visits.models import VisitStatus


def test_flow_topic_unit_slot_contact_confirm(visits_app, booking_monday):
    flow = BookingFlow(visits_app.visits)
    assert flow.step == Step.TOPIC
    flow.choose_topic("zawieszenie-egzekucji")
    assert flow.step == Step.UNIT
    with pytest.raises(ValidationFailed):
        flow.lookup_units("30 001")
    suggested = flow.lookup_units("61-755")
    assert suggested[0].id == "zus-poznan" and flow.request.unit_id == "zus-poznan"
    other = next(u for u in flow.all_units if u.id == "zus-krakow")  # the person may change the suggestion
    flow.choose_unit(other)
    assert flow.step == Step.SLOT
    slots = flow.load_slots(booking_monday, 5)
    assert slots and all(s.start.date() >= booking_monday for s in slots)
    flow.choose_slot(slots[3])
    assert flow.step == Step.CONTACT
    with pytest.raises(ValidationFailed) as info:
        flow.set_contact(name="Ewa Test", pesel="", phone="123", email="ewa@example.pl")
    assert {e.field for e in info.value.errors} == {"pesel", "phone"}
    assert flow.step == Step.CONTACT
    flow.set_contact(name="Ewa Test", nip="5261040828", phone="601 222 333", email="ewa@example.pl",
                     guardian="Piotr Test")
    assert flow.step == Step.CONFIRM
    summary = {label.render("en"): value for label, value in flow.summary()}
    assert summary["Guardian"] == "Piotr Test" and summary["Unit"].startswith("ZUS Oddział w Krakowie")
    flow.back()
    assert flow.step == Step.CONTACT
    flow.set_contact(name="Ewa Test", nip="5261040828", phone="601 222 333", email="ewa@example.pl")
    visit = flow.confirm()
    assert flow.step == Step.DONE and visit.status == VisitStatus.BOOKED
    assert visit.start == slots[3].start
    # the unit choice for this client and postal code is remembered and suggested first next time
    suggested, _, _ = visits_app.visits.units("61-755", key="5261040828")
    assert suggested[0].id == "zus-krakow"


def test_flow_slot_taken_goes_back_to_slots(visits_app, booking_sandbox, booking_monday):
    day = booking_monday + timedelta(days=1)
    booking_sandbox.call("POST", "/booking/v1/admin/advisors",
                         {"unit_id": "zus-krakow", "day": day.isoformat(), "kind": "general", "count": 1})
    flows = []
    for name in ("Pierwszy Klient", "Drugi Klient"):
        flow = BookingFlow(visits_app.visits)
        flow.choose_topic("firmy")
        flow.lookup_units("30-001")
        flow.choose_unit(flow.suggested[0])
        flow.choose_slot(flow.load_slots(day, 1)[0])
        flow.set_contact(name=name, nip="5261040828", phone="601222333", email="a@example.pl")
        flows.append(flow)
    flows[0].confirm()
    with pytest.raises(SlotTaken):
        flows[1].confirm()
    loser = flows[1]
    assert loser.step == Step.SLOT and loser.slots and loser.request.name == "Drugi Klient"
    assert "zajęty" in loser.message.render("pl")
    loser.choose_slot(loser.slots[0])
    loser.set_contact(name="Drugi Klient", nip="5261040828", phone="601222333", email="a@example.pl")
    visit = loser.confirm()
    assert visit.status == VisitStatus.BOOKED
    assert len(visits_app.visits.list()) == 2  # the retry reused the saved booking, no extra row


def test_flow_unreachable_keeps_form_and_retries(visits_app, booking_sandbox, booking_monday):
    flow = BookingFlow(visits_app.visits)
    flow.choose_topic("umorzenie")
    flow.lookup_units("30-001")
    flow.choose_unit(flow.suggested[0])
    flow.choose_slot(flow.load_slots(booking_monday, 1)[0])
    flow.set_contact(name="Jan Test", nip="5261040828", phone="601222333", email="j@example.pl", note="ważne")
    good_url = visits_app.gateway_url_override
    booking_sandbox.call("POST", "/sandbox/faults", {"error_rate": 1.0})
    try:
        with pytest.raises(ServiceUnreachable):
            flow.confirm()
    finally:
        booking_sandbox.call("POST", "/sandbox/faults", {"error_rate": 0.0})
    assert flow.step == Step.CONFIRM and flow.visit is not None
    assert visits_app.visits.get(flow.visit.id).status == VisitStatus.PENDING
    assert visits_app.gateway_url_override == good_url
    visit = flow.confirm()
    assert visit.status == VisitStatus.BOOKED and visit.request.note == "ważne"
    assert [v.status for v in visits_app.visits.list()] == [VisitStatus.BOOKED]
