"""E-wizyty — book a ZUS video consultation and manage "Moje e-wizyty".

The booking tab renders ``eplatnik.visits.flow.BookingFlow`` one step per panel and asks it for
transitions; network work runs in ``Op`` (never on the UI thread). The list tab shows the
workspace's visits (kept locally, so it works offline) with cancel, .ics export and "Dołącz".
"""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtGui import QFont, QTextCharFormat
from PySide6.QtWidgets import (
    QCalendarWidget,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...errors import UserFacingError, ValidationFailed
from ...register import validation as v
from ...visits.client import ServiceUnreachable, SlotTaken
from ...visits.flow import BookingFlow, Step
from ...visits.models import Visit, VisitRequest, VisitStatus
from ...visits.slots import to_local
from ...visits.topics import TOPICS, checklist
from ...visits.units import NOT_OFFICIAL
from ..context import UiContext
from ..ops import Op
from ..widgets.validated import ValidatedLineEdit
from .base import Page
from .visits_list import MyVisitsTab

SLOT_DAYS = 28


def _label(text: str = "", wrap: bool = True) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(wrap)
    return label


class VisitsPage(Page):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self.flow = BookingFlow(self.app.visits)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading(self.tr("E-visits")))
        self.tabs = QTabWidget()
        self.tabs.tabBar().setObjectName("visitTabs")
        layout.addWidget(self.tabs, 1)
        self.tabs.addTab(self._build_booking(), self.tr("Book an e-visit"))
        self.my = MyVisitsTab(self.app)
        self.tabs.addTab(self.my, self.tr("My e-visits"))
        self.timer = QTimer(self)
        self.timer.setInterval(30_000)
        self.timer.timeout.connect(self.my.check_reminders)
        self.timer.start()
        ctx.bridge.event.connect(self._on_event)
        self._render()

    # -- booking tab: one panel per flow step -------------------------------------------------
    def _build_booking(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        self.step_label = _label()
        self.step_label.setObjectName("visitStep")
        layout.addWidget(self.step_label)
        self.stack = QStackedWidget()
        layout.addWidget(self.stack, 1)

        topic_panel = QWidget()
        form = QFormLayout(topic_panel)
        self.client_combo = QComboBox()
        self.client_combo.setObjectName("visitFor")
        form.addRow(self.tr("For"), self.client_combo)
        self.topic_combo = QComboBox()
        for topic in TOPICS:
            self.topic_combo.addItem(topic.label.render(), topic.id)
        form.addRow(self.tr("Matter (one per visit)"), self.topic_combo)
        self.checklist_label = _label()
        form.addRow(self.tr("Have at hand"), self.checklist_label)
        self.stack.addWidget(topic_panel)

        unit_panel = QWidget()
        form = QFormLayout(unit_panel)
        self.postal_edit = QLineEdit()
        self.postal_edit.setPlaceholderText("NN-NNN")
        self.suggest_button = QPushButton(self.tr("Suggest unit"))
        row = QHBoxLayout()
        row.addWidget(self.postal_edit, 1)
        row.addWidget(self.suggest_button)
        form.addRow(self.tr("Postal code"), row)
        self.unit_combo = QComboBox()
        form.addRow(self.tr("ZUS unit"), self.unit_combo)
        self.unit_note = _label(NOT_OFFICIAL.render())
        self.unit_note.setObjectName("unitNotOfficial")
        form.addRow("", self.unit_note)
        self.stack.addWidget(unit_panel)

        slot_panel = QWidget()
        row = QHBoxLayout(slot_panel)
        self.calendar = QCalendarWidget()
        self.calendar.setGridVisible(True)
        self.times = QListWidget()
        self.times.setObjectName("slotTimes")
        row.addWidget(self.calendar, 2)
        row.addWidget(self.times, 1)
        self.stack.addWidget(slot_panel)

        contact_panel = QWidget()
        form = QFormLayout(contact_panel)
        # checked as typed, and marked in red when the booking form refuses them
        self.name_edit = ValidatedLineEdit(placeholder=self.tr("the person who joins the video call"))
        self.pesel_edit = ValidatedLineEdit(lambda s: v.check_pesel(s) if s.strip() else None)
        self.nip_edit = ValidatedLineEdit(lambda s: v.check_nip(s, required=False) if s.strip() else None)
        self.phone_edit = ValidatedLineEdit(lambda s: v.check_phone(s, mobile=True) if s.strip() else None,
                                            self.tr("mobile number, e.g. 512 345 678"))
        self.email_edit = ValidatedLineEdit(lambda s: v.check_email(s) if s.strip() else None, "jan@firma.pl")
        self.note_edit = QPlainTextEdit()
        self.note_edit.setMaximumHeight(70)
        self.guardian_check = QCheckBox(self.tr("A guardian (opiekun faktyczny lub prawny) joins the call"))
        self.guardian_edit = ValidatedLineEdit()
        self.proxy_check = QCheckBox(self.tr("I book as a proxy for this payer (registered ZUS-PEL needed)"))
        self.proxy_edit = ValidatedLineEdit()
        self.proxy_edit.setText(self.app.actor)
        self.contact_fields = {"name": self.name_edit, "pesel": self.pesel_edit, "nip": self.nip_edit,
                               "phone": self.phone_edit, "email": self.email_edit, "guardian": self.guardian_edit,
                               "proxy": self.proxy_edit}
        for label, widget in ((self.tr("Name"), self.name_edit), ("PESEL", self.pesel_edit), ("NIP", self.nip_edit),
                              (self.tr("Mobile phone (SMS)"), self.phone_edit),
                              (self.tr("E-mail (link)"), self.email_edit), (self.tr("Note"), self.note_edit),
                              ("", self.guardian_check), (self.tr("Guardian"), self.guardian_edit),
                              ("", self.proxy_check), (self.tr("Proxy (accountant)"), self.proxy_edit)):
            form.addRow(label, widget)
        self.stack.addWidget(contact_panel)

        confirm_panel = QWidget()
        col = QVBoxLayout(confirm_panel)
        self.summary_label = _label()
        self.summary_label.setTextFormat(Qt.TextFormat.PlainText)
        col.addWidget(self.summary_label)
        col.addStretch(1)
        self.stack.addWidget(confirm_panel)

        done_panel = QWidget()
        col = QVBoxLayout(done_panel)
        self.done_label = _label()
        self.done_label.setObjectName("confirmationText")
        col.addWidget(self.done_label)
        col.addStretch(1)
        self.stack.addWidget(done_panel)

        self.message_label = _label()
        self.message_label.setObjectName("visitMessage")
        self.message_label.setStyleSheet("color: #b00020;")
        layout.addWidget(self.message_label)
        buttons = QHBoxLayout()
        self.back_button = QPushButton(self.tr("Back"))
        self.next_button = QPushButton(self.tr("Next"))
        self.next_button.setObjectName("visitNext")
        self.new_button = QPushButton(self.tr("Book another"))
        buttons.addStretch(1)
        for button in (self.back_button, self.next_button, self.new_button):
            buttons.addWidget(button)
        layout.addLayout(buttons)

        self.topic_combo.currentIndexChanged.connect(lambda _: self._show_checklist())
        self.client_combo.currentIndexChanged.connect(lambda _: self._prefill())
        self.suggest_button.clicked.connect(self.suggest_units)
        self.postal_edit.returnPressed.connect(self.suggest_units)
        self.calendar.selectionChanged.connect(self._show_times)
        self.times.itemDoubleClicked.connect(lambda _: self.next_step())
        self.back_button.clicked.connect(self.back_step)
        self.next_button.clicked.connect(self.next_step)
        self.new_button.clicked.connect(self.restart)
        self._show_checklist()
        return tab

    def _render(self) -> None:
        step = self.flow.step
        self.stack.setCurrentIndex(int(step) - 1)
        names = {Step.TOPIC: self.tr("Step 1 of 5: the matter"), Step.UNIT: self.tr("Step 2 of 5: the ZUS unit"),
                 Step.SLOT: self.tr("Step 3 of 5: a free slot"), Step.CONTACT: self.tr("Step 4 of 5: contact details"),
                 Step.CONFIRM: self.tr("Step 5 of 5: check and book"), Step.DONE: self.tr("Booked")}
        self.step_label.setText(names[step])
        self.back_button.setEnabled(Step.TOPIC < step < Step.DONE)
        self.next_button.setVisible(step != Step.DONE)
        self.new_button.setVisible(step == Step.DONE)
        pending = self.flow.visit is not None and self.flow.visit.status == VisitStatus.PENDING
        self.next_button.setText(self.tr("Retry") if pending and step == Step.CONFIRM
                                 else self.tr("Book") if step == Step.CONFIRM else self.tr("Next"))
        self.message_label.setText(self.flow.message.render() if self.flow.message else "")
        if step == Step.CONFIRM:
            lines = [f"{label.render()}: {value}" for label, value in self.flow.summary()]
            items = checklist(self.flow.request.topic, proxy=bool(self.flow.request.proxy))
            lines += ["", self.tr("Have at hand:"), *[f"• {item.render()}" for item in items]]
            if getattr(self, "attachment", "") and self.flow.request.topic in ("raty", "odroczenie"):
                lines.append("• " + self.tr("Application draft prepared from the account: {link}").format(
                    link=self.attachment))
            self.summary_label.setText("\n".join(lines))
        if step == Step.SLOT:
            self._mark_calendar()

    def _show_checklist(self) -> None:
        topic = self.topic_combo.currentData()
        lines = [f"• {i.render()}" for i in checklist(topic)]
        attachment = getattr(self, "attachment", "")
        if attachment and topic in ("raty", "odroczenie"):
            from html import escape

            from PySide6.QtCore import QUrl

            url = QUrl.fromLocalFile(attachment).toString()
            link = self.tr("Application draft prepared from the account: {link}").format(
                link=f'<a href="{escape(url)}">{escape(attachment)}</a>')
            self.checklist_label.setTextFormat(Qt.TextFormat.RichText)
            self.checklist_label.setOpenExternalLinks(True)
            self.checklist_label.setText("<br>".join([escape(x) for x in lines] + [f"• {link}"]))
            return
        self.checklist_label.setTextFormat(Qt.TextFormat.PlainText)
        self.checklist_label.setText("\n".join(lines))

    def _error(self, exc: UserFacingError) -> None:
        self.message_label.setText(exc.render())

    # -- transitions --------------------------------------------------------------------------
    def next_step(self) -> None:
        self.message_label.clear()
        step = self.flow.step
        try:
            if step == Step.TOPIC:
                self.flow.choose_topic(self.topic_combo.currentData())
                if self.postal_edit.text().strip() and self.unit_combo.count() == 0:
                    self.suggest_units()  # pre-filled from the register: suggest at once
            elif step == Step.UNIT:
                unit = self.unit_combo.currentData()
                if unit is None:
                    self.suggest_units()
                    return
                self.flow.choose_unit(unit)
                self.load_slots()
            elif step == Step.SLOT:
                item = self.times.currentItem()
                if item is None:
                    self.message_label.setText(self.tr("Pick a time on the right."))
                    return
                self.flow.choose_slot(item.data(Qt.ItemDataRole.UserRole))
            elif step == Step.CONTACT:
                payer_id = self._payer_id()
                self.flow.set_contact(
                    name=self.name_edit.text(), pesel=self.pesel_edit.text(), nip=self.nip_edit.text(),
                    phone=self.phone_edit.text(), email=self.email_edit.text(),
                    note=self.note_edit.toPlainText(),
                    guardian=self.guardian_edit.text() if self.guardian_check.isChecked() else "",
                    payer_id=payer_id, proxy=self.proxy_edit.text() if self.proxy_check.isChecked() else "")
            elif step == Step.CONFIRM:
                self.confirm()
                return
        except ValidationFailed as exc:
            self._mark_fields(exc)
            self._error(exc)
            return
        except UserFacingError as exc:
            self._error(exc)
            return
        self._render()

    def _mark_fields(self, exc: ValidationFailed) -> None:
        """Each refused field red with its message under it; the first of them gets the keyboard."""
        first = None
        for error in exc.errors:
            field = self.contact_fields.get(error.field)
            if field is not None:
                field.set_external_error(error.render())
                first = first or field
        if first is not None:
            first.edit.setFocus()

    def back_step(self) -> None:
        self.flow.back()
        self._render()

    def restart(self) -> None:
        keep = self.flow.request
        self.flow = BookingFlow(self.app.visits, request=VisitRequest(
            name=keep.name, pesel=keep.pesel, nip=keep.nip, phone=keep.phone, email=keep.email,
            postal_code=keep.postal_code, payer_id=keep.payer_id))
        self.times.clear()
        self._render()

    def suggest_units(self) -> None:
        code = self.postal_edit.text()
        flow = self.flow

        def done(_: object) -> None:
            self.unit_combo.clear()
            ordered = flow.suggested + [u for u in flow.all_units if u not in flow.suggested]
            for unit in ordered:
                mark = self.tr(" (suggested)") if unit in flow.suggested else ""
                self.unit_combo.addItem(unit.name + mark, unit)
            if not flow.suggested:
                self.message_label.setText(self.tr("No unit is known for this postal code: pick the one "
                                                   "e-wizyta.zus.pl or PUE shows."))
            if self.app.visits.units_warning is not None:
                self.message_label.setText(self.app.visits.units_warning.render())
            if not flow.units_online:
                self.message_label.setText(self.tr("No connection to the booking service; the list comes from "
                                                   "the program's file."))

        Op(self, lambda: flow.lookup_units(code)).success(done).failure(self._error).run()

    def load_slots(self) -> None:
        flow = self.flow
        first = to_local(self.app.visits.now()).date()
        self.times.clear()
        Op(self, lambda: flow.load_slots(first, SLOT_DAYS)).success(lambda _: self._render()).failure(
            self._error).run()

    def _mark_calendar(self) -> None:
        self.calendar.setDateTextFormat(QDate(), QTextCharFormat())  # clear all marks
        bold = QTextCharFormat()
        bold.setFontWeight(QFont.Weight.Bold)
        bold.setForeground(Qt.GlobalColor.darkGreen)
        days = sorted({to_local(s.start).date() for s in self.flow.slots})
        for day in days:
            self.calendar.setDateTextFormat(QDate(day.year, day.month, day.day), bold)
        if days:
            self.calendar.setSelectedDate(QDate(days[0].year, days[0].month, days[0].day))
        self._show_times()

    def _show_times(self) -> None:
        picked = self.calendar.selectedDate().toPython()
        self.times.clear()
        for slot in self.flow.slots:
            if to_local(slot.start).date() == picked:
                item = QListWidgetItem(to_local(slot.start).strftime("%H:%M"))
                item.setData(Qt.ItemDataRole.UserRole, slot)
                self.times.addItem(item)
        if self.times.count():
            self.times.setCurrentRow(0)

    def confirm(self) -> None:
        flow = self.flow

        def done(visit: Visit) -> None:
            self.done_label.setText(self.app.visits.confirmation(visit).render())
            self._render()
            self.reload()

        def failed(exc: UserFacingError) -> None:
            self._render()  # a taken slot moves the flow back to the slots, with the next free ones
            if not isinstance(exc, SlotTaken | ServiceUnreachable):
                self._error(exc)
            self.reload()

        self.next_button.setEnabled(False)  # one booking at a time; the flow belongs to the worker now
        self.back_button.setEnabled(False)
        Op(self, flow.confirm).success(done).failure(failed).finally_(
            lambda: self.next_button.setEnabled(True)).with_progress(self.tr("Booking…")).run()

    def _payer_id(self) -> int | None:
        client = self.client_combo.currentData()
        return int(client.split(":")[1]) if client and client.startswith("payer:") else None

    def _prefill(self) -> None:
        client = self.client_combo.currentData()
        if client is None:
            self.proxy_check.setChecked(False)
            return
        kind, key = client.split(":")
        visits = self.app.visits
        if kind == "payer":
            fn = lambda: visits.request_for_payer(int(key))  # noqa: E731
        else:
            self.proxy_check.setChecked(False)
            fn = lambda: visits.request_for_person(int(key))  # noqa: E731

        def fill(req) -> None:
            for edit, value in ((self.name_edit, req.name), (self.pesel_edit, req.pesel), (self.nip_edit, req.nip),
                                (self.phone_edit, req.phone), (self.email_edit, req.email),
                                (self.postal_edit, req.postal_code)):
                edit.setText(value)

        Op(self, fn).success(fill).run()

    def reload(self) -> None:
        self.my.reload()

    def activate(self, **kwargs: object) -> None:
        self.reload()
        self._load_clients(select=kwargs.get("payer_id"))
        if kwargs.get("topic"):
            self.prefill_relief(str(kwargs["topic"]), str(kwargs.get("note") or ""),
                                str(kwargs.get("attachment") or ""))
        # quietly bring statuses up to date; offline the local list stays as it is
        Op(self, self.app.visits.sync).success(lambda n: self.reload() if n else None).failure(
            lambda _exc: None).run()

    def prefill_relief(self, topic: str, note: str, attachment: str) -> None:
        """From the account: the relief topic, the account's summary as the note, the draft in the checklist."""
        if self.flow.step != Step.TOPIC:
            self.restart()
        index = self.topic_combo.findData(topic)
        if index >= 0:
            self.topic_combo.setCurrentIndex(index)
        self.note_edit.setPlainText(note)
        self.attachment = attachment
        self._show_checklist()

    def _load_clients(self, select: object = None) -> None:
        reg = self.app.register

        def done(result: tuple[list, list]) -> None:
            payers, people = result
            current = self.client_combo.currentData()
            self.client_combo.blockSignals(True)
            self.client_combo.clear()
            self.client_combo.addItem(self.tr("a private person (enter the data)"), None)
            for payer in payers:
                self.client_combo.addItem(f"{payer.short_name} ({payer.nip})", f"payer:{payer.id}")
            for person in people:
                self.client_combo.addItem(self.tr("{name} (insured person, PESEL {pesel})").format(
                    name=person.record.full_name, pesel=person.pesel or "—"), f"person:{person.id}")
            index = self.client_combo.findData(f"payer:{select}" if select else current)
            self.client_combo.setCurrentIndex(max(0, index))
            self.client_combo.blockSignals(False)
            if select:
                self._prefill()

        Op(self, lambda: (reg.list_payers(), reg.list_insured())).success(done).run()

    def _on_event(self, topic: str, payload: dict) -> None:
        if topic == "visits.changed" and self.isVisible():
            self.reload()


def create_page(ctx: UiContext) -> Page:
    return VisitsPage(ctx)

