"""Ustawienia → Parametry składek (list and install off the UI thread), the Dokumenty badge for a set
computed with draft figures, the dashboard's warning from 1 December, "0510" in the insured dialog."""

from __future__ import annotations

import copy
import json
from datetime import date

from PySide6.QtCore import Qt

from eplatnik.params.store import PACKAGED_DIR
from eplatnik.period import Period


def _years(box) -> dict[int, str]:
    return {box.model.record(r).year: box.model.data(box.model.index(r, 1)) for r in range(box.model.rowCount())}


def test_settings_list_the_years_and_install_a_file(main_window, qtbot, tmp_path, monkeypatch):
    page = main_window.show_page("settings")
    box = page.params_box
    qtbot.waitUntil(lambda: box.model.rowCount() >= 3, timeout=10000)
    years = _years(box)
    assert years[2026] == "wszystkie ostateczne" and years[2027].startswith("nieostateczne")
    assert box.model.data(box.model.index(0, 2)) == "wbudowany w program"

    doc = json.loads((PACKAGED_DIR / "2027.json").read_text(encoding="utf-8"))
    bad = copy.deepcopy(doc)
    del bad["figures"]["rates.FP"]
    (tmp_path / "bad.json").write_text(json.dumps(bad), encoding="utf-8")
    from PySide6.QtWidgets import QMessageBox

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *a, **k: shown.append(a[2])))
    box.install(str(tmp_path / "bad.json"))
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    assert 'figures["rates.FP"]' in shown[0] and "Nie zainstalowano" in box.status.text()
    assert not (main_window.ctx.app.basedir / "params").exists()

    for entries in doc["figures"].values():
        for entry in entries:
            entry["status"] = "final"
            entry.pop("final_when", None)
    (tmp_path / "good.json").write_text(json.dumps(doc), encoding="utf-8")
    box.install(str(tmp_path / "good.json"))
    qtbot.waitUntil(lambda: _years(box).get(2027) == "wszystkie ostateczne", timeout=10000)
    row = next(r for r in range(box.model.rowCount()) if box.model.record(r).year == 2027)
    assert box.model.data(box.model.index(row, 2)) == \
        "zainstalowany w obszarze roboczym (zastępuje wbudowany w program)"
    assert "Zainstalowano parametry na 2027 r." in box.status.text()


def test_documents_page_badge_for_a_set_computed_with_draft_figures(main_window, qtbot):
    page = main_window.show_page("documents")
    qtbot.waitUntil(lambda: page.payer.count() == 4, timeout=5000)
    page.payer.setCurrentIndex(page.payer.findText("NOWAK", Qt.MatchFlag.MatchStartsWith))
    page.period.set_period(Period(2027, 1))  # a month beyond the list is added to it
    page.build_button.click()
    qtbot.waitUntil(lambda: page.selected_info() is not None and page.selected_info().period == "2027-01",
                    timeout=15000)
    qtbot.waitUntil(lambda: page.params_badge.isVisible(), timeout=10000)
    text = page.params_badge.text()
    assert "nie są jeszcze ostateczne" in text and "podstawa preferencyjna (mały ZUS) 2027 (projekt)" in text


def test_dashboard_warns_from_1_december_about_next_years_figures(qtbot, demo_app, polish_translations):
    from eplatnik.ui.application import build_window

    window = build_window(demo_app)
    qtbot.addWidget(window)
    page = window.show_page("dashboard")
    page._show(demo_app.dashboard.load(today=date(2026, 12, 1), with_certificates=False))
    assert not page.params_label.isHidden()
    assert "Parametry składek na 2027 r. nie są jeszcze ostateczne" in page.params_label.text()
    page._show(demo_app.dashboard.load(today=date(2026, 11, 30), with_certificates=False))
    assert page.params_label.isHidden()
    window.close()


def test_insured_dialog_takes_four_digits(qtbot, demo_app, polish_translations):
    from eplatnik.ui.dialogs.insured_dialog import InsuredDialog

    payer = demo_app.register.find_payer("9512345675")
    dialog = InsuredDialog(demo_app, payer.id)
    qtbot.addWidget(dialog)
    dialog.title_code.setEditText("0510")
    assert dialog._code() == "051000"
    assert "0510 przyjęto jako 051000" in dialog.title_error.text()
