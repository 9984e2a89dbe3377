"""The main window as a person sees it (offscreen): navigation, payers, insured, CSV import, dashboard."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QDialogButtonBox

EXPECTED_AREAS = ["Pulpit", "Rozliczenie miesiąca", "Konto",
                  "Płatnicy", "Ubezpieczeni", "Dokumenty", "Wysyłka i potwierdzenia", "Korespondencja", "E-wizyty",
                  "Ustawienia"]


def test_navigation_lists_the_areas_in_polish(main_window):
    titles = [main_window.nav.item(i).text() for i in range(main_window.nav.count())]
    assert titles == EXPECTED_AREAS
    assert "PIASKOWNICA" in main_window.profile_label.text()


def test_every_area_opens(main_window, qtbot):
    for key in main_window._keys:
        page = main_window.show_page(key)
        assert main_window.stack.currentWidget() is page
        qtbot.wait(20)


@pytest.mark.now("2026-11-20T10:00:00+01:00")
def test_dashboard_shows_clients_and_expiring_authorisation(main_window, qtbot):
    page = main_window.show_page("dashboard")
    # on 20 November TECHBUD's October deadline (16th) has passed unsent: that row comes first, then
    # each client's current period
    qtbot.waitUntil(lambda: page.model.rowCount() == 4, timeout=5000)
    first = page.model.record(0)
    assert first.missed and first.payer.short_name == "TECHBUD SP. Z O.O."
    assert page.clients_card.value.text() == "3"
    assert "14" in page.clients_card.title.text()  # insured persons
    assert page.expiring_card.value.text() == "1"
    assert "NOWAK DESIGN" in page.expiring_label.text()


def test_payers_search_filters_instantly(main_window, qtbot):
    page = main_window.show_page("payers")
    qtbot.waitUntil(lambda: page.model.total_count() == 3, timeout=5000)
    qtbot.keyClicks(page.search, "nowak")
    assert page.model.rowCount() == 1
    page.search.clear()
    qtbot.keyClicks(page.search, "951-234")
    assert page.model.rowCount() == 1
    assert page.model.index(0, 0).data() == "TECHBUD SP. Z O.O."
    assert page.count_label.text() == "Widoczne: 1 z 3"


def test_add_payer_dialog_validates_as_typed_and_saves(main_window, qtbot):
    from eplatnik.ui.dialogs.payer_dialog import PayerDialog

    page = main_window.show_page("payers")
    qtbot.waitUntil(lambda: page.model.rowCount() == 3, timeout=5000)
    dialog = PayerDialog(main_window.ctx.app, None, page)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.nip.edit, "8567346216")
    assert not dialog.nip.is_valid()
    assert "cyfra kontrolna" in dialog.nip.error_text()
    dialog.nip.edit.clear()
    qtbot.keyClicks(dialog.nip.edit, "8567346215")
    assert dialog.nip.is_valid()
    qtbot.keyClicks(dialog.postal_code.edit, "00950")
    assert "NN-NNN" in dialog.postal_code.error_text()
    dialog.postal_code.setText("00-950")
    dialog.full_name.setText("Nowa Firma sp. z o.o.")
    dialog.short_name.setText("NOWA FIRMA")
    dialog.regon.setText("192598184")
    dialog.payer_type.setCurrentIndex(dialog.payer_type.findData("legal"))
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    qtbot.waitUntil(lambda: page.model.rowCount() == 4, timeout=5000)


def test_duplicate_nip_is_reported_at_the_field(main_window, qtbot):
    from eplatnik.ui.dialogs.payer_dialog import PayerDialog

    dialog = PayerDialog(main_window.ctx.app, None, main_window)
    qtbot.addWidget(dialog)
    dialog.nip.setText("9512345675")
    dialog.full_name.setText("Kopia")
    dialog.short_name.setText("KOPIA")
    dialog.regon.setText("192598184")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    qtbot.waitUntil(lambda: "już jest w rejestrze" in dialog.nip.error_text(), timeout=5000)
    assert dialog.result() == 0


def test_insured_page_and_csv_import(main_window, qtbot, tmp_path):
    from eplatnik.ui.dialogs.csv_import_dialog import CsvImportDialog

    page = main_window.show_page("insured")
    qtbot.waitUntil(lambda: page.payer.count() == 3, timeout=5000)
    page.payer.setCurrentIndex(page.payer.findText("TECHBUD", Qt.MatchFlag.MatchStartsWith))
    qtbot.waitUntil(lambda: page.model.rowCount() == 12, timeout=5000)
    csv_file = tmp_path / "ludzie.csv"
    csv_file.write_bytes(("PESEL;Imię;Nazwisko;Kod tytułu ubezpieczenia;Data rozpoczęcia\n"
                          "44051401359;Józef;Żółw;011000;2026-01-01\n"
                          "44051401358;Zły;Numer;011000;2026-01-01\n").encode("cp1250"))
    dialog = CsvImportDialog(main_window.ctx.app, page.payer_id(), "TECHBUD", page)
    qtbot.addWidget(dialog)
    dialog.load(csv_file)
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=5000)
    assert dialog.model.rowCount() == 2
    assert not dialog.import_button.isEnabled()  # errors present: nothing imported unless chosen
    assert "cyfra kontrolna" in dialog.model.index(1, 6).data()
    dialog.only_valid.setChecked(True)
    assert dialog.import_button.isEnabled()
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        dialog.import_button.click()
    assert len(dialog.imported) == 1
    page.load_people()
    qtbot.waitUntil(lambda: page.model.rowCount() == 13, timeout=5000)


def test_polish_translation_is_loaded_and_complete(polish_translations):
    assert QCoreApplication.translate("MainWindow", "Payers") == "Płatnicy"
    assert QCoreApplication.translate("Op", "{done} of {total}") == "{done} z {total}"
