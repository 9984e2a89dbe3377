"""One background-operation helper for the whole UI (CONVENTIONS #4).

    Op(parent, fn).success(cb).failure(cb).with_progress(msg).run()

``fn`` runs on a worker thread and never touches widgets. If it accepts a ``progress`` keyword it
receives an ``eplatnik.progress.Progress`` that reports counts and time left to an optional
progress dialog and raises ``Cancelled`` when the person presses Cancel. Callbacks run on the UI
thread. ``UserFacingError`` goes to the failure callback (default: a message box); ``Cancelled`` is
silent unless ``cancelled(cb)`` asks to be told; anything else is a bug and goes to the crash handler.

The progress dialog never takes the keyboard from a question the work asks meanwhile (a PIN, a
password): ``hold_progress(True)`` hides it until ``hold_progress(False)``, and its Cancel button
is no default button, so Enter typed for another window never cancels the work.
"""

from __future__ import annotations

import inspect
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QPushButton, QWidget

from ..errors import Cancelled, UserFacingError
from ..progress import Progress, ProgressState

log = logging.getLogger(__name__)

_pool: QThreadPool | None = None
_live_ops: set[Op] = set()
#: told instead of a message box when the office database went away (ui/widgets/connection_banner.py)
_database_lost: Callable[[UserFacingError], None] | None = None


def set_database_lost_handler(handler: Callable[[UserFacingError], None] | None) -> None:
    """Operations without their own failure callback report a lost office database here (one banner),
    not in a message box each."""
    global _database_lost
    _database_lost = handler


def pool() -> QThreadPool:
    global _pool
    if _pool is None:
        _pool = QThreadPool()
        _pool.setMaxThreadCount(4)
    return _pool


def cancel_all() -> None:
    """Ask every running operation to stop at its next step (the program is closing).

    Operations that report progress stop there (a background job's child process stops after its
    current step, and the work resumes next time); short ones without progress simply finish.
    """
    for op in list(_live_ops):
        op.cancel()


def wait_for_all(timeout_ms: int = 30000) -> bool:
    """Wait until running operations finish (used at exit and in tests)."""
    return pool().waitForDone(timeout_ms)


class _Signals(QObject):
    finished = Signal(object)
    failed = Signal(object)
    progressed = Signal(object)


class _Runnable(QRunnable):
    def __init__(self, op: Op) -> None:
        super().__init__()
        self.op = op
        self.setAutoDelete(True)

    def run(self) -> None:
        op = self.op
        try:
            kwargs = {"progress": op.progress} if op.wants_progress else {}
            result = op.fn(**kwargs)
        except BaseException as exc:  # noqa: BLE001 - delivered to the UI thread and handled there
            op.signals.failed.emit(exc)
        else:
            op.signals.finished.emit(result)


def _format_eta(seconds: float | None, tr: Callable[[str], str]) -> str:
    if seconds is None:
        return ""
    seconds = int(seconds + 0.5)
    if seconds >= 3600:
        return tr("about {h} h {m} min left").format(h=seconds // 3600, m=seconds % 3600 // 60)
    if seconds >= 60:
        return tr("about {m} min {s} s left").format(m=seconds // 60, s=seconds % 60)
    return tr("about {s} s left").format(s=seconds)


class Op(QObject):
    """A cancellable background job with UI-thread callbacks."""

    def __init__(self, parent: QWidget | None, fn: Callable[..., Any]) -> None:
        super().__init__(None)
        self.parent_widget = parent
        self.fn = fn
        self.wants_progress = "progress" in inspect.signature(fn).parameters
        self.signals = _Signals()
        self.progress = Progress(self._on_progress_thread)
        self._on_success: Callable[[Any], None] | None = None
        self._on_failure: Callable[[UserFacingError], None] | None = None
        self._on_finally: Callable[[], None] | None = None
        self._on_cancelled: Callable[[], None] | None = None
        self._progress_title: str | None = None
        self._dialog: QProgressDialog | None = None
        self._show_delay_ms = 400
        self._held = False
        self.done = threading.Event()
        self.result: Any = None
        self.error: BaseException | None = None
        self.signals.finished.connect(self._finished, Qt.ConnectionType.QueuedConnection)
        self.signals.failed.connect(self._failed, Qt.ConnectionType.QueuedConnection)
        self.signals.progressed.connect(self._update_dialog, Qt.ConnectionType.QueuedConnection)

    # -- builder ------------------------------------------------------------------------------
    def success(self, cb: Callable[[Any], None]) -> Op:
        self._on_success = cb
        return self

    def failure(self, cb: Callable[[UserFacingError], None]) -> Op:
        self._on_failure = cb
        return self

    def finally_(self, cb: Callable[[], None]) -> Op:
        self._on_finally = cb
        return self

    def cancelled(self, cb: Callable[[], None]) -> Op:
        """Called (on the UI thread) when the work ended with ``Cancelled``, so the page can say so."""
        self._on_cancelled = cb
        return self

    def with_progress(self, title: str, show_after_ms: int = 400) -> Op:
        self._progress_title = title
        self._show_delay_ms = show_after_ms
        return self

    def run(self) -> Op:
        _live_ops.add(self)
        self._started = time.monotonic()
        if self._progress_title is not None:
            QTimer.singleShot(self._show_delay_ms, self._show_dialog)
        pool().start(_Runnable(self))
        return self

    def cancel(self) -> None:
        self.progress.cancel()

    def hold_progress(self, held: bool) -> None:
        """Keep the progress dialog out of the way while the work waits for the person (a PIN dialog
        is open): hidden now, shown again ``show_after_ms`` after the hold ends, if still running."""
        self._held = held
        if held:
            if self._dialog is not None and shiboken6.isValid(self._dialog):
                self._dialog.hide()
        elif self._progress_title is not None and not self.done.is_set():
            if self._dialog is not None and shiboken6.isValid(self._dialog):
                QTimer.singleShot(self._show_delay_ms, self._reshow_dialog)
            else:
                QTimer.singleShot(self._show_delay_ms, self._show_dialog)

    def _reshow_dialog(self) -> None:
        if not self._held and not self.done.is_set() and self._dialog is not None \
                and shiboken6.isValid(self._dialog):
            self._dialog.show()

    # -- progress (worker thread → UI thread) -------------------------------------------------
    def _on_progress_thread(self, state: ProgressState) -> None:
        self.signals.progressed.emit(state)

    def _show_dialog(self) -> None:
        if self.done.is_set() or self._dialog is not None or self._held:
            return
        dialog = QProgressDialog(self._progress_title or "", "", 0, 0, self.parent_widget)
        # Cancel only when pressed (or Escape): never the default button, so Enter meant for
        # another window (a PIN dialog that just closed) cannot cancel the work silently
        cancel = QPushButton(self.tr("Cancel"))
        cancel.setAutoDefault(False)
        cancel.setDefault(False)
        dialog.setCancelButton(cancel)
        dialog.setWindowTitle(self._progress_title or "")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(self.cancel)
        self._dialog = dialog
        self._update_dialog(self.progress.state())
        dialog.show()

    def _update_dialog(self, state: ProgressState) -> None:
        dialog = self._dialog
        if dialog is None or not shiboken6.isValid(dialog):
            return
        if state.total:
            label = self.tr("{done} of {total}").format(done=state.done, total=state.total)
        else:
            label = ""
        eta = _format_eta(state.eta_seconds, self.tr)
        text = "\n".join(p for p in (state.message, label, eta) if p)
        dialog.setLabelText(text or (self._progress_title or ""))
        # setValue on a modal progress dialog processes events, so the job may finish (and close the
        # dialog) inside it: it comes last, and nothing touches the dialog afterwards
        if state.total:
            dialog.setMaximum(state.total)
            dialog.setValue(min(state.done, state.total))
        else:
            dialog.setMaximum(0)

    # -- completion (UI thread) ---------------------------------------------------------------
    def _close_dialog(self) -> None:
        if self._dialog is not None and shiboken6.isValid(self._dialog):
            self._dialog.hide()
            self._dialog.deleteLater()
        self._dialog = None

    def _parent_gone(self) -> bool:
        """The widget that asked for the work was closed meanwhile: its callbacks must not run."""
        return self.parent_widget is not None and not shiboken6.isValid(self.parent_widget)

    def _finished(self, result: Any) -> None:
        self.result = result
        self.done.set()
        self._close_dialog()
        if self._parent_gone():
            _live_ops.discard(self)
            return
        try:
            if self._on_success is not None:
                self._on_success(result)
        finally:
            self._finish()

    def _failed(self, exc: BaseException) -> None:
        self.error = exc
        self.done.set()
        self._close_dialog()
        if self._parent_gone() and isinstance(exc, (Cancelled, UserFacingError)):
            _live_ops.discard(self)
            return
        try:
            if isinstance(exc, Cancelled):
                if self._on_cancelled is not None:
                    self._on_cancelled()
                return
            if _database_not_open(exc):  # the start-up tells why the office database did not open, once;
                # or the workspace was closed under a load still running (quitting, a restore in place)
                log.info("not run, the database is not open: %s", exc)
                return
            if isinstance(exc, UserFacingError):
                if self._on_failure is not None:
                    self._on_failure(exc)
                elif _database_lost is not None and _is_database_lost(exc):
                    _database_lost(exc)
                else:
                    show_error(self.parent_widget, exc)
                return
            from .crash import report_exception

            report_exception(type(exc), exc, exc.__traceback__)
        finally:
            self._finish()

    def _finish(self) -> None:
        if self._on_finally is not None:
            self._on_finally()
        _live_ops.discard(self)


def _database_not_open(exc: BaseException) -> bool:
    from ..office import DatabaseClosed, DatabaseNotOpened

    return isinstance(exc, (DatabaseNotOpened, DatabaseClosed))


def _is_database_lost(exc: BaseException) -> bool:
    from ..office import is_database_lost

    return is_database_lost(exc)


def show_error(parent: QWidget | None, exc: UserFacingError) -> None:
    from .crash import headless

    if headless():
        log.error("%s", exc.render())
        return
    box = QMessageBox(QMessageBox.Icon.Warning, "eplatnik", exc.render(), QMessageBox.StandardButton.Ok, parent)
    box.open()


def show_notice(parent: QWidget | None, title: str, text: str) -> QMessageBox | None:
    """Tell the person something that ended without an error (e.g. "signing cancelled"); not modal to
    the whole program. Headless runs log it instead."""
    from .crash import headless

    if headless():
        log.warning("%s: %s", title, text)
        return None
    box = QMessageBox(QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("notice")
    box.open()
    return box
