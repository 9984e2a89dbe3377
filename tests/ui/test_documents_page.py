"""Dokumenty: build the month in one action, edit a field, see the verification update, registrations."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QInputDialog

from eplatnik.period import Period


@pytest.fixture(autouse=True)
def _answer_yes(monkeypatch):
    """The demo has already built this month's sets: "build it again from the register?" → yes."""
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))


def _select_payer(page, qtbot, name: str) -> None:
    qtbot.waitUntil(lambda: page.payer.count() == 4, timeout=5000)
    page.payer.setCurrentIndex(page.payer.findText(name, Qt.MatchFlag.MatchStartsWith))


@pytest.mark.now("2026-11-20T10:00:00+01:00")  # the demo built October's set, which this test rebuilds
def test_build_edit_and_verify_live(main_window, qtbot, monkeypatch):
    page = main_window.show_page("documents")
    _select_payer(page, qtbot, "TECHBUD")
    page.period.set_period(Period(2026, 10))
    page.build_button.click()
    qtbot.waitUntil(lambda: page.sets_model.rowCount() == 1, timeout=15000)
    qtbot.waitUntil(lambda: page.outline_model.rowCount() > 100, timeout=15000)
    info = page.selected_info()
    assert str(info.status) == "verified" and info.forms == "DRA,RCA" and info.period == "2026-10"
    assert "weryfikacja: 0 błędów" in page.summary.text()

    # change one person's pension base: the contributions no longer match base × rate
    row = next(r for r in range(page.outline_model.rowCount())
               if page.outline_model.record(r).attr == "pension_base")
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("1000,00", True)))
    page.edit_value(page.outline_model.index(row, 2))  # the value column
    qtbot.waitUntil(lambda: page.findings_model.rowCount() > 0, timeout=15000)
    assert str(page.selected_info().status) == "draft"
    rules = {page.findings_model.record(r)["rule"] for r in range(page.findings_model.rowCount())}
    assert "R-CALC-001" in rules
    from eplatnik.ui.pages.documents import TAB_FORM, TAB_VERIFICATION

    assert page.tabs.tabText(TAB_VERIFICATION).startswith("Weryfikacja (")
    # a finding opens the form at its document, block and field, marked red
    page.show_finding(page.findings_model.index(0, 0))
    assert page.tabs.currentIndex() == TAB_FORM
    assert page.form_view.tabs.tabText(page.form_view.tabs.currentIndex()) == "ZUS RCA"
    marked = [b for b in page.form_view.boxes if b.severity == "error"]
    assert marked and all(b.field.block.startswith("III") for b in marked)
    assert "R-CALC-001" in marked[0].toolTip()


@pytest.mark.parametrize(("nfz", "citizenship"), [("07R", "POLSKIE"), ("", "")])
def test_registration_from_insured_page_opens_the_document(main_window, qtbot, monkeypatch, nfz, citizenship):
    from eplatnik.ui.pages.insured import RegistrationDialog

    def fill_in(dialog):
        dialog.nfz.setCurrentIndex(max(0, dialog.nfz.findData(nfz)))
        dialog.citizenship.setText(citizenship)
        return RegistrationDialog.DialogCode.Accepted

    monkeypatch.setattr(RegistrationDialog, "exec", fill_in)
    page = main_window.show_page("insured")
    qtbot.waitUntil(lambda: page.payer.count() == 3, timeout=5000)
    page.payer.setCurrentIndex(page.payer.findText("TECHBUD", Qt.MatchFlag.MatchStartsWith))
    qtbot.waitUntil(lambda: page.model.rowCount() == 12, timeout=5000)
    page.table.selectRow(0)
    page.registration("ZUA")
    qtbot.waitUntil(lambda: main_window.current_page().objectName() == "page-documents", timeout=15000)
    docs = main_window.current_page()
    qtbot.waitUntil(lambda: docs.selected_info() is not None and bool(docs.form_view.boxes), timeout=15000)
    assert docs.selected_info().forms == "ZUA"
    assert any(docs.outline_model.record(r).form == "ZUA" for r in range(docs.outline_model.rowCount()))
    boxes = {(b.field.block, b.field.pole): b for b in docs.form_view.boxes}
    assert boxes[("IV", "p4")].field.value in ("K", "M")  # the sex comes from the PESEL
    if nfz:
        assert str(docs.selected_info().status) == "verified"
        assert boxes[("VII", "p2")].field.value == "07R"
    else:  # what was left empty is red on the form, and the verification names it
        assert str(docs.selected_info().status) == "draft"
        assert boxes[("IV", "p3")].severity == boxes[("VII", "p2")].severity == "error"
        assert "obywatelstwo" in boxes[("IV", "p3")].toolTip()


def test_ziua_without_identity_change_says_why(main_window, qtbot, caplog):
    page = main_window.show_page("insured")
    qtbot.waitUntil(lambda: page.payer.count() == 3 and page.model.rowCount() > 0, timeout=5000)
    page.table.selectRow(0)
    page.registration("ZIUA")  # headless: the message goes to the log instead of a dialog
    qtbot.waitUntil(lambda: "ZIUA nie jest potrzebny" in caplog.text, timeout=10000)


class _DemoPassword:
    """Answers the PIN prompt the way a person types the demo certificate's password."""

    def __init__(self):
        self.asked = 0

    def ask_pin(self, token_label, tries_left, retry, message=None):
        self.asked += 1
        return "demo"


def test_sign_and_send_the_demo_declaration(main_window, qtbot):
    from eplatnik.signing.p12 import P12KeySource

    app = main_window.ctx.app
    signer = app.basedir / "demo" / "signer.p12"
    assert signer.exists()
    page = main_window.show_page("documents")
    _select_payer(page, qtbot, "KOWALSKI")
    page.period.set_period(Period(2026, 10))
    page.build_button.click()
    qtbot.waitUntil(lambda: page.selected_info() is not None and str(page.selected_info().status) == "verified",
                    timeout=15000)
    assert page.sign_button.isEnabled() and not page.send_button.isEnabled()
    prompt = _DemoPassword()
    page.sign_with(P12KeySource(signer), prompt)
    qtbot.waitUntil(lambda: str(page.selected_info().status) == "signed", timeout=15000)
    assert prompt.asked == 1 and page.send_button.isEnabled()
    page.send_set()
    qtbot.waitUntil(lambda: main_window.current_page().objectName() == "page-submissions", timeout=60000)
    set_id = page._set_id
    qtbot.waitUntil(lambda: str(app.documents.get_info(set_id).status) in ("accepted", "rejected"), timeout=60000)
    assert str(app.documents.get_info(set_id).status) == "accepted"


def test_absence_goes_into_rsa_when_the_month_is_rebuilt(main_window, qtbot, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from eplatnik.period import Period
    from eplatnik.ui.pages.insured import AbsenceDialog

    app = main_window.ctx.app
    demo_month = Period.previous_of(app.clock.today())  # the month the demo built
    techbud = app.register.find_payer("9512345675")
    person = app.register.list_insured(techbud.id)[0]
    dialog = AbsenceDialog(person, main_window)
    qtbot.addWidget(dialog)
    dialog.code.setEditText("331")
    dialog.date_from.setDate(QDate(demo_month.year, demo_month.month, 5))
    dialog.date_to.setDate(QDate(demo_month.year, demo_month.month, 9))
    dialog._accept()
    assert dialog.result() == dialog.DialogCode.Accepted
    app.documents.absences.add(dialog.absence())

    page = main_window.show_page("documents")
    _select_payer(page, qtbot, "TECHBUD")
    page.period.set_period(demo_month)
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        staticmethod(lambda *a, **k: asked.append(a) or QMessageBox.StandardButton.Yes))
    page.build_button.click()
    qtbot.waitUntil(lambda: page.selected_info() is not None and "RSA" in page.selected_info().forms,
                    timeout=15000)
    assert page.selected_info().forms == "DRA,RCA,RSA"
    assert len(asked) == 1  # the demo had already built this month's set: rebuilding it was asked first


def test_opening_a_set_at_a_block_and_field(main_window, qtbot):
    """As when a rejection's error is double-clicked on the submissions page."""
    app = main_window.ctx.app
    payer = app.register.find_payer("9512345675")
    info = app.documents.build_monthly(payer.id, Period(2026, 10))
    main_window.ctx.navigate("documents", set_id=info.id, form="RCA", block="III.B", field="p7")
    page = main_window.current_page()
    from eplatnik.ui.pages.documents import TAB_FORM

    qtbot.waitUntil(lambda: any(b.severity == "focus" for b in page.form_view.boxes), timeout=15000)
    assert page.tabs.currentIndex() == TAB_FORM
    box = next(b for b in page.form_view.boxes if b.severity == "focus")
    assert (box.property("form"), box.field.block, box.field.pole) == ("RCA", "III.B", "p7")
