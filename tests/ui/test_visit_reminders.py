"""A booked e-visit starting within the hour is announced while the program is open, on any page."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo


def test_reminder_for_a_visit_within_the_hour(qtbot, visits_app, booking_sandbox, booking_monday, person_form,
                                              polish_translations):
    from eplatnik.ui.application import build_window

    warsaw = ZoneInfo("Europe/Warsaw")
    start = datetime.combine(booking_monday, datetime.min.time(), tzinfo=warsaw).replace(hour=9, minute=20)
    later = start + timedelta(hours=3)
    visits_app.visits.book(person_form(start=start, name="Pilna Wizyta"))
    visits_app.visits.book(person_form(start=later, name="Późniejsza Wizyta"))
    window = build_window(visits_app)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.visit_reminders is not None, timeout=5000)
    reminders = window.visit_reminders
    booking_sandbox.freeze(start - timedelta(minutes=50))  # the program's clock follows the sandbox's
    reminders.check()  # 08:30 now: the 09:20 visit is within the hour, the 12:20 one is not
    qtbot.waitUntil(lambda: len(reminders.messages) == 1, timeout=10000)
    assert "09:20" in reminders.messages[0] and "Pilna Wizyta" in reminders.messages[0]
    assert "dokument tożsamości" in reminders.messages[0]
    reminders.check()  # announced once only
    qtbot.wait(300)
    assert len(reminders.messages) == 1
    window.close()
