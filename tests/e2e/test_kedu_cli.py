"""eplatnik-cli kedu/documents as a user runs them (real subprocess, real workspace)."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from plugins.forms import official_xsd_57
from support import run_cli

from eplatnik.forms import kedu_schema


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    base = tmp_path_factory.mktemp("kedu") / "ws"
    assert run_cli("demo", basedir=base).returncode == 0
    return base


def test_export_builds_and_writes_a_valid_file(workspace, tmp_path):
    out = tmp_path / "techbud.xml"
    r = run_cli("kedu", "export", "--payer", "9512345675", "--period", "2026-10", "-o", str(out), basedir=workspace)
    assert r.returncode == 0, r.stderr
    assert "sha256=" in r.stdout
    assert kedu_schema.validate_bytes(out.read_bytes(), official=official_xsd_57()) == []
    v = run_cli("kedu", "validate", str(out))
    assert v.returncode == 0 and "KEDU 5.7" in v.stdout


def test_validate_exit_codes(tmp_path, workspace):
    good = tmp_path / "good.xml"
    run_cli("kedu", "export", "--payer", "5261040828", "--period", "2026-10", "-o", str(good), basedir=workspace)
    bad = tmp_path / "bad.xml"
    bad.write_bytes(good.read_bytes().replace(b"<p37>", b"<p37>-", 1))
    r = run_cli("--lang", "en", "kedu", "validate", str(bad))
    assert r.returncode == 1
    assert "DRA/IV/p37" in r.stdout and "line" in r.stdout
    hostile = tmp_path / "xxe.xml"
    hostile.write_text('<?xml version="1.0"?>\n<!DOCTYPE KEDU [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
                       "<KEDU>&x;</KEDU>")
    r = run_cli("kedu", "validate", str(hostile))
    assert r.returncode == 2 and "DOCTYPE" in r.stdout and "root:" not in r.stdout
    r = run_cli("kedu", "validate", str(tmp_path / "missing.xml"))
    assert r.returncode == 2
    truncated = tmp_path / "cut.xml"
    truncated.write_bytes(good.read_bytes()[:500])
    assert run_cli("kedu", "validate", str(truncated)).returncode == 2
    js = json.loads(run_cli("kedu", "validate", str(bad), "--json").stdout)
    assert js["valid"] is False and js["findings"][0]["field"] == "p37"


def test_documents_build_verify_show_list(workspace):
    r = run_cli("documents", "build", "--payer", "9512345675", "--period", "2026-05", "--json", basedir=workspace)
    assert r.returncode == 0, r.stderr
    set_id = json.loads(r.stdout)["id"]
    v = run_cli("documents", "verify", str(set_id), "--json", basedir=workspace)
    assert v.returncode == 0 and json.loads(v.stdout)["status"] == "verified"
    listed = json.loads(run_cli("documents", "list", "--payer", "9512345675", "--json", basedir=workspace).stdout)
    assert any(s["id"] == set_id and s["status"] == "verified" for s in listed)
    e = run_cli("documents", "edit", str(set_id), "--form", "DRA", "--field", "IX/p2", "--value", "1.00",
                basedir=workspace)
    assert e.returncode == 0, e.stderr
    v = run_cli("--lang", "en", "documents", "verify", str(set_id), basedir=workspace)
    assert v.returncode == 1 and "block IX" in v.stdout
    show = json.loads(run_cli("documents", "show", str(set_id), "--json", basedir=workspace).stdout)
    assert [t["to_status"] for t in show["transitions"]] == ["draft", "verified", "draft"]


def test_import_into_new_workspace(workspace, tmp_path):
    out = tmp_path / "all.xml"
    run_cli("kedu", "export", "--payer", "9512345675", "--period", "2026-10", "-o", str(out), basedir=workspace)
    fresh = tmp_path / "fresh"
    r = run_cli("kedu", "import", str(out), basedir=fresh)
    assert r.returncode == 1 and "--into-register" in r.stderr
    r = run_cli("kedu", "import", str(out), "--into-register", "--json", basedir=fresh)
    assert r.returncode == 0, r.stderr
    result = json.loads(r.stdout)
    assert len(result["set_ids"]) == 1 and len(result["created_insured"]) == 12
    payers = run_cli("payers", "list", basedir=fresh).stdout
    assert "9512345675" in payers


def test_registration_form_cli(workspace):
    people = json.loads(run_cli("insured", "list", "--payer", "9512345675", "--json", basedir=workspace).stdout)
    pesel = people[0]["pesel"]
    r = run_cli("documents", "register", "--payer", "9512345675", "--person", pesel, "--form", "ZWUA",
                "--date", "2026-10-31", "--reason", "100", basedir=workspace)
    assert r.returncode == 0, r.stderr
    assert "ZWUA" in r.stdout


def test_absence_and_month_inputs_cli(workspace):
    people = json.loads(run_cli("insured", "list", "--payer", "9512345675", "--json", basedir=workspace).stdout)
    pesel = people[1]["pesel"]
    r = run_cli("documents", "absence", "add", "--payer", "9512345675", "--person", pesel, "--code", "331",
                "--from", "2026-04-07", "--to", "2026-04-10", "--amount", "612,50", basedir=workspace)
    assert r.returncode == 0, r.stderr
    listed = run_cli("documents", "absence", "list", "--payer", "9512345675", "--period", "2026-04",
                     basedir=workspace)
    assert "331" in listed.stdout and "612.50" in listed.stdout
    built = json.loads(run_cli("documents", "build", "--payer", "9512345675", "--period", "2026-04",
                               "--gross", f"{pesel}=7000,00", "--json", basedir=workspace).stdout)
    assert built["forms"] == "DRA,RCA,RSA"
    xml = run_cli("documents", "show", str(built["id"]), "--xml", basedir=workspace).stdout
    assert "<p2>331</p2>" in xml and "<p6>612.50</p6>" in xml and "<p4>7000.00</p4>" in xml
    bad = run_cli("documents", "absence", "add", "--payer", "9512345675", "--person", pesel, "--code", "3x1",
                  "--from", "2026-04-07", "--to", "2026-04-01", basedir=workspace)
    assert bad.returncode == 2 and "331" in bad.stderr
    own = json.loads(run_cli("documents", "build", "--payer", "5261040828", "--period", "2026-04", "--income",
                             "20000", "--json", basedir=workspace).stdout)
    assert Decimal(own["to_pay"]) > Decimal("3000")  # health 9 % of 20 000 instead of the minimum


def test_import_picks_sets(workspace, tmp_path):
    a, b = tmp_path / "a.xml", tmp_path / "b.xml"
    run_cli("kedu", "export", "--payer", "9512345675", "--period", "2026-10", "-o", str(a), basedir=workspace)
    run_cli("kedu", "export", "--payer", "7792433421", "--period", "2026-10", "-o", str(b), basedir=workspace)
    both = tmp_path / "both.xml"
    from eplatnik.forms import kedu_reader, kedu_writer

    docs = kedu_reader.read(a).documents + kedu_reader.read(b).documents
    both.write_bytes(kedu_writer.write_documents(docs))
    fresh = tmp_path / "pick"
    listed = json.loads(run_cli("kedu", "import", str(both), "--list", "--json", basedir=fresh).stdout)
    assert [(c["payer_nip"], c["known_payer"]) for c in listed] == [("9512345675", False), ("7792433421", False)]
    r = run_cli("kedu", "import", str(both), "--only", "1", "--into-register", "--json", basedir=fresh)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["created_payers"] == ["7792433421"]
    assert "9512345675" not in run_cli("payers", "list", basedir=fresh).stdout


def test_validate_older_5x_by_reading(tmp_path, workspace):
    good = tmp_path / "g.xml"
    run_cli("kedu", "export", "--payer", "9512345675", "--period", "2026-10", "-o", str(good), basedir=workspace)
    old = tmp_path / "old54.xml"
    old.write_bytes(good.read_bytes().replace(b"2026/KEDU_5_7", b"2021/KEDU_5_4"))
    r = run_cli("--lang", "en", "kedu", "validate", str(old))
    # no 5.4 schema here: read (every value type-checked) but never called valid — exit 3
    assert r.returncode == 3 and "KEDU 5.4" in r.stdout and "not checked against a schema" in r.stdout
    old.write_bytes(old.read_bytes().replace(b"<p37>", b"<p37>x", 1))
    r = run_cli("--lang", "en", "kedu", "validate", str(old))
    assert r.returncode == 1 and "DRA/IV/p37" in r.stdout


def test_one_gigabyte_file_is_refused_without_reading_it(tmp_path, workspace):
    huge = tmp_path / "huge.xml"
    with open(huge, "wb") as fh:  # sparse: 1 GB logical size, nothing written
        fh.truncate(1024 ** 3)
    r = run_cli("--lang", "en", "kedu", "validate", str(huge))
    assert r.returncode == 2 and "too large" in r.stdout
    r = run_cli("--lang", "en", "kedu", "import", str(huge), basedir=workspace)
    assert r.returncode == 2 and "too large" in r.stderr
