"""DocumentService on a real SQLite workspace: build, verify, lifecycle, edit, export, import."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from plugins.forms import official_xsd_57

from eplatnik.clock import default_clock
from eplatnik.errors import UserFacingError
from eplatnik.forms import kedu_reader, kedu_schema, kedu_writer
from eplatnik.forms.model import SetStatus
from eplatnik.period import Period

pytestmark = pytest.mark.both_backends  # app/demo_app on SQLite and on PostgreSQL (tests/plugins/postgres.py)


def _free_months(n: int) -> list[Period]:
    """``n`` consecutive 2026 months the demo workspace has no set for (it builds the month due today)."""
    demo_month = Period.previous_of(default_clock().today())
    start = Period(2026, 2)
    while demo_month in [Period(2026, start.month + i) for i in range(n)]:
        start = start.next()
    return [Period(2026, start.month + i) for i in range(n)]


OCT = _free_months(1)[0]


def _payer(app, nip):
    return app.register.find_payer(nip)


def test_demo_sets_build_verify_and_validate_against_official_schema(demo_app):
    svc = demo_app.documents
    for payer in demo_app.register.list_payers():
        info = svc.build_monthly(payer.id, OCT)
        xml = svc.get_xml(info.id)
        assert kedu_schema.validate_bytes(xml, official=official_xsd_57()) == []
        outcome = svc.verify(info.id)
        assert outcome.ok, [f.render() for f in outcome.findings]
        assert outcome.status == SetStatus.VERIFIED


def test_demo_workspace_documents_are_valid(demo_app):
    svc = demo_app.documents
    sets = svc.list_sets()
    assert len(sets) == 3 and {s.status for s in sets} == {SetStatus.VERIFIED}
    for info in sets:
        assert kedu_schema.validate_bytes(svc.get_xml(info.id), official=official_xsd_57()) == []


def test_employer_set_totals_match_blocks(demo_app):
    svc = demo_app.documents
    techbud = _payer(demo_app, "9512345675")
    ds = svc.get_set(svc.build_monthly(techbud.id, OCT).id)
    assert [d.kind for d in ds.documents] == ["DRA", "RCA"]
    assert len(ds.rca_blocks) == 12 and ds.dra.insured_count == 12
    assert ds.dra.social_total == sum((b.social_total for b in ds.rca_blocks), Decimal("0"))
    assert ds.dra.to_pay == ds.dra.social_total + ds.dra.health_total + ds.dra.fp_fgsp_total + ds.dra.fep
    assert ds.dra.deadline_code == "3"  # legal person: by the 15th


def test_self_employed_payer_files_dra_with_block_x(demo_app):
    svc = demo_app.documents
    kowalski = _payer(demo_app, "5261040828")
    ds = svc.get_set(svc.build_monthly(kowalski.id, OCT).id)
    assert [d.kind for d in ds.documents] == ["DRA"]
    dra = ds.dra
    assert dra.self_title.code == "0510" and dra.self_pension_base > 0
    assert dra.self_health is not None and dra.self_health.tax_form == "skala"
    assert dra.payer.pesel == kowalski.pesel and dra.deadline_code == "6"


def test_build_is_idempotent_and_rebuild_replaces_draft(demo_app):
    svc = demo_app.documents
    techbud = _payer(demo_app, "9512345675")
    first = svc.build_monthly(techbud.id, OCT)
    assert svc.build_monthly(techbud.id, OCT).id == first.id
    rebuilt = svc.build_monthly(techbud.id, OCT, rebuild=True)
    assert rebuilt.id == first.id and len(svc.list_sets(payer_id=techbud.id, period=OCT)) == 1


def test_lifecycle_signed_is_immutable_and_edit_makes_new_draft(demo_app):
    svc = demo_app.documents
    techbud = _payer(demo_app, "9512345675")
    info = svc.build_monthly(techbud.id, OCT)
    with pytest.raises(UserFacingError):
        svc.transition(info.id, SetStatus.SIGNED)  # not verified yet
    assert svc.verify(info.id).ok
    xml = svc.get_xml(info.id)
    fake_signed = _demo_sign(demo_app, xml)
    signed = svc.mark_signed(info.id, fake_signed, "CN=Maria Wiśniewska")
    assert signed.status == SetStatus.SIGNED and svc.get_xml(info.id) == fake_signed
    assert svc.get_xml(info.id, signed=False) == xml
    edited = svc.edit_field(info.id, "RCA", "III.B/p4", "7000.00", block_id=1)
    assert edited.id != info.id and edited.supersedes == info.id and edited.status == SetStatus.DRAFT
    assert svc.get_xml(info.id) == fake_signed  # the signed one is untouched
    assert svc.get_set(edited.id).rca_blocks[0].pension_base == Decimal("7000.00")
    steps = [(t["from_status"], t["to_status"]) for t in svc.transitions(info.id)]
    assert steps == [("", "draft"), ("draft", "verified"), ("verified", "signed")]
    assert all(t["actor"] == "Maria Wiśniewska" for t in svc.transitions(info.id))


def _demo_sign(app, xml: bytes) -> bytes:
    """``xml`` signed with the demo workspace's certificate (signed documents are read only through
    a signature that verifies)."""
    from eplatnik.signing.keysource import SigningKey
    from eplatnik.signing.p12 import load_p12
    from eplatnik.signing.xades import sign_xml

    key, cert, chain = load_p12(app.basedir / "demo" / "signer.p12", "demo")
    return sign_xml(xml, SigningKey(key, cert, chain))


def test_signed_bytes_must_match_the_set(demo_app):
    svc = demo_app.documents
    info = svc.build_monthly(_payer(demo_app, "9512345675").id, OCT)
    svc.verify(info.id)
    other = _demo_sign(demo_app, svc.get_xml(info.id).replace(b"<p37>", b"<p37>1", 1))
    with pytest.raises(UserFacingError, match="nie zawiera tych samych dokumentów"):
        svc.mark_signed(info.id, other, "x")
    with pytest.raises(UserFacingError):  # a signature over nothing verifiable is refused too
        svc.mark_signed(info.id, svc.get_xml(info.id).replace(
            b"</KEDU>", b'<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"/></KEDU>'), "x")
    assert svc.get_info(info.id).status == SetStatus.VERIFIED


def test_edit_of_verified_returns_to_draft_and_verification_points_at_field(demo_app):
    svc = demo_app.documents
    info = svc.build_monthly(_payer(demo_app, "9512345675").id, OCT)
    svc.verify(info.id)
    svc.edit_field(info.id, "RCA", "pension_insured", "1,00", block_id=2)
    assert svc.get_info(info.id).status == SetStatus.DRAFT
    outcome = svc.verify(info.id)
    assert not outcome.ok and outcome.status == SetStatus.DRAFT
    assert any(f.document == "RCA" and f.block == "III.B" and f.field == "p7" and f.block_index == 2
               for f in outcome.findings)
    assert svc.stored_findings(info.id)


def test_correction_references_the_corrected_set(demo_app):
    svc = demo_app.documents
    info = svc.build_monthly(_payer(demo_app, "9512345675").id, OCT)
    corr = svc.build_correction(info.id)
    assert corr.number == "02" and corr.correction_of == info.id
    ds = svc.get_set(corr.id)
    assert ds.dra.number == "02" and ds.rca.number == "02"


def test_prior_bases_feed_the_annual_cap(demo_app):
    svc = demo_app.documents
    techbud = _payer(demo_app, "9512345675")
    for month in range(1, 4):
        svc.build_monthly(techbud.id, Period(2026, month))
    bases = svc.prior_bases(techbud.id, Period(2026, 4))
    person = demo_app.register.list_insured(techbud.id)[0]
    assert bases[person.pesel] == 3 * person.record.gross_pay


def test_export_writes_atomically_and_refuses_invalid(demo_app, tmp_path):
    svc = demo_app.documents
    info = svc.build_monthly(_payer(demo_app, "9512345675").id, OCT)
    out = svc.export(info.id, tmp_path / "out" / "dra.xml")
    assert out.read_bytes() == svc.get_xml(info.id)
    svc.edit_field(info.id, "DRA", "to_pay", "-5.00")
    with pytest.raises(UserFacingError, match="IX/p2"):
        svc.export(info.id, tmp_path / "bad.xml")
    assert not (tmp_path / "bad.xml").exists()


def test_registration_documents_from_register(demo_app):
    svc = demo_app.documents
    techbud = _payer(demo_app, "9512345675")
    person = demo_app.register.list_insured(techbud.id)[0]
    for form in ("ZUA", "ZZA"):
        info = svc.build_registration(techbud.id, person.id, form, nfz="07R")
        assert info.kind == "registration" and info.forms == form
        assert kedu_schema.validate_bytes(svc.get_xml(info.id), official=official_xsd_57()) == []
    info = svc.build_registration(techbud.id, person.id, "ZWUA", on=OCT.last_day(), reason_code="100")
    ds = svc.get_set(info.id)
    assert ds.documents[0].reason_code == "100" and ds.documents[0].termination_date == OCT.last_day()
    assert svc.verify(info.id).status in (SetStatus.VERIFIED, SetStatus.DRAFT)


def test_import_is_all_or_nothing(demo_app, app, tmp_path):
    svc = demo_app.documents
    techbud = _payer(demo_app, "9512345675")
    kowalski = _payer(demo_app, "5261040828")
    a = svc.get_set(svc.build_monthly(techbud.id, OCT).id)
    b = svc.get_set(svc.build_monthly(kowalski.id, OCT).id)
    path = tmp_path / "two.xml"
    path.write_bytes(kedu_writer.write_documents(a.documents + b.documents))
    with pytest.raises(UserFacingError, match=r"9512345675|5261040828"):
        app.documents.import_file(path)
    assert app.documents.list_sets() == [] and app.register.list_payers() == []
    result = app.documents.import_file(path, into_register=True)
    assert len(result.set_ids) == 2 and sorted(result.created_payers) == ["5261040828", "9512345675"]
    assert len(result.created_insured) == 12
    for set_id in result.set_ids:
        assert app.documents.verify(set_id).ok
    again = app.documents.import_file(path, into_register=True)
    assert again.set_ids == [] and sorted(again.already_present) == sorted(result.set_ids)
    assert [p for p in app.evidence.paths() if p.startswith("imports/")]  # documents/ or the office database


def test_import_of_broken_file_stores_nothing(app, tmp_path, all_forms):
    data = kedu_writer.write_documents([all_forms["DRA"], all_forms["RCA"]])
    path = tmp_path / "broken.xml"
    path.write_bytes(data.replace(b"<p37>1898.40</p37>", b"<p37>abc</p37>"))
    with pytest.raises(kedu_reader.KeduReadError, match="p37"):
        app.documents.import_file(path, into_register=True)
    assert app.documents.list_sets() == [] and app.register.list_payers() == []


def test_absences_become_rsa_lines_split_by_month(demo_app):
    from eplatnik.errors import ValidationFailed
    from eplatnik.forms.absences import Absence

    svc = demo_app.documents
    techbud = _payer(demo_app, "9512345675")
    person = demo_app.register.list_insured(techbud.id)[0]
    with pytest.raises(ValidationFailed):
        svc.absences.add(Absence(insured_id=person.id, code="33", date_from=date(2026, 5, 2),
                                 date_to=date(2026, 5, 1)))
    may_p, june_p = _free_months(2)
    svc.absences.add(Absence(insured_id=person.id, code="331", date_from=may_p.first_day().replace(day=25),
                             date_to=june_p.first_day().replace(day=3), amount=Decimal("800.00")))
    may = svc.get_set(svc.build_monthly(techbud.id, may_p).id)
    june = svc.get_set(svc.build_monthly(techbud.id, june_p).id)
    assert [d.kind for d in may.documents] == ["DRA", "RCA", "RSA"]
    (m,), (j,) = may.rsa_blocks, june.rsa_blocks
    last = may_p.last_day()
    assert (m.item.date_from, m.item.date_to, m.item.days, m.item.amount) == (
        last.replace(day=25), last, last.day - 24, Decimal("800.00"))
    assert (j.item.date_from, j.item.date_to, j.item.days, j.item.amount) == (
        june_p.first_day(), june_p.first_day().replace(day=3), 3, None)
    assert j.person.pesel == person.pesel and j.item.title.code == "0110"
    assert svc.verify(svc.latest_monthly(techbud.id, june_p).id).ok


def test_month_inputs_change_the_amounts(demo_app):
    from eplatnik.forms.builder import MonthInputs, PersonMonth

    svc = demo_app.documents
    kowalski = _payer(demo_app, "5261040828")
    first, second = _free_months(2)
    base = svc.get_set(svc.build_monthly(kowalski.id, first).id).dra
    inputs = MonthInputs(persons={kowalski.pesel: PersonMonth(health_income=Decimal("20000.00"))})
    more = svc.get_set(svc.build_monthly(kowalski.id, first, inputs=inputs, rebuild=True).id).dra
    assert more.health_total == Decimal("1800.00") > base.health_total  # 9 % of 20 000 (skala)
    assert more.self_health.income == Decimal("20000.00")
    # the next month carries the income over until the accountant enters a new one
    nxt = svc.get_set(svc.build_monthly(kowalski.id, second).id).dra
    assert nxt.self_health.income == Decimal("20000.00")
