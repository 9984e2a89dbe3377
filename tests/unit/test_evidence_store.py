"""Evidence bytes (issue 16, step 16.3): a seat's files under documents/, an office's rows in evidence_files.

Both stores give back exactly what was stored, and never bytes that lost their digest: a changed file or
row is a clear Polish error, not data. In an office nothing evidential is written to the seat's disk."""

from __future__ import annotations

import hashlib

import pytest

from eplatnik.app import App
from eplatnik.clock import FixedClock
from eplatnik.errors import UserFacingError
from eplatnik.store.database import Database
from eplatnik.store.evidence import DbEvidence, EvidenceDamaged, EvidenceMissing, FileEvidence

SIGNED = b'<?xml version="1.0"?>\r\n<KEDU>\x00\xff podpisany \xc5\x82</KEDU>\n' * 50
PATH = "gateway/2026-10/5261040828/0b7c.kedu.xml"
CLOCK = FixedClock("2026-11-20T10:00")


@pytest.fixture
def stores(tmp_path, db_url):
    """The office store on the backend of ``db_url`` (its table exists in both) and a seat's files."""
    db = Database(db_url)
    yield DbEvidence(db, clock=CLOCK, cache_dir=tmp_path / "cache"), FileEvidence(tmp_path / "documents")
    db.close()


def test_round_trip_is_byte_exact_on_both_stores(stores, tmp_path):
    for store in stores:
        digest = store.put(PATH, SIGNED)
        assert digest == hashlib.sha256(SIGNED).hexdigest()
        assert store.get(PATH) == SIGNED
        assert store.get(PATH, sha256=digest) == SIGNED
        assert store.exists(PATH) and not store.exists("gateway/other.xml")
        store.put("imports/abc-plik.txt", b"KEDU")
        assert store.paths() == ["gateway/2026-10/5261040828/0b7c.kedu.xml", "imports/abc-plik.txt"]
        out = store.export(PATH, tmp_path / "out" / type(store).__name__ / "copy.xml")
        assert out.read_bytes() == SIGNED
        assert store.local_path(PATH).read_bytes() == SIGNED
        store.put(PATH, b"replaced")  # as a file is overwritten: the last bytes stored count
        assert store.get(PATH) == b"replaced"
        store.delete("imports/abc-plik.txt")
        assert store.paths() == [PATH]


def test_office_rows_carry_digest_size_and_time(stores):
    office, _files = stores
    office.put(PATH, SIGNED)
    row = office.db.run(lambda c: c.execute(
        "SELECT sha256, size, stored_at FROM evidence_files WHERE path = ?", (PATH,)).fetchone())
    assert tuple(row) == (hashlib.sha256(SIGNED).hexdigest(), len(SIGNED), "2026-11-20T09:00:00.000Z")


def test_a_changed_office_row_is_an_error_never_data(stores):
    office, _files = stores
    office.put(PATH, SIGNED)
    office.db.run(lambda c: c.execute("UPDATE evidence_files SET data = ? WHERE path = ?",
                                      (SIGNED.replace(b"podpisany", b"PODPISANY"), PATH)))
    with pytest.raises(EvidenceDamaged) as info:
        office.get(PATH)
    assert "zmienił się od zapisania" in info.value.render("pl")
    assert "przywróć dane z kopii zapasowej" in info.value.render("pl")
    with pytest.raises(EvidenceDamaged):
        office.export(PATH, office.cache_dir / "x.xml")
    assert not (office.cache_dir / "x.xml").exists()


def test_bytes_that_are_not_what_the_caller_recorded_are_refused(stores):
    for store in stores:
        store.put(PATH, SIGNED)
        with pytest.raises(EvidenceDamaged) as info:
            store.get(PATH, sha256=hashlib.sha256(b"what was signed").hexdigest())
        assert PATH in info.value.render("pl")


def test_a_changed_file_of_a_seat_is_refused_against_its_recorded_digest(stores):
    _office, files = stores
    digest = files.put(PATH, SIGNED)
    files.local_path(PATH).write_bytes(SIGNED[:-1] + b"!")
    with pytest.raises(EvidenceDamaged):
        files.get(PATH, sha256=digest)


def test_missing_evidence_is_a_clear_error(stores):
    for store in stores:
        with pytest.raises(EvidenceMissing) as info:
            store.get("gateway/2026-10/none.upo.xml")
        assert "Brak pliku dowodowego gateway/2026-10/none.upo.xml" in info.value.render("pl")


@pytest.mark.parametrize("bad", ["../settings.json", "/etc/passwd", "C:/x", "gateway/../../x"])
def test_paths_outside_the_evidence_are_refused(stores, bad):
    for store in stores:
        with pytest.raises(UserFacingError):
            store.put(bad, b"x")


def test_office_workspace_keeps_evidence_in_its_database_not_on_the_seat(tmp_path, pg_url):
    """App on a PostgreSQL database: the receipt archive, letters and the importer write to evidence_files."""
    app = App(tmp_path / "seat", database=Database(pg_url), clock=CLOCK)
    try:
        assert isinstance(app.evidence, DbEvidence)
        assert app.gateway.archive.evidence is app.evidence and app.letters.evidence is app.evidence
        assert app.documents.evidence is app.evidence
        app.gateway.archive.write("gateway/2026-10/5261040828/SBX-1.upo.xml", SIGNED)
        assert app.evidence.paths() == ["gateway/2026-10/5261040828/SBX-1.upo.xml"]
        assert not (tmp_path / "seat" / "documents").exists()
        paths = app.about_info()["paths"]  # About says where the evidence is, never the password
        assert paths["documents"].endswith("(tabela evidence_files)") and "postgresql://" in paths["database"]
        assert "Tajne" not in str(paths)
    finally:
        app.close()
    seat2 = App(tmp_path / "seat2", database=Database(pg_url), clock=CLOCK)  # another desk reads the same bytes
    try:
        assert seat2.gateway.archive.read("gateway/2026-10/5261040828/SBX-1.upo.xml") == SIGNED
    finally:
        seat2.close()


@pytest.mark.both_backends
def test_the_imported_files_stored_copy_is_evidence_of_the_workspace(app, tmp_path):
    """``kedu import`` keeps the file it read under imports/: a seat's documents/, an office's database."""
    from plugins.signing import kedu_document

    data = kedu_document()
    source = tmp_path / "DRA 10-2026.xml"
    source.write_bytes(data)
    result = app.documents.import_file(source, into_register=True)
    assert result.set_ids
    stored = [p for p in app.evidence.paths() if p.startswith("imports/")]
    assert stored == [f"imports/{hashlib.sha256(data).hexdigest()[:16]}-DRA 10-2026.xml"]
    assert app.evidence.get(stored[0], sha256=hashlib.sha256(data).hexdigest()) == data
    assert (app.basedir / "documents").exists() == (app.db.dialect == "sqlite")
