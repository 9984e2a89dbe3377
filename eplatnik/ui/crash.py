"""The global exception hook: bugs are logged to a crash file and shown in a dialog with its path.

``--no-err-windows`` (and tests) make it log only. User-facing errors never come here: they are
shown as written by the operation helper.
"""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path
from types import TracebackType

from .. import __version__
from ..clock import default_clock

log = logging.getLogger(__name__)
_state = {"headless": False, "log_dir": None, "last_crash": None}


def install(log_dir: Path, headless: bool) -> None:
    _state["log_dir"] = Path(log_dir)
    _state["headless"] = headless
    _state["last_crash"] = None
    sys.excepthook = report_exception


def headless() -> bool:
    return bool(_state["headless"])


def last_crash_file() -> Path | None:
    return _state["last_crash"]  # type: ignore[return-value]


def write_crash_log(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> Path | None:
    log_dir = _state["log_dir"]
    if log_dir is None:
        return None
    try:
        log_dir.mkdir(parents=True, exist_ok=True)  # type: ignore[union-attr]
        path = log_dir / f"crash-{default_clock().local_now():%Y%m%d-%H%M%S-%f}.log"  # type: ignore[operator]
        text = "".join(traceback.format_exception(exc_type, exc, tb))
        path.write_text(f"eplatnik {__version__}\nPython {sys.version}\n\n{text}", encoding="utf-8")
        _state["last_crash"] = path
        return path
    except OSError:
        return None


def report_exception(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    log.error("unexpected error", exc_info=(exc_type, exc, tb))
    path = write_crash_log(exc_type, exc, tb)
    if headless():
        return
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication, QMessageBox

    if QApplication.instance() is None:
        return
    text = QCoreApplication.translate(
        "Crash", "An unexpected error occurred: {err}\n\nYour data is safe. The details were saved to:\n"
                 "{path}\n\nPlease attach this file when reporting the problem.").format(
        err=f"{exc_type.__name__}: {exc}", path=path or "-")
    title = QCoreApplication.translate("Crash", "eplatnik — unexpected error")
    box = QMessageBox(QMessageBox.Icon.Critical, title, text)
    box.exec()
