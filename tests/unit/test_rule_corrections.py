"""Rule corrections of issue 12 (checked against ZUS's communications): real accident rates accepted,
unusual ones warned; Mały ZUS Plus with too few days warned; "0510" taken as 051000."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

from support import run_cli

from eplatnik.forms.calculator import ContributionInput, calculate
from eplatnik.period import Period
from eplatnik.register import validation as v
from eplatnik.register.models import InsuredPerson, InsuredRecord
from eplatnik.register.warnings import insured_warnings


def test_a_payers_own_accident_rate_outside_the_group_range_is_accepted_with_a_warning():
    assert v.check_accident_rate("1,67") is None and v.accident_rate_warning("1,67") is None
    # ZUS sets rates for payers with ≥ 10 insured: the group rate × 0.5–1.5, possibly raised by 50 %
    for real in ("0,40", "4,00", "4,50", "5,00"):
        assert v.check_accident_rate(real) is None, real
        assert "sprawdź zawiadomienie ZUS" in v.accident_rate_warning(real).render("pl")
    for impossible in ("0,20", "8,00", "-1"):
        assert v.check_accident_rate(impossible) is not None, impossible
    assert "0,33% do 7,50%" in v.check_accident_rate("8,00").render("pl")


def test_register_cli_accepts_a_real_rate_and_warns(tmp_path):
    proc = run_cli("payers", "add", "--nip", "8567346215", "--name", "Huta sp. z o.o.", "--short-name", "HUTA",
                   "--type", "legal", "--regon", "192598184", "--accident-rate", "4,59", basedir=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "poza przedziałem stóp grup działalności" in proc.stdout
    proc = run_cli("payers", "add", "--nip", "5261040828", "--name", "X", "--short-name", "X", "--type", "legal",
                   "--regon", "010000009", "--accident-rate", "9,90", basedir=tmp_path)
    assert proc.returncode == 2 and "niemożliwa" in proc.stderr


def _plus_person(start: date) -> InsuredPerson:
    return InsuredPerson(payer_id=1, pesel="81062313512", record=InsuredRecord(
        first_name="Jan", last_name="Nowy", birth_date=date(1981, 6, 23), insurance_title_code="059000",
        start_date=start, valid_from=date(2027, 1, 1)))


def test_maly_zus_plus_with_fewer_than_60_days_in_the_prior_year_is_warned():
    warned = insured_warnings(_plus_person(date(2026, 11, 15)), date(2027, 1, 5))
    assert warned  # 15.11–31.12.2026 = 47 days
    assert "co najmniej 60 dni" in warned[0].message.render("pl") and "47" in warned[0].message.render("pl")
    assert insured_warnings(_plus_person(date(2026, 10, 1)), date(2027, 1, 5)) == []  # 92 days
    result = calculate(ContributionInput(Period(2027, 2), "059000", prior_year_income=Decimal("30000.00"),
                                         prior_year_days=47))
    assert any("co najmniej 60" in n.render("pl") for n in result.notes)


def test_four_digit_title_code_is_taken_as_six_with_a_note():
    result = calculate(ContributionInput(Period(2026, 5), "0510", voluntary_sickness=True))
    assert result.title_code == "051000" and result.social_total + result.fund_total == Decimal("1926.76")
    assert any("0510 uzupełniono do 051000" in n.render("pl") for n in result.notes)
    proc = run_cli("contributions", "--year", "2026", "--month", "5", "--title", "0510", "--json")
    data = json.loads(proc.stdout)
    assert data["title_code"] == "051000" and any("051000" in n for n in data["notes"])


def test_insured_cli_takes_0510(tmp_path):
    assert run_cli("payers", "add", "--nip", "5261040828", "--name", "Jan Kowalski", "--short-name", "KOWALSKI",
                   "--pesel", "81062313512", "--regon", "010000009", basedir=tmp_path).returncode == 0
    proc = run_cli("insured", "add", "--payer", "5261040828", "--pesel", "81062313512", "--first-name", "Jan",
                   "--last-name", "Kowalski", "--title", "0510", "--start", "2015-03-01", basedir=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "przyjęto jako 051000" in proc.stdout
    assert "051000" in run_cli("insured", "list", "--payer", "5261040828", basedir=tmp_path).stdout
