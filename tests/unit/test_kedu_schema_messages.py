"""Schema violations are reported in Polish and English with the block, field and line."""

from __future__ import annotations

import pytest

from eplatnik.forms import kedu_schema, kedu_writer


@pytest.mark.parametrize("old,new,where,pl,en", [
    (b"<p37>1898.40</p37>", b"<p37>-1898.40</p37>", "DRA/IV/p37", "nie jest poprawną kwotą", "not a valid amount"),
    (b"<p37>1898.40</p37>", b"<p37>12,50</p37>", "DRA/IV/p37", "nie jest kwotą", "not an amount"),
    (b"<p6>TECHBUD SP. Z O.O.</p6>", b"<p6>" + b"X" * 40 + b"</p6>", "DRA/II/p6", "dozwolone najwyżej 31",
     "at most 31"),
    (b"<p37>1898.40</p37>", b"<p37>1898.40</p37><p99/>", "DRA/IV/p99", "nie powinien tu wystąpić",
     "not expected here"),
    (b'<ZUSDRA id_dokumentu="1">', b"<ZUSDRA>", "DRA", "brak wymaganego atrybutu id_dokumentu",
     "required attribute id_dokumentu is missing"),
])
def test_bilingual_located_messages(all_forms, old, new, where, pl, en):
    data = kedu_writer.write_documents([all_forms["DRA"]]).replace(old, new, 1)
    (problem,) = kedu_schema.validate_bytes(data)
    assert problem.render("pl").startswith(where) and pl in problem.render("pl") and "wiersz" in problem.render("pl")
    assert en in problem.render("en") and "line" in problem.render("en")


def test_parallel_validation_keeps_findings_apart(all_forms):
    from concurrent.futures import ThreadPoolExecutor

    good = kedu_writer.write_documents([all_forms["DRA"], all_forms["RCA"]])
    bad = good.replace(b"<p37>1898.40</p37>", b"<p37>x</p37>", 1)
    jobs = [good, bad] * 20
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(kedu_schema.validate_bytes, jobs))
    assert all(r == [] for r in results[0::2])
    assert all([p.field for p in r] == ["p37"] for r in results[1::2])
