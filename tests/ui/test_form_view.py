"""The declaration as a person reads it: the form view shows the official blocks and fields, a click
and typing change a value through the same core edit, the verification runs again and marks the
field; a correction says what it corrects in the list, above the form and in the summary."""

from __future__ import annotations

from PySide6.QtCore import Qt

from eplatnik.period import Period


def _open_set(window, qtbot, set_id):
    window.ctx.navigate("documents", set_id=set_id)
    page = window.current_page()
    qtbot.waitUntil(lambda: page.selected_info() is not None and page.selected_info().id == set_id
                    and bool(page.form_view.boxes), timeout=15000)
    return page


def _box(page, form, block, pole, block_id=None):
    for box in page.form_view.boxes:
        f = box.field
        if box.property("form") == form and (f.block, f.pole) == (block, pole) and f.block_id == block_id:
            return box
    raise AssertionError(f"no {form} {block} {pole} on the form")


def test_typing_a_value_on_the_form_edits_and_verifies_again(office_window, qtbot):
    window, app, _clock = office_window
    info = app.documents.latest_monthly(app.register.find_payer("9512345675").id, Period(2026, 10))
    page = _open_set(window, qtbot, info.id)
    tabs = page.form_view.tabs
    assert [tabs.tabText(i) for i in range(tabs.count())] == ["ZUS DRA", "ZUS RCA"]
    assert page.form_view.hint.text().startswith("Kliknij wartość")  # in Polish
    titles = [w.text() for w in page.form_view.findChildren(type(page.summary)) if w.objectName() == "blockTitle"]
    assert "IV. ZESTAWIENIE NALEŻNYCH SKŁADEK NA UBEZPIECZENIA SPOŁECZNE ORAZ ŹRÓDEŁ FINANSOWANIA" in titles
    assert "XIII. OŚWIADCZENIE PŁATNIKA SKŁADEK" in titles
    assert _box(page, "DRA", "IX", "p2").field.value == f"{info.to_pay:,.2f}".replace(",", " ").replace(".", ",")

    tabs.setCurrentIndex(1)  # ZUS RCA: the first insured person's pension base
    box = _box(page, "RCA", "III.B", "p4", 1)
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    assert box.editor is not None and box.editor.text().endswith(",00")
    box.editor.selectAll()
    qtbot.keyClicks(box.editor, "1000,00")
    qtbot.keyClick(box.editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: str(page.selected_info().status) == "draft" and bool(page._findings), timeout=15000)
    assert "R-CALC-001" in {f["rule"] for f in page._findings}
    qtbot.waitUntil(lambda: any(b.severity == "error" for b in page.form_view.boxes), timeout=5000)
    assert page.form_view.tabs.tabText(page.form_view.tabs.currentIndex()) == "ZUS RCA"  # stays where it was
    assert _box(page, "RCA", "III.B", "p4", 1).field.value == "1 000,00"
    assert app.documents.get_set(info.id).rca_blocks[0].pension_base == 1000
    history = app.documents.transitions(info.id)
    assert any("III.B" in (h["note"] or "") or "pension_base" in (h["note"] or "") for h in history)


def test_a_correction_is_marked_in_the_list_the_form_and_the_summary(office_window, qtbot):
    window, app, _clock = office_window
    info = app.documents.latest_monthly(app.register.find_payer("5261040828").id, Period(2026, 10))
    correction = app.documents.build_correction(info.id)
    page = _open_set(window, qtbot, correction.id)
    assert page.form_view.correction.isVisible()
    assert page.form_view.correction.text() == f"KOREKTA — korekta zestawu nr {info.id} (deklaracja nr 01)"
    assert page.summary.text().startswith(f"KOREKTA zestawu nr {info.id}.")
    row = next(r for r in range(page.sets_model.rowCount()) if page.sets_model.record(r).id == correction.id)
    titles = [c.title for c in page.sets_model.columns]
    assert page.sets_model.index(row, titles.index("Nr")).data() == "02 (korekta)"
    assert page.sets_model.index(row, titles.index("Korekta zestawu")).data() == f"korekta zestawu nr {info.id}"


def test_the_form_works_from_the_keyboard(office_window, qtbot):
    window, app, _clock = office_window
    info = app.documents.latest_monthly(app.register.find_payer("7792433421").id, Period(2026, 10))
    page = _open_set(window, qtbot, info.id)
    box = _box(page, "DRA", "III", "p3")  # the accident rate
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_F2)
    assert box.editor is not None and box.editor.text() == "1,67"
    qtbot.keyClick(box.editor, Qt.Key.Key_Escape)
    assert box.editor is None and box.shown_value == "1,67"  # nothing changed
    assert app.documents.get_info(info.id).xml_sha256 == info.xml_sha256
