"""What another process commits to the workspace reaches this process's pages (issue 13, point 3:
"the GUI and the CLI at once report each other's work truthfully")."""

from __future__ import annotations

from support import run_cli


def test_a_commit_by_another_process_is_published_own_commits_are_not(app, tmp_path):
    from eplatnik.store.watch import ExternalChanges

    seen: list[str] = []
    app.events.subscribe("*", lambda topic, payload: seen.append(topic) if payload.get("external") else None)
    watcher = ExternalChanges(app.db, app.events, poll_seconds=3600)
    watcher.start()
    try:
        app.db.transaction(lambda c: c.execute("INSERT INTO audit_log (actor, action, entity, entity_id, details) "
                                                "VALUES ('a', 'b', 'c', 1, 'own')"))
        assert not watcher.check() and seen == []
        added = run_cli("payers", "add", "--nip", "8567346215", "--name", "Firma sp. z o.o.", "--short-name",
                        "FIRMA", "--type", "legal", "--regon", "192598184", basedir=app.basedir)
        assert added.returncode == 0, added.stderr
        assert watcher.check()
        assert {"register.changed", "documents.changed", "gateway.submission"} <= set(seen)
        assert not watcher.check()  # once per change
    finally:
        watcher.stop()


def test_every_area_another_process_may_change_is_published_on_a_one_seat_workspace(app):
    """Letters, the account and e-visits too (e.g. a CLI `account import` while the GUI is open: SQLite
    says only that another process committed, not what): the one-seat poll publishes every topic of the
    office's change feed but the settings, which on SQLite are this desk's file."""
    from eplatnik.store.schema import CHANGE_FEED
    from eplatnik.store.watch import TOPICS, ExternalChanges

    assert set(TOPICS) == set(CHANGE_FEED.values()) - {"settings.changed"}
    seen: list[str] = []
    app.events.subscribe("*", lambda topic, payload: seen.append(topic) if payload.get("external") else None)
    watcher = ExternalChanges(app.db, app.events, poll_seconds=3600)
    watcher.start()
    try:
        app_other = run_cli("payers", "add", "--nip", "8567346215", "--name", "Firma sp. z o.o.", "--short-name",
                            "FIRMA", "--type", "legal", "--regon", "192598184", basedir=app.basedir)
        assert app_other.returncode == 0, app_other.stderr
        assert watcher.check()
        assert {"letters.changed", "account.changed", "visits.changed", "month.changed"} <= set(seen)
    finally:
        watcher.stop()
