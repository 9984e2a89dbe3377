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
