"""The relief application document: from a plain structure, checked, to XML in its own schema and back."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from plugins.letters import relief_data

from eplatnik.applications import relief_xml
from eplatnik.applications.relief_xml import ReliefApplication
from eplatnik.errors import ValidationFailed

TODAY = dt.date(2026, 11, 20)


def test_application_round_trips_through_its_schema():
    application = ReliefApplication.from_dict(relief_data(), today=TODAY)
    assert application.total_arrears == Decimal("24000.00") and application.form == "WNIOSEK-RATY"
    xml = application.to_xml()
    assert relief_xml.validate(xml) == [] and relief_xml.is_relief(xml)
    back = relief_xml.read(xml)
    assert back == application
    assert ReliefApplication.from_dict(back.to_dict(), today=TODAY) == application


def test_deferral_has_one_new_deadline_for_the_whole_amount():
    application = ReliefApplication.from_dict(relief_data(kind="deferral"), today=TODAY)
    assert application.form == "WNIOSEK-ODROCZENIE" and len(application.schedule) == 1


@pytest.mark.parametrize(("change", "field"), [
    (lambda d: d["payer"].update(nip="9512345670"), "payer.nip"),                 # check digit
    (lambda d: d.update(kind="umorzenie"), "kind"),
    (lambda d: d["arrears"][0].update(amount="12 000,005"), "arrears[1].amount"),
    (lambda d: d["arrears"][1].update(period="2026-13"), "arrears[2].period"),
    (lambda d: d["schedule"][2].update(amount="7000.00"), "schedule"),             # does not add up
    (lambda d: d["schedule"].reverse(), "schedule"),                               # dates go backwards
    (lambda d: d.update(justification=""), "justification"),
])
def test_bad_data_names_the_field_and_builds_nothing(change, field):
    data = relief_data()
    change(data)
    with pytest.raises(ValidationFailed) as err:
        ReliefApplication.from_dict(data, today=TODAY)
    assert field in [e.field for e in err.value.errors]
    assert err.value.exit_code == 2


def test_a_document_outside_the_schema_is_refused():
    xml = ReliefApplication.from_dict(relief_data(), today=TODAY).to_xml().replace(b"instalments", b"everything")
    from eplatnik.errors import UserFacingError

    with pytest.raises(UserFacingError, match="schematem"):
        relief_xml.read(xml)


def _account_draft(kind: str):
    """A draft as the payer-account area makes it (relief.model), two months."""
    from eplatnik.relief.model import ArrearsMonth as DraftMonth
    from eplatnik.relief.model import Instalment as DraftInstalment
    from eplatnik.relief.model import ReliefDraft, ReliefPayer

    payer = ReliefPayer("9512345675", "TECHBUD SP. Z O.O.", "TECHBUD", "146000001", "", "ul. Prosta 1, 00-001 Warszawa")
    if kind == "instalments":
        months = [DraftMonth("2026-09", dt.date(2026, 10, 15), Decimal("1000.00"), Decimal("12.00")),
                  DraftMonth("2026-10", dt.date(2026, 11, 16), Decimal("1000.00"), Decimal("0.00"))]
        schedule = [DraftInstalment(1, dt.date(2026, 12, 31), Decimal("1006.00"), Decimal("5")),
                    DraftInstalment(2, dt.date(2027, 1, 31), Decimal("1006.00"), Decimal("10"))]
        return ReliefDraft("instalments", payer, TODAY, months, schedule, Decimal("11"), Decimal("5.5"),
                           "Klient nie zapłacił faktur.", "RSR")
    months = [DraftMonth("2026-10", dt.date(2026, 11, 20), Decimal("500.00"), Decimal("0.00")),
              DraftMonth("2026-11", dt.date(2026, 12, 15), Decimal("700.00"), Decimal("0.00"))]
    schedule = [DraftInstalment(1, dt.date(2027, 2, 20), Decimal("500.00"), Decimal("7")),
                DraftInstalment(2, dt.date(2027, 3, 15), Decimal("700.00"), Decimal("9"))]
    return ReliefDraft("deferral", payer, TODAY, months, schedule, Decimal("11"), Decimal("5.5"),
                       "Zator płatniczy.", "RSO")


def test_account_instalment_draft_becomes_an_application_with_interest_and_the_fee():
    from eplatnik.applications.from_draft import application_from_draft

    application = application_from_draft(_account_draft("instalments"))
    assert [(a.period, a.amount) for a in application.arrears] == [("2026-09", Decimal("1012.00")),
                                                                   ("2026-10", Decimal("1000.00"))]
    assert [(i.due, i.amount) for i in application.schedule] == [(dt.date(2026, 12, 31), Decimal("1011.00")),
                                                                 (dt.date(2027, 1, 31), Decimal("1016.00"))]
    assert application.prolongation_fee == Decimal("15.00") and application.payer_regon == "146000001"
    assert application.application_date == TODAY and application.justification == "Klient nie zapłacił faktur."
    assert relief_xml.validate(application.to_xml()) == []


def test_account_deferral_draft_keeps_a_new_deadline_per_month_and_the_decision_names_them():
    from eplatnik.applications.from_draft import application_from_draft
    from eplatnik.sandbox.letters_answers import decision_text

    application = application_from_draft(_account_draft("deferral"))
    assert len(application.schedule) == 2 and relief_xml.read(application.to_xml()) == application
    title, text = decision_text(application, "SBX-1")
    assert "odroczenia" in title
    assert "za okres 2026-10 (500,00 zł) do dnia 20.02.2027" in text
    assert "za okres 2026-11 (700,00 zł) do dnia 15.03.2027" in text


def test_a_deferral_with_fewer_deadlines_than_months_is_refused():
    data = relief_data(kind="deferral")
    data["arrears"].append({"period": "2026-10", "amount": "1.00"})
    data["schedule"] = [{"due": "2027-03-31", "amount": "12000.00"}, {"due": "2027-04-30", "amount": "12001.00"}]
    with pytest.raises(ValidationFailed) as err:
        ReliefApplication.from_dict(data, today=TODAY)
    assert "schedule" in [e.field for e in err.value.errors]


@pytest.mark.parametrize("order", [("relief_cmds", "relief_send_cmds"), ("relief_send_cmds", "relief_cmds")])
def test_the_relief_command_has_draft_build_and_send_whichever_module_registers_first(order):
    import argparse
    import importlib

    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command")
    for name in order:
        importlib.import_module(f"eplatnik.cli.{name}").register(sub)
    relief = sub.choices["relief"]
    [actions] = [a for a in relief._actions if isinstance(a, argparse._SubParsersAction)]
    assert set(actions.choices) == {"draft", "build", "send"}
    args = parser.parse_args(["relief", "send", "--payer", "9512345675", "--kind", "deferral", "--p12", "a.p12"])
    assert args.func.__module__.endswith("relief_send_cmds") and args.kind == "deferral"
    args = parser.parse_args(["relief", "draft", "--payer", "9512345675", "--kind", "instalments", "-o", "x.pdf"])
    assert args.func.__module__.endswith("relief_cmds")
