"""The main window: navigation for the product's areas, pages created on first use, status bar.

The status bar always shows the active gateway profile (sandbox / production / custom) and the
workspace folder, so nobody sends to the wrong place by accident.

Size: the window opens where it was closed last time at this seat (``ui.window_geometry``); the
first time it takes 1280×800 if the screen has room for that and its frame, else the whole
available screen (maximised) — a 1280×800 laptop less its panel must see the status bar. No page may
make it wider: pages fold their actions (widgets/action_bar.py) and keep small minimum sizes.

Start-up: the first frame is the navigation, the first page's layout and the status bar. What the
person cannot see or use in that instant — the navigation icons, the menu entries and their
shortcuts, the first page's data — is added right after the window has painted once
(``_after_first_paint``). Those need PySide6 to build big enum classes (``QStyle``, the ``Qt``
namespace) that would otherwise delay the first paint by tens of milliseconds.
"""

from __future__ import annotations

import importlib
import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QSize, QTimer, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QSplitter,
    QStackedWidget,
)

from .. import __version__
from ..errors import UserFacingError
from ..settings import CUSTOM_PROFILE, GATEWAY_PROFILE, GATEWAY_URL, PRODUCTION_PROFILE
from .context import UiContext
from .pages.base import Page
from .resources import app_icon

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent, QPaintEvent, QShowEvent

log = logging.getLogger(__name__)

#: if the window is not painted soon after it is shown (started minimised, covered), finish anyway
_FINISH_START_UP_MS = 200

#: the navigation column: wide enough for "Wysyłka i potwierdzenia" with its icon, no wider
NAV_WIDTH = 210
NAV_MIN_WIDTH = 190
#: the first-time size, when the screen has room for it and a window frame (title bar, borders)
DEFAULT_SIZE = (1280, 800)
FRAME_ALLOWANCE = (16, 48)

#: (key, module, title source text, name of the QStyle standard icon)
PAGES: list[tuple[str, str, str, str]] = [
    ("dashboard", "eplatnik.ui.pages.dashboard", "Dashboard", "SP_ComputerIcon"),
    ("month", "eplatnik.ui.pages.month", "Month-end", "SP_BrowserReload"),
    ("account", "eplatnik.ui.pages.account", "Account", "SP_DialogApplyButton"),
    ("payers", "eplatnik.ui.pages.payers", "Payers", "SP_DirHomeIcon"),
    ("insured", "eplatnik.ui.pages.insured", "Insured persons", "SP_FileDialogContentsView"),
    ("documents", "eplatnik.ui.pages.documents", "Documents", "SP_FileIcon"),
    ("submissions", "eplatnik.ui.pages.submissions", "Submission and receipts", "SP_ArrowUp"),
    ("letters", "eplatnik.ui.pages.letters", "Correspondence", "SP_FileDialogInfoView"),
    ("visits", "eplatnik.ui.pages.visits", "E-visits", "SP_MessageBoxInformation"),
    ("settings", "eplatnik.ui.pages.settings_page", "Settings", "SP_FileDialogDetailedView"),
]


def page_title(source: str) -> str:
    translate = QCoreApplication.translate
    titles = {
        "Dashboard": QCoreApplication.translate("MainWindow", "Dashboard"),
        "Month-end": QCoreApplication.translate("MainWindow", "Month-end"),
        "Account": QCoreApplication.translate("MainWindow", "Account"),
        "Payers": QCoreApplication.translate("MainWindow", "Payers"),
        "Insured persons": QCoreApplication.translate("MainWindow", "Insured persons"),
        "Documents": QCoreApplication.translate("MainWindow", "Documents"),
        "Submission and receipts": QCoreApplication.translate("MainWindow", "Submission and receipts"),
        "Correspondence": QCoreApplication.translate("MainWindow", "Correspondence"),
        "E-visits": QCoreApplication.translate("MainWindow", "E-visits"),
        "Settings": QCoreApplication.translate("MainWindow", "Settings"),
    }
    return titles.get(source) or translate("MainWindow", source)


class MainWindow(QMainWindow):
    shown = Signal()

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        ctx.window = self
        self.setWindowTitle(self.tr("eplatnik — ZUS declarations, signing and submission"))
        self.resize(1280, 800)
        self._maximise_at_start = False
        self._pages: dict[str, Page] = {}
        self._keys = [key for key, *_ in PAGES]

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setIconSize(QSize(22, 22))
        self.nav.setMinimumWidth(NAV_MIN_WIDTH)
        self.nav.setMaximumWidth(300)
        self.nav.setSpacing(2)
        # until the real icons come (_after_first_paint) a blank one keeps the titles where they will stay
        blank = QPixmap(self.nav.iconSize())
        blank.fill(QColor(0, 0, 0, 0))
        blank_icon = QIcon(blank)
        for _key, _module, title, _icon in PAGES:  # the row is the index into PAGES and self._keys
            item = QListWidgetItem(blank_icon, page_title(title))
            item.setSizeHint(QSize(NAV_MIN_WIDTH - 20, 36))
            self.nav.addItem(item)
        self.stack = QStackedWidget()
        self.splitter = splitter = QSplitter()
        splitter.setObjectName("mainSplitter")
        splitter.addWidget(self.nav)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([NAV_WIDTH, 1280 - NAV_WIDTH])
        # above the pages, added after the first frame: "the connection to the office database was lost"
        from PySide6.QtWidgets import QVBoxLayout, QWidget

        central = QWidget()
        self._column = QVBoxLayout(central)
        self._column.setContentsMargins(0, 0, 0, 0)
        self._column.setSpacing(0)
        self._column.addWidget(splitter, 1)
        self.setCentralWidget(central)
        self.nav.currentRowChanged.connect(self._on_nav)

        self.profile_label = QLabel()
        self.profile_label.setObjectName("gatewayProfile")
        self.workspace_label = QLabel()
        self.workspace_label.setObjectName("workspaceLabel")
        # a long workspace path must not widen the window: it is cut, the whole path is in the tooltip
        self.workspace_label.setMinimumWidth(1)
        self.statusBar().addPermanentWidget(self.workspace_label, 1)
        self.statusBar().addPermanentWidget(self.profile_label)
        self.refresh_status()
        # menu titles are in the first frame, their entries are added after it (_after_first_paint)
        self.file_menu = self.menuBar().addMenu(self.tr("&File"))
        self.go_menu = self.menuBar().addMenu(self.tr("&Go"))
        self.help_menu = self.menuBar().addMenu(self.tr("&Help"))
        # the first page is built now but loads its data only once the window is on screen
        self._first_shown = False
        self._start_up_finished = False
        self._page_activated = False
        self.visit_reminders = None
        self.letter_watch = None
        self.nav.blockSignals(True)
        self.nav.setCurrentRow(0)
        self.nav.blockSignals(False)
        self.stack.setCurrentWidget(self.page(self._keys[0]))

    # -- after the first frame ---------------------------------------------------------------------
    def _after_first_paint(self) -> None:
        if self._start_up_finished:
            return
        self._start_up_finished = True
        if not self._page_activated:  # unless a page was already opened (with its arguments) meanwhile
            self.current_page().activate()  # first: its data loads on a worker meanwhile
        self._add_navigation_icons()
        self._fill_menus()
        self._add_database_banner()
        # for this window and every later one (dialogs); it was left out of the first frame, see
        # application.run
        QApplication.setWindowIcon(app_icon())
        # e-visit reminders work while the program is open, whatever page is shown (set up off the
        # start-up path)
        QTimer.singleShot(2000, self, self._start_visit_reminders)
        QTimer.singleShot(2500, self, self._start_letter_watch)

    def _add_database_banner(self) -> None:
        """One banner instead of a message box per failed operation when the office database is gone."""
        from . import ops
        from .widgets.connection_banner import ConnectionBanner

        self.db_banner = ConnectionBanner(self.ctx)
        self._column.insertWidget(0, self.db_banner)
        ops.set_database_lost_handler(self.db_banner.connection_lost)

    def _add_navigation_icons(self) -> None:
        from PySide6.QtWidgets import QStyle

        style = self.style()
        for row, (*_rest, icon_name) in enumerate(PAGES):
            self.nav.item(row).setIcon(style.standardIcon(getattr(QStyle.StandardPixmap, icon_name)))

    def _fill_menus(self) -> None:
        from PySide6.QtGui import QAction, QKeySequence

        file_menu, go_menu, help_menu = self.file_menu, self.go_menu, self.help_menu
        self.backup_action = QAction(self.tr("&Back up workspace…"), self)
        self.backup_action.triggered.connect(self._backup)
        file_menu.addAction(self.backup_action)
        self.restore_action = QAction(self.tr("&Restore workspace…"), self)
        self.restore_action.triggered.connect(self._restore)
        file_menu.addAction(self.restore_action)
        file_menu.addSeparator()
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        for index, (key, _m, title, _i) in enumerate(PAGES):
            action = QAction(page_title(title), self)
            action.setShortcut(QKeySequence(f"Ctrl+{index + 1}"))
            action.triggered.connect(lambda _=False, k=key: self.show_page(k))
            go_menu.addAction(action)
        guide = QAction(self.tr("&Guide: the month in six steps"), self)
        guide.setShortcut(QKeySequence.StandardKey.HelpContents)
        guide.triggered.connect(self.show_guide)
        help_menu.addAction(guide)
        handoff = QAction(self.tr("Sending to the real ZUS: ePłatnik and Płatnik…"), self)
        handoff.triggered.connect(self.show_handoff_help)
        help_menu.addAction(handoff)
        help_menu.addSeparator()
        about = QAction(self.tr("&About eplatnik"), self)
        about.triggered.connect(self.show_about)
        help_menu.addAction(about)

    def _backup(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        try:
            from .dialogs.backup import run_backup_dialog
        except ModuleNotFoundError:
            QMessageBox.information(self, "eplatnik", self.tr("Backups are made from the command line in this "
                                                              "version: eplatnik-cli backup --help"))
            return
        run_backup_dialog(self)

    def _restore(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        try:
            from .dialogs.backup import run_restore_dialog
        except ModuleNotFoundError:
            QMessageBox.information(self, "eplatnik", self.tr("Restoring is done from the command line in this "
                                                              "version: eplatnik-cli restore --help"))
            return
        run_restore_dialog(self)

    def show_handoff_help(self) -> None:
        from .dialogs.handoff_dialog import HandoffHelp

        HandoffHelp(self).exec()

    def show_guide(self) -> None:
        from .dialogs.guide import GuideDialog

        dialog = GuideDialog(str(self.ctx.app.basedir), self)
        self.guide_dialog = dialog
        dialog.open()

    def show_about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        try:
            from .dialogs.about import AboutDialog
        except ModuleNotFoundError:
            QMessageBox.about(self, self.tr("About eplatnik"),
                              self.tr("eplatnik {version}\nWorkspace: {path}\nGateway: {profile}").format(
                                  version=__version__, path=self.ctx.app.basedir, profile=self.profile_text()))
            return
        AboutDialog(self.ctx, self).exec()

    # -- pages ----------------------------------------------------------------------------------
    def page(self, key: str) -> Page:
        if key not in self._pages:
            module_name = next(m for k, m, *_ in PAGES if k == key)
            module = importlib.import_module(module_name)
            page = module.create_page(self.ctx)
            page.setObjectName(f"page-{key}")
            self._pages[key] = page
            self.stack.addWidget(page)
        return self._pages[key]

    def show_page(self, key: str, **kwargs: object) -> Page:
        row = self._keys.index(key)
        if self.nav.currentRow() != row:
            self.nav.blockSignals(True)
            self.nav.setCurrentRow(row)
            self.nav.blockSignals(False)
        page = self.page(key)
        self.stack.setCurrentWidget(page)
        self._page_activated = True
        page.activate(**kwargs)
        return page

    def _start_visit_reminders(self) -> None:
        from .visit_reminders import VisitReminders

        self.visit_reminders = VisitReminders(self, self.ctx.app)
        self.visit_reminders.start(first_after_ms=1000)

    def _start_letter_watch(self) -> None:
        from .letter_watch import LetterWatch

        self.letter_watch = LetterWatch(self, self.ctx.app, self.ctx.bridge)
        self.letter_watch.start()

    def current_page(self) -> Page:
        return self.stack.currentWidget()  # type: ignore[return-value]

    def _on_nav(self, row: int) -> None:
        if row >= 0:
            self.show_page(self._keys[row])

    # -- status ---------------------------------------------------------------------------------
    def profile_text(self) -> str:
        settings = self.ctx.app.settings
        if self.ctx.app.gateway_url_override:
            return self.tr("Gateway: {url}").format(url=self.ctx.app.gateway_url_override)
        profile = settings.get(GATEWAY_PROFILE)
        if profile == PRODUCTION_PROFILE:
            return self.tr("Gateway: ZUS PRODUCTION")
        if profile == CUSTOM_PROFILE:
            return self.tr("Gateway: {url}").format(url=settings.get(GATEWAY_URL) or "?")
        return self.tr("Gateway: SANDBOX (local test, nothing reaches ZUS)")

    def refresh_status(self) -> None:
        text = self.profile_text()
        self.profile_label.setText(text)
        production = self.ctx.app.settings.get(GATEWAY_PROFILE) == PRODUCTION_PROFILE
        self.profile_label.setStyleSheet(
            "QLabel { padding: 2px 8px; border-radius: 3px; color: white; background: %s; }"
            % ("#b00020" if production else "#2e7d32"))
        self.workspace_label.setText(self.workspace_text())
        self.workspace_label.setToolTip(self.workspace_tip())

    def workspace_text(self) -> str:
        """Where the data is — the office database (server/database, never the password) or the workspace
        folder — and the accountant at this seat, whom every change is recorded under."""
        app = self.ctx.app
        url = app.database_url
        where = self.tr("Office database: {server}/{database}").format(server=url.server, database=url.database) \
            if url.dialect == "postgresql" else self.tr("Workspace: {path}").format(path=app.basedir)
        who = app.actor or self.tr("(accountant not named — Settings)")
        return self.tr("{where} · Accountant: {who} ({seat})").format(where=where, who=who, seat=app.seat.id)

    def workspace_tip(self) -> str:
        app = self.ctx.app
        url = app.database_url
        if url.dialect != "postgresql":
            return str(app.basedir)
        return self.tr("Office database {url}; this seat's files: {path}").format(
            url=url.without_password().redacted(), path=app.basedir)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._first_shown:
            self._first_shown = True
            # a timer with the window as context: it is dropped if the window goes away first
            QTimer.singleShot(_FINISH_START_UP_MS, self, self._after_first_paint)
        self.shown.emit()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._start_up_finished:
            # posted now, run once this frame is on screen
            QTimer.singleShot(0, self, self._after_first_paint)

    # -- size and place -------------------------------------------------------------------------
    def place_on_screen(self) -> None:
        """Before the first show: the size and place remembered at this seat, else 1280×800 when the
        screen has room for it, else the whole available screen (``show_window`` maximises)."""
        from ..settings import WINDOW_GEOMETRY

        saved = self.ctx.app.settings.get(WINDOW_GEOMETRY)
        if saved:
            from PySide6.QtCore import QByteArray

            if self.restoreGeometry(QByteArray.fromBase64(saved.encode("ascii"))):
                self._fit_restored()
                return
        screen = self.screen() or QApplication.primaryScreen()
        if screen is None:
            return
        room = screen.availableGeometry()
        width, height = DEFAULT_SIZE
        if room.width() >= width + FRAME_ALLOWANCE[0] and room.height() >= height + FRAME_ALLOWANCE[1]:
            self.resize(width, height)
            self.move(room.x() + (room.width() - width) // 2, room.y() + (room.height() - height) // 2)
        else:
            self.resize(min(width, room.width()), min(height, room.height() - FRAME_ALLOWANCE[1]))
            self.move(room.topLeft())
            self._maximise_at_start = True

    def _fit_restored(self) -> None:
        """A geometry saved on a bigger screen (or another monitor) must still fit this one."""
        screen = self.screen() or QApplication.primaryScreen()
        if screen is None:
            return
        room = screen.availableGeometry()
        frame = self.frameGeometry()
        if frame.width() > room.width() or frame.height() > room.height():
            self.resize(min(self.width(), room.width() - FRAME_ALLOWANCE[0]),
                        min(self.height(), room.height() - FRAME_ALLOWANCE[1]))
        if not room.intersects(self.frameGeometry()):
            self.move(room.topLeft())

    def show_window(self) -> None:
        if self._maximise_at_start:
            self.showMaximized()
        else:
            self.show()

    def save_geometry(self) -> None:
        from ..settings import WINDOW_GEOMETRY

        try:
            self.ctx.app.settings.set(WINDOW_GEOMETRY, bytes(self.saveGeometry().toBase64().data()).decode("ascii"))
        except (OSError, UserFacingError):  # a full disk must not stop the program from closing
            log.warning("could not remember the window size", exc_info=True)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_geometry()
        self.ctx.bridge.close()
        from . import ops

        ops.set_database_lost_handler(None)
        super().closeEvent(event)



