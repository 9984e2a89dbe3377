"""File → Back up / Restore workspace: the core's backup and restore, run off the UI thread with progress.

Restoring first checks the whole archive (manifest and every SHA-256), then asks where to put it:
into a new folder (default; it can be opened in a new window), or in place of the current workspace,
which is never deleted — it is renamed aside — after which eplatnik restarts on the restored data.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QLocale, QObject, QProcess
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ...clock import default_clock
from ...errors import UserFacingError
from ...formatting import local_time as format_local_time
from ...workspace import (
    BackupResult,
    Manifest,
    RestoreResult,
    restore_backup,
    verify_backup,
)
from ..ops import Op, show_error


def start_program(basedir: Path, lang: str | None = None) -> bool:
    """Start another eplatnik process on ``basedir`` (frozen bundle or Python install alike)."""
    args = [] if getattr(sys, "frozen", False) else ["-m", "eplatnik"]
    args += ["--basedir", str(basedir)]
    if lang:
        args += ["--lang", lang]
    return QProcess.startDetached(sys.executable, args)[0]


def local_time(iso: str) -> str:
    """The manifest's UTC time as Polish local time ("05.12.2026 21:56"); the raw text if it is not one."""
    try:
        return format_local_time(iso)
    except ValueError:
        return iso


def human_size(n: int) -> str:
    return QLocale().formattedDataSize(n)


class RestoreDialog(QDialog):
    """What is in the backup, and where to restore it."""

    def __init__(self, archive: Path, manifest: Manifest, current: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Restore workspace"))
        self.setMinimumWidth(600)
        self.current = current
        summary = QLabel(self.tr("Backup {file} made on {created} by eplatnik {version}: {files} files, {size}, "
                                 "database schema {schema}. Every file was checked against its SHA-256.").format(
            file=archive.name, created=local_time(manifest.created_at), version=manifest.eplatnik_version,
            files=len(manifest.files), size=human_size(manifest.total_size), schema=manifest.schema_version))
        summary.setWordWrap(True)
        summary.setObjectName("restoreSummary")
        stamp = default_clock().local_now().strftime("%Y%m%d-%H%M")
        self.new_folder = QRadioButton(self.tr("Into a new, empty folder:"))
        self.target = QLineEdit(str(current.with_name(f"{current.name}-restored-{stamp}")))
        choose = QPushButton(self.tr("Choose…"))
        choose.clicked.connect(self._choose)
        folder_row = QHBoxLayout()
        folder_row.addSpacing(24)
        folder_row.addWidget(self.target, 1)
        folder_row.addWidget(choose)
        self.replace = QRadioButton(self.tr("In place of the current workspace"))
        replace_note = QLabel(self.tr("The current workspace {path} is not deleted: it is renamed to "
                                      "{name}.before-restore-<date>. eplatnik then restarts on the restored "
                                      "data.").format(path=current, name=current.name))
        replace_note.setWordWrap(True)
        replace_note.setIndent(24)
        group = QButtonGroup(self)
        group.addButton(self.new_folder)
        group.addButton(self.replace)
        self.new_folder.setChecked(True)
        self.new_folder.toggled.connect(lambda on: (self.target.setEnabled(on), choose.setEnabled(on)))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Restore"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addSpacing(8)
        layout.addWidget(self.new_folder)
        layout.addLayout(folder_row)
        layout.addWidget(self.replace)
        layout.addWidget(replace_note)
        layout.addWidget(buttons)

    def _choose(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Folder for the restored workspace"),
                                                  str(self.current.parent))
        if folder:
            self.target.setText(folder)

    def choice(self) -> tuple[str, Path]:
        if self.replace.isChecked():
            return "replace", self.current
        return "new", Path(self.target.text().strip()).expanduser()


class BackupFlow(QObject):
    """The menu actions' work; kept alive as a child of the main window while it runs."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.app = window.ctx.app
        self.busy = False
        self.error: UserFacingError | None = None
        self.dialog: RestoreDialog | None = None
        self.message: QMessageBox | None = None

    # -- backup -------------------------------------------------------------------------------
    def backup(self, path: Path | None = None) -> BackupFlow | None:
        if path is None:
            chosen, _filter = QFileDialog.getSaveFileName(self.window, self.tr("Back up workspace"),
                                                          str(self.app.default_backup_path()),
                                                          self.tr("Backup archives (*.zip)"))
            if not chosen:
                return None
            path = Path(chosen)
        if path.suffix.lower() != ".zip":
            path = path.with_name(path.name + ".zip")
        app = self.app
        self._start(Op(self.window, lambda progress: app.create_backup(path, progress))
                    .success(self._backed_up).with_progress(self.tr("Backing up the workspace…")))
        return self

    def _backed_up(self, result: BackupResult) -> None:
        self._inform(self.tr("Backup"), self.tr(
            "The backup was written to:\n{path}\n\n{files} files, {size}. Keep a copy away from this computer "
            "(a USB drive, a network folder).").format(path=result.path, files=len(result.manifest.files),
                                                      size=human_size(result.archive_size)))

    # -- restore ------------------------------------------------------------------------------
    def restore(self, archive: Path | None = None) -> BackupFlow | None:
        if archive is None:
            chosen, _filter = QFileDialog.getOpenFileName(self.window, self.tr("Restore workspace"),
                                                          str(self.app.settings.backups_dir),
                                                          self.tr("Backup archives (*.zip)"))
            if not chosen:
                return None
            archive = Path(chosen)
        self._start(Op(self.window, lambda progress: verify_backup(archive, progress))
                    .success(lambda manifest: self._ask_where(archive, manifest))
                    .with_progress(self.tr("Checking the backup…")))
        return self

    def _ask_where(self, archive: Path, manifest: Manifest) -> None:
        self.dialog = RestoreDialog(archive, manifest, Path(self.app.basedir), self.window)
        self.dialog.accepted.connect(lambda: self._restore(archive, *self.dialog.choice()))
        self.dialog.open()

    def _restore(self, archive: Path, mode: str, target: Path) -> None:
        if mode == "new":
            self._start(Op(self.window, lambda progress: restore_backup(archive, target, progress=progress))
                        .success(self._restored_new).with_progress(self.tr("Restoring the workspace…")))
            return
        app = self.app

        def replace_current(progress) -> RestoreResult:
            app.close()  # the database must be closed before its folder is renamed (Windows insists)
            return restore_backup(archive, app.basedir, replace=True, progress=progress)

        self._start(Op(self.window, replace_current).success(self._restored_in_place)
                    .with_progress(self.tr("Restoring the workspace…")), on_failure=self._in_place_failed)

    def _start(self, op: Op, on_failure=None) -> None:
        # The Op is not stored here: a flow <-> Op reference cycle would let Python's garbage collector
        # free Qt objects later on whatever thread happens to run it.
        self.busy, self.error = True, None
        op.failure(on_failure or self._failed).finally_(self._finished).run()

    def _failed(self, error: UserFacingError) -> None:
        self.error = error
        show_error(self.window, error)

    def _finished(self) -> None:
        self.busy = False

    def _restored_new(self, result: RestoreResult) -> None:
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Restore workspace"), self.tr(
            "The workspace was restored into:\n{path}\n\nOpen it now in a new window?").format(path=result.workspace),
            QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Close, self.window)
        box.finished.connect(lambda code: code == QMessageBox.StandardButton.Open
                             and start_program(result.workspace, self.app.language))
        self.message = box
        box.open()

    def _restored_in_place(self, result: RestoreResult) -> None:
        self._inform(self.tr("Restore workspace"), self.tr(
            "The workspace was restored. The previous one is kept in:\n{aside}\n\neplatnik restarts now.").format(
            aside=result.moved_aside), then=self._restart)

    def _in_place_failed(self, error: UserFacingError) -> None:
        self.error = error
        # nothing was changed (or the previous workspace was put back); the database is closed, so restart on it
        self._inform(self.tr("Restore workspace"), self.tr("{error}\n\neplatnik restarts on the unchanged "
                                                           "workspace.").format(error=error.render()),
                     then=self._restart, icon=QMessageBox.Icon.Warning)

    def _restart(self) -> None:
        start_program(Path(self.app.basedir), self.app.language)
        self.window.close()

    def _inform(self, title: str, text: str, then=None, icon=QMessageBox.Icon.Information) -> None:
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self.window)
        if then is not None:
            box.finished.connect(lambda _code: then())
        self.message = box
        box.open()


def run_backup_dialog(window, path: Path | None = None) -> BackupFlow:
    flow = BackupFlow(window)
    flow.backup(path)
    return flow


def run_restore_dialog(window, archive: Path | None = None) -> BackupFlow:
    flow = BackupFlow(window)
    flow.restore(archive)
    return flow

