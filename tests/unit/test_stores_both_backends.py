"""The stores on both backends (issue 16, step 16.2): the same calls give the same results on SQLite and on
PostgreSQL (the throw-away cluster of tests/plugins/postgres.py), through a whole ``App`` given its
``Database`` (``App(database=…)``, no user-visible option).

The demo office is built on both and read back through every service (register, dashboard, documents,
the period read model, month runs, outbox, account, letters, visits, notifications): the results must be
equal, ids included (identity columns start at 1 like SQLite's rowids). The ``db_url``-parametrised tests
check what the demo does not reach: search and ordering of names with Polish letters and case, lists the
stores order in SQL, idempotent inserts, executemany counts and round trips of each store."""

from __future__ import annotations

import dataclasses
import random
from datetime import date, datetime
from decimal import Decimal

import pytest

from eplatnik.app import App
from eplatnik.clock import FixedClock
from eplatnik.store.database import Database

pytestmark = pytest.mark.now("2026-11-20T10:00:00+01:00")


def _app(tmp_path, url: str, name: str = "ws", clock=None) -> App:
    return App(tmp_path / name, database=Database(url), clock=clock)


@pytest.fixture
def office(tmp_path, db_url):
    app = _app(tmp_path, db_url)
    yield app
    app.close()


def _plain(value):
    """Comparable plain data (dataclasses, enums, dates, Decimals) for two backends' results."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(_plain(k)): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [_plain(v) for v in value]
        return sorted(items, key=repr) if isinstance(value, (set, frozenset)) else items
    if isinstance(value, (date, datetime, Decimal)):
        return str(value)
    if isinstance(value, bytes):
        return value.hex()
    if hasattr(value, "value") and hasattr(value, "name"):  # an enum
        return value.value
    if hasattr(value, "__dict__") and not callable(value):
        return {k: _plain(v) for k, v in vars(value).items() if not k.startswith("_")}
    return value


def _reads(app: App) -> dict[str, object]:
    from eplatnik.letters.store import LettersStore
    from eplatnik.month.store import MonthStore, PeriodReadModel
    from eplatnik.notify.store import NotifyStore
    from eplatnik.visits.store import VisitsRepo

    reg = app.register
    today = app.clock.today()
    payers = reg.list_payers(include_archived=True)
    period = f"{today.year:04d}-{today.month:02d}"
    first = f"{today.year - 1:04d}-01"
    reads: dict[str, object] = {
        "payers": payers,
        "search_lower": reg.list_payers(search=payers[0].short_name[:3].lower()),
        "search_nip": reg.list_payers(search=payers[-1].nip[2:6]),
        "insured": reg.list_insured(),
        "history": [reg.insured_history(p.id) for p in reg.list_insured()],
        "accountants": reg.list_accountants(),
        "authorisations": reg.list_authorisations(),
        "summary": reg.summary(),
        "counts": reg.insured_counts(),
        "nrs": reg.all_entered_nrs(),
        "audit": [tuple(e) if isinstance(e, tuple) or hasattr(e, "keys") else e for e in reg.audit_entries()],
        "sets": app.documents.list_sets(),
        "period_rows": PeriodReadModel(app.db).periods_rows(first, period),
        "runs": MonthStore(app.db, app.clock).runs(),
        "outbox": app.gateway.outbox.list(),
        "outbox_ids": app.gateway.outbox.ids(order="payer", descending=False),
        "letters": LettersStore(app.db).list(),
        "unread": LettersStore(app.db).unread_by_payer(),
        "visits": VisitsRepo(app.db, app.clock).list(),
        "notifications": NotifyStore(app.db).recent(),
        "transactions": app.account.store.transactions() if hasattr(app.account, "store") else None,
        "dashboard": app.dashboard.load(today, with_certificates=False),
    }
    return {k: _plain(v) for k, v in reads.items()}


def _diff(a, b, path=""):
    if isinstance(a, dict) and isinstance(b, dict):
        return "; ".join(_diff(a.get(k), b.get(k), f"{path}.{k}") for k in a if a.get(k) != b.get(k))
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return "; ".join(_diff(x, y, f"{path}[{i}]") for i, (x, y) in enumerate(zip(a, b)) if x != y)
    return f"{path}: {a!r} != {b!r}"


def test_the_demo_office_reads_the_same_on_both_backends(tmp_path, pg_url):
    """The whole program over PostgreSQL: the demo is built through the services, then every read of
    every store answers exactly what it answers over SQLite."""
    from eplatnik.demo import create_demo

    results = {}
    for backend, url in (("sqlite", str(tmp_path / "lite.db")), ("postgresql", pg_url)):
        app = _app(tmp_path, url, backend, FixedClock("2026-11-20T10:00"))  # the same timestamps on both
        try:
            assert app.db.dialect == backend
            create_demo(app)
            results[backend] = _reads(app)
        finally:
            app.close()
    lite, office = results["sqlite"], results["postgresql"]
    assert lite["payers"] and lite["insured"] and lite["sets"]  # the demo reached the stores
    differ = [k for k in lite if lite[k] != office[k]]
    assert differ == [], "\n".join(f"{k}:\n  sqlite     {_diff(lite[k], office[k])}" for k in differ)


# -- register --------------------------------------------------------------------------------------------
NAMES = ["Żak", "zając", "Zając", "Łukasz", "lis", "Lis", "Ćma", "Abc", "abd", "ABE", "Śliwa", "sowa", "Órla"]


def _payer(rng, name: str):
    from eplatnik.register.models import Payer
    from eplatnik.register.synthetic import make_nip, make_regon
    from eplatnik.workdays import PayerType

    return Payer(nip=make_nip(rng), regon=make_regon(rng), full_name=f"Firma {name} sp. z o.o.", short_name=name,
                 payer_type=PayerType.LEGAL, postal_code="00-950", city="Warszawa")


def test_register_round_trip_search_and_order(office):
    from eplatnik.register.models import Accountant

    rng = random.Random(16)
    reg = office.register
    added = [reg.add_payer(_payer(rng, name)) for name in NAMES]
    assert [p.id for p in added] == list(range(1, len(NAMES) + 1))
    assert reg.get_payer(added[3].id).short_name == "Łukasz"
    listed = [p.short_name for p in reg.list_payers()]
    from eplatnik.register.sorting import nocase_key

    assert listed == [p.short_name for p in sorted(added, key=lambda p: (nocase_key(p.short_name), p.id))]
    # search: case of A–Z ignored, by NIP digits too
    assert {p.short_name for p in reg.list_payers(search="ZAJ")} == {"zając", "Zając"}
    assert [p.short_name for p in reg.list_payers(search=added[5].nip[3:8])] == ["Lis"]
    assert reg.list_payers(search="100%") == []
    reg.archive_payer(added[0].id)
    assert "Żak" not in [p.short_name for p in reg.list_payers()]
    assert "Żak" in [p.short_name for p in reg.list_payers(include_archived=True)]
    changed = dataclasses.replace(reg.get_payer(added[1].id), city="Kraków")
    reg.update_payer(changed)
    assert reg.get_payer(added[1].id).city == "Kraków"
    reg.set_entered_nrs(added[1].id, "12 3456 7890 1234 5678 9012 3456", actor="test")
    assert reg.entered_nrs(added[1].id)
    # accountants are listed by name byte by byte (SQLite's BINARY), on PostgreSQL too (COLLATE "C")
    for name in ["Zenon Ząb", "adam Nowak", "Łucja Lis", "Adam Nowak", "Ewa Ćwik"]:
        reg.add_accountant(Accountant(name=name))
    assert [a.name for a in reg.list_accountants()] == ["Adam Nowak", "Ewa Ćwik", "Zenon Ząb", "adam Nowak",
                                                         "Łucja Lis"]
    summary = reg.summary()
    assert (summary.payers, summary.archived, summary.accountants) == (len(NAMES) - 1, 1, 5)


def test_insured_round_trip_and_history(office):
    from eplatnik.demo import create_demo

    create_demo(office)
    reg = office.register
    people = reg.list_insured()
    assert people
    person = people[0]
    record = dataclasses.replace(person.record, gross_pay=Decimal("9999.99"))
    reg.change_insured(person.id, record, date(2026, 12, 1))
    assert [str(r.gross_pay) for r in reg.insured_history(person.id)][-1] == "9999.99"
    assert reg.get_insured(person.id, date(2026, 12, 2)).record.gross_pay == Decimal("9999.99")
    assert reg.get_insured(person.id, date(2026, 11, 30)).record.gross_pay == person.record.gross_pay
    assert sum(reg.insured_counts().values()) == reg.count_insured() == len(people)


# -- visits, letters, account, month, notifications -----------------------------------------------------
def test_visits_the_same_request_twice_is_one_row(office):
    from eplatnik.visits.models import VisitRequest
    from eplatnik.visits.store import VisitsRepo

    repo = VisitsRepo(office.db, office.clock)
    req = VisitRequest(topic="Konto", unit_id="0231", start=datetime.fromisoformat("2026-11-23T09:00:00+01:00"),
                       name="Jan Kowalski", pesel="80010112345")
    first = repo.insert(req, 20)
    assert repo.insert(req, 20) == first
    assert [v.id for v in repo.list()] == [first]
    repo.remember_unit("k", "00-950", "0231", "Oddział I")
    repo.remember_unit("k", "00-950", "0232", "Oddział II")  # replaces the first choice
    assert repo.remembered_unit("k", "00-950") == ("0232", "Oddział II")


def test_month_runs_and_the_period_read_model(office):
    from eplatnik.demo import create_demo
    from eplatnik.month.store import MonthStore, PeriodReadModel

    create_demo(office)
    ids = [p.id for p in office.register.list_payers()]
    store = MonthStore(office.db, office.clock)
    run_id = store.create_run("2026-10", ids, submit=False, actor="test")
    assert [c.payer_id for c in store.clients(run_id)] == ids
    store.set_run(run_id, state="done")
    assert store.run(run_id).state == "done" and [r.id for r in store.runs("2026-10")] == [run_id]
    rows = PeriodReadModel(office.db).periods_rows("2025-01", "2026-12")
    sets = office.documents.list_sets()
    assert {(s.payer_id, str(s.period)) for s in sets if s.period} >= set(rows)


def test_notifications_round_trip(office):
    from eplatnik.notify.store import NotifyStore

    store = NotifyStore(office.db)
    assert store.is_empty()
    added = store.add([("k1", "deadline", "Termin", "Jutro"), ("k2", "deadline", "Termin", "Pojutrze")],
                      "2026-11-20T09:00:00.000Z")
    assert store.known_keys(["k1", "k3"]) == {"k1"}
    store.mark([added[0].id], shown_at="2026-11-20T09:01:00.000Z")
    assert [n.event_key for n in store.to_show()] == ["k2"]
    assert [n.id for n in store.recent()] == [added[1].id, added[0].id]


def test_letters_inbox_round_trip(office):
    from eplatnik.gateway.letters_protocol import LetterMeta
    from eplatnik.letters.store import LettersStore

    store = LettersStore(office.db)

    def meta(n: int, placed: str, state: str = "awaiting") -> LetterMeta:
        return LetterMeta(id=f"L{n}", payer_nip="5261040828", payer_name="KOWALSKI", title=f"Pismo {n}",
                          kind="letter", placed_at=placed, content_sha256="c2hh", content_size=100 + n, state=state)

    new = store.upsert("sandbox", [meta(1, "2026-11-02T08:00:00Z"), meta(2, "2026-11-10T08:00:00Z")],
                       "2026-11-20T09:00Z")
    assert new == [1, 2]
    # listed again: nothing new, the remote state is updated
    assert store.upsert("sandbox", [meta(1, "2026-11-02T08:00:00Z", "delivered")], "2026-11-20T09:05Z") == []
    assert store.get(1).remote_state == "delivered"
    assert [r.letter_id for r in store.list()] == ["L2", "L1"]  # newest first (placed_at, as text)
    assert store.unread_by_payer() == {"5261040828": 2}
    store.update(2, read_at="2026-11-20T09:10Z", content_path="letters/L2.xml")
    assert store.unread_by_payer() == {"5261040828": 1} and store.file_paths() == {"letters/L2.xml"}
    upd = store.claim_upd(2, path="upd/L2.xml", sha256="ab", signer="Ala", signed_at="2026-11-20T09:11Z")
    again = store.claim_upd(2, path="upd/other.xml", sha256="cd", signer="Ola", signed_at="2026-11-20T09:12Z")
    assert (upd.path, again.path) == ("upd/L2.xml", "upd/L2.xml")  # one UPD per letter
    assert [r.id for r in store.many([2, 1, 99])] == [2, 1]


def test_account_import_counts_only_new_transactions(office):
    from eplatnik.account.funds import FUNDS, FundAmounts
    from eplatnik.account.store import AccountStore, StoredDues
    from eplatnik.demo import create_demo

    create_demo(office)
    store = AccountStore(office.db)
    payer = office.register.list_payers()[0]

    def row(identity: str, day: str, amount: str) -> dict:
        return {"identity": identity, "source": "csv", "booked_on": day, "amount": amount, "currency": "PLN",
                "direction": "credit", "own_account": "", "counterparty_account": "", "counterparty_name": "",
                "title": "ZUS", "reference": "", "payer_id": payer.id, "status": "matched", "reason": "",
                "created_at": "2026-11-20T09:00Z", "created_by": "test"}

    meta = {"file_name": "wyciag.csv", "file_sha256": "00", "format": "csv", "own_account": "", "transactions": 2,
            "matched": 2, "ignored": 0, "duplicates": 0, "imported_at": "2026-11-20T09:00Z", "actor": "test"}
    first_id, inserted = store.record_import(meta, [row("t1", "2026-11-05", "100.00"),
                                                    row("t2", "2026-11-03", "50.10")])
    assert inserted == 2
    second_id, inserted = store.record_import(meta, [row("t2", "2026-11-03", "50.10"),
                                                     row("t3", "2026-11-06", "1.00")])
    assert (second_id, inserted) == (first_id + 1, 1)  # executemany's rowcount counts the inserted rows only
    assert store.known_identities(["t1", "t3", "t9"]) == {"t1", "t3"}
    assert [t.booked_on for t in store.transactions(payer_id=payer.id)] == [date(2026, 11, 3), date(2026, 11, 5),
                                                                           date(2026, 11, 6)]
    assert sum(a for _d, a in store.payments_by_payer()[payer.id]) == Decimal("151.10")
    set_id = office.documents.list_sets()[0].id
    dues = StoredDues(set_id, payer.id, "2026-10", "01", FundAmounts(*(Decimal("1.00") for _f in FUNDS)))
    store.put_dues([dues])
    store.put_dues([dues])  # known: nothing happens
    assert store.cached_dues()[set_id].amounts.total == Decimal("5.00")
