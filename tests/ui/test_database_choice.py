"""Choosing the database in the GUI (issue 16, step 16.10): Ustawienia's "Baza danych" (this computer or
the office's PostgreSQL, "Sprawdź połączenie" in the background, the address stored without the
password, the password in the seat's pgpass file only when remembered), the first start's dialog, the
password asked at start-up, and the page fitting 1280×800 and 1024×768 screens. Real PostgreSQL."""

from __future__ import annotations

import json
import stat

import pytest
from plugins.postgres import PASSWORD, ROLE
from PySide6.QtWidgets import QApplication

from eplatnik import settings as s
from eplatnik.store.pgpass import seat_pgpass, stored_password
from eplatnik.store.urls import parse_database_url


def _fill(choice, pg_cluster, database: str, password: str) -> None:
    choice.mode.setCurrentIndex(choice.mode.findData("postgresql"))
    choice.server.setText("127.0.0.1")
    choice.port.setValue(pg_cluster.port)
    choice.database.setText(database)
    choice.user.setText(ROLE)
    choice.password.setText(password)


def test_the_office_database_is_checked_in_the_background_and_stored_without_its_password(
        main_window, qtbot, pg_cluster, pg_url, monkeypatch):
    monkeypatch.delenv("PGPASSFILE", raising=False)
    app = main_window.ctx.app
    page = main_window.show_page("settings")
    choice = page.database_choice
    assert choice.mode.currentText() == "ten komputer (SQLite)" and not choice.server.isEnabled()
    database = pg_url.rsplit("/", 1)[1]
    _fill(choice, pg_cluster, database, "zle-haslo")
    choice.check_button.click()
    qtbot.waitUntil(lambda: "odrzucił logowanie" in choice.status.text(), timeout=15000)
    assert "zle-haslo" not in choice.status.text()
    choice.password.setText(PASSWORD)
    choice.check_button.click()
    assert choice.status.text().startswith("Łączenie z 127.0.0.1")  # the window is not waiting for it
    qtbot.waitUntil(lambda: choice.status.text().startswith("Połączenie działa"), timeout=15000)
    assert "pusta" in choice.status.text()

    choice.remember.setChecked(True)
    page.save_button.click()
    qtbot.waitUntil(lambda: page.status.text().startswith("Zapisano"), timeout=5000)
    assert "po ponownym uruchomieniu" in page.status.text()
    stored = (app.basedir / "settings.json").read_text(encoding="utf-8")
    assert json.loads(stored)["database.url"] == f"postgresql://{ROLE}@127.0.0.1:{pg_cluster.port}/{database}"
    assert PASSWORD not in stored
    pgpass = seat_pgpass(app.basedir)
    assert stat.S_IMODE(pgpass.stat().st_mode) == 0o600
    assert stored_password(pgpass, parse_database_url(pg_url)) == PASSWORD
    assert app.database_url.dialect == "sqlite"  # this run keeps its database until the restart

    page.activate()  # shown again: the address, and that the password is remembered (not the password)
    assert choice.server.text() == "127.0.0.1" and choice.database.text() == database
    assert choice.password.text() == "" and choice.password.placeholderText() == "zapamiętane na tym komputerze"
    choice.remember.setChecked(False)  # forget it
    page.save_button.click()
    qtbot.waitUntil(lambda: stored_password(pgpass, parse_database_url(pg_url)) is None, timeout=5000)


def test_missing_fields_are_named_and_nothing_is_saved(main_window, qtbot):
    app = main_window.ctx.app
    page = main_window.show_page("settings")
    page.database_choice.mode.setCurrentIndex(page.database_choice.mode.findData("postgresql"))
    page.save_button.click()
    assert page.status.text() == "Uzupełnij: serwer, nazwa bazy, użytkownik."
    assert app.settings.get(s.DATABASE_URL) == ""


@pytest.mark.parametrize("size", [(1280, 740), (1024, 700)], ids=["1280x800", "1024x768"])
def test_both_groups_fit_the_screen_without_sideways_scrolling(main_window, qtbot, size):
    main_window.resize(*size)
    page = main_window.show_page("settings")
    QApplication.processEvents()
    qtbot.wait(100)
    viewport = page.scroll.viewport()
    assert not page.scroll.horizontalScrollBar().isVisible()
    for group in (page.seat_group, page.workspace_group):
        right = group.mapTo(viewport, group.rect().topRight()).x()
        assert right <= viewport.width(), (group.title(), right, viewport.width())
    side_by_side = page.seat_group.y() == page.workspace_group.y()
    assert side_by_side == (size[0] == 1280)


def test_the_first_start_stores_the_choice(qtbot, tmp_path, pg_cluster, pg_url, polish_translations):
    from eplatnik.ui.dialogs.database_dialogs import FirstStartDialog, is_first_start

    assert is_first_start(tmp_path)
    dialog = FirstStartDialog(tmp_path)
    qtbot.addWidget(dialog)
    _fill(dialog.choice, pg_cluster, pg_url.rsplit("/", 1)[1], PASSWORD)
    dialog._accept()
    assert dialog.result() == FirstStartDialog.DialogCode.Accepted
    assert s.Settings(tmp_path).get(s.DATABASE_URL).startswith(f"postgresql://{ROLE}@127.0.0.1:")
    assert stored_password(seat_pgpass(tmp_path), parse_database_url(pg_url)) is None  # not ticked
    assert not is_first_start(tmp_path)


def test_the_password_is_asked_at_start_up_until_the_server_accepts_it(tmp_path, pg_url, monkeypatch):
    from eplatnik.app import App
    from eplatnik.ui.dialogs.database_dialogs import open_asking_password

    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "none"))
    bare = parse_database_url(pg_url).without_password()
    asked = []

    def ask(url, refused):
        asked.append(None if refused is None else refused.render())
        return ("zle-haslo", False) if len(asked) == 1 else (PASSWORD, True)

    app = open_asking_password(lambda where: App(tmp_path / "ws", database=where), bare, tmp_path / "ws", ask)
    try:
        assert app is not None and app.db.dialect == "postgresql"
        assert asked[0] is None  # none given at all: simply asked, no reproach
        assert "odrzucił logowanie" in asked[1] and "zle-haslo" not in asked[1]
        assert stored_password(seat_pgpass(tmp_path / "ws"), bare) == PASSWORD  # remembered once accepted
    finally:
        app.close()
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "none"))  # the remembered one pointed libpq at it
    assert open_asking_password(lambda where: App(tmp_path / "x", database=where), bare, tmp_path / "x",
                                lambda url, refused: None) is None  # Cancel
