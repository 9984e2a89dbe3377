"""Korespondencja — letters from ZUS: an inbox per client, opening a letter with a signed UPD (the PIN
asked off the UI thread), the delivery and appeal dates, and a preview of the letter's PDF.

The list comes from the workspace (``app.letters``); "Refresh" asks the gateway for new letters.
Opening signs the UPD in a background operation with the same key-source dialog and PIN prompt as
signing declarations. A letter that did not pass its checks is shown in red as NOT genuine and
never previewed.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ..context import UiContext
from ..ops import Op
from ..table import Column, RecordRole, RecordTableModel, make_table, show_records
from .base import Page

CLIENT_WIDTH = 125
TITLE_WIDTH = 185


def _d(day) -> str:
    return day.strftime("%d.%m.%Y") if day else ""


class LettersPage(Page):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading(self.tr("Correspondence with ZUS")))
        rule = QLabel(self.tr("A letter is delivered when you open it by signing the confirmation of delivery (UPD). "
                              "A letter nobody opens counts as delivered on the 14th day after ZUS placed it; the "
                              "one-month deadline to appeal a decision runs from the delivery."))
        rule.setWordWrap(True)
        layout.addWidget(rule)

        top = QHBoxLayout()
        self.client = QComboBox()
        self.client.setObjectName("letterClient")
        self.client.setMinimumWidth(320)
        self.client.currentIndexChanged.connect(self._filter)
        top.addWidget(QLabel(self.tr("Client")))
        top.addWidget(self.client)
        top.addStretch(1)
        self.refresh_button = QPushButton(self.tr("Fetch new letters"))
        self.refresh_button.setObjectName("refreshLetters")
        self.refresh_button.clicked.connect(self.refresh)
        self.open_button = QPushButton(self.tr("Open letter…"))
        self.open_button.setObjectName("openLetter")
        self.open_button.clicked.connect(self.open_selected)
        self.viewer_button = QPushButton(self.tr("Open in PDF viewer"))
        self.viewer_button.clicked.connect(self.open_in_viewer)
        for button in (self.refresh_button, self.open_button, self.viewer_button):
            top.addWidget(button)
        layout.addLayout(top)

        self.model = RecordTableModel([
            Column(self.tr("Client"), lambda v: self._client_name(v.record)),
            Column(self.tr("Title"), lambda v: ("● " if v.unread else "") + v.record.title
                   + (" ⚠ " + self.tr("NOT GENUINE") if v.kept_aside else "")),
            Column(self.tr("Date"), lambda v: v.record.placed_at[8:10] + "." + v.record.placed_at[5:7] + "."
                   + v.record.placed_at[:4], sort_key=lambda v: v.record.placed_at),
            Column(self.tr("Delivery"), self._state_text, sort_key=lambda v: v.delivery.deemed_on,
                   foreground=self._state_colour),
            Column(self.tr("Appeal until"), lambda v: _d(v.delivery.appeal_until),
                   sort_key=lambda v: v.delivery.appeal_until),
        ], haystack=lambda v: f"{self._client_name(v.record)} {v.record.payer_nip} {v.record.title}",
            key=lambda v: v.record.id)
        self.table = make_table(self.model)
        self.table.setObjectName("lettersTable")
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._selected())
        self.table.doubleClicked.connect(lambda _i: self.open_selected())

        left = QWidget()
        llayout = QVBoxLayout(left)
        llayout.setContentsMargins(0, 0, 0, 0)
        llayout.addWidget(self.table, 3)
        self.details = QLabel(self.tr("Choose a letter."))
        self.details.setObjectName("letterDetails")
        self.details.setWordWrap(True)
        self.details.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        llayout.addWidget(self.details, 1)

        right = QWidget()
        rlayout = QVBoxLayout(right)
        rlayout.setContentsMargins(0, 0, 0, 0)
        self.preview = QLabel()
        self.preview.setObjectName("letterPreview")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.scroll = QScrollArea()
        self.scroll.setWidget(self.preview)
        self.scroll.setWidgetResizable(True)
        rlayout.addWidget(self.scroll, 1)
        pages = QHBoxLayout()
        self.prev_button = QPushButton("◀")
        self.next_button = QPushButton("▶")
        self.page_label = QLabel()
        self.prev_button.clicked.connect(lambda: self._show_page(self._page - 1))
        self.next_button.clicked.connect(lambda: self._show_page(self._page + 1))
        pages.addStretch(1)
        for widget in (self.prev_button, self.page_label, self.next_button):
            pages.addWidget(widget)
        pages.addStretch(1)
        rlayout.addLayout(pages)

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([670, 350])
        layout.addWidget(splitter, 1)
        self.status = QLabel()
        self.status.setObjectName("lettersStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)

        self._views: list = []
        self._names: dict[str, str] = {}  # NIP → the client's name in the register
        self._unread: dict[str, int] = {}
        self._pdf: bytes | None = None
        self._page = 0
        self._pages = 0
        self._shown_row: int | None = None
        self._update_buttons()
        ctx.bridge.event.connect(self._on_event)

    # -- labels ------------------------------------------------------------------------------------
    def _kind(self, kind: str) -> str:
        return {"decision": self.tr("decision"), "notice": self.tr("notice")}.get(kind, self.tr("letter"))

    def _state_text(self, view) -> str:
        """Short, for the table's "Delivery" column."""
        d = view.delivery
        if d.state.value == "delivered":
            return self.tr("{date} (UPD)").format(date=_d(d.delivered_on))
        if d.state.value == "deemed_delivered":
            return self.tr("{date} (deemed)").format(date=_d(d.delivered_on))
        return self.tr("awaiting (→ {date})").format(date=_d(d.deemed_on))

    def _state_long(self, view) -> str:
        d = view.delivery
        if d.state.value == "delivered":
            return self.tr("Delivered on {date} (confirmed with a UPD).").format(date=_d(d.delivered_on))
        if d.state.value == "deemed_delivered":
            return self.tr("Deemed delivered on {date}: nobody opened it within 14 days.").format(
                date=_d(d.delivered_on))
        return self.tr("Awaiting collection — counts as delivered on {date} ({n} days).").format(
            date=_d(d.deemed_on), n=d.days_left)

    def _state_colour(self, view) -> str | None:
        if view.kept_aside:
            return "#b71c1c"
        if view.delivery.state.value == "awaiting":
            return "#e65100" if view.delivery.days_left <= 3 else "#0d47a1"
        return None

    # -- loading -----------------------------------------------------------------------------------
    def activate(self, **kwargs: object) -> None:
        self.reload()

    def _on_event(self, topic: str, _payload: dict) -> None:
        if topic in ("letters.changed", "letters.arrived") and self.isVisible():
            self.reload()

    def reload(self) -> None:
        letters = self.app.letters

        register = self.app.register

        def load() -> tuple[list, dict, dict]:
            # a letter names its client by NIP; the name ZUS gave, or else the one in our register
            names = {p.nip: p.short_name or p.full_name for p in register.list_payers(include_archived=True)}
            return letters.views(), letters.unread_counts(), names

        Op(self, load).success(self._loaded).run()

    def _client_name(self, record) -> str:
        return record.payer_name or self._names.get(record.payer_nip) or record.payer_nip

    def _loaded(self, data: tuple[list, dict, dict]) -> None:
        self._views, self._unread, self._names = data
        current = self.client.currentData()
        clients: dict[str, str] = {}
        for view in self._views:
            clients.setdefault(view.record.payer_nip, self._client_name(view.record))
        self.client.blockSignals(True)
        self.client.clear()
        total = sum(self._unread.values())
        self.client.addItem(self.tr("All clients ({n} unread)").format(n=total), "")
        for nip, name in sorted(clients.items(), key=lambda item: item[1]):
            self.client.addItem(self.tr("{name} — NIP {nip} ({n} unread)").format(
                name=name, nip=nip, n=self._unread.get(nip, 0)), nip)
        index = self.client.findData(current) if current else 0
        self.client.setCurrentIndex(max(index, 0))
        self.client.blockSignals(False)
        self._filter()

    def _filter(self) -> None:
        nip = self.client.currentData() or ""
        # the same client's letters again (another seat opened one): in place, the chosen letter kept
        if not show_records(self.table, [v for v in self._views if not nip or v.record.payer_nip == nip],
                            context=nip):
            self.table.setColumnWidth(0, min(self.table.columnWidth(0), CLIENT_WIDTH))   # long names: elided
            self.table.setColumnWidth(1, min(self.table.columnWidth(1), TITLE_WIDTH))
        if self.table.currentIndex().isValid():
            pass  # kept by the refresh in place (its details follow the current row's signal)
        elif self.model.rowCount():
            row = next((r for r in range(self.model.rowCount())
                        if self.model.record(r).record.id == self._shown_row), 0)
            self.table.selectRow(row)
        else:
            self._show_details(None)
        self._update_buttons()

    def selected(self):
        index = self.table.currentIndex()
        return index.data(RecordRole) if index.isValid() else None

    def _selected(self) -> None:
        view = self.selected()
        self._show_details(view)
        self._update_buttons()
        if view is not None and view.genuine and view.record.id != self._shown_row:
            self._load_stored(view)

    def _update_buttons(self) -> None:
        view = self.selected()
        self.open_button.setEnabled(view is not None and not view.kept_aside)
        self.viewer_button.setEnabled(view is not None and view.genuine and bool(view.record.pdf_path))
        self.prev_button.setEnabled(self._pdf is not None and self._page > 0)
        self.next_button.setEnabled(self._pdf is not None and self._page + 1 < self._pages)

    def _show_details(self, view) -> None:
        if view is None:
            self.details.setText(self.tr("Choose a letter."))
            self._clear_preview()
            return
        r, d = view.record, view.delivery
        lines = [f"<b>{r.title}</b>", self.tr("{kind} {id} for {payer} (NIP {nip})").format(
            kind=self._kind(r.kind), id=r.letter_id, payer=self._client_name(r), nip=r.payer_nip),
            self._state_long(view)]
        if d.appeal_until:
            lines.append(self.tr("Appeal to the court (through ZUS) until {date}.").format(date=_d(d.appeal_until)))
        if r.upd_signer:
            lines.append(self.tr("UPD signed by {who}.").format(who=r.upd_signer))
        if view.kept_aside:
            from ...letters.service import text_of

            lines.append("<span style='color:#b71c1c'><b>" + self.tr(
                "NOT GENUINE — kept aside, not shown: {why}").format(why=text_of(r.problem)) + "</b></span>")
        elif not view.genuine:
            lines.append(self.tr("Not opened here yet: “Open letter…” signs the UPD (PIN) and fetches it.")
                         if d.state.value == "awaiting" else
                         self.tr("Already delivered: “Open letter…” fetches it without a UPD."))
        self.details.setText("<br/>".join(lines))
        if view.record.id != self._shown_row:
            self._clear_preview()

    # -- opening -----------------------------------------------------------------------------------
    def refresh(self) -> None:
        letters = self.app.letters
        notifications = self.app.notifications

        def work():
            result = letters.sync()
            notifications.run()
            return result

        def done(result) -> None:
            self.status.setText(self.tr("New letters: {n}.").format(n=len(result.new)))
            self.reload()

        self.status.setText(self.tr("Fetching letters…"))
        Op(self, work).success(done).failure(lambda exc: self.status.setText(exc.render())).run()

    def open_selected(self) -> None:
        view = self.selected()
        if view is None or view.kept_aside:
            return
        if view.genuine:
            self._load_stored(view)
            return
        source = prompt = None
        # a UPD signed here before (its answer lost) is sent again as it is: no key needed
        if view.delivery.state.value == "awaiting" and view.record.upd_state != "signed":
            from ..dialogs.pin_dialog import QtPinPrompt
            from ..dialogs.sign_dialog import SignDialog

            dialog = SignDialog(self.app, 1, self)
            dialog.setWindowTitle(self.tr("Open the letter: sign the UPD"))
            if not dialog.exec():
                return
            source, prompt = dialog.key_source(), QtPinPrompt(self)
        self.open_with(source, prompt)

    def open_with(self, source, prompt) -> None:
        """Open the selected letter with this key source (None: no UPD needed), off the UI thread."""
        view = self.selected()
        if view is None:
            return
        letters = self.app.letters
        row_id = view.record.id
        from ..dialogs.pin_dialog import hold_progress_while_asking

        self.status.setText(self.tr("Opening the letter…"))
        op = Op(self, lambda: letters.open(row_id, source, prompt)).success(self._opened).failure(
            self._open_failed).cancelled(lambda: self.status.setText(self.tr("Not opened: cancelled."))).with_progress(
            self.tr("Opening the letter"), show_after_ms=800)
        hold_progress_while_asking(op, prompt)  # the progress window never covers the password dialog
        op.run()

    def _open_failed(self, exc) -> None:
        self.status.setText(exc.render())
        self.status.setStyleSheet("color: #b71c1c;")
        from ..ops import show_error

        show_error(self, exc)
        self.reload()

    def _opened(self, opened) -> None:
        self.status.setStyleSheet("")
        self.status.setText(self.tr("Letter {id}: {state}").format(id=opened.view.record.letter_id,
                                                                   state=self._state_long(opened.view)))
        self._shown_row = opened.view.record.id
        self._set_pdf(opened.pdf)
        self.reload()

    def _load_stored(self, view) -> None:
        letters = self.app.letters
        row_id = view.record.id
        Op(self, lambda: letters.open(row_id, None, None)).success(self._opened).failure(self._open_failed).run()

    # -- preview -----------------------------------------------------------------------------------
    def _clear_preview(self) -> None:
        self._pdf, self._page, self._pages, self._shown_row = None, 0, 0, None
        self.preview.clear()
        self.page_label.setText("")
        self._update_buttons()

    def _set_pdf(self, pdf: bytes | None) -> None:
        self._pdf, self._page, self._pages = pdf, 0, 0
        if pdf is None:
            self.preview.setText(self.tr("This letter has no PDF."))
            return
        self._show_page(0)

    def _show_page(self, page: int) -> None:
        if self._pdf is None:
            return
        from ...letters.preview import render_page

        pdf = self._pdf
        width = max(self.scroll.viewport().width() - 8, 300)   # the page fits the panel's width

        def shown(preview) -> None:
            if pdf is not self._pdf:
                return
            pixmap = QPixmap()
            pixmap.loadFromData(preview.png, "PNG")
            self.preview.setPixmap(pixmap)
            self._page, self._pages = preview.page, preview.pages
            self.page_label.setText(self.tr("page {n} of {m}").format(n=preview.page + 1, m=preview.pages))
            self._update_buttons()

        Op(self, lambda: render_page(pdf, page, width)).success(shown).failure(
            lambda exc: self.preview.setText(exc.render())).run()

    def open_in_viewer(self) -> None:
        """A copy of the PDF in a temporary folder (the stored file stays untouched) in the system viewer."""
        view = self.selected()
        if view is None or not view.genuine or not view.record.pdf_path:
            return
        source = self.app.letters.path(view.record.pdf_path)

        def copy() -> Path:
            import shutil
            import tempfile

            target = Path(tempfile.mkdtemp(prefix="eplatnik-pismo-")) / source.name
            shutil.copyfile(source, target)
            return target

        Op(self, copy).success(lambda target: QDesktopServices.openUrl(QUrl.fromLocalFile(str(target)))).run()


def create_page(ctx: UiContext) -> Page:
    return LettersPage(ctx)
