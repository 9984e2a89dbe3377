"""A really full disk (a tiny tmpfs in a private mount namespace): clear message, nothing half-written."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest


def _tiny_fs_available() -> bool:
    if not shutil.which("unshare"):
        return False
    probe = subprocess.run(["unshare", "-rm", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt"],
                           capture_output=True, check=False)
    return probe.returncode == 0


pytestmark = pytest.mark.skipif(not _tiny_fs_available(),
                                reason="user+mount namespaces are not available to mount a small tmpfs")

SCRIPT = r"""
mount -t tmpfs -o size=$SIZE tmpfs "$MNT" || exit 99
"$PY" -m eplatnik.cli "$@"
echo "exit=$?"
echo "left:$(ls -A "$MNT" | tr '\n' ' ')"
"""


def _in_tiny_fs(tmp_path, size: str, *cli_args: str) -> subprocess.CompletedProcess:
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    env = {**os.environ, "SIZE": size, "MNT": str(mnt), "PY": sys.executable, "PYTHONIOENCODING": "utf-8"}
    result = subprocess.run(["unshare", "-rm", "sh", "-c", SCRIPT, "sh", *cli_args], capture_output=True,
                            text=True, env=env, timeout=120, check=False)
    assert "exit=" in result.stdout, result.stderr
    return result


def test_backup_onto_a_full_disk(demo_app, tmp_path):
    base = demo_app.basedir
    demo_app.close()
    result = _in_tiny_fs(tmp_path, "64k", "--basedir", str(base), "backup", "-o", str(tmp_path / "mnt" / "b.zip"))
    assert "exit=1" in result.stdout
    assert "Brak miejsca na dysku" in result.stderr
    assert "left: \n" in result.stdout or result.stdout.rstrip().endswith("left:")


def test_restore_onto_a_full_disk(demo_app, tmp_path):
    archive = demo_app.create_backup(tmp_path / "b.zip").path
    demo_app.close()
    result = _in_tiny_fs(tmp_path, "96k", "--lang", "en", "restore", str(archive), "--into",
                         str(tmp_path / "mnt" / "ws"))
    assert "exit=1" in result.stdout
    # refused before writing anything: the manifest's total is checked against the free space first
    assert "Not enough space on the disk" in result.stderr and "Nothing was written" in result.stderr
    assert result.stdout.rstrip().endswith("left:")
