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
