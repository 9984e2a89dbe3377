"""Files the whole office shares live in its database (issue 16, migration 0015): a contribution parameter
file installed at one desk, the official KEDU schema and the trusted CA bundle chosen there are what every
other desk computes, validates and verifies with — at once, without a restart; a row whose bytes were
altered is refused; `workspace migrate` and the office backup carry them. Real PostgreSQL cluster
(tests/plugins/postgres.py), real SQLite files, real signatures."""

from __future__ import annotations

import copy
import json
import time
from decimal import Decimal

import pytest
from plugins.forms import PACKAGED_SCHEMAS
from plugins.signing import P12_PASSWORD, kedu_document

from eplatnik.app import App
from eplatnik.clock import FixedClock
from eplatnik.errors import UserFacingError
from eplatnik.forms import kedu_schema, kedu_writer
from eplatnik.forms.params import params_for
from eplatnik.params.store import PACKAGED_DIR
from eplatnik.period import Period
from eplatnik.store.workspace_files import CA_BUNDLE, KEDU_SCHEMA, WorkspaceFileDamaged

CLOCK = FixedClock("2026-12-06T09:30")
NS_58 = "http://www.zus.pl/2027/KEDU_5_8"


def _desk(basedir, url, accountant: str, clock=CLOCK) -> App:
    basedir.mkdir(parents=True, exist_ok=True)
    (basedir / "settings.json").write_text(json.dumps({"office.current_accountant": accountant}), encoding="utf-8")
    return App(basedir, database=url, clock=clock)


def _final_2027(tmp_path, average_wage: str = "9880.00"):
    doc = json.loads((PACKAGED_DIR / "2027.json").read_text(encoding="utf-8"))
    doc["prepared"] = "2027-01-25"
    for entries in doc["figures"].values():
        for entry in entries:
            entry["status"] = "final"
            entry.pop("final_when", None)
    doc["figures"]["health.lump_sum_average_wage"][0]["value"] = average_wage
    path = tmp_path / f"2027-{average_wage}.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def _xsd_58(tmp_path):
    text = (PACKAGED_SCHEMAS / "kedu_5_7.xsd").read_text(encoding="utf-8")
    path = tmp_path / "kedu_5_8.xsd"
    path.write_text(text.replace(kedu_schema.NS_57, NS_58).replace('version="5.7.0"', 'version="5.8.0"'),
                    encoding="utf-8")
    return path


def _wait(condition, what: str, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.05)


def test_params_installed_at_one_desk_are_what_the_other_computes_with_at_once(pg_url, tmp_path):
    a, b = _desk(tmp_path / "a", pg_url, "Anna Nowak"), _desk(tmp_path / "b", pg_url, "Jan Kowalski")
    # a file on desk B's own disk plays no part in an office (two desks would compute different dues)
    (tmp_path / "b" / "params").mkdir()
    _final_2027(tmp_path, "1.00").rename(tmp_path / "b" / "params" / "2027.json")
    try:
        assert b.watch_other_processes().ready.wait(10)  # the GUI does this; the change feed empties B's cache
        b.params.shared.refresh_s = 3600  # so only the feed (not the periodic look) can tell B
        march = Period(2027, 3)
        before = params_for(march, b.params)
        assert before.lump_sum_average_wage != Decimal("9880.00") and b.params.year_data(2027).origin == "packaged"

        installed = a.params.install(_final_2027(tmp_path))
        assert installed.origin == "office" and installed.changed_by.startswith("Anna Nowak (")

        _wait(lambda: b.params.year_data(2027).origin == "office", "desk B never saw the installed year")
        assert params_for(march, b.params).lump_sum_average_wage == Decimal("9880.00")
        listed = {f.year: f for f in b.params.list()}[2027]
        assert listed.status == "final" and listed.changed_by.startswith("Anna Nowak") and listed.packaged_path
        assert not (tmp_path / "a" / "params").exists()  # nothing on desk A's disk but a cache
    finally:
        a.close()
        b.close()


def test_a_schema_and_a_ca_bundle_chosen_at_one_desk_are_used_by_the_other(pg_url, tmp_path, pki, all_forms):
    from eplatnik.clock import default_clock
    from eplatnik.signing.keysource import FixedPin
    from eplatnik.signing.p12 import P12KeySource

    # the session's clock: the test certificates are valid from the session's date (pytest --now)
    a = _desk(tmp_path / "a", pg_url, "Anna Nowak", clock=default_clock())
    b = _desk(tmp_path / "b", pg_url, "Jan Kowalski", clock=default_clock())
    try:
        signed = a.signing.sign_document(kedu_document(1), P12KeySource(pki.rsa_p12), FixedPin(P12_PASSWORD))
        doc_58 = kedu_writer.write_documents([all_forms["DRA"]], namespace=NS_58)
        # nothing chosen yet: the issuer is not checked, a 5.8 file has no schema
        assert b.signing.verify(signed).trusted is None
        assert b.documents.official_schema is None
        assert "5.8" in kedu_schema.validate_bytes(doc_58, b.documents.official_schema)[0].render("en")

        a.shared_files.choose(CA_BUNDLE, pki.ca_pem)
        a.shared_files.choose(KEDU_SCHEMA, _xsd_58(tmp_path))

        # desk B, same process, no restart: the next read uses them
        assert b.signing.verify(signed).trusted is True
        assert kedu_schema.validate_bytes(doc_58, b.documents.official_schema) == []
        bad = doc_58.replace(b"<p37>1898.40</p37>", b"<p37>x</p37>")
        assert [p.field for p in kedu_schema.validate_bytes(bad, b.documents.official_schema)] == ["p37"]
        shown = b.shared_files.in_force(KEDU_SCHEMA)
        assert shown.office and shown.name == "kedu_5_8.xsd" and shown.stored.changed_by.startswith("Anna Nowak")
        # B's copies are in B's cache, A's path means nothing to B
        assert str(tmp_path / "b" / "cache") in b.documents.official_schema

        # removed at B: A stops using it too
        assert b.shared_files.remove(CA_BUNDLE)
        assert a.signing.verify(signed).trusted is None and a.shared_files.in_force(CA_BUNDLE) is None
    finally:
        a.close()
        b.close()


def test_a_stored_file_whose_bytes_were_altered_is_refused(pg_cluster, pg_url, tmp_path, pki):
    a = _desk(tmp_path / "a", pg_url, "Anna Nowak")
    try:
        a.shared_files.choose(CA_BUNDLE, pki.ca_pem)
        a.params.install(_final_2027(tmp_path))
    finally:
        a.close()
    name = pg_url.rsplit("/", 1)[1].split("?")[0]
    pg_cluster.sql(name, "UPDATE workspace_files SET data = data || '\\x0a'::bytea")  # one byte more, same digest
    b = _desk(tmp_path / "b", pg_url, "Jan Kowalski")
    try:
        with pytest.raises(WorkspaceFileDamaged) as err:
            b.signing.trust_anchors()
        text = err.value.render()  # names the file and what it is
        assert "Plik ca.pem (lista zaufanych urzędów certyfikacji) w bazie danych zmienił się od zapisania" in text
        with pytest.raises(WorkspaceFileDamaged):
            b.params.year_data(2027)
        assert b.params.year_data(2026).origin == "packaged"  # the other years still compute
        listed = {f.year: f for f in b.params.list()}
        assert "zmienił się od zapisania" in listed[2027].problem.render() and listed[2026].problem is None
        assert not list((tmp_path / "b").glob("cache/workspace-files/*/*"))  # no copy of damaged bytes
    finally:
        b.close()


def test_bad_files_are_refused_with_a_polish_message_and_nothing_is_stored(tmp_path):
    from support import run_cli

    ws = tmp_path / "ws"
    not_kedu = tmp_path / "inne.xsd"
    not_kedu.write_text('<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:inne">'
                        '<xs:element name="a" type="xs:string"/></xs:schema>', encoding="utf-8")
    r = run_cli("kedu", "schema", "set", str(not_kedu), basedir=ws)
    assert r.returncode == 2 and "nie jest schematem KEDU" in r.stderr and "urn:inne" in r.stderr
    beside = tmp_path / "z_dolaczeniem.xsd"  # includes a file next to it: it would not work at another desk
    beside.write_text('<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="' + NS_58 + '">'
                      '<xs:include schemaLocation="typy.xsd"/></xs:schema>', encoding="utf-8")
    (tmp_path / "typy.xsd").write_text('<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="'
                                       + NS_58 + '"/>', encoding="utf-8")
    r = run_cli("kedu", "schema", "set", str(beside), basedir=ws)
    assert r.returncode == 2 and "Nie można wczytać schematu KEDU z_dolaczeniem.xsd" in r.stderr
    garbage = tmp_path / "ca.pem"
    garbage.write_text("to nie jest certyfikat\n", encoding="utf-8")
    r = run_cli("certs", "ca", "set", str(garbage), basedir=ws)
    assert r.returncode == 2 and "to nie jest certyfikat X.509" in r.stderr
    r = run_cli("certs", "ca", "set", str(tmp_path / "brak.pem"), basedir=ws)
    assert r.returncode == 2 and "Nie można odczytać pliku" in r.stderr
    assert not ws.exists()  # not even a workspace was created


def test_one_seat_stores_them_in_its_database_and_still_honours_an_older_path(tmp_path, pki):
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "settings.json").write_text(json.dumps({"signing.ca_bundle": str(pki.ca_pem)}), encoding="utf-8")
    with App(ws, clock=CLOCK) as app:
        found = app.shared_files.in_force(CA_BUNDLE)
        assert found.stored is None and found.legacy_path == str(pki.ca_pem)
        assert app.signing.trust_anchors()  # the older path still works
        app.shared_files.choose(CA_BUNDLE, pki.ca_pem)
        assert app.shared_files.in_force(CA_BUNDLE).stored is not None and not found.office
        assert json.loads((ws / "settings.json").read_text(encoding="utf-8"))["signing.ca_bundle"] == ""
        assert app.shared_files.remove(CA_BUNDLE) and app.signing.trust_anchors() is None


def test_migrate_and_the_office_backup_carry_them(pg_cluster, pg_url, tmp_path, pki):
    from eplatnik.workspace.migrate import migrate_workspace
    from eplatnik.workspace.office_backup import restore_office_backup

    ws = tmp_path / "ws"
    ws.mkdir()
    # an older one-seat workspace: a parameter file in its folder and the CA bundle as a path
    (ws / "params").mkdir()
    (ws / "params" / "2027.json").write_bytes(_final_2027(tmp_path).read_bytes())
    (ws / "settings.json").write_text(json.dumps({"signing.ca_bundle": str(pki.ca_pem)}), encoding="utf-8")
    with App(ws, clock=CLOCK) as app:
        app.shared_files.choose(KEDU_SCHEMA, _xsd_58(tmp_path))  # and one chosen now
    result = migrate_workspace(ws, pg_url, clock=CLOCK)
    assert result.warnings == [] and result.counts["workspace_files"] == 3

    desk = _desk(tmp_path / "desk", pg_url, "Anna Nowak")
    try:
        assert {(f.kind, f.key) for f in desk.workspace_files.list()} == {
            ("params", "2027"), (KEDU_SCHEMA, ""), (CA_BUNDLE, "")}
        assert params_for(Period(2027, 3), desk.params).lump_sum_average_wage == Decimal("9880.00")
        assert desk.signing.trust_anchors() and desk.documents.official_schema.endswith(".xsd")
        archive = desk.create_backup(tmp_path / "biuro.zip").path
    finally:
        desk.close()

    url2 = pg_cluster.url(pg_cluster.create_database())
    restore_office_backup(archive, url=url2, clock=CLOCK)
    with _desk(tmp_path / "desk2", url2, "Jan Kowalski") as restored:
        assert len(restored.workspace_files.list()) == 3
        assert params_for(Period(2027, 3), restored.params).lump_sum_average_wage == Decimal("9880.00")
        assert restored.shared_files.in_force(KEDU_SCHEMA).name == "kedu_5_8.xsd"
    into = tmp_path / "laptop"
    restore_office_backup(archive, into=into, clock=CLOCK)
    with App(into, clock=CLOCK) as laptop:  # an office backup as a one-seat workspace keeps them too
        assert params_for(Period(2027, 3), laptop.params).lump_sum_average_wage == Decimal("9880.00")
        assert laptop.signing.trust_anchors() and laptop.shared_files.in_force(KEDU_SCHEMA).stored is not None


def test_a_refused_parameter_file_leaves_the_office_as_it_was(pg_url, tmp_path):
    a = _desk(tmp_path / "a", pg_url, "Anna Nowak")
    try:
        doc = json.loads(_final_2027(tmp_path).read_text(encoding="utf-8"))
        broken = copy.deepcopy(doc)
        del broken["figures"]["minimum_wage"]
        path = tmp_path / "2027-zly.json"
        path.write_text(json.dumps(broken), encoding="utf-8")
        with pytest.raises(UserFacingError) as err:
            a.params.install(path)
        assert 'figures["minimum_wage"]' in err.value.render()
        assert a.workspace_files.list() == []
    finally:
        a.close()


def test_the_command_line_installs_for_the_office_and_another_desk_computes_with_it(pg_url, tmp_path):
    from support import run_cli

    r = run_cli("--database", pg_url, "params", "install", str(_final_2027(tmp_path)), basedir=tmp_path / "a")
    assert r.returncode == 0, r.stderr
    assert "w bazie biura (zainstalował" in r.stdout
    r = run_cli("--database", pg_url, "contributions", "--year", "2027", "--month", "3", "--title", "051000",
                "--tax-form", "ryczalt", "--revenue", "10000", "--json", basedir=tmp_path / "b")
    health = next(c for c in json.loads(r.stdout)["contributions"] if c["key"] == "zdrowotne")
    assert health["total"] == "533.52"  # 9 % × 60 % × 9 880.00: the office's figure, not the packaged forecast
    listed = {y["year"]: y for y in json.loads(run_cli("--database", pg_url, "params", "list", "--json",
                                                       basedir=tmp_path / "b").stdout)}
    assert listed[2027]["origin"] == "office" and listed[2027]["installed_by"]
    r = run_cli("--database", pg_url, "params", "remove", "2027", basedir=tmp_path / "b")
    assert r.returncode == 0 and "Usunięto plik parametrów zainstalowany na 2027 r." in r.stdout
    listed = {y["year"]: y for y in json.loads(run_cli("--database", pg_url, "params", "list", "--json",
                                                       basedir=tmp_path / "a").stdout)}
    assert listed[2027]["origin"] == "packaged"  # for every desk
    assert run_cli("--database", pg_url, "params", "remove", "2027", basedir=tmp_path / "a").returncode == 1


def test_the_first_desk_of_an_office_brings_the_files_its_settings_name_once(pg_url, tmp_path, pki):
    first = tmp_path / "a"
    first.mkdir()
    (first / "params").mkdir()
    (first / "params" / "2027.json").write_bytes(_final_2027(tmp_path).read_bytes())
    (first / "settings.json").write_text(json.dumps({"signing.ca_bundle": str(pki.ca_pem),
                                                     "kedu.official_schema": str(_xsd_58(tmp_path)),
                                                     "office.current_accountant": "Anna Nowak"}), encoding="utf-8")
    with App(first, database=pg_url, clock=CLOCK) as a:
        assert {(f.kind, f.key) for f in a.workspace_files.list()} == {
            ("params", "2027"), (KEDU_SCHEMA, ""), (CA_BUNDLE, "")}
    other = tmp_path / "b"
    other.mkdir()
    (other / "params").mkdir()
    (other / "params" / "2028.json").write_text("{}", encoding="utf-8")  # a later desk's files stay its own
    (other / "settings.json").write_text(json.dumps({"signing.ca_bundle": "/nie/ma.pem"}), encoding="utf-8")
    with App(other, database=pg_url, clock=CLOCK) as b:
        assert len(b.workspace_files.list()) == 3 and b.shared_files.in_force(CA_BUNDLE).name == "ca.pem"
        assert params_for(Period(2027, 3), b.params).lump_sum_average_wage == Decimal("9880.00")
