"""Dokumenty → a set → Podpisz… → the demo password typed and Enter → Wyślij do ZUS → the receipt.

Issue 14's blocker: a progress window popped up over the password dialog 0.4 s after it opened and
took the keyboard — the typed password went nowhere and Enter cancelled the signing silently. Only a
real X session with a window manager shows focus, so this drives the real program with xdotool.
"""

from __future__ import annotations

import time

import pytest

pytestmark = [pytest.mark.xvfb, pytest.mark.slow]

PASSWORD_DIALOG = "Hasło do pliku certyfikatu"


def _open_documents(program) -> None:
    program.click_row("navigation", "Dokumenty")
    program.wait("the demo's sets in Dokumenty",
                 lambda s: (t := program.find(s, name="setsTable")) and program.row(t, "KOWALSKI"))


def _start_signing(program) -> None:
    program.click_row("setsTable", "KOWALSKI")
    program.click("Podpisz… enabled", name="signSet")
    program.window("Podpisz")  # the key choice: the demo certificate is preselected
    program.key("Return")
    program.window(PASSWORD_DIALOG)
    program.wait("the password field to have the keyboard",
                 lambda s: (s.get("focus") or {}).get("name") == "pinField")


def test_sign_and_send_one_set_from_documents(program):
    _open_documents(program)
    _start_signing(program)
    # the old bug needed 0.4 s to steal the keyboard: give it the chance, then type as a person would
    time.sleep(1.0)
    assert (program.focused() or {}).get("name") == "pinField", "something took the keyboard from the password field"
    program.type("demo")
    program.key("Return")
    program.gone(PASSWORD_DIALOG)
    program.wait("the set to be signed",
                 lambda s: "podpisany" in program.row(program.find(s, name="setsTable"), "KOWALSKI")["cells"])
    program.click("Wyślij do ZUS", name="sendSet")
    program.wait("the Wysyłka page with the accepted submission", lambda s: (
        t := program.find(s, name="submissionsTable")) and (r := program.row(t, "KOWALSKI"))
        and any(c.startswith("przyjęty") for c in r["cells"]), timeout=120)
    state = program.state()
    table = program.find(state, name="submissionsTable")
    assert program.row(table, "KOWALSKI")["selected"], "the new submission is selected"
    details = program.find(state, name="submissionDetails")
    assert details is not None
    main = program.main_window(state)
    assert main["rect"][2] <= program.session.width, "the window grew wider than the screen"


def test_cancelled_signing_says_so(program):
    _open_documents(program)
    _start_signing(program)
    program.key("Escape")
    notice = program.window("Podpisywanie")
    assert program.find({"windows": [notice]}, contains="nic nie zostało podpisane") is not None
    program.key("Return")
    program.gone("Podpisywanie")
    line = program.widget("the message on the page", name="documentsMessage")
    assert "przerwano" in line["text"]
    row = program.row(program.find(program.state(), name="setsTable"), "KOWALSKI")
    assert "zweryfikowany" in row["cells"], "a cancelled signing leaves the set as it was"
