"""Fixtures for the declarations area: complete synthetic document sets of every form type."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

REFERENCE_KEDU = Path("/work/shared/reference/kedu")
PACKAGED_SCHEMAS = Path(__file__).resolve().parents[2] / "eplatnik" / "resources" / "schemas"


def official_xsd_57() -> Path:
    """The official 5.7 XSD: the shared reference copy when present, else the packaged one."""
    ref = REFERENCE_KEDU / "kedu_5_7.xsd"
    return ref if ref.is_file() else PACKAGED_SCHEMAS / "kedu_5_7.xsd"


def make_all_forms():
    """One document of every form the program writes, filled like real ones."""
    from eplatnik.forms import model as m
    from eplatnik.period import Period

    payer = m.PayerIdentity(nip="9512345675", regon="012345675", short_name="TECHBUD SP. Z O.O.")
    jan = m.PersonIdentity(pesel="44051401359", last_name="NOWAK", first_name="JAN",
                           birth_date=date(1944, 5, 14))
    ewa = m.PersonIdentity(document_type="2", document_number="AB1234567", last_name="ŻÓŁĆ",
                           first_name="EWA", birth_date=date(1990, 1, 2))
    period = Period(2026, 10)
    # RCA/RSA carry only name + identifier of a person (block III.A), no date of birth
    jan_r = m.PersonIdentity(pesel=jan.pesel, last_name=jan.last_name, first_name=jan.first_name)
    ewa_r = m.PersonIdentity(document_type="2", document_number="AB1234567", last_name="ŻÓŁĆ",
                             first_name="EWA")
    d = Decimal
    block = m.RcaBlock(block_id=1, person=jan_r, title=m.InsuranceTitle("0110"),
                       pension_base=d("6000.00"), sickness_base=d("6000.00"), accident_base=d("6000.00"),
                       pension_insured=d("585.60"), disability_insured=d("90.00"),
                       sickness_insured=d("147.00"), pension_payer=d("585.60"),
                       disability_payer=d("390.00"), accident_payer=d("100.20"),
                       social_total=d("1898.40"), health_base=d("5177.40"), health_insured=d("465.97"))
    block2 = m.RcaBlock(block_id=2, person=ewa_r, title=m.InsuranceTitle("0411"),
                        work_time=m.WorkTime(0, 0), benefits=[d("0.00")] * 4)
    dra = m.DraDocument(payer=payer, period=period, insured_count=2, pension_total=d("1171.20"),
                        disability_total=d("480.00"), pd_total=d("1651.20"),
                        pension_insured=d("585.60"), disability_insured=d("90.00"),
                        pd_insured=d("675.60"), pension_payer=d("585.60"),
                        disability_payer=d("390.00"), pd_payer=d("975.60"),
                        sickness_total=d("147.00"), accident_total=d("100.20"), sa_total=d("247.20"),
                        sickness_insured=d("147.00"), sa_insured=d("147.00"),
                        accident_payer=d("100.20"), sa_payer=d("100.20"),
                        social_total=d("1898.40"), health_total=d("465.97"), fp=d("147.00"),
                        fgsp=d("6.00"), fp_fgsp_total=d("153.00"), to_pay=d("2517.37"),
                        filled_date=date(2026, 11, 5))
    self_dra = m.DraDocument(
        payer=m.PayerIdentity(nip="5261040828", pesel="80010112345", last_name="KOWALSKI",
                              first_name="JAN", birth_date=date(1980, 1, 1)),
        period=period, insured_count=1, self_title=m.InsuranceTitle("0570"),
        self_pension_base=d("1441.80"), self_accident_base=d("1441.80"), self_health_base=d("4806.00"),
        self_health=m.SelfEmployedHealth("ryczalt", d("120000.00"), d("8673.00"), d("780.57")))
    rca = m.RcaDocument(payer=payer, period=period, blocks=[block, block2], filled_date=date(2026, 11, 5))
    rsa = m.RsaDocument(payer=payer, period=period, filled_date=date(2026, 11, 5), blocks=[
        m.RsaBlock(block_id=1, person=jan_r, item=m.RsaItem(
            title=m.InsuranceTitle("0110"), code="331", date_from=date(2026, 10, 5),
            date_to=date(2026, 10, 9), days=5, amount=d("800.00")))])
    zua = m.ZuaDocument(payer=payer, person=jan, second_name="ADAM", family_name="NOWAK",
                        citizenship="POLSKIE", sex="M", title=m.InsuranceTitle("0110"),
                        insurance_from=date(2026, 10, 1), sickness=True, health_from=date(2026, 10, 1),
                        nfz="07R", address=m.Address("00950", "WARSZAWA", "WARSZAWA", "MARSZAŁKOWSKA",
                                                     "1", "2"), filled_date=date(2026, 10, 2))
    zza = m.ZzaDocument(payer=payer, person=ewa, title=m.InsuranceTitle("0572"),
                        health_from=date(2026, 10, 1), nfz="07R", filled_date=date(2026, 10, 2))
    zwua = m.ZwuaDocument(payer=payer, person=jan, title=m.InsuranceTitle("0110"),
                          deregistration_date=date(2026, 10, 31), reason_code="100",
                          termination_date=date(2026, 10, 31), termination_code="100",
                          filled_date=date(2026, 11, 2))
    ziua = m.ZiuaDocument(payer=payer, old=jan, new=m.PersonIdentity(
        pesel="44051401359", last_name="NOWAK-KOWALSKI", first_name="JAN", birth_date=date(1944, 5, 14)),
        filled_date=date(2026, 11, 2))
    return {"DRA": dra, "DRA-self": self_dra, "RCA": rca, "RSA": rsa, "ZUA": zua, "ZZA": zza,
            "ZWUA": zwua, "ZIUA": ziua}


@pytest.fixture
def all_forms():
    return make_all_forms()
