"""The window fits a laptop (issue 14): every page works in 1280×740 and stays usable at 1024×768.

A page's minimum size becomes the window's minimum size: one page with a row of ten buttons made the
window 1613 px wide and it stayed so. Offscreen, Qt computes the same sizes as on a desktop, so this
checks every page and the dialogs against a 1024×768 screen less its panel and title bar (≈ 1024×700);
the real screen is checked by tests/gui_e2e.
"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from eplatnik.ui.main_window import PAGES

SMALL = (1024, 700)   # 1024×768 less a panel and the title bar
LAPTOP = (1280, 740)  # 1280×800 less a panel


def _settle(qtbot):
    QApplication.processEvents()
    qtbot.wait(50)


def test_no_page_widens_the_window_or_needs_more_than_a_small_screen(main_window, qtbot):
    main_window.resize(*LAPTOP)
    _settle(qtbot)
    for key, *_ in PAGES:
        page = main_window.show_page(key)
        _settle(qtbot)
        hint = main_window.minimumSizeHint()
        assert hint.width() <= SMALL[0] and hint.height() <= SMALL[1], (key, hint)
        assert main_window.width() == LAPTOP[0], f"{key} widened the window to {main_window.width()} px"
        assert page.minimumSizeHint().width() <= SMALL[0] - main_window.nav.minimumWidth(), key
    main_window.resize(*SMALL)
    _settle(qtbot)
    assert (main_window.width(), main_window.height()) == SMALL


def test_actions_that_do_not_fit_fold_into_more(main_window, qtbot):
    page = main_window.show_page("documents")
    main_window.resize(*SMALL)
    _settle(qtbot)
    bar = page.actions
    folded = bar.folded()
    assert folded, "at 1024 px some of the eight actions fold into the menu"
    assert bar.more.isVisible() and bar.more.text() == "Więcej ▾"
    shown = [b for b in bar.buttons() if b.isVisible()]
    assert shown[0] is page.build_button and page.sign_button in shown and page.send_button in shown
    assert all(b.geometry().right() <= bar.width() for b in [*shown, bar.more])
    bar._fill_menu()
    texts = [a.text() for a in bar.menu.actions()]
    assert texts == [b.text() for b in folded] and "Importuj KEDU…" in texts
    main_window.resize(1920, 1000)
    _settle(qtbot)
    assert not bar.folded() and not bar.more.isVisible()


@pytest.mark.parametrize("make", ["payer", "insured", "sign", "csv", "guide", "month_run", "authorisation"])
def test_dialogs_fit_a_small_screen(main_window, qtbot, make):
    app = main_window.ctx.app
    payer = app.register.list_payers()[0]
    if make == "payer":
        from eplatnik.ui.dialogs.payer_dialog import PayerDialog
        dialog = PayerDialog(app, None, main_window)
    elif make == "insured":
        from eplatnik.ui.dialogs.insured_dialog import InsuredDialog
        dialog = InsuredDialog(app, payer.id, None, main_window)
    elif make == "sign":
        from eplatnik.ui.dialogs.sign_dialog import SignDialog
        dialog = SignDialog(app, 1, main_window)
    elif make == "csv":
        from eplatnik.ui.dialogs.csv_import_dialog import CsvImportDialog
        dialog = CsvImportDialog(app, payer.id, payer.short_name, main_window)
    elif make == "guide":
        from eplatnik.ui.dialogs.guide import GuideDialog
        dialog = GuideDialog(str(app.basedir), main_window)
    elif make == "month_run":
        from eplatnik.period import Period
        from eplatnik.ui.dialogs.month_run_dialog import MonthRunDialog
        run_id = app.month_runner().start(Period.previous_of(app.clock.today()), [payer.id])
        dialog = MonthRunDialog(main_window.ctx, run_id=run_id, names={payer.id: (payer.short_name, payer.nip)},
                                parent=main_window)
    else:
        from eplatnik.ui.pages.payers import AuthorisationDialog
        dialog = AuthorisationDialog(app, [payer], payer, main_window)
    qtbot.addWidget(dialog)
    dialog.show()
    _settle(qtbot)
    for size in (dialog.minimumSizeHint(), dialog.size()):
        assert size.width() <= SMALL[0] and size.height() <= SMALL[1], (make, size)
    dialog.close()


def test_the_window_opens_where_it_was_closed_at_this_seat(main_window, qtbot):
    from eplatnik.settings import WINDOW_GEOMETRY
    from eplatnik.ui.application import build_window

    app = main_window.ctx.app
    main_window.resize(main_window.width(), 540)
    _settle(qtbot)
    main_window.close()
    assert app.settings.get(WINDOW_GEOMETRY)
    again = build_window(app)
    qtbot.addWidget(again)
    again.place_on_screen()
    assert again.height() == 540
    # never wider than the screen it opens on (the offscreen screen is 800 px wide)
    assert again.frameGeometry().width() <= again.screen().availableGeometry().width() + 16
    again.close()


def test_qt_own_dialogs_speak_polish(main_window, qtbot):
    """File dialogs ("Szukaj w:", "Pliki typu") and standard buttons come from Qt's qtbase_pl."""
    from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QLabel

    dialog = QFileDialog(main_window)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    qtbot.addWidget(dialog)
    labels = {label.text().replace("&", "") for label in dialog.findChildren(QLabel)}
    assert {"Szukaj w:", "Pliki typu:", "Nazwa pliku:"} <= labels, labels
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Yes | QDialogButtonBox.StandardButton.No)
    qtbot.addWidget(box)
    assert box.button(QDialogButtonBox.StandardButton.Yes).text().replace("&", "") == "Tak"
