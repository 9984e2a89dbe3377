"""An office seat's window comes up while its database is being reached (issue 16, step 16.11's start-up
figure): the database opens in the background; a password the server wants is asked for over the
window — the first time without a reproach, a wrong one with the server's answer — and the pages load
once it is open. Real PostgreSQL, the real main window (offscreen)."""

from __future__ import annotations

from plugins.postgres import PASSWORD

from eplatnik.store.urls import parse_database_url


def test_the_window_comes_first_and_the_password_is_asked_over_it(qtbot, tmp_path, pg_url, monkeypatch):
    from eplatnik.app import App
    from eplatnik.ui import application
    from eplatnik.ui.dialogs import database_dialogs

    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "none"))
    bare = parse_database_url(pg_url).without_password()
    asked: list = []

    def ask(url, refused):
        assert app.db.opened().done()          # asked only once the server has answered
        asked.append(None if refused is None else refused.render())
        return ("zle-haslo", False) if len(asked) == 1 else (PASSWORD, False)

    monkeypatch.setattr(database_dialogs, "ask_password_dialog", ask)
    app = App(tmp_path / "seat", database=bare, open_in_background=True)
    try:
        window = application.build_window(app)
        qtbot.addWidget(window)
        watching = application._watch_background_opening(window, app, app.database_url, tmp_path / "seat")
        window.show()
        qtbot.waitUntil(lambda: not watching.isActive(), timeout=60000)
        assert app.db.opened().exception() is None
        assert asked[0] is None                                    # none given: simply asked
        assert "odrzucił logowanie" in asked[1] and "zle-haslo" not in asked[1]
        assert window.isVisible()                                  # the program goes on
        assert app.register.list_payers() == [] and app.db.url.password == PASSWORD
    finally:
        app.close()


def test_a_database_of_another_program_is_told_once_and_the_window_closes(qtbot, tmp_path, pg_cluster,
                                                                        monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from eplatnik.app import App
    from eplatnik.ui import application

    name = pg_cluster.create_database()
    pg_cluster.sql(name, "CREATE TABLE faktury (id integer PRIMARY KEY)")   # someone else's data
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append(text))
    app = App(tmp_path / "seat", database=pg_cluster.url(name), open_in_background=True)
    try:
        window = application.build_window(app)
        qtbot.addWidget(window)
        watching = application._watch_background_opening(window, app, app.database_url, tmp_path / "seat")
        window.show()
        qtbot.waitUntil(lambda: not watching.isActive(), timeout=60000)
        assert not window.isVisible()
        assert len(shown) == 1 and "należy do innego programu" in shown[0]
        assert pg_cluster.sql(name, "SELECT count(*) FROM pg_tables WHERE tablename = 'payers'") == [(0,)]
    finally:
        app.close()


def test_the_program_on_an_office_database_starts_and_a_refused_login_ends_it_with_1(tmp_path, pg_url,
                                                                                   monkeypatch):
    """The real program (`eplatnik --database URL`, offscreen): the window comes up; with a wrong password
    and --no-err-windows the reason goes to stderr (without the password) and the exit code is 1."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PGPASSFILE": str(tmp_path / "none")}
    env.pop("PGPASSWORD", None)
    command = [sys.executable, "-m", "eplatnik", "--basedir", str(tmp_path / "seat"), "--no-err-windows"]
    shown = subprocess.run([*command, "--database", pg_url, "--startup-probe"], env=env, capture_output=True,
                           text=True, timeout=120, check=False)
    assert shown.returncode == 0 and "EPLATNIK_SHOWN" in shown.stdout, shown.stderr
    wrong = pg_url.replace(PASSWORD, "zle-haslo")
    refused = subprocess.run([*command, "--database", wrong, "--quit-after", "30"], env=env, capture_output=True,
                             text=True, timeout=120, check=False)
    assert refused.returncode == 1, refused.stdout + refused.stderr
    assert "odrzucił logowanie" in refused.stderr and "zle-haslo" not in refused.stdout + refused.stderr
