"""Workspace backup: a consistent ZIP with a manifest, written atomically, restorable byte for byte."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import stat
import zipfile

import pytest

from eplatnik.app import App
from eplatnik.errors import StorageError
from eplatnik.store.db import schema_version
from eplatnik.workspace import MANIFEST_NAME, restore_backup, verify_backup

EVIDENCE = bytes(range(256)) * 40 + b"\r\n\x00end"


def _payers(app: App) -> list[tuple]:
    return [tuple(r) for r in app.db.query("SELECT * FROM payers ORDER BY nip")]


@pytest.fixture
def busy_workspace(demo_app):
    """The demo workspace plus an evidence file, a log, an old backup and a half-written temp file."""
    base = demo_app.basedir
    (base / "documents" / "2026-10").mkdir(parents=True, exist_ok=True)
    (base / "documents" / "2026-10" / "receipt.xml").write_bytes(EVIDENCE)
    (base / "logs").mkdir(exist_ok=True)
    (base / "logs" / "crash-1.log").write_text("old crash", encoding="utf-8")
    (base / "backups").mkdir(exist_ok=True)
    (base / "backups" / "older.zip").write_bytes(b"an older backup")
    (base / "documents" / ".receipt.xml.abc.tmp").write_bytes(b"half")
    (base / "cache" / "workspace-files").mkdir(parents=True)   # checked copies of rows of the database
    (base / "cache" / "workspace-files" / "ab12.xsd").write_bytes(b"<xs:schema/>")
    return demo_app


def test_backup_holds_db_settings_and_evidence_but_not_logs_backups_or_wal(busy_workspace, tmp_path):
    app = busy_workspace
    assert (app.basedir / "eplatnik.db-wal").exists()  # the live database really is in WAL mode
    result = app.create_backup(tmp_path / "out" / "b.zip")
    with zipfile.ZipFile(result.path) as zf:
        names = set(zf.namelist())
        manifest = json.loads(zf.read(MANIFEST_NAME))
        assert zf.read("documents/2026-10/receipt.xml") == EVIDENCE
        for entry in manifest["files"]:
            data = zf.read(entry["path"])
            assert len(data) == entry["size"]
            assert hashlib.sha256(data).hexdigest() == entry["sha256"]
    assert {"eplatnik.db", "settings.json", "documents/2026-10/receipt.xml", MANIFEST_NAME} <= names
    assert not any(n.startswith(("logs/", "backups/", "cache/")) or n.endswith(("-wal", "-shm", ".tmp")) for n in names)
    assert manifest["format"] == "eplatnik-workspace-backup"
    assert manifest["schema_version"] == schema_version()
    assert manifest["eplatnik_version"]
    assert manifest["created_at"].endswith("+00:00")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["b.zip"]  # no temp files left behind


def test_default_backup_goes_to_the_workspace_backups_folder_and_is_not_nested(busy_workspace):
    first = busy_workspace.create_backup()
    second = busy_workspace.create_backup()
    assert first.path.parent == busy_workspace.basedir / "backups"
    with zipfile.ZipFile(second.path) as zf:
        assert not any(n.startswith("backups/") for n in zf.namelist())


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_the_backup_is_readable_only_by_its_owner(busy_workspace, tmp_path):
    """It holds PESELs and pay: like every other export it is written 0600, whatever the umask."""
    old = os.umask(0o022)
    try:
        result = busy_workspace.create_backup(tmp_path / "kopia.zip")
    finally:
        os.umask(old)
    assert stat.S_IMODE(result.path.stat().st_mode) == 0o600


def test_restore_into_a_new_folder_gives_the_same_data(busy_workspace, tmp_path):
    app = busy_workspace
    app.register  # noqa: B018 - make sure the register service exists while backing up
    archive = app.create_backup(tmp_path / "b.zip").path
    result = restore_backup(archive, tmp_path / "restored")
    assert result.moved_aside is None
    restored = tmp_path / "restored"
    assert (restored / "documents" / "2026-10" / "receipt.xml").read_bytes() == EVIDENCE
    assert (restored / "settings.json").read_bytes() == (app.basedir / "settings.json").read_bytes()
    assert not (restored / "logs").exists()
    with App(restored) as copy:
        assert _payers(copy) == _payers(app)
        assert copy.db.user_version() == schema_version()
    assert not [p for p in tmp_path.iterdir() if ".restoring-" in p.name]


def test_backup_while_writing_is_consistent(busy_workspace, tmp_path):
    """Changes committed before the backup are in it even though they still sit in the WAL file."""
    app = busy_workspace
    app.db.run(lambda c: c.execute("UPDATE payers SET notes = 'przed kopią' WHERE nip = '5261040828'"))
    archive = app.create_backup(tmp_path / "b.zip").path
    restore_backup(archive, tmp_path / "r")
    with App(tmp_path / "r") as copy:
        assert copy.db.scalar("SELECT notes FROM payers WHERE nip = '5261040828'") == "przed kopią"


def test_replacing_a_workspace_moves_the_old_one_aside(busy_workspace, tmp_path):
    app = busy_workspace
    archive = app.create_backup(tmp_path / "b.zip").path
    target = tmp_path / "current"
    with App(target) as other:
        other.settings.save()
    (target / "mine.txt").write_text("keep me", encoding="utf-8")
    result = restore_backup(archive, target, replace=True)
    assert result.moved_aside is not None
    assert (result.moved_aside / "mine.txt").read_text(encoding="utf-8") == "keep me"
    assert not (target / "mine.txt").exists()
    with App(target) as copy:
        assert len(_payers(copy)) == 3


def test_restore_refuses_a_folder_that_is_not_empty(busy_workspace, tmp_path):
    archive = busy_workspace.create_backup(tmp_path / "b.zip").path
    target = tmp_path / "full"
    target.mkdir()
    (target / "x.txt").write_text("x", encoding="utf-8")
    with pytest.raises(Exception, match="nie jest pusty") as info:
        restore_backup(archive, target)
    assert "przeniesiony obok, nie usunięty" in str(info.value)
    assert [p.name for p in target.iterdir()] == ["x.txt"]


def test_restore_into_an_existing_empty_folder(busy_workspace, tmp_path):
    archive = busy_workspace.create_backup(tmp_path / "b.zip").path
    (tmp_path / "empty").mkdir()
    restore_backup(archive, tmp_path / "empty")
    assert (tmp_path / "empty" / "eplatnik.db").is_file()


def test_a_full_disk_leaves_no_partial_backup(busy_workspace, tmp_path, monkeypatch):
    """ENOSPC from the file system while writing: a clear message and nothing half-written in place."""
    import eplatnik.workspace.backup as ws

    real_add = ws._add_file
    calls = {"n": 0}

    def add_then_fill_disk(zf, name, path):
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_add(zf, name, path)

    monkeypatch.setattr(ws, "_add_file", add_then_fill_disk)
    out = tmp_path / "out"
    with pytest.raises(StorageError, match="Brak miejsca na dysku") as info:
        busy_workspace.create_backup(out / "b.zip")
    assert "dotychczasowe dane są nienaruszone" in info.value.render()
    assert list(out.iterdir()) == []


def test_a_full_disk_during_restore_leaves_the_target_untouched(busy_workspace, tmp_path, monkeypatch):
    import eplatnik.workspace.restore as ws

    archive = busy_workspace.create_backup(tmp_path / "b.zip").path
    real_check = ws._check_entry

    def check_then_fail(zf, entry, archive_path, sink=None):
        if sink is not None and entry.path.startswith("documents/"):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_check(zf, entry, archive_path, sink)

    monkeypatch.setattr(ws, "_check_entry", check_then_fail)
    target = tmp_path / "ws2"
    with pytest.raises(StorageError, match="Brak miejsca"):
        restore_backup(archive, target)
    assert not target.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.zip", "demo"]


def test_verify_reports_the_contents(busy_workspace, tmp_path):
    archive = busy_workspace.create_backup(tmp_path / "b.zip").path
    manifest = verify_backup(archive)
    assert any(f.path == "documents/2026-10/receipt.xml" and f.size == len(EVIDENCE) for f in manifest.files)
    assert manifest.total_size > len(EVIDENCE)


def test_replacing_a_workspace_that_is_open_elsewhere_is_refused(busy_workspace, tmp_path):
    archive = busy_workspace.create_backup(tmp_path / "b.zip").path
    target = tmp_path / "open"
    with App(target) as other:  # another window has this workspace open
        other.db.query("SELECT 1")
        with pytest.raises(Exception, match="jest otwarty w innym programie") as info:
            restore_backup(archive, target, replace=True)
        assert "Niczego nie zmieniono" in str(info.value)
        assert not list(tmp_path.glob("open.before-restore-*"))
        assert other.db.scalar("SELECT COUNT(*) FROM payers") == 0
    result = restore_backup(archive, target, replace=True)  # closed: now it works
    assert result.moved_aside is not None
