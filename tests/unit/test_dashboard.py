"""Dashboard data: nearest deadline per client, expiring authorisations and signing certificates."""

from __future__ import annotations

import datetime as dt
from datetime import date

import pytest

from eplatnik.clock import default_clock
from eplatnik.period import Period

pytestmark = pytest.mark.both_backends  # app/demo_app on SQLite and on PostgreSQL (tests/plugins/postgres.py)


def test_nearest_deadline_per_client(demo_app):
    data = demo_app.dashboard.load(today=date(2026, 11, 21))
    by_name = {r.payer.short_name: r for r in data.deadlines}
    # TECHBUD (15th): October's deadline 2026-11-16 has passed → November, due 2026-12-15
    assert by_name["TECHBUD SP. Z O.O."].period == Period(2026, 11)
    assert by_name["TECHBUD SP. Z O.O."].deadline == date(2026, 12, 15)
    # the 20th of December 2026 is a Sunday → Monday 21st
    assert by_name["KOWALSKI REMONTY"].deadline == date(2026, 12, 21)
    assert by_name["KOWALSKI REMONTY"].days_left == 30
    on_16th = {r.payer.short_name: r for r in demo_app.dashboard.load(today=date(2026, 11, 16)).deadlines}
    assert on_16th["TECHBUD SP. Z O.O."].period == Period(2026, 10)
    assert on_16th["TECHBUD SP. Z O.O."].days_left == 0


def test_expiring_authorisation_and_signing_certificate(demo_app, tmp_path):
    from eplatnik.signing.p12 import P12KeySource
    from eplatnik.signing.testpki import create_ca, write_p12

    data = demo_app.dashboard.load()
    assert [a.payer_name for a in data.expiring] == ["NOWAK DESIGN"]
    assert data.certificates == []

    ca = create_ca("Test CA", tmp_path / "ca")
    now = default_clock().now()
    key, cert = ca.issue_person("Maria Wiśniewska", pesel="79031241226", not_before=now - dt.timedelta(days=700),
                                not_after=now + dt.timedelta(days=10))
    p12 = tmp_path / "soon.p12"
    write_p12(p12, key, cert, "haslo", chain=[ca.cert])
    payer = demo_app.register.find_payer("5261040828")
    info = demo_app.documents.build_monthly(payer.id, Period(2026, 10))

    class Password:
        def ask_pin(self, token_label, tries_left, retry, message=None):
            return "haslo"

    demo_app.signing.sign_document(demo_app.documents.get_xml(info.id, signed=False), P12KeySource(p12), Password())
    data = demo_app.dashboard.load()
    assert [c.owner for c in data.certificates] and "Wiśniewska" in data.certificates[0].owner


def test_from_1_december_the_dashboard_warns_about_next_years_figures(app):
    from eplatnik.dashboard import params_warning

    assert params_warning(app.params, date(2026, 11, 30)) is None  # 2026: all final; December not yet
    warning = params_warning(app.params, date(2026, 12, 1))
    assert warning is not None
    pl = warning.render("pl")
    assert "2027" in pl and "nie są jeszcze ostateczne" in pl and "minimalne wynagrodzenie" in pl
    missing = params_warning(app.params, date(2027, 12, 1)).render("pl")  # 2028: no file at all
    assert "Brak parametrów składek na 2028" in missing and "params install" in missing
    data = app.dashboard.load(today=date(2026, 12, 5), with_certificates=False)
    assert data.params_warning is not None and "2027" in data.params_warning.render("en")
