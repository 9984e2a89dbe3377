"""File → Back up / Restore workspace, driven like a person would, on a real demo workspace."""

from __future__ import annotations

import gc
import zipfile
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel, QMessageBox

from eplatnik.app import App
from eplatnik.workspace import verify_backup


@pytest.fixture(autouse=True)
def _collect_garbage_on_the_ui_thread():
    """Main windows of earlier tests are left in reference cycles (window <-> UI context). If Python's
    cyclic collector first ran on a worker thread (our dialogs import modules there), it would delete
    those Qt objects on that thread and crash; collecting here, on the UI thread, is safe."""
    gc.collect()
    yield


@pytest.fixture
def launched(monkeypatch):
    """Record "start eplatnik on this folder" instead of starting a second GUI process."""
    import eplatnik.ui.dialogs.backup as backup_ui

    calls: list[Path] = []
    monkeypatch.setattr(backup_ui, "start_program", lambda basedir, lang=None: calls.append(Path(basedir)) or True)
    return calls


def test_backup_from_the_menu_writes_a_verified_archive(main_window, qtbot, tmp_path):
    from eplatnik.ui.dialogs.backup import run_backup_dialog

    flow = run_backup_dialog(main_window, tmp_path / "kopia")
    qtbot.waitUntil(lambda: flow.message is not None, timeout=10000)
    archive = tmp_path / "kopia.zip"
    assert archive.is_file()
    assert str(archive) in flow.message.text()
    assert "Przechowuj kopię poza tym komputerem" in flow.message.text()
    manifest = verify_backup(archive)
    assert "eplatnik.db" in {f.path for f in manifest.files}
    flow.message.done(QMessageBox.StandardButton.Ok)


def test_restore_into_a_new_folder_and_open_it(main_window, qtbot, tmp_path, launched):
    from eplatnik.ui.dialogs.backup import run_restore_dialog

    archive = main_window.ctx.app.create_backup(tmp_path / "b.zip").path
    flow = run_restore_dialog(main_window, archive)
    qtbot.waitUntil(lambda: flow.dialog is not None and flow.dialog.isVisible(), timeout=10000)
    summary = flow.dialog.findChild(QLabel, "restoreSummary").text()
    assert "b.zip" in summary and "Każdy plik sprawdzono z jego sumą SHA-256" in summary
    assert flow.dialog.new_folder.isChecked()
    target = tmp_path / "odtworzony"
    flow.dialog.target.setText(str(target))
    flow.dialog.accept()
    qtbot.waitUntil(lambda: flow.message is not None, timeout=10000)
    assert str(target) in flow.message.text()
    flow.message.done(QMessageBox.StandardButton.Open)
    assert launched == [target]
    with App(target) as restored:
        assert restored.db.scalar("SELECT COUNT(*) FROM payers") == 3


def test_restore_in_place_keeps_the_previous_workspace_and_restarts(main_window, qtbot, tmp_path, launched):
    from eplatnik.ui.dialogs.backup import run_restore_dialog

    app = main_window.ctx.app
    base = Path(app.basedir)
    archive = app.create_backup(tmp_path / "b.zip").path
    app.db.run(lambda c: c.execute("UPDATE payers SET notes = 'po kopii' WHERE nip = '5261040828'"))
    flow = run_restore_dialog(main_window, archive)
    qtbot.waitUntil(lambda: flow.dialog is not None and flow.dialog.isVisible(), timeout=10000)
    flow.dialog.replace.setChecked(True)
    assert not flow.dialog.target.isEnabled()
    flow.dialog.accept()
    qtbot.waitUntil(lambda: flow.message is not None, timeout=10000)
    asides = list(base.parent.glob(f"{base.name}.before-restore-*"))
    assert len(asides) == 1
    assert str(asides[0]) in flow.message.text()
    flow.message.done(QMessageBox.StandardButton.Ok)
    assert launched == [base]
    assert not main_window.isVisible()
    with App(asides[0]) as before:
        assert before.db.scalar("SELECT notes FROM payers WHERE nip = '5261040828'") == "po kopii"
    with App(base) as restored:
        assert restored.db.scalar("SELECT notes FROM payers WHERE nip = '5261040828'") != "po kopii"


def test_a_damaged_backup_is_refused_and_nothing_is_asked(main_window, qtbot, tmp_path):
    from eplatnik.ui.dialogs.backup import run_restore_dialog

    archive = main_window.ctx.app.create_backup(tmp_path / "b.zip").path
    with zipfile.ZipFile(archive) as zf:
        info = zf.getinfo("eplatnik.db")
    raw = bytearray(archive.read_bytes())
    raw[info.header_offset + 30 + len("eplatnik.db") + 200] ^= 0xFF
    archive.write_bytes(bytes(raw))
    flow = run_restore_dialog(main_window, archive)
    qtbot.waitUntil(lambda: flow.error is not None, timeout=10000)
    assert not flow.busy
    assert flow.dialog is None
    assert "uszkodzona" in flow.error.render()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.zip", "demo"]
