"""Restore has a size limit (issue 13, point 8): a 3.4 MB backup with an honest manifest restored 3.1 GB.

The hostile backups are made from a real one: an extra file of zeros (hundreds of MB that deflate to
a few hundred KB) listed honestly in the manifest, and a manifest whose sizes do not match the
archive. Both are refused before anything is decompressed or written; a restore that does not fit
on the disk is in test_workspace_diskfull.py (a real tiny file system).
"""

from __future__ import annotations

import hashlib
import json
import time
import zipfile

import pytest

from eplatnik.errors import UserFacingError
from eplatnik.workspace import MANIFEST_NAME, restore_backup

ZEROS_MB = 160


def _rebuild(source, target, extra_name=None, extra_mb=0, lie_about=None):
    """Copy a real backup, optionally adding ``extra_mb`` of zeros (listed honestly) or lowering the
    manifest size of ``lie_about``."""
    with zipfile.ZipFile(source) as zin:
        manifest = json.loads(zin.read(MANIFEST_NAME))
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zout:
            for info in zin.infolist():
                if info.filename != MANIFEST_NAME:
                    zout.writestr(info, zin.read(info.filename))
            if extra_name:
                digest, chunk = hashlib.sha256(), bytes(1 << 20)
                with zout.open(extra_name, "w", force_zip64=True) as sink:
                    for _ in range(extra_mb):
                        sink.write(chunk)
                        digest.update(chunk)
                manifest["files"].append({"path": extra_name, "size": extra_mb << 20, "sha256": digest.hexdigest()})
            if lie_about:
                for entry in manifest["files"]:
                    if entry["path"] == lie_about:
                        entry["size"] -= 1
            zout.writestr(MANIFEST_NAME, json.dumps(manifest))
    return target


@pytest.fixture
def real_backup(demo_app, tmp_path):
    return demo_app.create_backup(tmp_path / "real.zip").path


def test_a_backup_that_expands_like_a_bomb_is_refused_before_anything_is_written(real_backup, tmp_path):
    bomb = _rebuild(real_backup, tmp_path / "bomb.zip", "documents/zeros.bin", ZEROS_MB)
    assert bomb.stat().st_size < ZEROS_MB * 1024 * 1024 / 200  # honest manifest, absurd ratio
    target = tmp_path / "restored"
    started = time.monotonic()
    with pytest.raises(UserFacingError) as err:
        restore_backup(bomb, target)
    assert time.monotonic() - started < 5, "refused without decompressing"
    assert "rozpakowałaby się" in err.value.render("pl") and "Niczego nie zapisano" in err.value.render("pl")
    assert not target.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".restored")] == []


def test_a_manifest_whose_sizes_are_not_the_archives_is_refused(real_backup, tmp_path):
    liar = _rebuild(real_backup, tmp_path / "liar.zip", lie_about="eplatnik.db")
    with pytest.raises(UserFacingError, match=r"rozmiar pliku eplatnik\.db się nie zgadza"):
        restore_backup(liar, tmp_path / "restored")
    assert not (tmp_path / "restored").exists()


def test_an_honest_backup_still_restores(real_backup, tmp_path):
    result = restore_backup(real_backup, tmp_path / "restored")
    assert (result.workspace / "eplatnik.db").exists()
