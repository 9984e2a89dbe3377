"""The Korespondencja page as a person uses it (offscreen): the inbox per client with unread counts,
opening a letter with the demo certificate (password asked off the UI thread), the PDF preview, a
letter kept aside shown as NOT genuine, and the dashboard's count."""

from __future__ import annotations

from plugins.gateway import start_sandbox
from plugins.letters import TECHBUD, place

KOWALSKI = "5261040828"


def test_inbox_open_preview_and_dashboard_count(main_window, demo_app, qtbot):
    from eplatnik.signing.keysource import FixedPin
    from eplatnik.signing.p12 import P12KeySource

    server = start_sandbox(demo_app.basedir / "sandbox")
    try:
        demo_app.gateway_url_override = server.url
        first = place(demo_app.basedir, TECHBUD, title="Decyzja w sprawie rat")
        place(demo_app.basedir, KOWALSKI, title="Zawiadomienie", kind="notice", days_ago=20)
        page = main_window.show_page("letters")
        page.refresh()
        qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=20000)
        assert page.client.itemText(0) == "Wszyscy klienci (2 do odebrania)"
        texts = [page.client.itemText(i) for i in range(page.client.count())]
        assert any("TECHBUD" in t and "(1 do odebrania)" in t for t in texts)
        # ZUS named Kowalski's letter by NIP only: the client's name comes from the register
        assert any(t.startswith("KOWALSKI REMONTY — NIP 5261040828") for t in texts)
        page.client.setCurrentIndex(next(i for i, t in enumerate(texts) if "TECHBUD" in t))
        assert page.model.rowCount() == 1
        page.table.selectRow(0)
        row = [page.model.data(page.model.index(0, c)) for c in range(page.model.columnCount())]
        assert "Decyzja w sprawie rat" in row[1] and "do odbioru" in row[3]

        page.open_with(P12KeySource(demo_app.basedir / "demo" / "signer.p12"), FixedPin("demo"))
        qtbot.waitUntil(lambda: page.preview.pixmap() is not None and not page.preview.pixmap().isNull(),
                        timeout=30000)
        assert "strona 1 z 1" in page.page_label.text()
        qtbot.waitUntil(lambda: page.model.rowCount() == 1 and "(UPD)" in page.model.data(page.model.index(0, 3)),
                        timeout=10000)
        assert page.model.data(page.model.index(0, 4))            # a decision: the appeal deadline is shown
        assert "UPD podpisał(a): Maria Wiśniewska" in page.details.text()
        assert demo_app.letters.find(first.id).read_at

        dashboard = main_window.show_page("dashboard")
        qtbot.waitUntil(lambda: dashboard.letters_card.value.text() == "1", timeout=10000)
    finally:
        demo_app.gateway_url_override = None
        server.stop()


def test_letter_kept_aside_is_marked_not_genuine_and_never_previewed(main_window, demo_app, qtbot):
    server = start_sandbox(demo_app.basedir / "sandbox")
    try:
        demo_app.gateway_url_override = server.url
        letter = place(demo_app.basedir, TECHBUD, title="Pismo podmienione", days_ago=20)
        demo_app.letters.sync()
        content = demo_app.basedir / "sandbox" / "letters" / "content" / f"{letter.id}.xml"
        content.write_bytes(content.read_bytes().replace(b"podmienione", b"zmienione!!"))
        page = main_window.show_page("letters")
        qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10000)
        page.table.selectRow(0)
        import eplatnik.ui.ops as ops

        shown = []
        original = ops.show_error
        ops.show_error = lambda parent, exc: shown.append(exc.render())
        try:
            page.open_with(None, None)
            qtbot.waitUntil(lambda: bool(shown), timeout=20000)
        finally:
            ops.show_error = original
        assert "NIE jest wiarygodne" in shown[0]
        qtbot.waitUntil(lambda: "NIEWIARYGODNE" in (page.model.data(page.model.index(0, 1)) or ""), timeout=10000)
        page.table.selectRow(0)
        assert "NIEWIARYGODNE" in page.details.text()
        assert page.preview.pixmap() is None or page.preview.pixmap().isNull()
        assert not page.open_button.isEnabled() and not page.viewer_button.isEnabled()
    finally:
        demo_app.gateway_url_override = None
        server.stop()
