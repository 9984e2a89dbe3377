"""The office database going away while the window is open (issue 16, faults): one banner above the
pages — "Połączenie z bazą biura przerwane — wznowimy automatycznie" — instead of a message box per
failed operation, and it goes by itself when the server is back. Real PostgreSQL, stopped and started."""

from __future__ import annotations

import gc

import pytest
import sqlalchemy as sa


@pytest.fixture
def office_window(qtbot, pg_url, tmp_path, polish_translations):
    from eplatnik.app import App
    from eplatnik.ui import crash
    from eplatnik.ui.application import build_window
    from eplatnik.ui.ops import wait_for_all

    app = App(tmp_path / "biuro-1", database=pg_url)
    crash.install(app.basedir / "logs", headless=True)
    gc.collect()
    window = build_window(app)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: hasattr(window, "db_banner"), timeout=5000)  # added after the first frame
    yield window
    window.close()
    wait_for_all(10000)
    app.close()


def test_a_lost_office_database_shows_one_banner_and_clears_it_when_back(office_window, pg_cluster, qtbot,
                                                                         monkeypatch):
    from eplatnik.ui import ops

    boxes = []
    monkeypatch.setattr(ops, "show_error", lambda parent, exc: boxes.append(exc))
    banner = office_window.db_banner
    db = office_window.ctx.app.db
    assert banner.isHidden()
    pg_cluster.stop_immediately()
    try:
        for _ in range(3):  # three pages' loads fail at once: no storm of message boxes
            ops.Op(office_window, lambda: db.run(lambda c: c.execute(sa.text("SELECT 1")))).run()
        qtbot.waitUntil(lambda: not banner.isHidden(), timeout=10000)
        assert banner.text() == "Połączenie z bazą biura przerwane — wznowimy automatycznie."
        assert boxes == []
        qtbot.wait(2500)  # the probe runs meanwhile and the banner stays
        assert not banner.isHidden()
    finally:
        pg_cluster.start()
    qtbot.waitUntil(banner.isHidden, timeout=15000)
    assert boxes == []


def test_a_background_job_that_paused_shows_the_banner_too(office_window, qtbot):
    from eplatnik.store.outage import CONNECTION_TOPIC

    banner = office_window.db_banner
    office_window.ctx.app.events.publish(CONNECTION_TOPIC, state="lost")  # as a job child's event arrives
    qtbot.waitUntil(lambda: not banner.isHidden(), timeout=5000)
    qtbot.waitUntil(banner.isHidden, timeout=10000)  # the server answers: the probe clears it
