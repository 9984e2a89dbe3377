"""Dokumenty — declaration sets: build the month in one action, edit fields, verify live, export,
import, print; registration documents are created from the Ubezpieczeni page."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...formatting import local_time, money, period_text
from ...forms.history import describe_note
from ...period import Period
from ...states import state_label
from ..context import UiContext
from ..ops import Op, show_notice
from ..table import Column, RecordRole, RecordTableModel, make_table, show_records
from ..widgets.action_bar import ActionBar
from ..widgets.month_picker import MonthPicker
from . import documents_files
from .base import Page
from .documents_holds import SetHolds

TAB_FORM, TAB_FIELDS, TAB_VERIFICATION, TAB_HISTORY = range(4)
STATUS_COLOURS = {"draft": "#fff8e1", "verified": "#e8f5e9", "signed": "#e3f2fd", "queued": "#e3f2fd",
                  "sent": "#ede7f6", "accepted": "#c8e6c9", "rejected": "#ffcdd2"}


class DocumentsPage(Page):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self._set_id: int | None = None
        self._reloading = False
        self._focus: dict | None = None
        self._pending_action: str | None = None
        self._findings: list = []
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading(self.tr("Documents")))

        filters = QHBoxLayout()
        self.payer = QComboBox()
        self.payer.setObjectName("documentsPayer")
        self.payer.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.payer.setMinimumContentsLength(24)
        self.payer.setMaximumWidth(420)
        self.period = MonthPicker(allow_all=True)
        self.period.setObjectName("documentsPeriod")
        self.period.setToolTip(self.tr("Shows the sets of this period; a new monthly set is built for it"))
        filters.addWidget(QLabel(self.tr("Payer:")))
        filters.addWidget(self.payer, 1)
        filters.addWidget(QLabel(self.tr("Period:")))
        filters.addWidget(self.period)
        filters.addStretch(1)
        layout.addLayout(filters)

        # the most used first: what does not fit the window folds into "More ▾"
        self.actions = ActionBar()
        self.actions.setObjectName("documentsActions")
        self.build_button = QPushButton(self.tr("Build monthly set"))
        self.build_button.setObjectName("buildSet")
        self.verify_button = QPushButton(self.tr("Verify"))
        self.correction_button = QPushButton(self.tr("Correction…"))
        self.export_button = QPushButton(self.tr("Export KEDU"))
        self.export_button.setObjectName("exportSet")
        export_menu = QMenu(self.export_button)
        self.export_kedu_action = export_menu.addAction(self.tr("KEDU 5.7 file, as stored…"))
        self.export_kedu_action.triggered.connect(self.export_set)
        self.export_handoff_action = export_menu.addAction(self.tr("For ePłatnik / Płatnik…"))
        self.export_handoff_action.triggered.connect(self.export_for_handoff)
        self.export_button.setMenu(export_menu)
        self.import_button = QPushButton(self.tr("Import KEDU…"))
        self.pdf_button = QPushButton(self.tr("Print to PDF…"))
        self.sign_button = QPushButton(self.tr("Sign…"))
        self.sign_button.setObjectName("signSet")
        self.send_button = QPushButton(self.tr("Send to ZUS"))
        self.send_button.setObjectName("sendSet")
        for b in (self.build_button, self.verify_button, self.sign_button, self.send_button,
                  self.correction_button, self.pdf_button, self.export_button, self.import_button):
            self.actions.add(b)
        layout.addWidget(self.actions)
        self.message = QLabel()
        self.message.setObjectName("documentsMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b71c1c;")
        self.message.hide()
        layout.addWidget(self.message)

        self.holds = SetHolds(self)  # "Edytuje: A. Nowak (biuro-3) od 10:42": another desk has this set open
        self.sets_model = RecordTableModel([
            Column(self.tr("Period"), lambda s: period_text(s.period, blank="—"), sort_key=lambda s: s.period),
            self.holds.column(self.tr("In use")),
            Column(self.tr("Payer"), lambda s: s.payer_name),
            Column(self.tr("Documents"), lambda s: s.forms.replace(",", ", ")),
            Column(self.tr("No."), lambda s: self.number_text(s),
                   foreground=lambda s: "#b71c1c" if s.correction_of else None),
            Column(self.tr("Status"), lambda s: state_label(str(s.status)),
                   background=lambda s: STATUS_COLOURS.get(str(s.status))),
            Column(self.tr("To pay"), lambda s: money(s.to_pay), sort_key=lambda s: s.to_pay, align_right=True),
            Column(self.tr("Correction of"), lambda s: self.tr("correction of set no. {id}").format(
                id=s.correction_of) if s.correction_of else "",
                foreground=lambda s: "#b71c1c" if s.correction_of else None),
        ], haystack=lambda s: f"{s.payer_name} {s.payer_nip} {s.period} {s.forms}", key=lambda s: s.id)
        self.sets_table = make_table(self.sets_model)
        self.sets_table.setObjectName("setsTable")
        self.holds.mark_rows(self.sets_table)
        self.sets_table.setMinimumWidth(240)

        # the value right after the field's name: on a narrow screen it must not scroll out of sight
        self.outline_model = RecordTableModel([
            Column(self.tr("Block/field"), lambda r: r.location),
            Column(self.tr("Field"), lambda r: r.label.render()),
            Column(self.tr("Value"), lambda r: r.value, align_right=True,
                   background=lambda r: self._finding_colour(r),
                   tooltip=lambda r: self._finding_tip(r)),
            Column(self.tr("Document"), lambda r: f"ZUS {r.form}"),
            Column(self.tr("Person"), lambda r: r.person),
            Column(self.tr("Block no."), lambda r: r.block_id or ""),
        ], haystack=lambda r: f"{r.form} {r.location} {r.person} {r.label.render()} {r.value}",
            key=lambda r: (r.form, r.block, r.pole, r.block_id, r.attr))
        self.outline_table = make_table(self.outline_model)
        self.outline_table.setObjectName("outlineTable")
        self.outline_search = QLineEdit()
        self.outline_search.setPlaceholderText(self.tr("Filter fields (name, block, person, value)…"))
        self.outline_search.setClearButtonEnabled(True)
        outline_box = QWidget()
        ob = QVBoxLayout(outline_box)
        ob.setContentsMargins(0, 0, 0, 0)
        ob.addWidget(self.outline_search)
        ob.addWidget(self.outline_table, 1)
        hint = QLabel(self.tr("Double-click a value to change it. The set is verified again after every change."))
        hint.setWordWrap(True)
        ob.addWidget(hint)

        self.findings_model = RecordTableModel([
            Column(self.tr("Severity"), lambda f: self.tr("error") if f["severity"] == "error" else self.tr("warning"),
                   background=lambda f: "#ffcdd2" if f["severity"] == "error" else "#fff3e0"),
            Column(self.tr("Rule"), lambda f: f["rule"]),
            Column(self.tr("Where"), lambda f: self._where(f)),
            Column(self.tr("What is wrong"), self._message),
        ], key=lambda f: (f["rule"], f.get("document"), f.get("block"), f.get("block_index"), f.get("field")))
        self.findings_table = make_table(self.findings_model)
        self.findings_table.setObjectName("findingsTable")
        self.history_model = RecordTableModel([
            Column(self.tr("When"), lambda h: local_time(h["at"]), sort_key=lambda h: h["at"]),
            Column(self.tr("From"), lambda h: state_label(h["from_status"])),
            Column(self.tr("To"), lambda h: state_label(h["to_status"])),
            Column(self.tr("Who"), lambda h: h["actor"]),
            Column(self.tr("Note"), lambda h: describe_note(h["note"])),
        ], key=lambda h: (h["at"], h["from_status"], h["to_status"]))
        self.history_table = make_table(self.history_model)

        from ..widgets.form_view import FormView

        self.form_view = FormView()
        self.form_view.setObjectName("formView")
        self.form_view.edit_requested.connect(self._form_edit)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.form_view, self.tr("Form"))
        self.tabs.addTab(outline_box, self.tr("KEDU fields"))
        self.tabs.addTab(self.findings_table, self.tr("Verification"))
        self.tabs.addTab(self.history_table, self.tr("History"))
        self.summary = QLabel()
        self.summary.setObjectName("setSummary")
        self.summary.setWordWrap(True)
        self.params_badge = QLabel()  # the set was computed with draft/forecast figures
        self.params_badge.setObjectName("paramsBadge")
        self.params_badge.setWordWrap(True)
        self.params_badge.setStyleSheet("background: #fff3e0; color: #8a4b00; border: 1px solid #ffb74d; "
                                        "border-radius: 3px; padding: 3px;")
        self.params_badge.hide()
        right = QWidget()
        right.setMinimumWidth(320)
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.summary)
        rl.addWidget(self.holds.label)
        rl.addWidget(self.params_badge)
        rl.addWidget(self.tabs, 1)
        self.splitter = QSplitter()
        self.splitter.setObjectName("documentsSplitter")
        self.splitter.addWidget(self.sets_table)
        self.splitter.addWidget(right)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        layout.addWidget(self.splitter, 1)

        self.payer.currentIndexChanged.connect(lambda _: (self._update_buttons(), self.reload_sets()))
        self.period.period_changed.connect(lambda _p: (self._update_buttons(), self.reload_sets()))
        self.build_button.clicked.connect(self.build_set)
        self.verify_button.clicked.connect(self.verify_set)
        self.correction_button.clicked.connect(self.make_correction)
        self.import_button.clicked.connect(self.import_file)
        self.pdf_button.clicked.connect(self.print_pdf)
        self.sign_button.clicked.connect(self.sign_set)
        self.send_button.clicked.connect(self.send_set)
        self.sets_table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        self.outline_search.textChanged.connect(self.outline_model.set_query)
        self.outline_table.doubleClicked.connect(self.edit_value)
        self.findings_table.doubleClicked.connect(self.show_finding)
        ctx.bridge.event.connect(self._on_event)
        self._offer_periods()
        self._update_buttons()

    def _offer_periods(self) -> None:
        due = Period.previous_of(self.app.clock.today())  # the period whose documents are due now
        self.period.set_range(due.next(), Period(due.year - 2, due.month))

    def say(self, text: str) -> None:
        """A line under the actions: what just happened and was not an error box (e.g. a cancel)."""
        self.message.setText(text)
        self.message.setVisible(bool(text))

    # -- texts ------------------------------------------------------------------------------------
    @staticmethod
    def status_text(status: str) -> str:
        """The state's name in the program's one vocabulary (states.py)."""
        return state_label(status)

    def number_text(self, info) -> str:
        return self.tr("{number} (correction)").format(number=info.number) if info.correction_of else info.number

    def _message(self, f: dict) -> str:
        return f.get(f"message_{self.app.language}") or f.get("message", "")

    def _where(self, f: dict) -> str:
        parts = [f"ZUS {f['document']}" if f.get("document") not in (None, "", "SET") else self.tr("set")]
        if f.get("block"):
            parts.append(self.tr("block {b}").format(b=f["block"]))
        if f.get("block_index") is not None:
            parts.append(self.tr("block no. {n}").format(n=f["block_index"]))
        if f.get("field"):
            parts.append(self.tr("field {p}").format(p=f["field"]))
        return ", ".join(parts)

    def _matching(self, row) -> list[dict]:
        return [f for f in self._findings if f.get("document") == row.form and f.get("block") == row.block
                and f.get("field") == row.pole and (f.get("block_index") in (None, row.block_id))]

    def _finding_colour(self, row) -> str | None:
        found = self._matching(row)
        if not found:
            return None
        return "#ffcdd2" if any(f["severity"] == "error" for f in found) else "#fff3e0"

    def _finding_tip(self, row) -> str | None:
        found = self._matching(row)
        return "\n".join(f"[{f['rule']}] {self._message(f)}" for f in found) or None

    # -- loading ----------------------------------------------------------------------------------
    def activate(self, **kwargs: object) -> None:
        """``set_id``/``payer_id``/``period`` choose what is shown; ``action`` (a next step from the
        dashboard: build, verify, fix, sign, send, correct) is then started on it; ``form``/``block``/
        ``field`` open the set at a field (e.g. a rejection's error)."""
        if "set_id" in kwargs and kwargs["set_id"] is not None:
            self._set_id = int(kwargs["set_id"])  # type: ignore[arg-type]
        if kwargs.get("period") or kwargs.get("set_id") is not None:
            # the period asked for; a set asked for by id alone is shown whatever its period
            self.period.blockSignals(True)
            self.period.set_period(Period.parse(str(kwargs["period"])) if kwargs.get("period") else None)
            self.period.blockSignals(False)
        self._pending_action = str(kwargs["action"]) if kwargs.get("action") else None
        if kwargs.get("form"):  # e.g. a rejection's error: open the set at that block and field
            self._focus = {"document": kwargs.get("form"), "block": kwargs.get("block", ""),
                           "field": kwargs.get("field", ""), "block_index": kwargs.get("block_index")}
        wanted = kwargs.get("payer_id")
        Op(self, self.app.register.list_payers).success(lambda payers: self._payers_loaded(payers, wanted)).run()

    def _payers_loaded(self, payers, wanted) -> None:
        current = wanted or self.payer.currentData()
        self.payer.blockSignals(True)
        self.payer.clear()
        self.payer.addItem(self.tr("— all payers —"), None)
        for p in payers:
            self.payer.addItem(f"{p.short_name} ({p.nip})", p.id)
        index = self.payer.findData(current) if current is not None else 0
        self.payer.setCurrentIndex(max(index, 0))
        self.payer.blockSignals(False)
        self.reload_sets()

    def period_value(self) -> Period:
        """The period a new monthly set is built for: the one picked, or the one due now."""
        return self.period.period() or Period.previous_of(self.app.clock.today())

    def reload_sets(self) -> None:
        payer_id, period = self.payer.currentData(), self.period.period()
        docs = self.app.documents
        Op(self, lambda: docs.list_sets(payer_id=payer_id, period=period)).success(
            lambda sets: self._sets_loaded(sets, (payer_id, period))).run()

    def _sets_loaded(self, sets, shown_for=None) -> None:
        wanted = self._set_id  # a new list (another payer or period) has no selection; keep what was chosen
        self._reloading = True
        try:
            # the same list again (another seat's change): in place — selection, scroll, sorting kept
            show_records(self.sets_table, list(reversed(sets)), context=shown_for)
        finally:
            self._reloading = False
        self._set_id = wanted
        row = self.sets_model.row_of(wanted) if wanted is not None else None
        if row is not None:
            if self.selected_info() is None or self.selected_info().id != wanted:
                self._reloading = True
                self.sets_table.selectRow(row)
                self._reloading = False
            self.load_set(wanted)
        self._update_buttons()
        self.holds.refresh()
        if self._pending_action == "build":
            self._pending_action = None
            self.build_set()

    def selected_info(self):
        rows = self.sets_table.selectionModel().selectedRows()
        return rows[0].data(RecordRole) if rows else None

    def _selection_changed(self) -> None:
        if self._reloading:
            return
        info = self.selected_info()
        self._set_id = info.id if info else None
        self.say("")  # a note about the previous set (e.g. a cancelled signing) no longer applies
        if info is None:
            self.params_badge.hide()
        self.holds.show_for(info)
        self._update_buttons()
        if info is not None:
            self.load_set(info.id)

    def load_set(self, set_id: int) -> None:
        from ...forms.outline import outline

        docs = self.app.documents

        def work():
            from ...forms.form_layout import form_pages

            info = docs.get_info(set_id)
            ds = docs.get_set(set_id)
            corrected = docs.get_info(info.correction_of).number if info.correction_of else ""
            return (info, outline(ds), docs.stored_findings(set_id), docs.transitions(set_id),
                    form_pages(ds, corrected_number=corrected))

        Op(self, work).success(self._set_loaded).run()

    def _set_loaded(self, result) -> None:
        info, rows, findings, history, pages = result
        if info.id != self._set_id:
            return
        self._findings = findings
        self.form_view.show_pages(pages, findings, key=info.id)
        # the same set again (another seat changed it): the field lists stay where the person was
        show_records(self.outline_table, rows, context=info.id)
        show_records(self.findings_table, findings, context=info.id)
        show_records(self.history_table, history, context=info.id)
        errors = sum(1 for f in findings if f["severity"] == "error")
        warnings = len(findings) - errors
        verified = self.tr("not verified yet") if not info.verified_at else ", ".join((
            self.tr("%n errors", "%n error", errors), self.tr("%n warnings", "%n warning", warnings)))
        if info.kind == "monthly":
            text = self.tr("{payer} — {period}, declaration {number}: {status}; verification: {ver}; "
                           "to pay {amount} zł").format(
                payer=info.payer_name, period=period_text(info.period, blank="—"), number=info.number,
                status=self.status_text(str(info.status)), ver=verified, amount=money(info.to_pay))
        else:  # a registration document: nothing to pay
            text = self.tr("{payer} — {forms}: {status}; verification: {ver}").format(
                payer=info.payer_name, forms=info.forms.replace(",", ", "), status=self.status_text(str(info.status)),
                ver=verified)
        if info.correction_of:
            text = self.tr("CORRECTION of set no. {id}. {text}").format(id=info.correction_of, text=text)
        self.summary.setText(text)
        self.tabs.setTabText(TAB_VERIFICATION, self.tr("Verification ({n})").format(n=len(findings)))
        self._show_params_badge(info)
        self.holds.show_for(info)
        if self._focus is not None:
            focus, self._focus = self._focus, None
            self.focus_field(focus)
        self._update_buttons(info)
        if self._pending_action is not None:
            action, self._pending_action = self._pending_action, None
            self._run_action(action, findings)

    def _run_action(self, action: str, findings: list[dict]) -> None:
        """A next step asked for from the dashboard, on the set just shown."""
        if action == "fix":
            self.tabs.setCurrentIndex(TAB_FORM)
            errors = [f for f in findings if f.get("severity") == "error"] or findings
            if errors:
                self.focus_field(errors[0])
        elif action == "verify":
            self.verify_set()
        elif action == "sign":
            self.sign_set()
        elif action == "send":
            self.send_set()
        elif action == "correct":
            self.make_correction()

    def _show_params_badge(self, info) -> None:
        from ...params.labels import stored_describe

        if not info.params_note:
            self.params_badge.hide()
            return
        self.params_badge.setText(self.tr("⚠ Computed with figures that are not final yet: {figures}. The amounts may "
                                          "change when they are published — then install the new parameters "
                                          "(Settings) and build the set again.").format(
            figures=stored_describe(info.params_note).render()))
        self.params_badge.setToolTip("\n".join(f"{i['figure']} ({i['from']}): {i['value']} — {i['source']}"
                                                for i in info.params_note))
        self.params_badge.show()

    def _update_buttons(self, info=None) -> None:
        info = info or self.selected_info()
        has_payer = self.payer.currentData() is not None
        self.build_button.setEnabled(has_payer)
        self.build_button.setText(self.tr("Build the set for {period}").format(
            period=period_text(self.period_value())))
        self.build_button.setToolTip(self.tr("Choose a payer first") if not has_payer else "")
        self.verify_button.setEnabled(info is not None and info.can_verify)
        self.correction_button.setEnabled(info is not None and info.kind == "monthly")
        self.export_button.setEnabled(info is not None)
        self.pdf_button.setEnabled(info is not None)
        held = self.holds.held(info)
        self.sign_button.setEnabled(info is not None and info.can_sign and held is None)
        self.sign_button.setToolTip(held.text(self.app.language) if held is not None else "")
        self.send_button.setEnabled(info is not None and info.can_send)

    def _on_event(self, topic: str, payload: dict) -> None:
        if topic == "documents.changed" and self.isVisible():
            self.reload_sets()
        elif topic == "holds.changed" and self.isVisible():
            self.holds.refresh()

    # -- actions ----------------------------------------------------------------------------------
    def build_set(self) -> None:
        payer_id = self.payer.currentData()
        if payer_id is None:
            return
        period = self.period_value()
        docs = self.app.documents
        Op(self, lambda: docs.latest_monthly(payer_id, period)).success(
            lambda existing: self._build_after_check(payer_id, period, existing)).run()

    def _build_after_check(self, payer_id: int, period: Period, existing) -> None:
        rebuild = False
        if existing is not None:
            if not existing.can_edit:
                self._after_change(existing.id)  # signed or sent: show it; changes go through a correction
                return
            answer = QMessageBox.question(self, self.tr("Build monthly set"), self.tr(
                "A set for {period} already exists ({status}). Build it again from the register (absences "
                "included)? Changes made by hand in that set are replaced.").format(
                period=period_text(period), status=self.status_text(str(existing.status))))
            if answer != QMessageBox.StandardButton.Yes:
                self._after_change(existing.id)
                return
            rebuild = True
        docs = self.app.documents

        def work():
            from ...forms import workflow

            return workflow.build_monthly(docs, payer_id, period, rebuild=rebuild).info

        Op(self, work).success(lambda info: self._after_change(info.id)).with_progress(
            self.tr("Building and verifying the set…")).run()

    def verify_set(self) -> None:
        info = self.selected_info()
        if info is None:
            return
        docs = self.app.documents
        Op(self, lambda: docs.verify(info.id)).success(lambda _o: self._after_change(info.id)).with_progress(
            self.tr("Verifying…")).run()

    def _after_change(self, set_id: int) -> None:
        self._set_id = set_id
        self.reload_sets()
        self.load_set(set_id)

    def make_correction(self) -> None:
        info = self.selected_info()
        if info is None:
            return
        answer = QMessageBox.question(self, self.tr("Correction"), self.tr(
            "Create a correction of declaration {number} for {period}? The new set gets the next number and "
            "references the corrected one; the original stays unchanged.").format(
            number=info.number, period=info.period))
        if answer != QMessageBox.StandardButton.Yes:
            return
        docs = self.app.documents

        def work():
            from ...forms import workflow

            return workflow.build_correction(docs, info.id).info

        Op(self, work).success(lambda new: self._after_change(new.id)).run()

    def edit_value(self, index) -> None:
        row = index.data(RecordRole)
        info = self.selected_info()
        if row is None or info is None:
            return
        if row.edit_address is None:
            QMessageBox.information(self, self.tr("Field"), self.tr("This field is computed or composite and "
                                                                     "cannot be edited here."))
            return
        if not self._confirm_change(info):
            return

        def ask(hold) -> None:  # this desk holds the set while the field editor is open
            value, ok = QInputDialog.getText(self, self.tr("Change field"), self.tr(
                "ZUS {form}, block {block}, field {pole} — {label}:").format(
                form=row.form, block=row.block, pole=row.pole, label=row.label.render()), text=row.value)
            if not ok or value == row.value:
                self.holds.release(hold)
                return
            self._apply_edit(info, row.form, row.edit_address, value, row.block_id, hold)

        self.holds.take(info.id, "edit", ask)

    def _confirm_change(self, info) -> bool:
        if info.can_edit:
            return True
        warn = self.tr("The set is {status}; a change creates a new draft (or a correction) and leaves the "
                       "signed or sent document as it is. Continue?").format(status=self.status_text(str(info.status)))
        return QMessageBox.question(self, self.tr("Change"), warn) == QMessageBox.StandardButton.Yes

    def _form_edit(self, form: str, field, value: str) -> None:
        """A value typed into the form view: the same core edit and re-verification as the field list."""
        info = self.selected_info()
        if info is None or field.edit is None:
            return
        if not self._confirm_change(info):
            self.load_set(info.id)  # show the stored value again
            return
        self.holds.take(info.id, "edit", lambda hold: self._apply_edit(info, form, field.edit, value, field.block_id,
                                                                      hold),
                        refused=lambda: self.load_set(info.id))

    def _apply_edit(self, info, form: str, address: str, value: str, block_id: int | None, hold=None) -> None:
        docs = self.app.documents

        def work():
            from ...forms import workflow

            # the verification result updates right after every change
            return workflow.edit_field(docs, info.id, form, address, value, block_id).info

        def failed(error) -> None:
            from ..ops import show_error

            self.load_set(info.id)  # the form shows the stored value again
            show_error(self, error)

        Op(self, work).success(lambda new: self._after_change(new.id)).failure(failed).finally_(
            lambda: self.holds.release(hold)).run()

    def show_finding(self, index) -> None:
        finding = index.data(RecordRole)
        if finding is not None:
            self.focus_field(finding)

    def focus_field(self, finding: dict) -> None:
        """Show a finding's document, block and field ("nr bloku, nr pola") on the form, or else select
        its row in the KEDU field list."""
        if self.form_view.focus(finding):
            self.tabs.setCurrentIndex(TAB_FORM)
            return
        self.tabs.setCurrentIndex(TAB_FIELDS)
        self.outline_search.clear()
        for r in range(self.outline_model.rowCount()):
            row = self.outline_model.record(r)
            if row.form == finding.get("document") and row.block == finding.get("block") and \
                    (not finding.get("field") or row.pole == finding.get("field")) and \
                    finding.get("block_index") in (None, row.block_id):
                self.outline_table.selectRow(r)
                self.outline_table.scrollTo(self.outline_model.index(r, 0))
                return

    # files: KEDU export (also for ePłatnik / Płatnik), import, printout — in documents_files.py
    def export_set(self) -> None:
        documents_files.export_set(self)

    def export_for_handoff(self) -> None:
        documents_files.export_for_handoff(self)

    def import_file(self) -> None:
        documents_files.import_file(self)

    def print_pdf(self) -> None:
        documents_files.print_pdf(self)

    def sign_set(self) -> None:
        info = self.selected_info()
        if info is None or not info.can_sign:
            return
        from ..dialogs.pin_dialog import QtPinPrompt
        from ..dialogs.sign_dialog import SignDialog

        def open_dialog(hold) -> None:  # this desk holds the set from the dialog until signing ends
            dialog = SignDialog(self.app, 1, self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                self.holds.release(hold)
                return
            self.sign_with(dialog.key_source(), QtPinPrompt(self), hold)

        self.holds.take(info.id, "sign", open_dialog)

    def sign_with(self, source, prompt, hold=None) -> None:
        """Sign the selected verified set; the password/PIN is asked once through ``prompt``.

        The progress dialog appears only once the password or PIN is in (and hides again if the card
        asks once more): it must never sit on top of the dialog the person is typing into.
        """
        info = self.selected_info()
        if info is None:
            return
        signing = self.app.signing

        def work(progress):
            return signing.sign_sets([info.id], source, prompt, progress)

        def done(result) -> None:
            self._after_change(info.id)
            if getattr(result, "cancelled", False):
                self._signing_stopped(len(result), 1)

        op = Op(self, work).success(done).cancelled(lambda: self._signing_stopped(0, 1)).finally_(
            lambda: self.holds.release(hold)).with_progress(self.tr("Signing…"))
        opened, closed = getattr(prompt, "opened", None), getattr(prompt, "closed", None)
        if opened is not None and closed is not None:
            opened.connect(lambda: op.hold_progress(True))
            closed.connect(lambda: op.hold_progress(False))
            op.hold_progress(True)  # the password comes first
        op.run()

    def _signing_stopped(self, signed: int, total: int) -> None:
        text = self.tr("Signing was cancelled: nothing was signed.") if signed == 0 else self.tr(
            "Signing was cancelled: {done} of {total} signed.").format(done=signed, total=total)
        self.say(text)
        show_notice(self, self.tr("Signing"), text)

    def send_set(self) -> None:
        info = self.selected_info()
        if info is None or not info.can_send:
            return
        app = self.app

        def work(progress):
            from ...gateway import background

            return background.submit_sets(app, app.gateway.outbox, [info.id], wait=60, progress=progress)

        def done(_result) -> None:
            self._after_change(info.id)
            self.ctx.navigate("submissions", set_id=info.id)

        Op(self, work).success(done).with_progress(self.tr("Sending to the gateway and waiting for the receipt…")).run()

def create_page(ctx: UiContext) -> Page:
    return DocumentsPage(ctx)


