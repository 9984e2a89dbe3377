"""The month-end run window: choose the key and whether to send, then watch each client's line,
the counts and the time left; pause, cancel, and resume later (the run is stored after every step).

The run itself is ``eplatnik.month.run.MonthRunner`` in a background job's child process
(``eplatnik.month.background``, started by an ``Op`` worker that relays its messages); this window
only renders what the core reports. Each client's new line is appended to a queue that a UI-thread
timer drains every 150 ms (one repaint for many updates, and no signal per client: a month of 300
clients makes 1 500 updates). The PIN is asked once through ``QtPinPrompt`` when signing starts.
"""

from __future__ import annotations

import time
from collections import deque
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...errors import Cancelled, UserFacingError
from ...month.records import RunClient
from ...progress import ProgressState
from ...settings import P12_PATH, PKCS11_MODULE
from ...states import step_label
from ..context import UiContext
from ..ops import Op, show_error
from ..table import Column, RecordTableModel, make_table

STEP_COLOURS = {"accepted": "#1b5e20", "rejected": "#b71c1c", "failed": "#b71c1c", "submitted": "#0d47a1"}


class MonthRunDialog(QDialog):
    def __init__(self, ctx: UiContext, *, run_id: int, names: dict[int, tuple[str, str]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.run_id = run_id
        self.names = names
        self.op: Op | None = None
        self._paused = False
        self._last_state: ProgressState | None = None
        self._run_state = ""  # the run's state when it last ended ("done": nothing left to resume)
        self._fitted_at = 0.0
        self.setWindowTitle(self.tr("Month-end run no. {id}").format(id=run_id))
        self.resize(960, 600)
        layout = QVBoxLayout(self)

        self.options = QWidget()
        form = QFormLayout(self.options)
        self.source = QComboBox()
        self.source.addItem(self.tr("Certificate file (.p12/.pfx)"), "p12")
        self.source.addItem(self.tr("Card or token (PKCS#11)"), "pkcs11")
        self.source.addItem(self.tr("Do not sign now (prepare and verify only)"), "none")
        form.addRow(self.tr("Sign with"), self.source)
        p12_row = QHBoxLayout()
        self.p12 = QLineEdit(ctx.app.settings.get(P12_PATH))
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._browse)
        p12_row.addWidget(self.p12, 1)
        p12_row.addWidget(browse)
        form.addRow(self.tr("Certificate file"), p12_row)
        self.module = QLineEdit(ctx.app.settings.get(PKCS11_MODULE))
        form.addRow(self.tr("PKCS#11 module"), self.module)
        self.token = QLineEdit()
        form.addRow(self.tr("Card label"), self.token)
        self.sign_warnings = QCheckBox(self.tr("Also sign sets that have verification warnings"))
        self.sign_warnings.setToolTip(self.tr("Unticked: such sets wait, verified, until you have read the "
                                              "verification report and resume the run"))
        self.sign_warnings.setChecked(True)
        form.addRow("", self.sign_warnings)
        self.submit = QCheckBox(self.tr("Send to the gateway and collect the receipts"))
        self.submit.setChecked(True)
        form.addRow("", self.submit)
        profile = ctx.app.gateway.active_profile().render() if self._has_gateway() else ""
        form.addRow(self.tr("Gateway"), QLabel(profile))
        layout.addWidget(self.options)

        self.phase = QLabel(self.tr("Ready."))
        self.phase.setObjectName("monthRunPhase")
        layout.addWidget(self.phase)
        self.bar = QProgressBar()
        layout.addWidget(self.bar)
        self.counts = QLabel()
        self.counts.setObjectName("monthRunCounts")
        layout.addWidget(self.counts)
        self.model = RecordTableModel([
            Column(self.tr("Client"), lambda c: self.names.get(c.payer_id, ("", ""))[0]),
            Column(self.tr("NIP"), lambda c: self.names.get(c.payer_id, ("", ""))[1]),
            Column(self.tr("Step"), lambda c: step_label(c.step), foreground=lambda c: STEP_COLOURS.get(c.step)),
            Column(self.tr("Warnings"), lambda c: c.warnings or "", align_right=True),
            Column(self.tr("Changes vs last month"), lambda c: self._changes_text(c),
                   tooltip=lambda c: "\n".join(self._changes(c)) or None),
            # a note is not a problem but belongs there: "already being sent by … (another process)"
            Column(self.tr("Problem"), lambda c: c.error_text() or c.note_text(),
                   tooltip=lambda c: c.error_text() or c.note_text() or None),
        ])
        self.table = make_table(self.model)
        self.table.setObjectName("monthRunTable")
        layout.addWidget(self.table, 1)

        buttons = QHBoxLayout()
        self.start_button = QPushButton(self.tr("Start"))
        self.start_button.setObjectName("monthRunStart")
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.start)
        self.pause_button = QPushButton(self.tr("Pause"))
        self.pause_button.setEnabled(False)
        self.pause_button.clicked.connect(self.toggle_pause)
        self.cancel_button = QPushButton(self.tr("Stop (resume later)"))
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.stop)
        self.report_button = QPushButton(self.tr("Verification report…"))
        self.report_button.clicked.connect(self.show_report)
        buttons.addWidget(self.report_button)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.setObjectName("monthRunClose")
        self.close_button.clicked.connect(self.reject)
        for b in (self.start_button, self.pause_button, self.cancel_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)

        self._updates: deque[RunClient] = deque()  # appended by the worker, drained on the UI thread
        self._rows: dict[int, RunClient] = {}
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setInterval(150)
        self._refresh_timer.timeout.connect(self._drain)
        self._load_rows()

    @staticmethod
    def _changes(client: RunClient) -> list[str]:
        from ...i18n import language

        lang = language()
        return [ch.get(lang) or ch.get("pl", "") for ch in client.changes]

    def _changes_text(self, client: RunClient) -> str:
        changes = self._changes(client)
        if len(changes) == 1:
            return changes[0]
        return self.tr("%n changes", "%n change", len(changes)) if changes else ""

    def _has_gateway(self) -> bool:
        try:
            self.ctx.app.gateway  # noqa: B018 - the area may be absent in a reduced build
        except ImportError:
            return False
        return True

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Certificate file"), "",
                                              self.tr("Certificates (*.p12 *.pfx)"))
        if path:
            self.p12.setText(path)

    def _load_rows(self) -> None:
        app, run_id = self.ctx.app, self.run_id
        Op(self, lambda: (app.month.clients(run_id), app.month.find_run(run_id))).success(self._rows_loaded).run()

    def _rows_loaded(self, result: tuple[list[RunClient], Any]) -> None:
        clients, run = result
        self._rows = {c.payer_id: c for c in clients}
        if run is not None:
            self.submit.setChecked(run.submit)
            self._run_state = run.state
            if run.state == "done":  # opened after the run ended: there is nothing to start or resume
                self._show_finished()
        self._repaint_rows()
        self._fit_columns()

    def _fit_columns(self) -> None:
        """Columns as wide as their contents ("TECHBUD SP. Z O.O." whole), the last one takes the rest."""
        self.table.resizeColumnsToContents()
        self._fitted_at = time.monotonic()

    def _show_finished(self) -> None:
        self.start_button.setText(self.tr("Resume"))
        self.start_button.setEnabled(False)
        self.start_button.setToolTip(self.tr("The run is finished: every client has reached its last step."))
        self.options.setEnabled(False)
        self.close_button.setDefault(True)

    # -- running ---------------------------------------------------------------------------------
    def _key_choice(self) -> tuple[str, str, str]:
        """What the person chose, read on the UI thread (the key source is built on the worker)."""
        return self.source.currentData(), self.p12.text().strip(), self.module.text().strip()

    def start(self) -> None:
        from .pin_dialog import QtPinPrompt

        kind, p12, module = self._key_choice()
        token = self.token.text().strip()
        prompt = QtPinPrompt(self) if kind != "none" else None  # a QObject: made on the UI thread
        hold_warnings = not self.sign_warnings.isChecked()
        want_submit = self.submit.isChecked() and kind != "none"
        app, run_id, updates = self.ctx.app, self.run_id, self._updates

        def work(progress):
            # the run itself goes on in a child process (eplatnik.jobs): building, signing and
            # sending 300 sets on threads of this process would take the interpreter lock from the UI
            from ...month.background import KeyChoice

            return app.month.run_in_child(app, run_id, KeyChoice(kind, p12, module, token),
                                          hold_warnings=hold_warnings, want_submit=want_submit, progress=progress,
                                          on_client=updates.append, prompt=prompt)

        self.options.setEnabled(False)
        self.start_button.setEnabled(False)
        self.pause_button.setEnabled(True)
        self.cancel_button.setEnabled(True)
        self._started = time.monotonic()
        self.op = Op(self, work).success(self._done).failure(self._failed).finally_(self._finished)
        self.op.run()
        self._refresh_timer.start()

    def toggle_pause(self) -> None:
        if self.op is None:
            return
        self._paused = not self._paused
        if self._paused:
            self.op.progress.pause()
            self.pause_button.setText(self.tr("Continue"))
            self.phase.setText(self.tr("Paused — the run waits after the current client."))
        else:
            self.op.progress.resume()
            self.pause_button.setText(self.tr("Pause"))

    def stop(self) -> None:
        if self.op is not None:
            self.op.cancel()
            self.phase.setText(self.tr("Stopping after the current client…"))

    def _progress(self, state: ProgressState) -> None:
        self._last_state = state
        if state.total:
            self.bar.setMaximum(state.total)
            self.bar.setValue(min(state.done, state.total))
        if not self._paused:
            eta = state.eta_seconds
            left = "" if eta is None else "  " + self.tr("about {s} s left").format(s=int(eta + 0.5))
            self.phase.setText((state.message or "") + left)

    def _drain(self) -> None:
        if self.op is not None:
            self._progress(self.op.progress.state())
        if not self._updates:
            return
        while self._updates:
            client = self._updates.popleft()
            self._rows[client.payer_id] = client
        self._repaint_rows()

    def _repaint_rows(self) -> None:
        rows = sorted(self._rows.values(), key=lambda c: c.position)
        self.model.set_records(rows)
        if time.monotonic() - self._fitted_at > 1.0:  # new texts (a problem, a step) may need wider columns
            self._fit_columns()
        counts: dict[str, int] = {}
        for c in rows:
            counts[c.step] = counts.get(c.step, 0) + 1
        self.counts.setText("   ".join(f"{step_label(k)}: {v}" for k, v in sorted(counts.items())))

    def _done(self, run: Any) -> None:
        texts = {"done": self.tr("Finished."), "waiting": self.tr("Some receipts have not arrived yet; "
                                                                  "resume the run later to collect them."),
                 "open": self.tr("Prepared and verified. Resume the run with a key to sign and send.")}
        self._run_state = run.state
        self.phase.setText(texts.get(run.state, run.state))

    def _failed(self, exc: UserFacingError) -> None:
        self.phase.setText(exc.render())
        show_error(self, exc)

    def _finished(self) -> None:
        op, self.op = self.op, None
        self._refresh_timer.stop()
        if op is not None:
            self.bar.setValue(min(op.progress.done, self.bar.maximum()))
        self._drain()
        self.pause_button.setEnabled(False)
        self.cancel_button.setEnabled(False)
        self._paused = False
        self.pause_button.setText(self.tr("Pause"))
        self._fit_columns()
        if op is not None and op.error is None and self._run_state == "done":
            self._show_finished()
            return
        self.start_button.setText(self.tr("Resume"))
        self.start_button.setEnabled(True)
        self.start_button.setToolTip("")
        self.options.setEnabled(True)
        if op is not None and isinstance(op.error, Cancelled):
            self.phase.setText(self.tr("Stopped. Everything done so far is kept; resume to continue."))

    def show_report(self) -> None:
        """One verification report for the whole run, grouped by client, clients with errors first."""
        app, run_id = self.ctx.app, self.run_id
        Op(self, lambda: app.month.verification_report(run_id)).success(self._report_loaded).run()

    def _report_loaded(self, report: list[dict]) -> None:
        from html import escape

        from PySide6.QtWidgets import QDialogButtonBox, QTextBrowser

        parts = []
        no_set, no_findings = escape(self.tr("No declaration was built.")), escape(self.tr("No findings."))
        for client in report:
            colour = "#b71c1c" if client["errors"] else ("#e65100" if client["warnings"] else "#1b5e20")
            parts.append(f"<h3 style='color:{colour}'>{escape(client['name'])} — NIP {client['nip']}</h3>")
            if client["set_id"] is None:
                parts.append(f"<p>{no_set}</p>")
            elif not client["findings"]:
                parts.append(f"<p>{no_findings}</p>")
            else:
                parts.append("<ul>" + "".join(
                    f"<li><b>{escape(f['rule'] or '')}</b> [{escape(f['severity'] or '')}] {escape(f['where'])}: "
                    f"{escape(f['message'])}</li>" for f in client["findings"]) + "</ul>")
        dialog = QDialog(self)
        dialog.setWindowTitle(self.tr("Verification report — run no. {id}").format(id=self.run_id))
        dialog.resize(760, 560)
        layout = QVBoxLayout(dialog)
        browser = QTextBrowser()
        browser.setObjectName("monthReport")
        browser.setHtml("".join(parts))
        layout.addWidget(browser)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        box.rejected.connect(dialog.reject)
        layout.addWidget(box)
        self.report_dialog = dialog
        dialog.open()

    def reject(self) -> None:
        if self.op is not None:  # closing the window stops the run safely; it can be resumed
            self.op.cancel()
        super().reject()
