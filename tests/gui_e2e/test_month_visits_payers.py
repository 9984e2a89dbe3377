"""The month-end window, an e-visit booked and cancelled, a payer added with a wrong then a right NIP —
each driven through the real program with real clicks and typing (see xdriver.py)."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.xvfb, pytest.mark.slow]


def test_month_end_window_signs_once_and_sends_every_client(program):
    program.click_row("navigation", "Rozliczenie miesiąca")
    program.wait("the three clients of the month",
                 lambda s: len((program.find(s, name="monthTable") or {}).get("rows", [])) == 3)
    program.click("Zamknij miesiąc dla wszystkich widocznych…", name="monthRunShown")
    window = program.window("Przebieg miesiąca nr")
    assert window["rect"][2] <= program.session.width and window["rect"][3] <= program.session.height
    program.click("Rozpocznij", name="monthRunStart")
    program.window("Hasło do pliku certyfikatu")
    program.wait("the password field to have the keyboard",
                 lambda s: (s.get("focus") or {}).get("name") == "pinField")
    program.type("demo")
    program.key("Return")
    program.wait("every client accepted", lambda s: (t := program.find(s, name="monthRunTable"))
                 and len(t["rows"]) == 3 and all(r["cells"][2].startswith("przyjęty") for r in t["rows"]), timeout=150)
    program.wait("the run to say it finished", lambda s: program.find(s, name="monthRunPhase")["text"] == "Zakończono.")
    start = program.find(program.state(), name="monthRunStart")
    assert start["text"] == "Wznów" and not start["enabled"], "after the run ended there is nothing to resume"
    table = program.find(program.state(), name="monthRunTable")
    names = [r["cells"][0] for r in table["rows"]]
    assert "TECHBUD SP. Z O.O." in names, f"client names are cut off: {names}"
    program.screenshot("month-run-done")
    program.click("Zamknij", name="monthRunClose")
    program.gone("Przebieg miesiąca nr")
    program.wait("the month page following", lambda s: all(  # "przyjęty (test, nie ZUS)": the sandbox is not ZUS
        r["cells"][2].startswith("przyjęty") for r in program.find(s, name="monthTable")["rows"]))


def test_book_an_e_visit_and_cancel_it(program):
    program.click_row("navigation", "E-wizyty")
    program.choose("the client chooser", "visitFor", "KOWALSKI")
    program.click("Dalej", name="visitNext")
    program.wait("step 2", lambda s: "Krok 2" in program.find(s, name="visitStep")["text"])
    program.wait("a suggested unit", lambda s: program.find(s, cls="QComboBox", contains="(podpowiedź)"))
    program.click("Dalej", name="visitNext")
    program.wait("free slots", lambda s: program.find(s, name="slotTimes")["rows"])
    program.click("Dalej", name="visitNext")
    program.wait("step 4", lambda s: "Krok 4" in program.find(s, name="visitStep")["text"])
    program.click("Dalej", name="visitNext")
    program.wait("step 5", lambda s: "Krok 5" in program.find(s, name="visitStep")["text"])
    program.click("Zarezerwuj", name="visitNext")
    program.wait("the booking confirmed", lambda s: program.find(s, name="visitStep")["text"] == "Zarezerwowano",
                 timeout=30)
    tabs = program.widget("the tabs", name="visitTabs")
    program.click_at(next(t for t in tabs["tabs"] if t["text"] == "Moje e-wizyty")["rect"])
    program.click_row("visitsTable", "Kowalski")
    program.click("Odwołaj wizytę", name="cancelVisit")
    program.window("Odwołanie e-wizyty")
    program.click("Tak", window="Odwołanie e-wizyty", cls="QPushButton", text="&Tak")
    program.wait("the visit cancelled", lambda s: (r := program.row(program.find(s, name="visitsTable"), "Kowalski"))
                 and "odwołana" in r["cells"], timeout=30)


def test_add_a_payer_with_a_wrong_then_a_right_nip(program):
    program.click_row("navigation", "Płatnicy")
    program.click("Dodaj płatnika…", name="addPayer")
    program.window("Nowy płatnik")
    program.click("the NIP field", name="field-nip")
    program.type("8567346216")
    error = program.widget("the NIP's message", window="Nowy płatnik", name="fieldError", contains="cyfra kontrolna")
    nip = program.find(program.state(), name="field-nip")
    assert error["rect"][1] > nip["rect"][1], "the message is under the field"
    program.screenshot("payer-wrong-nip")
    program.key("ctrl+a")
    program.type("8567346215")
    program.wait("the NIP accepted", lambda s: not program.find(s, window="Nowy płatnik", name="fieldError",
                                                                contains="NIP"))
    for field, text in (("field-full_name", "Nowa Firma sp. z o.o."), ("field-short_name", "NOWA FIRMA"),
                        ("field-regon", "192598184")):
        program.click(field, name=field)
        program.type(text)
    program.wait("the type suggested from the name",
                 lambda s: "osoba prawna" in program.find(s, name="payerType")["text"])
    program.click("Zapisz", window="Nowy płatnik", cls="QPushButton", text="Zapisz")
    program.gone("Nowy płatnik")
    program.wait("the new payer in the list", lambda s: program.row(program.find(s, name="payersTable"), "NOWA FIRMA"))
