"""Per-client period state derived from the documents and the outbox; deadlines, filters, sort,
search; the payment note's amounts and text."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from eplatnik.month.payment import note_text
from eplatnik.month.status import Filter, PeriodState, derive_state, filter_rows, sort_rows
from eplatnik.period import Period
from eplatnik.register.nrs import nrs_for_nip

pytestmark = pytest.mark.both_backends  # app/demo_app on SQLite and on PostgreSQL (tests/plugins/postgres.py)

PERIOD = Period(2026, 10)


def test_state_follows_the_documents_and_the_outbox():
    assert derive_state(None, None) == PeriodState.NONE
    assert derive_state("verified", None) == PeriodState.VERIFIED
    assert derive_state("signed", "queued") == PeriodState.QUEUED
    assert derive_state("queued", "in_progress") == PeriodState.SENT
    assert derive_state("sent", "rejected") == PeriodState.REJECTED
    assert derive_state("accepted", "accepted") == PeriodState.ACCEPTED


def test_rows_deadlines_filters_and_search(demo_app):
    period = Period(2026, 9)  # a month the demo workspace has no documents for
    today = date(2026, 10, 12)
    kowalski = next(p for p in demo_app.register.list_payers() if p.nip == "5261040828")
    demo_app.documents.build_monthly(kowalski.id, period)
    rows = demo_app.month.period(period, today)
    by_nip = {r.payer.nip: r for r in rows}
    assert by_nip["5261040828"].state == PeriodState.DRAFT and by_nip["5261040828"].to_pay > 0
    assert by_nip["7792433421"].state == PeriodState.NONE and by_nip["7792433421"].to_pay is None
    # legal person: the 15th; others the 20th (both working days in October 2026)
    assert by_nip["9512345675"].deadline == date(2026, 10, 15) and by_nip["9512345675"].days_left == 3
    assert by_nip["5261040828"].deadline == date(2026, 10, 20)
    assert [r.payer.nip for r in filter_rows(rows, Filter.DUE_SOON)] == ["9512345675"]
    assert len(filter_rows(rows, Filter.NOT_SENT)) == 3
    assert filter_rows(rows, Filter.REJECTED) == []
    assert [r.payer.nip for r in filter_rows(rows, query="nowak")] == ["7792433421"]
    assert [r.payer.nip for r in filter_rows(rows, query="kraków kowalski")] == ["5261040828"]
    assert sort_rows(rows, "name")[0].payer.short_name == "KOWALSKI REMONTY"
    late = demo_app.month.period(period, date(2026, 10, 21))
    assert all(r.overdue for r in late)
    # authorisation expiry: NOWAK's authorisation is the one that ends
    assert by_nip["7792433421"].authorised_until is not None and by_nip["5261040828"].authorised_until is None


def test_legal_persons_deadline_rolls_over_a_sunday(demo_app):
    rows = {r.payer.nip: r for r in demo_app.month.period(PERIOD, date(2026, 11, 13))}
    # 15 November 2026 is a Sunday: the deadline moves to Monday the 16th
    assert rows["9512345675"].deadline == date(2026, 11, 16) and rows["9512345675"].days_left == 3


def test_payment_note_groups_add_up_and_text_names_the_account(demo_app):
    techbud = next(p for p in demo_app.register.list_payers() if p.nip == "9512345675")
    demo_app.documents.build_monthly(techbud.id, PERIOD)
    note = demo_app.month.payment_note(techbud, PERIOD)
    assert note.social + note.health + note.fp_fgsp + note.fep == note.total
    assert note.fp_fgsp > Decimal("0") and note.account.nrs == nrs_for_nip("9512345675")
    text = note_text(note, "pl")
    assert "16.11.2026" in text and note.account.formatted in text and "RAZEM DO ZAPŁATY" in text
    assert f"{note.total:,.2f}".replace(",", " ").replace(".", ",") in text
    assert "Payment deadline: 2026-11-16" in note_text(note, "en")


def test_nrs_entered_from_zus_letter_is_used_and_audited(demo_app):
    from eplatnik.register.nrs import check_digits

    kowalski = next(p for p in demo_app.register.list_payers() if p.nip == "5261040828")
    assert demo_app.month.nrs(kowalski).source == "derived"
    bban = "60000002026" + "000" + "5261040828"  # an older number with 000 in ZUS's three digits
    demo_app.register.set_entered_nrs(kowalski.id, check_digits(bban) + bban, demo_app.actor)
    account = demo_app.month.nrs(kowalski)
    assert account.source == "entered" and account.nrs.endswith("0005261040828")
    entries = [r for r in demo_app.register.audit_entries("payer", kowalski.id) if r["action"] == "payer.nrs"]
    assert entries and entries[-1]["actor"] == demo_app.actor


def test_dashboard_rows_carry_the_period_state_and_amount(demo_app):
    payer = next(p for p in demo_app.register.list_payers() if p.nip == "7792433421")
    period = Period(2026, 9)
    demo_app.documents.build_monthly(payer.id, period)
    rows = {r.payer.nip: r for r in demo_app.dashboard.load(date(2026, 10, 5)).deadlines}
    assert rows["7792433421"].period == period
    assert rows["7792433421"].state in ("draft", "verified") and rows["7792433421"].to_pay > 0
    assert rows["9512345675"].state == "none" and rows["9512345675"].to_pay is None
