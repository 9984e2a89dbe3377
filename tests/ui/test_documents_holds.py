"""Dokumenty and holds (issue 16, step 16.4): a set another desk is editing shows who and since when, and
this desk does not open the field editor or the signing dialog for it; a burst of other processes'
changes is one refresh (the bridge coalesces per topic)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QInputDialog

from eplatnik.clock import FixedClock
from eplatnik.forms.holds import DOCUMENT_SET, Holds
from eplatnik.store.holds import HoldStore

pytestmark = pytest.mark.now("2026-11-20T10:00:00+01:00")


def _colleague(app) -> Holds:
    """Another desk of the office: A. Nowak at the computer biuro-3 (its own holder, its clock at 10:42)."""
    return Holds(HoldStore(app.db), FixedClock("2026-11-20T10:42:00+01:00"), seat="biuro-3:anowak",
                 actor=lambda: "A. Nowak",
                 holder="biuro-3:4242:cafe", renew_s=3600, stale_s=3600)


def test_a_set_held_at_another_desk_shows_who_and_refuses_edit_and_sign(main_window, qtbot, monkeypatch):
    page = main_window.show_page("documents")
    app = page.app
    qtbot.waitUntil(lambda: page.sets_model.rowCount() > 0, timeout=15000)
    info = next(page.sets_model.record(r) for r in range(page.sets_model.rowCount())
                if page.sets_model.record(r).can_edit)
    hold = _colleague(app).take(DOCUMENT_SET, info.id, "edit")
    app.events.publish("holds.changed", external=True)  # what the change feed delivers from that desk
    row = next(r for r in range(page.sets_model.rowCount()) if page.sets_model.record(r).id == info.id)
    page.sets_table.selectRow(row)
    qtbot.waitUntil(lambda: page.holds.label.isVisible(), timeout=15000)
    assert page.holds.label.text() == "Edytuje: A. Nowak (biuro-3) od 10:42"
    qtbot.waitUntil(lambda: page.outline_model.rowCount() > 0, timeout=15000)
    assert page.selected_info().id == info.id  # the list refreshed in place, the selection kept
    if info.can_sign:
        assert not page.sign_button.isEnabled() and "A. Nowak" in page.sign_button.toolTip()

    asked: list[str] = []
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: asked.append("x") or ("1", True)))
    field = next(r for r in range(page.outline_model.rowCount())
                 if page.outline_model.record(r).edit_address is not None)
    page.edit_value(page.outline_model.index(field, 2))
    qtbot.wait(500)
    from eplatnik.ui.ops import wait_for_all

    wait_for_all(10000)
    qtbot.wait(50)
    assert asked == []  # the field editor never opened
    assert page.holds.label.isVisible()

    hold.release()  # A. Nowak closes the set: it is free here at once
    app.events.publish("holds.changed", external=True)
    qtbot.waitUntil(lambda: not page.holds.label.isVisible(), timeout=15000)
    page.edit_value(page.outline_model.index(field, 2))
    qtbot.waitUntil(lambda: asked == ["x"], timeout=15000)


def test_a_burst_of_other_processes_changes_is_one_refresh(main_window, qtbot):
    page = main_window.show_page("documents")
    bridge = page.ctx.bridge
    got: list[str] = []
    bridge.event.connect(lambda topic, payload: got.append(topic) if payload.get("external") else None)
    for _ in range(40):
        page.app.events.publish("documents.changed", external=True, seat="biuro-3")
    page.app.events.publish("register.changed", external=True, seat="biuro-3")
    qtbot.waitUntil(lambda: len(got) >= 2, timeout=5000)
    qtbot.wait(400)
    assert sorted(got) == ["documents.changed", "register.changed"] and bridge.coalesced == 39
