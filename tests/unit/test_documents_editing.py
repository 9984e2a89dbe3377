"""Editing fields by KEDU position or model name, with typed values and clear refusals."""

from __future__ import annotations

from decimal import Decimal

import pytest
from plugins.forms import make_all_forms

from eplatnik.errors import ValidationFailed
from eplatnik.forms.editing import apply_edit
from eplatnik.forms.model import DocumentSet, InsuranceTitle
from eplatnik.period import Period


def _set(*kinds):
    forms = make_all_forms()
    return DocumentSet(payer=forms["DRA"].payer, documents=[forms[k] for k in kinds])


def test_edit_by_location_and_by_name():
    ds = _set("DRA", "RCA")
    apply_edit(ds, "DRA", "IV/p37", "1 234,50")
    assert ds.dra.social_total == Decimal("1234.50")
    apply_edit(ds, "RCA", "III.B/p1", "051000", block_id=2)
    assert ds.rca.blocks[1].title == InsuranceTitle("0510")
    apply_edit(ds, "RCA", "III.A/p1", "KOWALSKA", block_id=2)
    assert ds.rca.blocks[1].person.last_name == "KOWALSKA"
    apply_edit(ds, "ZUSRCA", "health_insured", "10.00", block_id=1)
    assert ds.rca.blocks[0].health_insured == Decimal("10.00")


def test_payer_and_period_change_every_document():
    ds = _set("DRA", "RCA")
    apply_edit(ds, "DRA", "II/p6", "NOWA NAZWA")
    assert ds.rca.payer.short_name == "NOWA NAZWA"
    apply_edit(ds, "RCA", "period", "2026-09")
    assert ds.dra.period == ds.rca.period == ds.period == Period(2026, 9)


def test_health_fields_follow_the_tax_form():
    ds = _set("DRA-self")
    apply_edit(ds, "DRA", "XI/p13", "150000.00")  # ryczałt: p13 is the revenue
    assert ds.dra.self_health.income == Decimal("150000.00")


@pytest.mark.parametrize("field,value,block", [("IV/p37", "abc", None), ("nonexistent", "1", None),
                                               ("III.B/p4", "1", 99), ("blocks", "x", None)])
def test_refusals(field, value, block):
    ds = _set("DRA", "RCA")
    form = "RCA" if block else "DRA"
    with pytest.raises(ValidationFailed):
        apply_edit(ds, form, field, value, block)
    with pytest.raises(ValidationFailed):
        apply_edit(ds, "RSA", "x", "1")
