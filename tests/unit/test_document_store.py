"""forms/store.py, the documents area's one SQL module, against a real workspace file: ids come back
from RETURNING, a refused move writes nothing, an import seen before is found (also without a payer),
absences are kept per payer and period."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from eplatnik.clock import FixedClock
from eplatnik.errors import UserFacingError
from eplatnik.forms.absences import Absence
from eplatnik.forms.model import SetStatus
from eplatnik.forms.store import DocumentStore, NewSet, Signed


@pytest.fixture
def store(tmp_path):
    from eplatnik.app import App

    app = App(tmp_path / "ws", clock=FixedClock("2026-11-20T10:00"))
    yield DocumentStore(app.db)
    app.close()


def _new(number: str = "01", payer_id: int | None = None, xml: bytes = b"<KEDU/>") -> NewSet:
    return NewSet(payer_id=payer_id, payer_nip="9512345675", payer_pesel="", payer_name="TECHBUD", period="2026-10",
                  kind="monthly", number=number, correction_of=None, forms="DRA,RCA", to_pay="123.45", xml=xml,
                  xml_sha256=f"sha-{number}", source="import:a.xml", documents=[("DRA", 0, ""), ("RCA", 2, "")])


def test_sets_round_trip_with_returned_ids_and_their_history(store):
    first = store.insert(_new("01"), actor="Anna", now="2026-11-20T09:00:00.000+00:00", note="import a.xml")
    second = store.insert(_new("02"), actor="Anna", now="2026-11-20T09:00:01.000+00:00", note="import a.xml")
    assert second == first + 1
    info = store.get_info(first)
    assert info is not None and (info.status, info.to_pay, info.created_by) == (SetStatus.DRAFT, Decimal("123.45"),
                                                                                "Anna")
    assert [s.number for s in store.list_sets(period="2026-10", kind="monthly")] == ["01", "02"]
    assert store.xml(first) == (b"<KEDU/>", None) and store.xml(999) is None and store.get_info(999) is None
    assert store.transitions(first) == [{"from_status": "", "to_status": "draft",
                                         "at": "2026-11-20T09:00:00.000+00:00", "actor": "Anna",
                                         "note": "import a.xml"}]
    assert store.find_duplicate(None, "2026-10", "02", "sha-02") == second  # a set of no known payer
    assert store.find_duplicate(None, "2026-10", "02", "other") is None


def test_a_refused_move_writes_nothing_and_an_allowed_one_keeps_the_signed_bytes(store):
    set_id = store.insert(_new(), actor="Anna", now="t0", note="")

    def refuse(status):
        raise UserFacingError(f"not from {status}")

    with pytest.raises(UserFacingError):
        store.move(set_id, SetStatus.SIGNED, refuse, actor="Ewa", now="t1", note="x",
                   signed=Signed(b"<signed/>", "sig-sha", "Ewa"))
    assert store.get_info(set_id).status == SetStatus.DRAFT and store.xml(set_id) == (b"<KEDU/>", None)
    assert store.record_verification(set_id, "[]", lambda s: SetStatus.VERIFIED, actor="Ewa", now="t2") \
        == SetStatus.VERIFIED
    store.move(set_id, SetStatus.SIGNED, lambda s: None, actor="Ewa", now="t3", note="signed",
               signed=Signed(b"<signed/>", "sig-sha", "Ewa"))
    info = store.get_info(set_id)
    assert info.status == SetStatus.SIGNED and info.signed_sha256 == "sig-sha"
    assert store.xml(set_id) == (b"<KEDU/>", b"<signed/>")
    assert store.last_transition_to(set_id, SetStatus.SIGNED) == ("Ewa", "t3")
    assert store.last_transition_to(set_id, SetStatus.ACCEPTED) == ("", "")
    assert [t["to_status"] for t in store.transitions(set_id)] == ["draft", "verified", "signed"]


def test_absences_by_payer_and_overlapping_dates(demo_app):
    store = DocumentStore(demo_app.db)
    person = demo_app.register.list_insured()[0]
    other_payer = next(p.id for p in demo_app.register.list_payers() if p.id != person.payer_id)
    ids = [store.add_absence(Absence(insured_id=person.id, payer_id=person.payer_id, code="331", date_from=f,
                                     date_to=t, amount=Decimal("100")), actor="Anna", now="t")
           for f, t in ((date(2026, 9, 28), date(2026, 10, 3)), (date(2026, 11, 1), date(2026, 11, 2)))]
    assert ids[1] == ids[0] + 1
    october = store.absences_between(person.payer_id, date(2026, 10, 1), date(2026, 10, 31))
    assert [(a.id, a.amount) for a in october] == [(ids[0], Decimal("100.00"))]
    assert store.absences_between(other_payer, date(2026, 10, 1), date(2026, 10, 31)) == []
    store.delete_absence(ids[0])
    assert [a.id for a in store.absences_between(person.payer_id, date(2026, 9, 1), date(2026, 12, 31))] == [ids[1]]
