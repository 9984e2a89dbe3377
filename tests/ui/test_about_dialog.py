"""Help → About as a person sees it: version, licence, gateway profile, where the data lives."""

from __future__ import annotations

import gc

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from eplatnik import __version__


@pytest.fixture(autouse=True)
def _collect_garbage_on_the_ui_thread():
    """Main windows of earlier tests are left in reference cycles (window <-> UI context). If Python's
    cyclic collector first ran on a worker thread (our dialogs import modules there), it would delete
    those Qt objects on that thread and crash; collecting here, on the UI thread, is safe."""
    gc.collect()
    yield


def _filled(dialog) -> bool:
    return dialog.info is not None


def test_about_shows_version_licence_gateway_and_paths(main_window, qtbot):
    from eplatnik.ui.dialogs.about import AboutDialog

    dialog = AboutDialog(main_window.ctx, main_window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: _filled(dialog), timeout=5000)
    base = main_window.ctx.app.basedir
    assert dialog.windowTitle() == "O programie eplatnik"
    assert __version__ in dialog.findChild(type(dialog.gateway), "aboutTitle").text()
    assert "GPL-3.0-or-later" in dialog.licence.text()
    assert "wolne oprogramowanie" in dialog.licence.text()
    assert "Piaskownica" in dialog.gateway.text()
    assert dialog.workspace.text() == str(base.absolute())
    assert dialog.logs.text() == str(base.absolute() / "logs")
    assert dialog.backups.text() == str(base.absolute() / "backups")
    assert dialog.database.text().endswith("eplatnik.db")
    assert dialog.schema.text().isdigit()
    assert "Qt 6." in dialog.runtime.text() and "Python 3." in dialog.runtime.text()
    dialog.copy_button.click()
    copied = QApplication.clipboard().text()
    assert f"eplatnik {__version__}" in copied
    assert f"workspace: {base.absolute()}" in copied
    assert "gateway: sandbox" in copied


def test_production_profile_is_shown_in_red(main_window, qtbot):
    from eplatnik.settings import GATEWAY_PROFILE, PRODUCTION_PROFILE
    from eplatnik.ui.dialogs.about import AboutDialog

    main_window.ctx.app.settings.set(GATEWAY_PROFILE, PRODUCTION_PROFILE)
    dialog = AboutDialog(main_window.ctx, main_window)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: _filled(dialog), timeout=5000)
    assert "PRODUKCJA" in dialog.gateway.text()
    assert "#b00020" in dialog.gateway.styleSheet()


def test_help_menu_opens_the_about_dialog(main_window, qtbot):
    from eplatnik.ui.dialogs.about import AboutDialog

    seen = []

    def close_it():
        dialog = QApplication.activeModalWidget()
        seen.append(dialog)
        if dialog is not None:
            dialog.reject()

    QTimer.singleShot(300, close_it)
    main_window.show_about()
    assert seen and isinstance(seen[0], AboutDialog)
