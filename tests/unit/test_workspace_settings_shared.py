"""The settings the whole office shares live in the office database (issue 16): a seat's existing
settings.json values are adopted the first time, a change at one seat is what the others read, the
seat's own settings stay in its file, and a workspace of one seat keeps its settings.json."""

from __future__ import annotations

import json
import time

from eplatnik import settings as s
from eplatnik.app import App
from eplatnik.clock import FixedClock


def _seat(basedir, url, **values) -> App:
    if values:
        basedir.mkdir(parents=True, exist_ok=True)
        (basedir / "settings.json").write_text(json.dumps(values), encoding="utf-8")
    return App(basedir, database=url, clock=FixedClock("2026-11-20T10:00"))


def test_a_setting_changed_at_one_seat_is_read_at_the_other(pg_url, tmp_path):
    first = _seat(tmp_path / "biuro-1", pg_url, **{"gateway.profile": "custom", "gateway.url": "http://bramka.invalid",
                                                  "office.current_accountant": "Anna Nowak"})
    second = _seat(tmp_path / "biuro-2", pg_url, **{"gateway.profile": "production",
                                                   "office.current_accountant": "Jan Kowalski"})
    try:
        # the first seat brought its settings into the empty office; the second's file does not override them
        assert second.settings.get(s.GATEWAY_PROFILE) == "custom"
        assert second.settings.get(s.GATEWAY_URL) == "http://bramka.invalid"
        # what belongs to a desk stays at the desk
        assert first.settings.get(s.ACCOUNTANT) == "Anna Nowak" and second.settings.get(s.ACCOUNTANT) == "Jan Kowalski"

        first.settings.set(s.SMTP_HOST, "poczta.biuro.invalid")
        first.settings.set(s.VISIT_SLOT_MINUTES, 30)
        second.settings.workspace.backend.refresh()
        assert second.settings.get(s.SMTP_HOST) == "poczta.biuro.invalid"
        assert second.settings.get(s.VISIT_SLOT_MINUTES) == 30
        # who changed it, when (the program's clock), at which desk
        from eplatnik.store.settings_store import WorkspaceSettingsStore

        changes = {k: (at, by) for k, at, by in WorkspaceSettingsStore(first.db, first.clock).changes()}
        assert changes["smtp.host"] == ("2026-11-20T09:00:00.000Z", f"Anna Nowak ({first.seat.id})")
        # the seat's file is not where the office's settings go
        stored = json.loads((tmp_path / "biuro-1" / "settings.json").read_text(encoding="utf-8"))
        assert "smtp.host" not in stored
    finally:
        first.close()
        second.close()


def test_a_seat_reads_the_others_change_by_itself_without_waiting_for_the_server(pg_url, tmp_path, monkeypatch):
    from eplatnik.store import settings_store

    monkeypatch.setattr(settings_store, "REFRESH_S", 0.1)
    first, second = _seat(tmp_path / "a", pg_url), _seat(tmp_path / "b", pg_url)
    try:
        assert second.settings.get(s.SMTP_PORT) == 587
        first.settings.set(s.SMTP_PORT, 465)
        deadline = time.monotonic() + 5
        while second.settings.get(s.SMTP_PORT) != 465:  # a read answers at once, and asks for a fresh copy
            assert time.monotonic() < deadline, "the second seat never saw the change"
            time.sleep(0.05)
    finally:
        first.close()
        second.close()


def test_adopting_happens_once_and_keeps_the_file(pg_url, tmp_path):
    app = _seat(tmp_path / "a", pg_url, **{"kedu.official_schema": "/srv/kedu.xsd"})
    app.settings.set(s.KEDU_SCHEMA, "/srv/kedu_v5.xsd")
    app.close()
    again = _seat(tmp_path / "a", pg_url)  # settings.json still says the old value: the office's wins
    try:
        assert again.settings.get(s.KEDU_SCHEMA) == "/srv/kedu_v5.xsd"
        stored = json.loads((tmp_path / "a" / "settings.json").read_text(encoding="utf-8"))
        assert stored["kedu.official_schema"] == "/srv/kedu.xsd"  # left for an older build
    finally:
        again.close()


def test_one_seat_keeps_its_settings_file(tmp_path):
    app = App(tmp_path, clock=FixedClock("2026-11-20T10:00"))
    try:
        app.settings.set(s.SMTP_HOST, "smtp.example.invalid")
        assert app.db.run(lambda c: c.execute("SELECT COUNT(*) FROM workspace_settings").fetchone()[0]) == 0
    finally:
        app.close()
    stored = json.loads((tmp_path / "settings.json").read_text(encoding="utf-8"))
    assert stored["smtp.host"] == "smtp.example.invalid"


def test_the_change_feed_brings_another_seats_setting_without_waiting_for_the_refresh(pg_url, tmp_path,
                                                                                      monkeypatch):
    from eplatnik.store import settings_store

    monkeypatch.setattr(settings_store, "REFRESH_S", 3600.0)   # only the change feed can bring it
    first, second = _seat(tmp_path / "a", pg_url), _seat(tmp_path / "b", pg_url)
    try:
        feed = second.watch_other_processes()
        assert feed.ready.wait(30)
        assert second.settings.get(s.VISIT_SLOT_MINUTES) != 45
        first.settings.set(s.VISIT_SLOT_MINUTES, 45)
        deadline = time.monotonic() + 30
        while second.settings.get(s.VISIT_SLOT_MINUTES) != 45 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert second.settings.get(s.VISIT_SLOT_MINUTES) == 45
    finally:
        first.close()
        second.close()
