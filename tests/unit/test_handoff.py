"""Export for ePłatnik / Płatnik: KEDU 5.4 by default (the newest version ZUS's import page lists),
the set's unsigned content checked against the 5.7 schema, one file per client for the month with
the import steps beside them; a set that is not ready is refused with the reason, nothing written."""

from __future__ import annotations

import stat
from datetime import date

import pytest
from lxml import etree

from eplatnik.clock import FixedClock
from eplatnik.errors import UserFacingError
from eplatnik.forms import handoff, kedu_reader, kedu_schema, kedu_writer
from eplatnik.period import Period

NS_54 = "http://www.zus.pl/2021/KEDU_5_4"


@pytest.fixture
def office(tmp_path):
    from eplatnik.app import App
    from eplatnik.demo import create_demo

    app = App(tmp_path / "ws", clock=FixedClock("2026-11-10T09:00"))
    create_demo(app, today=date(2026, 11, 10))
    for payer in app.register.list_payers():
        info = app.documents.build_monthly(payer.id, Period(2026, 10))
        app.documents.verify(info.id)
    yield app
    app.close()


def _set(app, nip: str):
    return app.documents.latest_monthly(app.register.find_payer(nip).id, Period(2026, 10))


def test_one_set_as_kedu_5_4_for_eplatnik(office, tmp_path):
    info = _set(office, "9512345675")
    path = handoff.export_set(office.documents, info.id, tmp_path / "out" / "techbud.xml", "eplatnik")
    data = path.read_bytes()
    root = etree.fromstring(data)
    assert etree.QName(root).namespace == NS_54
    assert root.findtext(f"{{{NS_54}}}naglowek.KEDU/{{{NS_54}}}data_utworzenia_KEDU") == "2026-11-10"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600  # PESELs inside: for the owner only
    # the same content as the stored set, only the namespace differs; under 5.7 it is schema-valid
    as_57 = data.replace(NS_54.encode(), kedu_writer.NAMESPACES_BY_VERSION["5.7"].encode())
    assert kedu_schema.validate_bytes(as_57) == []
    assert kedu_reader.read(data, validate=False).documents == office.documents.get_set(info.id).documents


def test_other_versions_on_request_and_unknown_ones_refused(office, tmp_path):
    info = _set(office, "5261040828")
    path = handoff.export_set(office.documents, info.id, tmp_path / "k.xml", "platnik", "5.5")
    assert b'xmlns="http://www.zus.pl/2022/KEDU_5_5"' in path.read_bytes()
    with pytest.raises(UserFacingError) as raised:
        handoff.export_set(office.documents, info.id, tmp_path / "x.xml", "platnik", "4.0")
    assert raised.value.exit_code == 2 and "5.4, 5.5, 5.6, 5.7" in raised.value.render("pl")
    with pytest.raises(UserFacingError):
        handoff.export_set(office.documents, info.id, tmp_path / "y.xml", "pue")
    assert not (tmp_path / "x.xml").exists() and not (tmp_path / "y.xml").exists()


def test_a_set_with_errors_is_not_handed_over(office, tmp_path):
    info = _set(office, "5261040828")
    broken = office.documents.edit_field(info.id, "DRA", "social_total", "1.00")
    office.documents.verify(broken.id)
    with pytest.raises(UserFacingError) as raised:
        handoff.export_set(office.documents, broken.id, tmp_path / "k.xml", "eplatnik")
    assert "ma błędy weryfikacji" in raised.value.render("pl") and "Weryfikuj" in raised.value.render("pl")
    assert not (tmp_path / "k.xml").exists()


def test_a_signed_set_is_handed_over_unsigned(office, tmp_path):
    import datetime as dt

    from eplatnik.signing.testpki import create_ca, write_p12

    ca = create_ca("Test CA", tmp_path / "ca")
    key, cert = ca.issue_person("Maria Wiśniewska", pesel="79031241226",
                                not_before=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
                                not_after=dt.datetime(2027, 12, 31, tzinfo=dt.UTC))
    p12 = tmp_path / "s.p12"
    write_p12(p12, key, cert, "haslo", chain=[ca.cert])

    class Password:
        def ask_pin(self, token_label, tries_left, retry, message=None):
            return "haslo"

    from eplatnik.signing.p12 import P12KeySource

    info = _set(office, "7792433421")
    office.signing.sign_sets([info.id], P12KeySource(p12), Password())
    assert str(office.documents.get_info(info.id).status) == "signed"
    data = handoff.export_set(office.documents, info.id, tmp_path / "n.xml", "eplatnik").read_bytes()
    assert b"Signature" not in data  # ePłatnik signs it itself


def test_the_month_for_every_client_one_file_each_and_the_steps(office, tmp_path):
    from eplatnik.register.models import Payer
    from eplatnik.workdays import PayerType

    office.register.add_payer(Payer(nip="8567346215", full_name="Nowy Klient sp. z o.o.", short_name="NOWY",
                                    regon="192598184", payer_type=PayerType.LEGAL))
    result = handoff.export_month(office.documents, office.register, Period(2026, 10), tmp_path / "month", "eplatnik")
    names = sorted(p.name for p in result.files)
    assert names == ["5261040828_2026-10_01_eplatnik_KEDU_5_4.xml", "7792433421_2026-10_01_eplatnik_KEDU_5_4.xml",
                     "9512345675_2026-10_01_eplatnik_KEDU_5_4.xml"]
    assert [(nip, why.render("pl")) for nip, _name, why in result.skipped] == [
        ("8567346215", "brak zestawu za ten okres")]
    steps = (tmp_path / "month" / handoff.README_NAME).read_text(encoding="utf-8")
    assert "Import KEDU" in steps and "NOWY" in steps and "nie jest potwierdzeniem ZUS" in steps
    for path in result.files:
        assert etree.QName(etree.fromstring(path.read_bytes())).namespace == NS_54
