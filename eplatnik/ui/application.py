"""GUI bootstrap: QApplication, translations, crash hook, the workspace, the main window."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import threading
import time
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from .. import __version__, i18n
from ..app import App
from ..errors import UserFacingError
from ..settings import LANGUAGE, Settings, default_basedir, demo_basedir
from . import crash
from .bridge import EventBridge
from .context import UiContext
from .resources import install_translations

log = logging.getLogger(__name__)
_T0 = time.perf_counter()


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="eplatnik", description="eplatnik — ZUS declarations (GUI)")
    parser.add_argument("--version", action="version", version=f"eplatnik {__version__}")
    parser.add_argument("--basedir", help="workspace folder (default: the user data directory)")
    parser.add_argument("--demo", action="store_true",
                        help="open the demo workspace (three firms), creating it on first use")
    parser.add_argument("--lang", choices=i18n.SUPPORTED_LANGUAGES, help="interface language (default: pl)")
    parser.add_argument("--gateway", help="gateway URL (a sandbox started separately)")
    parser.add_argument("--database", metavar="URL",
                        help="workspace database: a SQLite file (default: eplatnik.db in the workspace folder) or "
                             "an office's postgresql://user@server:5432/database (also EPLATNIK_DATABASE_URL)")
    parser.add_argument("--choose-database", action="store_true",
                        help="ask where the data lives (this computer or the office database) before opening; "
                             "also asked at the first start in the default workspace folder")
    parser.add_argument("--no-err-windows", action="store_true", help="log errors instead of showing dialogs")
    parser.add_argument("--page", default="dashboard", help="page to open first")
    parser.add_argument("--startup-probe", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--quit-after", type=float, default=None, help=argparse.SUPPRESS)
    args, _qt_args = parser.parse_known_args(argv)
    return args


def run(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    basedir = Path(args.basedir) if args.basedir else (demo_basedir() if args.demo else default_basedir())
    lang = args.lang or Settings(basedir).get(LANGUAGE)
    qapp = QApplication.instance() or QApplication([sys.argv[0], *[a for a in argv if a.startswith("-platform")]])
    qapp.setApplicationName("eplatnik")
    qapp.setApplicationVersion(__version__)
    qapp.setOrganizationName("eplatnik")
    # the window icon (an SVG: it loads the QtSvg plugin and, on X11, renders every size) is set by
    # the main window right after its first frame
    qapp._translators = install_translations(qapp, lang)  # type: ignore[attr-defined]
    from .gc_guard import UiThreadGarbageCollector

    qapp._gc_guard = UiThreadGarbageCollector(qapp)  # type: ignore[attr-defined]
    crash.install(basedir / "logs", headless=args.no_err_windows)
    try:
        app = _open_workspace(args, basedir, lang)
        if app is None:  # Cancel in the first start's or the password's dialog
            return 1
    except UserFacingError as exc:
        if args.no_err_windows:
            print(exc.render(), file=sys.stderr)  # noqa: T201 - headless start-up error
        else:
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.critical(None, "eplatnik", exc.render())
        return 1
    window = build_window(app, demo=args.demo, first_page=args.page)
    if not app.db.opened().done() or app.db.opened().exception() is not None:  # an office database opening
        _watch_background_opening(window, app, app.database_url, basedir, headless=args.no_err_windows)
        window.shown.connect(_FIRST_FRAME.set)
        QTimer.singleShot(1000, _FIRST_FRAME.set)  # a window not shown at once (minimised) does not wait
    else:
        app.watch_other_processes()  # a CLI run at the same time shows up here as it happens
    if args.startup_probe:
        window.shown.connect(lambda: QTimer.singleShot(0, lambda: _probe_and_quit(qapp)))
    if args.quit_after is not None:
        QTimer.singleShot(int(args.quit_after * 1000), window.close)
    window.place_on_screen()
    window.show_window()
    if os.environ.get("EPLATNIK_UI_PROBE"):  # end-to-end GUI tests read the screen from here (ui/probe.py)
        from .probe import install_from_env

        qapp._probe = install_from_env()  # type: ignore[attr-defined]
    try:
        code = qapp.exec()
        opened = app.db.opened()  # an office database that never opened ends the program with 1
        return 1 if opened.done() and opened.exception() is not None else code
    finally:
        from .ops import cancel_all, wait_for_all

        cancel_all()  # long runs stop after their current step and resume next time
        wait_for_all(10000)
        app.close()


def _open_workspace(args: argparse.Namespace, basedir: Path, lang: str) -> App | None:
    """The workspace's App: at the first start in the default folder (or with --choose-database) the
    person first chooses where the data lives; an office database that asks for a password gets it
    from a dialog (ui/dialogs/database_dialogs.py). None when the person cancelled."""
    from ..app import DATABASE_URL_ENV, database_location

    default_place = not (args.basedir or args.demo or args.database or os.environ.get(DATABASE_URL_ENV)
                         or os.environ.get("EPLATNIK_BASEDIR"))
    typed = ""
    if not args.no_err_windows and (args.choose_database or default_place):
        from .dialogs.database_dialogs import FirstStartDialog, is_first_start

        if args.choose_database or is_first_start(basedir):
            first = FirstStartDialog(basedir)
            if first.exec() != FirstStartDialog.DialogCode.Accepted:
                return None
            typed = first.typed_password
    location = database_location(Settings(basedir), args.database)

    def open_app(where, background: bool = False):
        return App(basedir, gateway_url=args.gateway, language=lang, database=where, open_in_background=background,
                   open_when=_FIRST_FRAME if background else None)

    if location.dialect != "postgresql":
        # a file at this desk: no server, no password (nor their modules); it opens on the database thread
        # once the first frame is on screen, as an office database does (a file that is no workspace
        # database, or one from a newer eplatnik, is told then and the program ends with 1)
        return open_app(location, background=True)
    from ..office import use_seat_pgpass
    from .dialogs.database_dialogs import ask_password_dialog, open_asking_password

    use_seat_pgpass(basedir)  # this seat's remembered passwords, for libpq here and in job children
    if typed and location.password is None:
        from dataclasses import replace

        location = replace(location, password=typed)
    if not typed:
        # an office database opens while the window comes up (the driver, SQLAlchemy and the server's
        # round trips are not on the first frame's path); a refused password is asked for over the window
        return open_app(location, background=True)
    if args.no_err_windows:
        return open_app(location)
    return open_asking_password(open_app, location, basedir, ask_password_dialog)


#: set once the main window's first frame is on screen: an office database opens after it (its driver,
#: SQLAlchemy and the server's round trips would otherwise compete with the window for the interpreter)
_FIRST_FRAME = threading.Event()


def _watch_background_opening(window, app: App, location, basedir: Path, *, headless: bool = False) -> QTimer:
    """Once the office database has opened (or not): nothing to do when it has; a refused login asks
    for the password over the window and tries again (pages reload once it is open); any other reason is
    told once, and the program ends (``headless``, --no-err-windows: told on stderr, no password asked)."""
    from dataclasses import replace

    # the office's and the dialogs' modules are imported only when they are needed (not on a one-seat
    # start-up, whose file opens the same way)
    state = {"location": location, "remember": False, "asked": False, "had_password": None}
    timer = QTimer(window)
    timer.setInterval(50)

    def check() -> None:
        future = app.db.opened()
        if not future.done():
            return
        timer.stop()
        error = future.exception()
        if error is None:
            # other seats' changes are heard from now on (own connection and thread; not while the opening
            # imports the driver: two threads importing SQLAlchemy's dialects at once trip over each other)
            app.watch_other_processes()
            where = state["location"]
            if state["remember"] and where.password:
                from ..office import remember_password, seat_pgpass, use_seat_pgpass

                remember_password(seat_pgpass(basedir), where, where.password)
                use_seat_pgpass(basedir)
            if state["asked"]:  # the pages that loaded before the password was given load now
                app.share_workspace_settings_later()
                for topic in ("register.changed", "documents.changed", "gateway.submission", "letters.changed"):
                    app.events.publish(topic, external=True)
                window.refresh_status()
            return
        if headless:
            print(error.render() if isinstance(error, UserFacingError) else repr(error),  # noqa: T201
                  file=sys.stderr)
            window.close()
            return
        from PySide6.QtWidgets import QMessageBox

        from ..office import DatabaseAuthFailed, seat_pgpass, stored_password
        from .dialogs.database_dialogs import ask_password_dialog

        if state["had_password"] is None:  # at the first attempt: typed, in the address, or remembered here
            state["had_password"] = location.password is not None or bool(stored_password(seat_pgpass(basedir),
                                                                                         location))
        if isinstance(error, DatabaseAuthFailed):
            refused = error if (state["had_password"] or state["asked"]) else None
            answer = ask_password_dialog(state["location"], refused)
            if answer is not None:
                password, state["remember"] = answer
                state["location"] = replace(state["location"], password=password)
                state["asked"] = state["had_password"] = True
                app.db.reopen(state["location"])
                timer.start()
                return
        elif isinstance(error, UserFacingError):
            QMessageBox.critical(window, "eplatnik", error.render())
        window.close()

    timer.timeout.connect(check)
    timer.start()
    return timer  # active while the opening is being watched


def build_window(app: App, demo: bool = False, first_page: str = "dashboard"):
    from .main_window import MainWindow

    ctx = UiContext(app=app, bridge=EventBridge(app.events))
    window = MainWindow(ctx)
    if demo:
        _ensure_demo(window)
    if first_page != "dashboard":
        window.show_page(first_page)
    return window


def _ensure_demo(window) -> None:
    from ..demo import create_demo
    from .ops import Op

    app = window.ctx.app

    def work() -> list:
        return create_demo(app)

    def done(problems: list) -> None:
        window.current_page().activate()
        window.refresh_status()
        if problems:  # e.g. the month's sets when that year has no contribution parameters
            from PySide6.QtCore import QCoreApplication
            from PySide6.QtWidgets import QMessageBox

            title = QCoreApplication.translate("MainWindow", "Demo workspace")
            head = QCoreApplication.translate("MainWindow", "Some parts of the demo could not be made:")
            QMessageBox.warning(window, title, head + "\n\n" + "\n\n".join(p.render() for p in problems))

    Op(window, work).success(done).with_progress(window.tr("Preparing the demo workspace…")).run()


def _probe_and_quit(qapp: QApplication) -> None:
    print(f"EPLATNIK_SHOWN {time.perf_counter() - _T0:.4f}", flush=True)  # noqa: T201 - benchmark probe
    qapp.quit()
