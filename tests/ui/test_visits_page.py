"""The E-wizyty page offscreen: book through the steps, then "Moje e-wizyty" (join, .ics, cancel, reminder)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox

from eplatnik.settings import GATEWAY_TIMEOUT
from eplatnik.visits.client import BookingClient
from eplatnik.visits.flow import Step

WARSAW = ZoneInfo("Europe/Warsaw")


class UrlCatcher(QObject):
    """Receives URLs that QDesktopServices.openUrl would hand to the browser."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url.toString())


def _page(main_window, demo_app, booking_sandbox, qtbot):
    demo_app.gateway_url_override = booking_sandbox.url
    demo_app.visits.now = booking_sandbox.now
    page = main_window.show_page("visits")
    qtbot.waitUntil(lambda: page.client_combo.count() == 1 + 3 + 14, timeout=5000)  # payers and insured
    return page


def test_book_through_the_steps_and_manage(main_window, demo_app, booking_sandbox, booking_monday, qtbot, tmp_path):
    page = _page(main_window, demo_app, booking_sandbox, qtbot)
    payer = demo_app.register.find_payer("5261040828")
    person = next(p for p in demo_app.register.list_insured() if p.record.postal_code == "61-755")
    page.client_combo.setCurrentIndex(page.client_combo.findData(f"person:{person.id}"))
    # the form is filled from the register in the background
    qtbot.waitUntil(lambda: page.postal_edit.text() == "61-755" and page.pesel_edit.text() == person.pesel,
                    timeout=5000)
    page.client_combo.setCurrentIndex(page.client_combo.findData(f"payer:{payer.id}"))
    qtbot.waitUntil(lambda: page.postal_edit.text() == "30-001" and page.nip_edit.text() == "5261040828",
                    timeout=5000)
    page.topic_combo.setCurrentIndex(page.topic_combo.findData("raty"))
    assert "RSR" in page.checklist_label.text()
    page.next_button.click()
    assert page.flow.step == Step.UNIT and page.stack.currentIndex() == 1
    page.suggest_button.click()
    qtbot.waitUntil(lambda: page.unit_combo.count() > 1, timeout=5000)
    assert page.unit_combo.currentData().id == "zus-krakow"
    assert "nie decyzja ZUS" in page.unit_note.text()
    page.next_button.click()
    qtbot.waitUntil(lambda: page.times.count() > 0, timeout=5000)
    assert page.flow.step == Step.SLOT
    assert page.calendar.selectedDate().toPython() == booking_monday
    assert page.times.item(0).text() == "09:00"
    page.times.setCurrentRow(1)  # 09:20
    page.next_button.click()
    assert page.flow.step == Step.CONTACT and page.name_edit.text() == "Jan Kowalski"
    page.email_edit.setText("zly-adres")
    page.next_button.click()
    assert page.flow.step == Step.CONTACT and "e-mail: " in page.message_label.text()
    assert "niepoprawny" in page.email_edit.error_text(), "the refused field is marked where it is"
    page.email_edit.setText("jan.kowalski@example.pl")
    page.guardian_check.setChecked(True)
    page.guardian_edit.setText("Anna Kowalska")
    page.next_button.click()
    assert page.flow.step == Step.CONFIRM
    assert "Anna Kowalska" in page.summary_label.text() and "RSR" in page.summary_label.text()
    page.next_button.click()
    qtbot.waitUntil(lambda: "dokument tożsamości" in page.done_label.text(), timeout=10000)
    assert "dokument tożsamości" in page.done_label.text()

    qtbot.waitUntil(lambda: page.my.model.rowCount() == 1, timeout=5000)
    page.tabs.setCurrentIndex(1)
    page.my.table.selectRow(0)
    visit = page.my.selected()
    assert visit.start == datetime.combine(booking_monday, time(9, 20), tzinfo=WARSAW)
    assert not page.my.join_button.isEnabled()  # 08:00, the link opens at 09:10
    out = tmp_path / "wizyta.ics"
    page.my.save_ics(visit.id, str(out))  # written in the background
    qtbot.waitUntil(lambda: "wizyta.ics" in page.my.notice_label.text(), timeout=10000)
    assert b"BEGIN:VEVENT\r\n" in out.read_bytes()
    pdf = tmp_path / "wizyta.pdf"
    page.my.save_pdf(visit.id, str(pdf))
    qtbot.waitUntil(lambda: "wizyta.pdf" in page.my.notice_label.text(), timeout=10000)
    assert pdf.read_bytes().startswith(b"%PDF")

    booking_sandbox.advance(minutes=75)  # 09:15
    page.my.check_reminders()
    assert "09:20" in page.my.last_notice and page.my.join_button.isEnabled()
    assert page.my.model.index(0, 5).data() == "teraz — dołącz"
    page.my.search.setText("kowalski")
    assert page.my.model.rowCount() == 1
    page.my.search.setText("Nowak")
    assert page.my.model.rowCount() == 0
    page.my.search.clear()
    page.my.table.selectRow(0)
    catcher = UrlCatcher()
    QDesktopServices.setUrlHandler("https", catcher, "open")
    try:
        page.my.join_button.click()
    finally:
        QDesktopServices.unsetUrlHandler("https")
    assert catcher.urls == [visit.join_url]

    booking_sandbox.advance(minutes=10)  # 09:25 — the visit has started: no more cancelling
    page.my._update_buttons()
    assert not page.my.cancel_button.isEnabled()


def test_cancel_from_the_list_frees_the_slot(main_window, demo_app, booking_sandbox, booking_monday, person_form,
                                             qtbot, monkeypatch):
    page = _page(main_window, demo_app, booking_sandbox, qtbot)
    start = datetime.combine(booking_monday, time(11, 0), tzinfo=WARSAW)
    demo_app.visits.book(person_form(start=start))
    page.reload()
    qtbot.waitUntil(lambda: page.my.model.rowCount() == 1, timeout=5000)
    page.my.table.selectRow(0)
    assert page.my.cancel_button.isEnabled()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    page.my.cancel_button.click()
    qtbot.waitUntil(lambda: page.my.model.rowCount() == 1 and page.my.model.record(0).status.value == "cancelled",
                    timeout=5000)
    slots = demo_app.visits.slots("zus-krakow", booking_monday, 1, "raty").slots
    assert start in [s.start for s in slots]


def _to_contact_step(page, qtbot, day):
    page.topic_combo.setCurrentIndex(page.topic_combo.findData("firmy"))
    page.next_button.click()
    page.postal_edit.setText("30-001")
    page.suggest_button.click()
    qtbot.waitUntil(lambda: page.unit_combo.count() > 1, timeout=5000)
    page.next_button.click()
    qtbot.waitUntil(lambda: page.times.count() > 0, timeout=5000)
    page.calendar.setSelectedDate(page.calendar.selectedDate().fromString(day.isoformat(), "yyyy-MM-dd"))
    page.times.setCurrentRow(0)
    page.next_button.click()
    for edit, value in ((page.name_edit, "Ewa Testowa"), (page.nip_edit, "7792433421"),
                        (page.phone_edit, "512345678"), (page.email_edit, "ewa@example.pl")):
        edit.setText(value)
    page.next_button.click()
    assert page.flow.step == Step.CONFIRM


def test_taken_slot_sends_back_to_the_calendar(main_window, demo_app, booking_sandbox, booking_monday, person_form,
                                               qtbot):
    page = _page(main_window, demo_app, booking_sandbox, qtbot)
    day = booking_monday + timedelta(days=1)
    booking_sandbox.call("POST", "/booking/v1/admin/advisors",
                         {"unit_id": "zus-krakow", "day": day.isoformat(), "kind": "general", "count": 1})
    _to_contact_step(page, qtbot, day)
    taken = page.flow.request.start
    BookingClient(booking_sandbox.url).book(person_form(topic="firmy", start=taken).normalised().to_wire())
    page.next_button.click()  # Book — someone else was faster
    qtbot.waitUntil(lambda: "zajęty" in page.message_label.text(), timeout=10000)
    assert page.flow.step == Step.SLOT and page.stack.currentIndex() == 2
    assert page.times.count() > 0 and page.times.item(0).data(Qt.ItemDataRole.UserRole).start > taken
    page.next_button.click()
    page.next_button.click()  # contact data kept: straight through
    assert page.flow.step == Step.CONFIRM and page.name_edit.text() == "Ewa Testowa"
    page.next_button.click()
    qtbot.waitUntil(lambda: "dokument tożsamości" in page.done_label.text(), timeout=10000)


def test_unreachable_service_keeps_the_form_and_offers_retry(main_window, demo_app, booking_sandbox, booking_monday,
                                                             qtbot):
    page = _page(main_window, demo_app, booking_sandbox, qtbot)
    _to_contact_step(page, qtbot, booking_monday)
    booking_sandbox.call("POST", "/sandbox/faults", {"error_rate": 1.0})
    demo_app.settings.set(GATEWAY_TIMEOUT, 2.0)
    page.next_button.click()
    qtbot.waitUntil(lambda: page.next_button.text() == "Ponów", timeout=15000)
    assert page.flow.step == Step.CONFIRM and "zapisane" in page.message_label.text()
    qtbot.waitUntil(lambda: page.my.model.rowCount() == 1, timeout=5000)
    assert page.my.model.record(0).status.value == "pending" and page.my.retry_button.isEnabled()
    booking_sandbox.call("POST", "/sandbox/faults", {"error_rate": 0.0})
    page.next_button.click()
    qtbot.waitUntil(lambda: "dokument tożsamości" in page.done_label.text(), timeout=10000)
    qtbot.waitUntil(lambda: page.my.model.rowCount() == 1 and page.my.model.record(0).status.value == "booked",
                    timeout=5000)
