"""Dokumenty's file actions: export a set's KEDU (as stored, or for ePłatnik / Płatnik), import a
KEDU file, print a set to PDF. Functions of the page (``page`` is the DocumentsPage, whose
translation context the texts share); the work runs off the UI thread through ``Op``."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from ..ops import Op


def _saved(page, title: str):
    def show(path) -> None:
        QMessageBox.information(page, title, QCoreApplication.translate("DocumentsPage", "Saved {path}.").format(
            path=path))
    return show


def export_set(page) -> None:
    info = page.selected_info()
    if info is None:
        return
    title = QCoreApplication.translate("DocumentsPage", "Export KEDU")
    suggested = f"{info.payer_nip}_{info.period or 'zgloszenie'}_{info.number}.xml"
    name, _ = QFileDialog.getSaveFileName(page, title, suggested,
                                          QCoreApplication.translate("DocumentsPage", "KEDU files (*.xml)"))
    if not name:
        return
    docs = page.app.documents
    Op(page, lambda: docs.export(info.id, Path(name))).success(_saved(page, title)).run()


def export_for_handoff(page) -> None:
    """The selected set as a KEDU file ePłatnik or Płatnik imports (forms.handoff)."""
    from ...forms import handoff
    from ..dialogs.handoff_dialog import HandoffDialog

    info = page.selected_info()
    if info is None:
        return
    suggested = Path.home() / handoff.file_name(info, handoff.TARGETS["eplatnik"], handoff.DEFAULT_VERSION)
    dialog = HandoffDialog(suggested, folder=False, parent=page)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return
    target, version, path = dialog.target_key(), dialog.kedu_version(), dialog.target_path()
    docs = page.app.documents

    def done(written) -> None:
        QMessageBox.information(
            page, QCoreApplication.translate("DocumentsPage", "Export for ePłatnik / Płatnik"),
            QCoreApplication.translate("DocumentsPage", "Saved {path} (KEDU {version}).\n\n{steps}").format(
                path=written, version=version, steps=handoff.TARGETS[target].steps.render()))

    Op(page, lambda: handoff.export_set(docs, info.id, path, target, version)).success(done).run()


def import_file(page) -> None:
    title = QCoreApplication.translate("DocumentsPage", "Import KEDU")
    name, _ = QFileDialog.getOpenFileName(page, title, "",
                                          QCoreApplication.translate("DocumentsPage", "KEDU files (*.xml)"))
    if not name:
        return
    into = QMessageBox.question(page, title, QCoreApplication.translate(
        "DocumentsPage", "Also add payers and insured persons that are missing from the register?")) == \
        QMessageBox.StandardButton.Yes
    docs = page.app.documents

    def done(result) -> None:
        QMessageBox.information(page, title, QCoreApplication.translate(
            "DocumentsPage", "Imported {sets} sets ({docs} documents); already present: {same}; new payers: "
                             "{payers}; new insured persons: {people}.").format(
            sets=len(result.set_ids), docs=result.documents, same=len(result.already_present),
            payers=len(result.created_payers), people=len(result.created_insured)))
        page.reload_sets()

    Op(page, lambda: docs.import_file(Path(name), into_register=into)).success(done).with_progress(
        QCoreApplication.translate("DocumentsPage", "Importing…")).run()


def print_pdf(page) -> None:
    info = page.selected_info()
    if info is None:
        return
    title = QCoreApplication.translate("DocumentsPage", "Print to PDF")
    name, _ = QFileDialog.getSaveFileName(page, title, f"{info.payer_nip}_{info.period or 'zgloszenie'}_"
                                          f"{info.number}.pdf",
                                          QCoreApplication.translate("DocumentsPage", "PDF files (*.pdf)"))
    if not name:
        return
    from ...reports.declaration_pdf import render_set_pdf

    docs = page.app.documents
    Op(page, lambda: render_set_pdf(docs, info.id, Path(name))).success(_saved(page, title)).with_progress(
        QCoreApplication.translate("DocumentsPage", "Printing…")).run()
