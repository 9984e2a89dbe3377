"""Register lists are ordered in Python now (issue 15: the same on SQLite and PostgreSQL) and keep
exactly the order SQLite's COLLATE NOCASE gave them, so nothing moves on screen."""

import sqlite3

import pytest

from eplatnik.register.sorting import nocase_key

pytestmark = pytest.mark.both_backends  # app/demo_app on SQLite and on PostgreSQL (tests/plugins/postgres.py)

NAMES = ["Żak", "zając", "Zając", "Łukasz", "lis", "Lis", "Ćma", "ćma", "Abc", "abd", "ABE", "Śliwa", "sowa",
         "Órla", "orzeł", "", "Ą", "a", "Z", "_x", "1a", "Émile", "émile", "Nowak-Kowalska", "nowak kowalska"]


def test_names_sort_as_sqlite_nocase_did():
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)")
    conn.executemany("INSERT INTO t (name) VALUES (?)", [(n,) for n in NAMES])
    in_sqlite = [r[0] for r in conn.execute("SELECT id FROM t ORDER BY name COLLATE NOCASE, id")]
    in_python = [i for i, _ in sorted(enumerate(NAMES, start=1), key=lambda p: (nocase_key(p[1]), p[0]))]
    assert in_python == in_sqlite


def test_payers_listed_by_short_name_ignoring_case(app):
    import random

    from eplatnik.register.models import Payer
    from eplatnik.register.synthetic import make_nip, make_regon
    from eplatnik.workdays import PayerType

    rng = random.Random(15)
    for name in ["beta", "Alfa", "ALFA"]:
        app.register.add_payer(Payer(nip=make_nip(rng), regon=make_regon(rng), full_name=f"Firma {name}",
                                     short_name=name, payer_type=PayerType.LEGAL, postal_code="00-950",
                                     city="Warszawa"))
    assert [p.short_name for p in app.register.list_payers()] == ["Alfa", "ALFA", "beta"]
    assert [p.short_name for p in app.register.list_payers(search="ALF")] == ["Alfa", "ALFA"]
