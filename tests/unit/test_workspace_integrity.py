"""A damaged or altered backup is refused before anything is written, with a clear message."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import zipfile
from pathlib import Path

import pytest
from support import run_cli

from eplatnik.app import App
from eplatnik.errors import UserFacingError
from eplatnik.store.db import migrations, schema_version
from eplatnik.workspace import FORMAT, MANIFEST_NAME, restore_backup, verify_backup

DOC = "documents/2026-10/receipt.xml"
EVIDENCE = b"<potwierdzenie>" + bytes(range(256)) * 30 + b"</potwierdzenie>"


@pytest.fixture
def archive(demo_app, tmp_path) -> Path:
    doc = demo_app.basedir / DOC
    doc.parent.mkdir(parents=True, exist_ok=True)
    doc.write_bytes(EVIDENCE)
    return demo_app.create_backup(tmp_path / "backup.zip").path


def _member_data_offset(path: Path, name: str) -> tuple[int, int]:
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo(name)
    raw = path.read_bytes()
    header = info.header_offset
    name_len = int.from_bytes(raw[header + 26:header + 28], "little")
    extra_len = int.from_bytes(raw[header + 28:header + 30], "little")
    return header + 30 + name_len + extra_len, info.compress_size


def _rewrite(src: Path, dest: Path, *, replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None,
             manifest_edit=None) -> Path:
    """Copy a backup, changing members; the ZIP itself stays valid (correct CRCs), as a tamperer would do."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == MANIFEST_NAME and manifest_edit is not None:
                manifest = json.loads(data)
                manifest_edit(manifest)
                data = json.dumps(manifest).encode()
            data = (replace or {}).get(info.filename, data)
            zout.writestr(info.filename, data)
        for name, data in (add or {}).items():
            zout.writestr(name, data)
    return dest


def _refused(archive_path: Path, tmp_path: Path, *fragments: str) -> str:
    target = tmp_path / "target"
    with pytest.raises(UserFacingError) as info:
        restore_backup(archive_path, target)
    message = info.value.render()
    for fragment in fragments:
        assert fragment in message, message
    assert not target.exists()
    assert not [p for p in tmp_path.iterdir() if ".restoring-" in p.name]
    return message


def test_one_flipped_byte_in_evidence_is_refused(archive, tmp_path):
    offset, size = _member_data_offset(archive, DOC)
    raw = bytearray(archive.read_bytes())
    raw[offset + size // 2] ^= 0x01
    damaged = tmp_path / "damaged.zip"
    damaged.write_bytes(bytes(raw))
    message = _refused(damaged, tmp_path, "uszkodzona lub została zmieniona", "Niczego nie przywrócono")
    assert "damaged.zip" in message


def test_evidence_replaced_with_a_valid_zip_entry_is_caught_by_sha256(archive, tmp_path):
    tampered = _rewrite(archive, tmp_path / "t.zip", replace={DOC: EVIDENCE.replace(b"potwierdzenie", b"podrobione")})
    _refused(tampered, tmp_path, "nie zgadza", DOC)


def test_same_size_tampering_is_caught_by_sha256(archive, tmp_path):
    forged = EVIDENCE[:-3] + b"XYZ"
    tampered = _rewrite(archive, tmp_path / "t.zip", replace={DOC: forged})
    _refused(tampered, tmp_path, "suma kontrolna SHA-256", DOC)


def test_an_added_file_is_refused(archive, tmp_path):
    _refused(_rewrite(archive, tmp_path / "t.zip", add={"documents/extra.xml": b"x"}), tmp_path,
             "documents/extra.xml", "nie jest wymieniony w manifeście")


def test_a_path_escaping_the_workspace_is_refused(archive, tmp_path):
    evil = b"owned"

    def list_it(manifest):
        manifest["files"].append({"path": "../evil.txt", "size": len(evil),
                                  "sha256": hashlib.sha256(evil).hexdigest()})

    _refused(_rewrite(archive, tmp_path / "t.zip", add={"../evil.txt": evil}, manifest_edit=list_it), tmp_path,
             "niedozwolona ścieżka")
    assert not (tmp_path / "evil.txt").exists()


def test_a_missing_file_is_refused(archive, tmp_path):
    def list_ghost(manifest):
        manifest["files"].append({"path": "documents/ghost.xml", "size": 1, "sha256": "00" * 32})

    _refused(_rewrite(archive, tmp_path / "t.zip", manifest_edit=list_ghost), tmp_path, "documents/ghost.xml")


def test_not_a_zip_and_zip_without_manifest_are_not_backups(tmp_path):
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"PK\x03\x04 this is not really a zip")
    _refused(junk, tmp_path, "nie jest kopią zapasową eplatnik", "ZIP")
    plain = tmp_path / "plain.zip"
    with zipfile.ZipFile(plain, "w") as zf:
        zf.writestr("eplatnik.db", b"")
    _refused(plain, tmp_path, "MANIFEST.json")


def test_a_newer_schema_is_refused_in_both_languages(archive, tmp_path):
    def bump(manifest):
        manifest["schema_version"] = schema_version() + 1

    newer = _rewrite(archive, tmp_path / "newer.zip", manifest_edit=bump)
    with pytest.raises(UserFacingError) as info:
        verify_backup(newer)
    assert "nowszą niż obsługiwana" in info.value.render("pl")
    assert "newer than supported" in info.value.render("en")
    assert "Update eplatnik" in info.value.render("en")


def test_a_newer_backup_format_is_refused(archive, tmp_path):
    def bump(manifest):
        manifest["format_version"] = 99

    _refused(_rewrite(archive, tmp_path / "f.zip", manifest_edit=bump), tmp_path, "nowszy niż obsługiwany")


def test_every_single_byte_corruption_is_refused_or_harmless(archive, tmp_path):
    """Flip bytes all over the archive: a clear refusal, or (timestamps, padding) an identical restore."""
    raw = archive.read_bytes()
    step = max(1, len(raw) // 150)
    outcomes = {"refused": 0, "harmless": 0}
    for n, offset in enumerate(range(0, len(raw), step)):
        damaged = bytearray(raw)
        damaged[offset] ^= 0xFF
        path = tmp_path / f"d{n}.zip"
        path.write_bytes(bytes(damaged))
        try:
            manifest = verify_backup(path)
        except UserFacingError:
            outcomes["refused"] += 1
        else:
            # nothing that is checked changed: the restored files must be exactly the original ones
            target = tmp_path / f"r{n}"
            restore_backup(path, target)
            assert (target / DOC).read_bytes() == EVIDENCE
            assert {f.path for f in manifest.files} >= {"eplatnik.db", DOC}
            outcomes["harmless"] += 1
        path.unlink()
    assert outcomes["refused"] > outcomes["harmless"]


def _archive_of(files: dict[str, bytes], schema: int, dest: Path) -> Path:
    manifest = {"format": FORMAT, "format_version": 1, "eplatnik_version": "0.0.1",
                "created_at": "2026-01-01T00:00:00+00:00", "schema_version": schema, "source_workspace": "/old",
                "files": [{"path": k, "size": len(v), "sha256": hashlib.sha256(v).hexdigest()}
                          for k, v in files.items()]}
    with zipfile.ZipFile(dest, "w") as zf:
        for name, data in files.items():
            zf.writestr(name, data)
        zf.writestr(MANIFEST_NAME, json.dumps(manifest))
    return dest


def test_a_backup_from_an_older_schema_is_migrated_on_restore(tmp_path):
    """A backup made by a release with only the first migration opens in this version."""
    old_db = tmp_path / "old.db"
    conn = sqlite3.connect(old_db)
    version, _name, sql = migrations()[0]
    conn.executescript(sql)
    conn.execute(f"PRAGMA user_version = {version}")
    conn.commit()
    conn.close()
    archive = _archive_of({"eplatnik.db": old_db.read_bytes(), "settings.json": b"{}"}, version, tmp_path / "o.zip")
    restore_backup(archive, tmp_path / "restored")
    with App(tmp_path / "restored") as app:
        assert app.db.user_version() == schema_version()


def test_a_database_that_is_not_sqlite_is_refused_and_nothing_is_left(tmp_path):
    archive = _archive_of({"eplatnik.db": b"definitely not sqlite" * 100}, 1, tmp_path / "bad.zip")
    _refused(archive, tmp_path, "nie")


def test_cli_backup_restore_about(demo_app, tmp_path):
    base = demo_app.basedir
    demo_app.close()
    out = run_cli("backup", "-o", str(tmp_path / "cli.zip"), basedir=base)
    assert out.returncode == 0, out.stderr
    assert "Kopia zapasowa zapisana" in out.stdout
    ok = run_cli("restore", str(tmp_path / "cli.zip"), "--verify-only", basedir=base)
    assert ok.returncode == 0 and "poprawna" in ok.stdout
    into = run_cli("--lang", "en", "restore", str(tmp_path / "cli.zip"), "--into", str(tmp_path / "copy"),
                   basedir=base)
    assert into.returncode == 0, into.stderr
    assert "Restored" in into.stdout
    listed = run_cli("payers", "list", "--json", basedir=tmp_path / "copy")
    assert len(json.loads(listed.stdout)) == 3
    again = run_cli("restore", str(tmp_path / "cli.zip"), "--into", str(tmp_path / "copy"), basedir=base)
    assert again.returncode == 1 and "nie jest pusty" in again.stderr
    replaced = run_cli("restore", str(tmp_path / "cli.zip"), basedir=base)
    assert replaced.returncode == 0, replaced.stderr
    assert "przeniesiono" in replaced.stdout
    about = run_cli("about", "--json", basedir=base)
    info = json.loads(about.stdout)
    assert info["licence"] == "GPL-3.0-or-later"
    assert info["gateway"]["profile"] == "sandbox"
    assert info["paths"]["workspace"] == str(base.absolute())
    assert info["paths"]["logs"].endswith("logs")
    text = run_cli("--lang", "en", "about", basedir=base)
    assert "Licence" in text.stdout and "Sandbox" in text.stdout


def test_cli_backup_of_a_folder_without_workspace_fails_clearly(tmp_path):
    out = run_cli("backup", basedir=tmp_path / "nothing")
    assert out.returncode == 1
    assert "nie ma obszaru roboczego" in out.stderr
    assert not (tmp_path / "nothing").exists()
