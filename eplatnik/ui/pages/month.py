"""Miesiąc — the month-end table: one row per client with the state of its monthly set for the
chosen period, the deadline and days left (overdue in red), authorisation and certificate expiry,
and the amount to pay; filters, search, sort; run the month for the selected clients, resume a
run, print payment notes and the office summary."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
)

from ...formatting import date_text, money
from ...forms.holds import DOCUMENT_SET, HoldInfo
from ...month.status import ClientPeriod, Filter, PeriodState, counts, filter_rows
from ...period import Period
from ...states import state_label
from ..context import UiContext
from ..ops import Op
from ..table import Column, RecordTableModel, make_table, show_records
from ..widgets.action_bar import ActionBar
from ..widgets.month_picker import MonthPicker
from .base import Coalesced, Page

STATE_COLOURS = {PeriodState.ACCEPTED: "#1b5e20", PeriodState.REJECTED: "#b71c1c", PeriodState.FAILED: "#b71c1c",
                 PeriodState.SENT: "#0d47a1", PeriodState.QUEUED: "#0d47a1"}


class MonthPage(Page):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self.rows: list[ClientPeriod] = []
        self.run_dialog = None
        self.last_run = None
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading(self.tr("Month-end")))
        bar = QHBoxLayout()
        self.period = MonthPicker()
        self.period.setObjectName("monthPeriod")
        current = Period.previous_of(ctx.app.clock.today())  # the period whose documents are due now
        self.period.set_range(current.next(), Period(current.year - 2, current.month), selected=current)
        self.period.period_changed.connect(lambda _p: self.activate())
        bar.addWidget(QLabel(self.tr("Period")))
        bar.addWidget(self.period)
        self.filter = QComboBox()
        self.filter.setObjectName("monthFilter")
        for key, label in ((Filter.ALL, self.tr("all clients")), (Filter.NOT_SENT, self.tr("not yet sent")),
                           (Filter.REJECTED, self.tr("only rejected")),
                           (Filter.DUE_SOON, self.tr("deadline in 3 days")), (Filter.OVERDUE, self.tr("overdue"))):
            self.filter.addItem(label, key)
        self.filter.currentIndexChanged.connect(lambda _i: self._apply())
        bar.addWidget(self.filter)
        self.search = QLineEdit()
        self.search.setObjectName("monthSearch")
        self.search.setPlaceholderText(self.tr("Search: name, NIP, city…"))
        self.search.textChanged.connect(lambda text: self.model.set_query(text))
        bar.addWidget(self.search, 1)
        layout.addLayout(bar)
        self.summary = QLabel()
        self.summary.setObjectName("monthSummary")
        layout.addWidget(self.summary)
        self.params_badge = QLabel()  # sets computed with draft/forecast contribution figures
        self.params_badge.setObjectName("paramsBadge")
        self.params_badge.setWordWrap(True)
        self.params_badge.setStyleSheet("background: #fff3e0; color: #8a4b00; border: 1px solid #ffb74d; "
                                        "border-radius: 3px; padding: 3px;")
        self.params_badge.hide()
        layout.addWidget(self.params_badge)
        self.params_notes: dict[int, list] = {}
        #: set id → another desk's hold on it ("✎ A. Nowak" in the state; who and since when as its tooltip)
        self.held: dict[int, HoldInfo] = {}

        self.model = RecordTableModel([
            Column(self.tr("Client"), lambda r: r.payer.short_name),
            Column(self.tr("NIP"), lambda r: r.payer.nip),
            Column(self.tr("State"), self._state_text, sort_key=lambda r: list(PeriodState).index(r.state),
                   foreground=lambda r: STATE_COLOURS.get(r.state), tooltip=self._state_tip),
            Column(self.tr("Deadline"), lambda r: date_text(r.deadline), sort_key=lambda r: r.deadline),
            Column(self.tr("Days left"), lambda r: r.days_left, align_right=True,
                   foreground=lambda r: "#c62828" if r.overdue else ("#e65100" if r.not_sent and r.days_left <= 3
                                                                     else None)),
            Column(self.tr("To pay"), self._amount_text, sort_key=lambda r: r.to_pay, align_right=True,
                   tooltip=lambda r: self._params_tip(r)),
            Column(self.tr("Arrears"), lambda r: money(r.arrears) if r.arrears > 0 else "—",
                   sort_key=lambda r: r.arrears, align_right=True,
                   foreground=lambda r: "#c62828" if r.arrears > 0 else None),
            Column(self.tr("Authorised until"), self._auth_text,
                   foreground=lambda r: None if r.authorised else "#c62828"),
            Column(self.tr("Certificate expires"), lambda r: date_text(r.certificate_expires, blank="—"),
                   sort_key=lambda r: r.certificate_expires),
            Column(self.tr("Problem"), lambda r: r.problem),
        ], haystack=lambda r: f"{r.payer.short_name} {r.payer.full_name} {r.payer.nip} {r.payer.city} {r.reference}",
           key=lambda r: r.payer.id)
        self.table = make_table(self.model)
        self.table.setObjectName("monthTable")
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        layout.addWidget(self.table, 1)

        # two rows: running the month, and what comes after it; what does not fit folds into "More ▾"
        self.run_actions = ActionBar()
        self.run_actions.setObjectName("monthRunActions")
        self.run_selected = self.run_actions.add_button(self.tr("Run the month for the selected clients…"))
        self.run_selected.clicked.connect(lambda: self._start_run(selected_only=True))
        self.run_shown = self.run_actions.add_button(self.tr("Run for all clients shown…"), "monthRunShown")
        self.run_shown.clicked.connect(lambda: self._start_run(selected_only=False))
        self.resume = self.run_actions.add_button(self.tr("Resume the last run…"), "monthResume")
        self.resume.clicked.connect(self._resume)
        layout.addWidget(self.run_actions)
        self.after_actions = ActionBar()
        self.after_actions.setObjectName("monthAfterActions")
        self.notes = self.after_actions.add_button(self.tr("Payment notes…"))
        self.notes.clicked.connect(self._notes)
        self.email_button = self.after_actions.add_button(self.tr("Copy payment e-mail"))
        self.email_button.setToolTip(self.tr("Copies the selected client's payment note as e-mail text"))
        self.email_button.clicked.connect(self._copy_email)
        self.nrs_button = self.after_actions.add_button(self.tr("Contribution account (NRS)…"))
        self.nrs_button.clicked.connect(self._edit_nrs)
        self.summary_button = self.after_actions.add_button(self.tr("Office summary…"))
        self.summary_button.clicked.connect(self._summary)
        self.handoff_button = self.after_actions.add_button(self.tr("Export for ePłatnik / Płatnik…"),
                                                            "monthHandoff")
        self.handoff_button.setToolTip(self.tr("Every client's set of the period as KEDU files to import into "
                                               "ePłatnik or Płatnik, one file per client"))
        self.handoff_button.clicked.connect(self._handoff)
        layout.addWidget(self.after_actions)
        reload = Coalesced(self, self.activate)  # several topics of one change: one reload
        ctx.bridge.event.connect(lambda topic, _p: reload() if self.isVisible() and topic in (
            "documents.changed", "gateway.submission", "register.changed", "holds.changed") else None)

    def _state_text(self, r: ClientPeriod) -> str:
        hold = self.held.get(r.set_id) if r.set_id is not None else None
        text = self._plain_state(r)
        return f"{text} ✎ {hold.actor or hold.computer}" if hold is not None else text

    def _state_tip(self, r: ClientPeriod) -> str | None:
        hold = self.held.get(r.set_id) if r.set_id is not None else None
        lines = [hold.text(self.app.language)] if hold is not None else []
        return "\n".join([*lines, r.problem] if r.problem else lines) or None

    def _plain_state(self, r: ClientPeriod) -> str:
        text = state_label(r.state.value)
        if r.not_zus and r.state in (PeriodState.ACCEPTED, PeriodState.REJECTED, PeriodState.SENT):
            text = self.tr("{state} (test, not ZUS)").format(state=text)
        if r.state == PeriodState.VERIFIED and r.warnings:
            return f"{text} ({self.tr('%n warnings', '%n warning', r.warnings)})"
        if r.state == PeriodState.DRAFT and r.errors:
            return f"{text} ({self.tr('%n errors', '%n error', r.errors)})"
        return text

    def _amount_text(self, r: ClientPeriod) -> str:
        if r.to_pay is None:
            return ""
        text = money(r.to_pay)
        return text + " *" if r.set_id in self.params_notes else text

    def _params_tip(self, r: ClientPeriod) -> str | None:
        from ...params.labels import stored_describe

        note = self.params_notes.get(r.set_id)  # type: ignore[arg-type]
        return self.tr("* figures not final yet: {figures}").format(figures=stored_describe(note).render()) \
            if note else None

    def _auth_text(self, r: ClientPeriod) -> str:
        if not r.authorised:
            return self.tr("not authorised")
        return date_text(r.authorised_until) if r.authorised_until else self.tr("open-ended")

    @property
    def current_period(self) -> Period:
        return self.period.currentData()

    def activate(self, **kwargs: object) -> None:
        period = self.current_period
        holds = self.app.holds  # built here, on the UI thread: one holder for this window

        def load():
            month = self.app.month
            last = month.last_run(period)
            rows = month.period(period)
            notes = self.app.documents.params_notes([r.set_id for r in rows if r.set_id is not None])
            held = holds.held_by_others(DOCUMENT_SET)  # sets open at another desk
            return rows, last, notes, period, held

        Op(self, load).success(self._loaded).run()

    def _loaded(self, result) -> None:
        self.rows, self.last_run, self.params_notes, period, self.held = result
        self._apply(period)
        self._show_params_badge()

    def _show_params_badge(self) -> None:
        from ...params.labels import stored_describe

        if not self.params_notes:
            self.params_badge.hide()
            return
        merged = {(i["figure"], i["from"]): i for items in self.params_notes.values() for i in items}
        self.params_badge.setText(self.tr("⚠ {n} sets (marked *) were computed with figures that are not final yet: "
                                          "{figures}. Install the final figures when they are published (Settings) "
                                          "and build those sets again.").format(
            n=len(self.params_notes), figures=stored_describe(sorted(merged.values(),
                                                                     key=lambda i: i["figure"])).render()))
        self.params_badge.show()

    def _apply(self, period: Period | None = None) -> None:
        shown = filter_rows(self.rows, self.filter.currentData())
        # the same period again (another seat's change, a filter): in place, the selected clients kept
        show_records(self.table, shown, context=period or self.current_period)
        c = counts(self.rows)
        text = self.tr("Clients: {n}; sent or accepted: {sent}, rejected: {rejected}, overdue: {overdue}").format(
            n=len(self.rows), sent=c["sent"] + c["accepted"], rejected=c["rejected"] + c["failed"],
            overdue=sum(1 for r in self.rows if r.overdue))
        unfinished = self.last_run is not None and self.last_run.state in ("open", "waiting")
        if unfinished:
            text += "  —  " + self.tr("run no. {id} is not finished: resume it to continue where it stopped") \
                .format(id=self.last_run.id)
        self.resume.setDefault(unfinished)
        self.summary.setStyleSheet("color: #e65100;" if unfinished else "")
        self.summary.setText(text)

    def visible_rows(self) -> list[ClientPeriod]:
        return [self.model.record(i) for i in range(self.model.rowCount())]

    def selected_rows(self) -> list[ClientPeriod]:
        return [self.model.record(i.row()) for i in self.table.selectionModel().selectedRows()]

    # -- actions ---------------------------------------------------------------------------------
    def _start_run(self, selected_only: bool) -> None:
        rows = self.selected_rows() if selected_only else self.visible_rows()
        if not rows:
            QMessageBox.information(self, self.tr("Month-end"), self.tr("Select at least one client."))
            return
        period = self.current_period
        ids = [r.payer.id for r in rows]
        names = {r.payer.id: (r.payer.short_name, r.payer.nip) for r in self.rows}
        Op(self, lambda: self.app.month_runner().start(period, ids)).success(
            lambda run_id: self.open_run(run_id, names)).run()

    def open_run(self, run_id: int, names: dict | None = None):
        from ..dialogs.month_run_dialog import MonthRunDialog

        names = names or {r.payer.id: (r.payer.short_name, r.payer.nip) for r in self.rows}
        dialog = MonthRunDialog(self.ctx, run_id=run_id, names=names, parent=self)
        dialog.finished.connect(lambda _r: self.activate())
        self.run_dialog = dialog
        dialog.open()
        return dialog

    def _last_run(self):
        return self.app.month.last_run(self.current_period)

    def _resume(self) -> None:
        Op(self, self._last_run).success(lambda run: self.open_run(run.id) if run else QMessageBox.information(
            self, self.tr("Month-end"), self.tr("No run for this period yet."))).run()

    def _notes(self) -> None:
        directory = QFileDialog.getExistingDirectory(self, self.tr("Folder for the payment notes"))
        if not directory:
            return
        rows = [r for r in (self.selected_rows() or self.visible_rows()) if r.set_id is not None]
        period = self.current_period

        app = self.app  # the month service is opened on the worker (it loads the signing area)

        def work(progress):
            from ...i18n import language

            return len(app.month.write_payment_notes([r.payer for r in rows], period, directory, language(),
                                                 progress=progress))

        Op(self, work).with_progress(self.tr("Payment notes")).success(
            lambda n: QMessageBox.information(self, self.tr("Payment notes"),
                                              self.tr("{n} payment notes written.").format(n=n))).run()

    def _copy_email(self) -> None:
        rows = [r for r in self.selected_rows() if r.set_id is not None]
        if len(rows) != 1:
            QMessageBox.information(self, self.tr("Month-end"),
                                    self.tr("Select one client that has a declaration for this period."))
            return
        row, period = rows[0], self.current_period

        app = self.app

        def work() -> str:
            from ...i18n import language

            return app.month.note_text(row.payer, period, language())

        def copied(text: str) -> None:
            from PySide6.QtWidgets import QApplication

            QApplication.clipboard().setText(text)
            self.summary.setText(self.tr("Payment e-mail for {name} copied to the clipboard ({email}).")
                                 .format(name=row.payer.short_name, email=row.payer.email or "—"))

        Op(self, work).success(copied).run()

    def _edit_nrs(self) -> None:
        """Show the client's NRS; the number from ZUS's letter can be entered (its check digits are
        validated); an empty field goes back to the number derived from the NIP."""
        rows = self.selected_rows()
        if len(rows) != 1:
            QMessageBox.information(self, self.tr("Month-end"), self.tr("Select one client."))
            return
        payer, app = rows[0].payer, self.app
        Op(self, lambda: app.month.nrs(payer)).success(lambda account: self._ask_nrs(payer, account)).run()

    def _ask_nrs(self, payer, account) -> None:
        from PySide6.QtWidgets import QInputDialog

        from ...register.nrs import check_nrs

        derived = account.source == "derived"
        source = self.tr("derived from the NIP") if derived else self.tr("entered from ZUS's letter")
        question = self.tr("Enter the number from ZUS's letter, or leave it empty to use the one derived from the NIP:")
        text, ok = QInputDialog.getText(
            self, self.tr("Contribution account (NRS)"),
            f"{payer.short_name}: {account.formatted} ({source}).\n{question}",
            text="" if derived else account.formatted)
        if not ok:
            return
        problem = check_nrs(text, payer.nip) if text.strip() else None
        if problem is not None:
            QMessageBox.warning(self, self.tr("Contribution account (NRS)"), problem.render())
            return
        app = self.app
        Op(self, lambda: app.month.set_nrs(payer, text)).success(
            lambda _r: self.summary.setText(self.tr("Contribution account of {name} saved.").format(
                name=payer.short_name))).run()

    def _summary(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Office summary"),
                                              self.tr("summary-{period}.pdf").format(period=self.current_period),
                                              self.tr("PDF (*.pdf);;CSV (*.csv)"))
        if not path:
            return

        app, period = self.app, self.current_period

        def work():
            from ...i18n import language

            return str(app.month.write_last_summary(period, path, language()))

        Op(self, work).run()


    def _handoff(self) -> None:
        """Every shown client's latest set of the period, for ePłatnik or Płatnik (forms.handoff)."""
        from ...forms import handoff
        from ..dialogs.handoff_dialog import HandoffDialog

        period = self.current_period
        dialog = HandoffDialog(Path.home() / f"KEDU-{period}", folder=True, parent=self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        target, version, folder = dialog.target_key(), dialog.kedu_version(), dialog.target_path()
        payer_ids = [self.model.record(r).payer.id for r in range(self.model.rowCount())]
        app = self.app

        def done(result) -> None:
            lines = [self.tr("Saved {n} files (KEDU {version}) in {folder}.").format(
                n=len(result.files), version=version, folder=result.folder)]
            if result.skipped:
                lines.append(self.tr("Left out:"))
                lines += [f"  {nip} {name}: {why.render()}" for nip, name, why in result.skipped]
            lines += ["", handoff.TARGETS[target].steps.render()]
            box = QMessageBox.information if not result.skipped else QMessageBox.warning
            box(self, self.tr("Export for ePłatnik / Płatnik"), "\n".join(lines))

        Op(self, lambda: handoff.export_month(app.documents, app.register, period, folder, target, version,
                                              payer_ids=payer_ids)).success(done).with_progress(
            self.tr("Writing the files…")).run()


def create_page(ctx: UiContext) -> Page:
    return MonthPage(ctx)
