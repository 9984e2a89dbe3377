"""Booking against the real loopback sandbox: units, slots, book/list/cancel, races, refusals, offline."""

from __future__ import annotations

import threading
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from plugins.visits import BookingSandbox, free_port

from eplatnik.errors import UserFacingError, ValidationFailed
from eplatnik.settings import GATEWAY_TIMEOUT
from eplatnik.visits.client import BookingClient, BookingRefused, ServiceUnreachable, SlotTaken
from eplatnik.visits.models import VisitStatus
from eplatnik.visits.slots import utc_iso

WARSAW = ZoneInfo("Europe/Warsaw")


def at(day: date, hh: int, mm: int = 0) -> datetime:
    return datetime.combine(day, time(hh, mm), tzinfo=WARSAW)


def free_at(app, unit: str, start: datetime, topic: str = "raty") -> int:
    answer = app.visits.slots(unit, start.date(), 1, topic)
    return next((s.free for s in answer.slots if s.start == start), 0)


def test_units_suggested_by_postal_code(visits_app):
    suggested, everything, online = visits_app.visits.units("30-001")
    assert online and [u.id for u in suggested] == ["zus-krakow"]
    assert len(everything) >= 8
    suggested, _, _ = visits_app.visits.units("99-999")
    assert suggested == []  # no match: the person picks a unit from the list
    client = visits_app.visits.client()
    with pytest.raises(BookingRefused) as info:
        client.units("3000-1")
    assert info.value.code == "invalid_postal_code" and "NN-NNN" in info.value.render("pl")


def test_slots_skip_weekends_and_holidays_over_http(visits_app, booking_sandbox):
    booking_sandbox.freeze(at(date(2026, 12, 21), 8))
    visits_app.visits.now = booking_sandbox.now
    answer = visits_app.visits.slots("zus-krakow", date(2026, 12, 21), 14, "raty")
    days = sorted({s.start.date() for s in answer.slots})
    assert days == [date(2026, 12, 21), date(2026, 12, 22), date(2026, 12, 23), date(2026, 12, 28),
                    date(2026, 12, 29), date(2026, 12, 30), date(2026, 12, 31)]
    assert answer.slot_minutes == 20
    first_day = [s.start for s in answer.slots if s.start.date() == date(2026, 12, 21)]
    assert first_day[0].time() == time(9, 0) and first_day[-1].time() == time(14, 0) and len(first_day) == 16
    booking_sandbox.freeze(at(date(2026, 11, 2), 8))
    nov = visits_app.visits.slots("zus-krakow", date(2026, 11, 9), 4, "firmy")
    assert date(2026, 11, 11) not in {s.start.date() for s in nov.slots}
    assert {s.start.date() for s in nov.slots} == {date(2026, 11, 9), date(2026, 11, 10), date(2026, 11, 12)}


def test_book_list_cancel_frees_the_slot(visits_app, booking_sandbox, booking_monday, person_form):
    start = at(booking_monday + timedelta(days=1), 10)
    before = free_at(visits_app, "zus-krakow", start)
    visit = visits_app.visits.book(person_form(start=start, guardian="Anna Testowa"))
    assert visit.status == VisitStatus.BOOKED and visit.remote_id.startswith("EW-")
    assert visit.join_url.startswith("https://ewizyta.example/sandbox/")
    assert free_at(visits_app, "zus-krakow", start) == before - 1
    text = visits_app.visits.confirmation(visit).render("pl")
    assert "dokument tożsamości" in text and "kamery" in text and visit.remote_id in text
    listed = visits_app.visits.list()
    assert [v.id for v in listed] == [visit.id] and listed[0].request.guardian == "Anna Testowa"
    cancelled = visits_app.visits.cancel(visit.id)
    assert cancelled.status == VisitStatus.CANCELLED
    assert free_at(visits_app, "zus-krakow", start) == before
    status, remote = booking_sandbox.call("GET", f"/booking/v1/bookings/{visit.remote_id}")
    assert status == 200 and remote["status"] == "cancelled"


def test_concurrent_booking_of_the_last_place(visits_app, booking_sandbox, booking_monday, person_form):
    day = booking_monday + timedelta(days=2)
    start = at(day, 11, 20)
    one_advisor = {"unit_id": "zus-krakow", "day": day.isoformat(), "kind": "relief", "count": 1}
    assert booking_sandbox.call("POST", "/booking/v1/admin/advisors", one_advisor)[0] == 200
    client = BookingClient(booking_sandbox.url, timeout=10)
    forms = [person_form(start=start, name=f"Osoba {i}").normalised().to_wire() for i in range(8)]
    barrier = threading.Barrier(len(forms))
    results: list = [None] * len(forms)

    def attempt(i: int) -> None:
        barrier.wait()
        try:
            results[i] = client.book(forms[i])
        except SlotTaken as exc:
            results[i] = exc

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(len(forms))]
    for th in threads:
        th.start()
    for th in threads:
        th.join(timeout=30)
    winners = [r for r in results if isinstance(r, dict)]
    losers = [r for r in results if isinstance(r, SlotTaken)]
    assert len(winners) == 1 and len(losers) == len(forms) - 1
    for loser in losers:
        assert "zajęty" in loser.render("pl")
        assert loser.next_free and all(s.start > start for s in loser.next_free)
        assert loser.next_free[0].start == start + timedelta(minutes=20)
    _, everything = booking_sandbox.call("GET", "/booking/v1/admin/bookings")
    assert [b["id"] for b in everything["bookings"] if b["start"] == utc_iso(start)] == [winners[0]["id"]]


def test_service_side_slot_taken_keeps_form_and_offers_next(visits_app, booking_sandbox, booking_monday, person_form):
    day = booking_monday + timedelta(days=3)
    start = at(day, 9)
    booking_sandbox.call("POST", "/booking/v1/admin/advisors",
                         {"unit_id": "zus-krakow", "day": day.isoformat(), "kind": "relief", "count": 1})
    visits_app.visits.book(person_form(start=start, name="Pierwsza Osoba"))
    with pytest.raises(SlotTaken) as info:
        visits_app.visits.book(person_form(start=start, name="Druga Osoba"))
    rejected = next(v for v in visits_app.visits.list() if v.request.name == "Druga Osoba")
    assert rejected.status == VisitStatus.REJECTED and rejected.request.email == "jan@example.pl"
    again = visits_app.visits.retry(rejected.id, new_start=info.value.next_free[0].start)
    assert again.status == VisitStatus.BOOKED and again.start == start + timedelta(minutes=20)


def test_retry_with_same_request_id_does_not_double_book(booking_sandbox, booking_monday, person_form):
    wire = person_form(start=at(booking_monday + timedelta(days=1), 13)).normalised().to_wire()
    client = BookingClient(booking_sandbox.url)
    first = client.book(wire)
    second = client.book(wire)  # as after a lost answer
    assert first["id"] == second["id"]
    _, everything = booking_sandbox.call("GET", "/booking/v1/admin/bookings")
    assert len(everything["bookings"]) == 1


def test_invalid_input_is_refused_before_sending(visits_app, person_form):
    with pytest.raises(ValidationFailed) as info:
        visits_app.visits.book(person_form(phone="22 628 00 00", email="nie-email", postal_code="00000"))
    assert {e.field for e in info.value.errors} == {"phone", "email", "postal_code"}
    assert visits_app.visits.list() == []


def test_service_validates_too(booking_sandbox, booking_monday, person_form):
    wire = person_form(start=at(booking_monday + timedelta(days=1), 10)).to_wire()
    wire["phone"] = "123"
    with pytest.raises(BookingRefused) as info:
        BookingClient(booking_sandbox.url).book(wire)
    assert info.value.status == 422 and "phone" in info.value.data["fields"]


@pytest.mark.parametrize(("start", "code"), [
    (datetime(2026, 12, 24, 10, 0, tzinfo=WARSAW), "not_working_day"),
    (datetime(2026, 12, 25, 10, 0, tzinfo=WARSAW), "not_working_day"),
    (datetime(2026, 11, 11, 10, 0, tzinfo=WARSAW), "not_working_day"),
    (datetime(2026, 12, 22, 15, 0, tzinfo=WARSAW), "outside_hours"),
    (datetime(2026, 12, 22, 14, 20, tzinfo=WARSAW), "outside_hours"),
    (datetime(2026, 12, 21, 9, 0, tzinfo=WARSAW), "slot_in_past"),
])
def test_bad_slots_refused_by_service_and_locally(visits_app, booking_sandbox, person_form, start, code):
    # "now" is before every tested slot, except for the past-slot case (Monday 21 Dec, noon)
    booking_sandbox.freeze(datetime(2026, 11, 2, 8, tzinfo=WARSAW) if code == "not_working_day"
                           else datetime(2026, 12, 21, 12, 0, tzinfo=WARSAW))
    with pytest.raises(BookingRefused) as info:
        BookingClient(booking_sandbox.url).book(person_form(start=start).normalised().to_wire())
    assert info.value.code == code and info.value.status == 422
    visits_app.visits.now = booking_sandbox.now
    with pytest.raises(UserFacingError):
        visits_app.visits.book(person_form(start=start))
    assert visits_app.visits.list() == []


def test_cancelling_a_started_visit_is_refused(visits_app, booking_sandbox, booking_monday, person_form):
    start = at(booking_monday, 10)
    visit = visits_app.visits.book(person_form(start=start))
    booking_sandbox.freeze(start + timedelta(minutes=5))
    with pytest.raises(BookingRefused) as info:
        visits_app.visits.cancel(visit.id)
    assert info.value.code == "already_started"
    assert "nie można jej już odwołać" in info.value.render("pl")
    assert visits_app.visits.get(visit.id).status == VisitStatus.BOOKED
    assert visits_app.visits.get(visit.id).can_join(booking_sandbox.now())


def test_unreachable_service_keeps_booking_pending_and_retries(tmp_path, booking_monday, person_form):
    from eplatnik.app import App

    port = free_port()
    app = App(tmp_path / "ws-offline", gateway_url=f"http://127.0.0.1:{port}")
    app.settings.set(GATEWAY_TIMEOUT, 2.0)
    app.visits.now = lambda: at(booking_monday, 8)
    try:
        start = at(booking_monday + timedelta(days=1), 9, 40)
        with pytest.raises(ServiceUnreachable) as info:
            app.visits.book(person_form(start=start, note="zaległość za 2026-09"))
        assert "zapisane" in info.value.render("pl")
        pending = app.visits.list()
        assert [v.status for v in pending] == [VisitStatus.PENDING]
        assert pending[0].request.note == "zaległość za 2026-09" and pending[0].request.start == start
        suggested, _, online = app.visits.units("30-001")  # offline: the packaged (unofficial) table
        assert not online and suggested[0].id == "zus-krakow"

        sandbox = BookingSandbox(tmp_path / "late-sandbox", port=port)
        try:
            sandbox.freeze(at(booking_monday, 8))
            booked = app.visits.retry_pending()
            assert [v.status for v in booked] == [VisitStatus.BOOKED]
            assert app.visits.list()[0].remote_id == booked[0].remote_id
            _, everything = sandbox.call("GET", "/booking/v1/admin/bookings")
            assert len(everything["bookings"]) == 1
        finally:
            sandbox.stop()
    finally:
        app.close()


def test_bookings_survive_sandbox_restart(tmp_path, booking_monday, person_form):
    state = tmp_path / "persist"
    sandbox = BookingSandbox(state)
    sandbox.freeze(at(booking_monday, 8))
    booking = BookingClient(sandbox.url).book(person_form(start=at(booking_monday, 12)).normalised().to_wire())
    sandbox.stop()
    again = BookingSandbox(state)
    try:
        again.freeze(at(booking_monday, 8))
        status, data = again.call("GET", f"/booking/v1/bookings/{booking['id']}")
        assert status == 200 and data["status"] == "booked"
        answer = BookingClient(again.url).slots("zus-krakow", booking_monday, 1, "raty")
        assert at(booking_monday, 12) not in [s.start for s in answer.slots]  # capacity 1 for relief in Kraków
    finally:
        again.stop()


def test_proxy_booking_needs_authorisation(demo_app, booking_sandbox, booking_monday):
    demo_app.gateway_url_override = booking_sandbox.url
    demo_app.visits.now = booking_sandbox.now
    payer = demo_app.register.find_payer("5261040828")
    form = demo_app.visits.request_for_payer(payer.id)
    assert form.postal_code == "30-001" and form.nip == "5261040828"
    form.topic, form.unit_id, form.start = "odroczenie", "zus-krakow", at(booking_monday, 13, 20)
    form.phone, form.email = form.phone or "+48601234567", form.email or "biuro@example.pl"
    form.proxy = "Ktoś Nieupoważniony"
    with pytest.raises(UserFacingError) as info:
        demo_app.visits.book(form)
    assert "pełnomocnictwa" in info.value.render("pl")
    assert demo_app.visits.list() == []
    form.proxy = "Maria Wiśniewska"
    visit = demo_app.visits.book(form)
    assert visit.status == VisitStatus.BOOKED and visit.request.payer_id == payer.id
    assert [v.id for v in demo_app.visits.list(payer_id=payer.id)] == [visit.id]


def test_embedded_sandbox_is_shared_with_the_gateway(tmp_path):
    from eplatnik.app import App
    from eplatnik.settings import GATEWAY_PROFILE

    with App(tmp_path / "ws-shared") as app:
        assert app.visits.base_url() == app.gateway.gateway_url()
        # one sandbox child process for the workspace, serving both areas
        assert app.embedded_sandbox_url_if_running() == app.gateway.gateway_url()
        suggested, _, online = app.visits.units("61-755")
        assert online and suggested[0].id == "zus-poznan"
    with App(tmp_path / "ws-prod") as app:
        app.settings.set(GATEWAY_PROFILE, "production")
        with pytest.raises(UserFacingError) as info:
            app.visits.base_url()
        assert "e-wizyta.zus.pl" in info.value.render("pl")


def test_cancelling_a_pending_booking_also_cancels_it_at_the_service(tmp_path, booking_monday, person_form):
    """The service booked it but the answer was lost: withdrawing the pending visit frees the slot there too."""
    from eplatnik.app import App

    port = free_port()
    with App(tmp_path / "ws-lost", gateway_url=f"http://127.0.0.1:{port}") as app:
        app.settings.set(GATEWAY_TIMEOUT, 2.0)
        app.visits.now = lambda: at(booking_monday, 8)
        with pytest.raises(ServiceUnreachable):
            app.visits.book(person_form(start=at(booking_monday, 10, 40)))
        pending = app.visits.list()[0]
        sandbox = BookingSandbox(tmp_path / "lost-state", port=port)
        try:
            sandbox.freeze(at(booking_monday, 8))
            made = BookingClient(sandbox.url).book(pending.request.to_wire())  # it did arrive after all
            assert app.visits.cancel(pending.id).status == VisitStatus.CANCELLED
            assert sandbox.call("GET", f"/booking/v1/bookings/{made['id']}")[1]["status"] == "cancelled"
        finally:
            sandbox.stop()
        with pytest.raises(ServiceUnreachable):  # offline again: withdrawn locally, with a note
            app.visits.book(person_form(start=at(booking_monday, 11)))
        second = next(v for v in app.visits.list() if v.status == VisitStatus.PENDING)
        withdrawn = app.visits.cancel(second.id)
        assert withdrawn.status == VisitStatus.CANCELLED and "without a connection" in withdrawn.last_error


def test_form_for_an_insured_person_uses_the_home_address(demo_app):
    person = next(p for p in demo_app.register.list_insured() if p.record.postal_code == "05-800")
    form = demo_app.visits.request_for_person(person.id)
    assert form.postal_code == "05-800" and form.pesel == person.pesel and form.payer_id is None
    assert form.name == person.record.full_name


def test_damaged_sandbox_files_are_reported_or_kept(tmp_path):
    state = tmp_path / "damaged"
    BookingSandbox(state).stop()
    (state / "booking" / "state.json").write_text("{not json", encoding="utf-8")
    sandbox = BookingSandbox(state)  # starts with an empty state, the damaged file is kept
    sandbox.stop()
    assert list((state / "booking").glob("state.damaged-*.json"))
    (state / "booking" / "units.json").write_text('{"units": [{"name": "no id"}]}', encoding="utf-8")
    sandbox = BookingSandbox(state)  # still starts (the gateway shares it), with the program's table
    try:
        status, data = sandbox.call("GET", "/booking/v1/units?postal_code=30-001")
        assert status == 200 and data["suggested"][0]["id"] == "zus-krakow"
        assert "units.json" in data["warning"]["pl"] and "usuń go" in data["warning"]["pl"]
    finally:
        sandbox.stop()


def test_sync_picks_up_a_cancellation_made_elsewhere(visits_app, booking_sandbox, booking_monday, person_form):
    visit = visits_app.visits.book(person_form(start=at(booking_monday, 14)))
    assert visits_app.visits.sync() == 0
    BookingClient(booking_sandbox.url).cancel_booking(visit.remote_id)
    assert visits_app.visits.sync() == 1
    synced = visits_app.visits.get(visit.id)
    assert synced.status == VisitStatus.CANCELLED and "outside this program" in synced.last_error
