"""Ustawienia in two groups — this seat and the office / workspace — and the proxy setting."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit

from eplatnik import settings as s


def test_settings_are_grouped_by_who_they_belong_to(main_window, qtbot):
    page = main_window.show_page("settings")
    assert page.seat_group.title() == "To stanowisko"
    assert page.workspace_group.title() == "Biuro / obszar roboczy"
    seat_fields = set(page.seat_group.findChildren(QLineEdit))
    workspace_fields = set(page.workspace_group.findChildren(QLineEdit))
    assert {page.accountant, page.pkcs11, page.proxy_url, page.no_proxy} <= seat_fields
    assert {page.gateway_url, page.production_url, page.smtp_host} <= workspace_fields
    # the KEDU schema and the CA bundle are files the workspace stores (its database), not paths of this desk
    assert page.ca_bundle.parent() is page.workspace_group and page.kedu_schema.parent() is page.workspace_group
    assert page.profile.parent() is page.workspace_group and page.language.parent() is page.seat_group
    # both groups side by side fit a 1280 px screen (the navigation takes the rest)
    assert page.minimumSizeHint().width() <= 1000


def test_the_proxy_is_saved_for_this_seat(main_window, qtbot):
    app = main_window.ctx.app
    page = main_window.show_page("settings")
    assert page.proxy_mode.currentText().startswith("Z systemu") and not page.proxy_url.isEnabled()
    page.proxy_mode.setCurrentIndex(page.proxy_mode.findData("manual"))
    assert page.proxy_url.isEnabled()
    page.proxy_url.setText("proxy.biuro:3128")  # no scheme: refused, nothing saved
    page.save_button.click()
    assert "niczego nie zapisano" in page.status.text() and app.settings.get(s.NET_PROXY) == ""
    page.proxy_url.setText("http://proxy.biuro.invalid:3128")
    page.no_proxy.setText("ewd.zus.pl")
    page.save_button.click()
    qtbot.waitUntil(lambda: page.status.text() == "Zapisano.", timeout=5000)
    assert app.settings.seat.get(s.NET_PROXY) == "http://proxy.biuro.invalid:3128"
    assert app.settings.get(s.NET_NO_PROXY) == "ewd.zus.pl"
    assert app.http.config().proxy_url() == "http://proxy.biuro.invalid:3128"  # the next call uses it
    page.proxy_mode.setCurrentIndex(page.proxy_mode.findData("direct"))
    page.save_button.click()
    qtbot.waitUntil(lambda: app.settings.get(s.NET_PROXY) == "direct" and app.settings.get(s.NET_NO_PROXY) == "",
                    timeout=5000)


def test_the_ca_bundle_is_chosen_as_content_shown_with_who_and_removed(main_window, qtbot, tmp_path, pki,
                                                                       monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    app = main_window.ctx.app
    page = main_window.show_page("settings")
    row = page.ca_bundle
    qtbot.waitUntil(lambda: row.text().startswith("brak"), timeout=5000)
    assert not row.remove_button.isEnabled()

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *a, **k: shown.append(a[2])))
    bad = tmp_path / "lista.pem"
    bad.write_text("to nie certyfikat", encoding="utf-8")
    row.store(str(bad))
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    assert "to nie jest certyfikat X.509" in shown[0] and row.text().startswith("Nie zapisano:")
    assert app.shared_files.in_force("ca_bundle") is None  # nothing stored

    copy = tmp_path / "nccert.pem"
    copy.write_bytes(pki.ca_pem.read_bytes())
    row.store(str(copy))
    qtbot.waitUntil(lambda: row.text().startswith("nccert.pem (z bazy obszaru roboczego, zmienił"), timeout=5000)
    copy.unlink()  # the content is stored: the original file is no longer needed
    assert app.signing.trust_anchors() and row.remove_button.isEnabled()
    row.remove_button.click()
    qtbot.waitUntil(lambda: row.text().startswith("brak"), timeout=5000)
    assert app.signing.trust_anchors() is None
