"""Wysyłka i potwierdzenia — the outbox and the receipts archive.

The list is a model over submission ids: filtering and ordering run in SQL (one id query on a
worker), and rows are fetched 200 at a time, on a worker, only when the view paints them — so
100 000 submissions scroll smoothly. The active gateway profile is always shown at the top.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ...formatting import local_time, parse_date, period_text
from ...gateway.outbox import Filter, Submission
from ...gateway.receipts import text_from_json
from ...period import Period
from ...states import state_label
from ..context import UiContext
from ..ops import Op
from ..widgets.action_bar import ActionBar
from ..widgets.month_picker import MonthPicker
from .base import Page

PAGE_SIZE = 200
Index = QModelIndex | QPersistentModelIndex
SubmissionRole = Qt.ItemDataRole.UserRole + 1

STATE_COLOURS = {"accepted": "#1b5e20", "rejected": "#b71c1c", "receipt_invalid": "#b71c1c",
                 "failed": "#b71c1c", "failed_retryable": "#e65100"}
FORMS = ["ZUSDRA", "ZUSRCA", "ZUSRSA", "ZUSZUA", "ZUSZZA", "ZUSZWUA", "ZUSZIUA"]
STATES = ["queued", "sent", "in_progress", "failed_retryable", "accepted", "rejected", "failed", "receipt_invalid"]


class SubmissionsModel(QAbstractTableModel):
    """Rows = submission ids; a row's data is loaded with its page the first time it is painted."""

    COLUMNS = ["reference", "state", "payer", "nip", "period", "forms", "created", "receipt", "source"]

    def __init__(self, page: SubmissionsPage) -> None:
        super().__init__(page)
        self.page = page
        self.ids: list[int] = []
        self.cache: dict[int, Submission] = {}
        self._pending: set[int] = set()
        self._generation = 0
        self.titles = [self.tr("Reference"), self.tr("State"), self.tr("Payer"), self.tr("NIP"), self.tr("Period"),
                       self.tr("Forms"), self.tr("Sent"), self.tr("Receipt"), self.tr("Source")]

    def set_ids(self, ids: list[int]) -> None:
        if ids == self.ids and self.cache:
            # same rows in the same order (states changed during a run): refresh the loaded pages in
            # place, keeping scroll position, selection and the old values until the new ones arrive
            self._generation += 1
            self._pending.clear()
            for page_no in sorted({row // PAGE_SIZE for row, i in enumerate(self.ids) if i in self.cache}):
                self._load_page(page_no)
            return
        self.beginResetModel()
        self._generation += 1
        self.ids = ids
        self.cache.clear()
        self._pending.clear()
        self.endResetModel()

    def submission(self, row: int) -> Submission | None:
        if not 0 <= row < len(self.ids):
            return None
        return self.cache.get(self.ids[row])

    def _load_page(self, page_no: int) -> None:
        if page_no in self._pending:
            return
        self._pending.add(page_no)
        generation = self._generation
        ids = self.ids[page_no * PAGE_SIZE:(page_no + 1) * PAGE_SIZE]
        outbox = self.page.app.gateway.outbox

        def loaded(rows: list[Submission]) -> None:
            if generation != self._generation:
                return
            for sub in rows:
                self.cache[sub.id] = sub
            first = page_no * PAGE_SIZE
            last = min(first + len(ids), len(self.ids)) - 1
            if last >= first:
                self.dataChanged.emit(self.index(first, 0), self.index(last, len(self.COLUMNS) - 1))

        Op(self.page, lambda: outbox.many(ids)).success(loaded).run()

    # -- Qt model interface ----------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.titles[section]
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if 0 <= column < len(self.COLUMNS):
            self.page.order = (self.COLUMNS[column], order == Qt.SortOrder.DescendingOrder)
            self.page.reload()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        sub = self.cache.get(self.ids[index.row()])
        if sub is None:
            if role == Qt.ItemDataRole.DisplayRole:
                self._load_page(index.row() // PAGE_SIZE)
                return "…"
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.page.cell(sub, self.COLUMNS[index.column()])
        if role == SubmissionRole:
            return sub
        if role == Qt.ItemDataRole.ForegroundRole and self.COLUMNS[index.column()] in ("state", "receipt"):
            colour = STATE_COLOURS.get(sub.state)
            return QBrush(QColor(colour)) if colour else None
        return None


class SubmissionsPage(Page):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self._loading = False
        self._again = False
        self._select_after_load: int | None = None  # a submission to select once the list is in
        self.order: tuple[str, bool] = ("id", True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading(self.tr("Submission and receipts")))
        self.profile_label = QLabel()
        self.profile_label.setObjectName("gatewayProfile")
        self.profile_label.setWordWrap(True)
        layout.addWidget(self.profile_label)

        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("submissionsSearch")
        self.search.setPlaceholderText(self.tr("Client (NIP or name) or reference…"))
        self.search.setClearButtonEnabled(True)
        self.period_picker = MonthPicker(allow_all=True)
        self.period_picker.setObjectName("submissionsPeriod")
        self.form_combo = QComboBox()
        self.form_combo.addItem(self.tr("All forms"), "")
        for form in FORMS:
            self.form_combo.addItem(form, form)
        self.state_combo = QComboBox()
        self.state_combo.addItem(self.tr("All states"), "")
        for state in STATES:
            self.state_combo.addItem(state_label(state), state)
        for combo in (self.form_combo, self.state_combo):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(10)
        bar.addWidget(self.search, 3)
        bar.addWidget(self.period_picker, 1)
        bar.addWidget(self.form_combo, 1)
        bar.addWidget(self.state_combo, 1)
        layout.addLayout(bar)

        second = QHBoxLayout()
        self.date_from = QLineEdit()
        self.date_from.setPlaceholderText(self.tr("DD.MM.YYYY"))
        self.date_to = QLineEdit()
        self.date_to.setPlaceholderText(self.tr("DD.MM.YYYY"))
        for edit in (self.date_from, self.date_to):
            edit.setMaximumWidth(110)
            edit.setClearButtonEnabled(True)
        second.addWidget(QLabel(self.tr("Sent from")))
        second.addWidget(self.date_from)
        second.addWidget(QLabel(self.tr("to")))
        second.addWidget(self.date_to)
        self.actions = ActionBar()
        self.actions.setObjectName("submissionsActions")
        self.submit_button = self.actions.add_button(self.tr("Send signed files…"))
        self.process_button = self.actions.add_button(self.tr("Send pending and collect receipts"))
        self.verify_button = self.actions.add_button(self.tr("Verify all receipts"))
        self.pdf_button = self.actions.add_button(self.tr("Receipt PDF…"), "receiptPdf")
        self.export_button = self.actions.add_button(self.tr("Client's month as ZIP…"))
        second.addSpacing(12)
        second.addWidget(self.actions, 1)
        layout.addLayout(second)

        splitter = QSplitter(Qt.Orientation.Vertical)
        self.model = SubmissionsModel(self)
        self.table = QTableView()
        self.table.setObjectName("submissionsTable")
        self.table.setModel(self.model)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.DescendingOrder)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((190, 150, 180, 95, 70, 120, 130, 110)):
            self.table.setColumnWidth(column, width)
        splitter.addWidget(self.table)
        details = QSplitter()
        details.setChildrenCollapsible(False)
        left, right = QWidget(), QWidget()
        left_layout, right_layout = QVBoxLayout(left), QVBoxLayout(right)
        for box in (left_layout, right_layout):
            box.setContentsMargins(0, 0, 0, 0)
            box.setSpacing(2)
        self.details = QTextBrowser()
        self.details.setObjectName("submissionDetails")
        self.errors = QListWidget()
        self.errors.setObjectName("submissionErrors")
        self.errors.setToolTip(self.tr("Double-click an error to open the document at that field."))
        self.errors_title = QLabel(self.tr("Errors and warnings from the gateway"))
        self.errors_title.setObjectName("submissionErrorsTitle")
        left_layout.addWidget(QLabel(self.tr("Receipt and digests")))
        left_layout.addWidget(self.details, 1)
        right_layout.addWidget(self.errors_title)
        right_layout.addWidget(self.errors, 1)
        details.addWidget(left)
        details.addWidget(right)
        details.setStretchFactor(0, 3)
        details.setStretchFactor(1, 2)
        splitter.addWidget(details)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        layout.addWidget(splitter, 1)
        footer = QHBoxLayout()
        self.count_label = QLabel()
        self.status_label = QLabel()
        self.status_label.setObjectName("submissionStatus")
        self.status_label.setWordWrap(True)
        footer.addWidget(self.count_label)
        footer.addWidget(self.status_label, 1)
        layout.addLayout(footer)

        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(250)
        self._reload_timer.timeout.connect(self.reload)
        for edit in (self.search, self.date_from, self.date_to):
            edit.textChanged.connect(lambda _: self._reload_timer.start())
        self.period_picker.period_changed.connect(lambda _p: self.reload())
        self.form_combo.currentIndexChanged.connect(lambda _: self.reload())
        self.state_combo.currentIndexChanged.connect(lambda _: self.reload())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._show_selected())
        self.model.dataChanged.connect(lambda *_: self._show_selected())
        self.errors.itemDoubleClicked.connect(self._open_error)
        self.submit_button.clicked.connect(self.submit_files)
        self.process_button.clicked.connect(self.process_outbox)
        self.verify_button.clicked.connect(self.verify_all)
        self.pdf_button.clicked.connect(self.save_pdf)
        self.export_button.clicked.connect(self.export_month)
        ctx.bridge.event.connect(self._on_event)
        due = Period.previous_of(self.app.clock.today())
        self.period_picker.set_range(due.next(), Period(due.year - 3, due.month))
        self._show_selected()

    # -- presentation -----------------------------------------------------------------------------
    def cell(self, sub: Submission, column: str) -> str:
        if column == "reference":
            return sub.reference or "—"
        if column == "state":
            return state_label(sub.state)
        if column == "payer":
            return sub.payer_name
        if column == "nip":
            return sub.payer_nip
        if column == "period":
            return period_text(sub.period)
        if column == "forms":
            return sub.forms.replace(",", ", ")
        if column == "created":
            return local_time(sub.created_at)
        if column == "receipt":
            if sub.receipt_verified is None:
                return "—"
            text = self.tr("verified") if sub.receipt_verified else self.tr("INVALID")
            # a sandbox's (or any test gateway's) receipt is never presented as ZUS's
            return text if sub.reached_zus else self.tr("{state} (test, not ZUS)").format(state=text)
        if sub.document_set_id is not None:
            return self.tr("set no. {id}").format(id=sub.document_set_id)
        return sub.source_name

    def _show_profile(self) -> None:
        profile = self.app.gateway.active_profile()
        text = self.tr("Gateway: {profile}").format(profile=profile.render())
        self.profile_label.setText(text)
        self.profile_label.setStyleSheet("color: #b71c1c; font-weight: bold;" if profile.production else "")

    def current_filter(self) -> Filter:
        text = self.search.text().strip()
        looks_like_reference = "-" in text and not text.replace("-", "").isdigit()
        period = self.period_picker.period()
        return Filter(payer="" if looks_like_reference else text, text=text if looks_like_reference else "",
                      period=str(period) if period else "", form=self.form_combo.currentData() or "",
                      state=self.state_combo.currentData() or "", date_from=self._date(self.date_from),
                      date_to=self._date(self.date_to))

    @staticmethod
    def _date(edit: QLineEdit) -> str:
        """A typed date ("05.12.2026" or "2026-12-05") as ISO; a half-typed one does not filter yet."""
        text = edit.text().strip()
        if not text:
            edit.setStyleSheet("")
            return ""
        try:
            value = parse_date(text).isoformat()
        except ValueError:
            edit.setStyleSheet("QLineEdit { border: 1px solid #c62828; }")
            return ""
        edit.setStyleSheet("")
        return value

    # -- data -------------------------------------------------------------------------------------
    def activate(self, **kwargs: object) -> None:
        """``search`` fills the search box; ``submission_id`` selects that submission once listed (the
        dashboard's "view receipt")."""
        self._show_profile()
        if "search" in kwargs:
            self.search.setText(str(kwargs["search"]))
        if kwargs.get("submission_id") is not None or "set_id" in kwargs:
            # one submission asked for (from the dashboard, or the set just sent from Dokumenty): show it,
            # whatever the filters were
            self._clear_filters()
            if kwargs.get("submission_id") is not None:
                self._select_after_load = int(kwargs["submission_id"])  # type: ignore[arg-type]
            else:
                set_id = int(kwargs["set_id"])  # type: ignore[arg-type]
                outbox = self.app.gateway.outbox
                Op(self, lambda: outbox.latest_for_set(set_id)).success(self._select_when_loaded).run()
                return
        self.reload()

    def _clear_filters(self) -> None:
        widgets = (self.search, self.date_from, self.date_to, self.period_picker, self.form_combo, self.state_combo)
        for widget in widgets:
            widget.blockSignals(True)
        self.search.clear()
        self.date_from.clear()
        self.date_to.clear()
        self.period_picker.set_period(None)
        self.form_combo.setCurrentIndex(0)
        self.state_combo.setCurrentIndex(0)
        for widget in widgets:
            widget.blockSignals(False)

    def _select_when_loaded(self, submission_id: int | None) -> None:
        self._select_after_load = submission_id
        self.reload()

    def reload(self) -> None:
        if self._loading:
            self._again = True
            return
        self._loading = True
        flt, (order, descending) = self.current_filter(), self.order
        outbox = self.app.gateway.outbox

        def done(ids: list[int]) -> None:
            selected = self.selected()
            asked = self._select_after_load
            wanted = asked if asked is not None else (selected.id if selected is not None else None)
            self._select_after_load = None
            # another seat's submission: a list scrolled down must not jump (at the top, the new one shows)
            top = self.table.rowAt(0) if self.table.verticalScrollBar().value() > 0 else -1
            top_id = self.model.ids[top] if 0 <= top < len(self.model.ids) else None
            self.model.set_ids(ids)
            self.count_label.setText(self.tr("%Ln submissions", "%Ln submission", len(ids)))
            if wanted is not None and wanted in ids:
                self.table.selectRow(ids.index(wanted))
            if asked is not None and asked in ids:
                self.table.scrollTo(self.model.index(ids.index(asked), 0))
            elif top_id in ids:
                self.table.updateGeometries()
                self.table.scrollTo(self.model.index(ids.index(top_id), 0), QTableView.ScrollHint.PositionAtTop)
            self._show_selected()

        def finished() -> None:
            self._loading = False
            if self._again:
                self._again = False
                self.reload()

        Op(self, lambda: outbox.ids(flt, order, descending)).success(done).finally_(finished).run()

    def _on_event(self, topic: str, payload: dict) -> None:
        if topic.startswith("gateway.") and self.isVisible():
            self._reload_timer.start()

    def selected(self) -> Submission | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.submission(rows[0].row()) if rows else None

    def _show_selected(self) -> None:
        sub = self.selected()
        self.pdf_button.setEnabled(sub is not None and sub.receipt_path is not None)
        self.export_button.setEnabled(sub is not None and bool(sub.payer_nip and sub.period))
        self.errors.clear()
        if sub is None:
            self.details.setPlainText(self.tr("Select a submission to see its receipt and digests."))
            self.errors_title.setText(self.tr("Errors and warnings from the gateway"))
            return
        lines = [
            self.tr("Reference: {v}").format(v=sub.reference or "—"),
            self.tr("State: {v}").format(v=state_label(sub.state)),
            self.tr("Payer: {name}, NIP {nip}").format(name=sub.payer_name, nip=sub.payer_nip),
            self.tr("Period: {v}").format(v=period_text(sub.period)), self.tr("Gateway: {v}").format(v=sub.gateway_url),
            self.tr("SHA-256 of the signed document: {v}").format(v=sub.document_sha256),
            self.tr("SHA-256 of the receipt: {v}").format(v=sub.receipt_sha256 or "—"),
        ]
        if sub.receipt_problem:
            lines.append(self.tr("Receipt problem: {v}").format(v=text_from_json(sub.receipt_problem)))
        if not sub.reached_zus:
            lines.insert(0, self.tr("A TEST: this went to the sandbox or another test gateway, not to ZUS; its "
                                    "receipt is not a ZUS receipt (UPO)."))
        if sub.last_error and sub.state in ("failed", "failed_retryable"):
            lines.append(self.tr("Last error: {v}").format(v=text_from_json(sub.last_error)))
        self.details.setPlainText("\n".join(lines))
        lang = self.app.language
        for error in sub.errors:
            where = ", ".join(x for x in (
                error.get("document"), self.tr("block {v}").format(v=error["block"]) if error.get("block") else "",
                self.tr("field {v}").format(v=error["field"]) if error.get("field") else "") if x)
            message = error.get("message_en") if lang == "en" else error.get("message_pl")
            kind = "" if error.get("critical") else " " + self.tr("(warning)")
            item = QListWidgetItem(f"{where}: {message}{kind}" if where else f"{message}{kind}")
            item.setData(SubmissionRole, error)
            if error.get("critical"):
                item.setForeground(QBrush(QColor("#b71c1c")))
            self.errors.addItem(item)
        count = len(sub.errors)
        self.errors_title.setText(self.tr("Errors and warnings from the gateway: %n", "", count) if count else (
            self.tr("The gateway reported no errors or warnings.") if sub.state in ("accepted", "rejected")
            else self.tr("Errors and warnings from the gateway: none so far")))

    def _open_error(self, item: QListWidgetItem) -> None:
        sub, error = self.selected(), item.data(SubmissionRole)
        if sub is None or not error:
            return
        if sub.document_set_id is None:
            QMessageBox.information(self, self.tr("Open the document"), self.tr(
                "This submission was sent from a file, not from a set in the workspace; open the file "
                "{name} in the program that produced it.").format(name=sub.source_name))
            return
        document = str(error.get("document") or "").removeprefix("ZUS")
        self.ctx.navigate("documents", set_id=sub.document_set_id, form=document, block=error.get("block", ""),
                          field=error.get("field", ""))

    # -- actions ----------------------------------------------------------------------------------
    def _after_run(self, result: Any) -> None:
        self.reload()
        done = getattr(result, "done", [])
        pending = getattr(result, "pending", [])
        bad = [s for s in done if s.state != "accepted"]
        self.status_label.setStyleSheet("color: #b71c1c;" if bad else "")
        self.status_label.setText(self.tr(
            "Finished: {done}, of which not accepted: {bad}. Still waiting: {pending}.").format(
            done=len(done), bad=len(bad), pending=len(pending)))

    def submit_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, self.tr("Signed KEDU files"), "",
                                                self.tr("KEDU XML (*.xml);;All files (*)"))
        if paths:
            self.submit_paths([Path(p) for p in paths])

    def _send(self, work) -> None:
        """``work(app, progress)`` sends and collects receipts in a background job's child process
        (``eplatnik.gateway.background``), so the UI thread keeps the interpreter lock while hundreds
        of packages go out."""
        app = self.app
        Op(self, lambda progress: work(app, progress)).success(self._after_run).with_progress(
            self.tr("Sending and collecting receipts…")).run()

    def submit_paths(self, paths: list[Path]) -> None:
        from ...gateway import background

        self._send(lambda app, progress: background.submit_files(app, app.gateway.outbox, paths, wait=120, progress=progress))

    def submit_sets(self, set_ids: list[int]) -> None:
        """Send signed workspace sets (used by the documents page and the month-end run)."""
        from ...gateway import background

        self._send(lambda app, progress: background.submit_sets(app, app.gateway.outbox, set_ids, wait=120, progress=progress))

    def process_outbox(self) -> None:
        from ...gateway import background

        self._send(lambda app, progress: background.process(app, app.gateway.outbox, wait=120, progress=progress))

    def verify_all(self) -> None:
        from ...gateway import background

        app = self.app

        def done(results: list) -> None:
            self.reload()
            bad = [f"{s.reference}: {p.render()}" for s, p in results if p is not None]
            text = self.tr("Checked {n} receipts, invalid: {bad}.").format(n=len(results), bad=len(bad))
            self.status_label.setStyleSheet("color: #b71c1c;" if bad else "")
            self.status_label.setText("\n".join([text, *bad[:20]]))

        Op(self, lambda progress: background.verify_all(app, app.gateway.outbox, progress)).success(done).with_progress(
            self.tr("Verifying receipts…")).run()

    def save_pdf(self) -> None:
        sub = self.selected()
        if sub is None or not sub.receipt_path:
            return
        name = f"UPO-{sub.reference}.pdf" if sub.reached_zus else f"potwierdzenie-testowe-{sub.reference}.pdf"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save receipt PDF"), name, "PDF (*.pdf)")
        if path:
            self.write_pdf(sub, Path(path))

    def write_pdf(self, sub: Submission, path: Path) -> None:
        from ...fsutil import atomic_write_bytes
        from ...reports.receipt_pdf import render_receipt_pdf

        gateway = self.app.gateway
        Op(self, lambda: atomic_write_bytes(path, render_receipt_pdf(gateway, sub))).run()

    def export_month(self) -> None:
        sub = self.selected()
        if sub is None or not sub.payer_nip:
            return
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save the month as ZIP"),
                                              f"{sub.payer_nip}-{sub.period}.zip", "ZIP (*.zip)")
        if path:
            app = self.app  # app.month is opened on the worker
            Op(self, lambda: app.month.evidence_zip(sub.payer_nip, sub.period, path)).run()


def create_page(ctx: UiContext) -> Page:
    return SubmissionsPage(ctx)
