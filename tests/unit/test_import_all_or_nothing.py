"""A truncated KEDU file is refused on every path that reads one (issue 13, point 6).

lxml streaming with a schema closes a truncated document by itself and reports nothing; the
reader used to import half the persons of a file cut in half. Every path is tried with the same
file cut at many places: import, its preview (``kedu import --list``), the outbox's summary and
the CLI import — each refuses it and stores nothing.
"""

from __future__ import annotations

import pytest
from support import run_cli

from eplatnik import xmlsafe
from eplatnik.forms import kedu_reader

pytestmark = pytest.mark.both_backends  # app/demo_app on SQLite and on PostgreSQL (tests/plugins/postgres.py)


@pytest.fixture(scope="module")
def techbud_kedu() -> bytes:
    from plugins.signing import kedu_document

    return kedu_document()


def _cuts(data: bytes) -> list[int]:
    """Cut points all over the file, including just after a complete block and before ``</KEDU>``."""
    points = {len(data) * n // 10 for n in range(1, 10)}
    points.add(data.rindex(b"</III>") + len(b"</III>"))
    points.add(data.rindex(b"</KEDU>"))
    return sorted(points)


def test_truncated_file_is_refused_by_the_streaming_reader_at_every_cut(techbud_kedu):
    for cut in _cuts(techbud_kedu):
        with pytest.raises(xmlsafe.XmlSyntaxError):
            kedu_reader.read(techbud_kedu[:cut])


def test_truncated_file_is_refused_by_import_preview_and_outbox_and_nothing_is_stored(app, tmp_path,
                                                                                     techbud_kedu):
    from eplatnik.gateway.summary import summarise

    half = tmp_path / "half.xml"
    half.write_bytes(techbud_kedu[: len(techbud_kedu) // 2])
    with pytest.raises(xmlsafe.XmlSyntaxError):
        app.documents.preview_import(half)
    with pytest.raises(xmlsafe.XmlSyntaxError):
        app.documents.import_file(half, into_register=True)
    with pytest.raises(xmlsafe.XmlSyntaxError):
        summarise(half.read_bytes())
    assert app.documents.list_sets() == []
    assert app.register.list_payers() == []


def test_cli_import_of_a_file_cut_in_half_exits_2_and_imports_nothing(tmp_path, techbud_kedu):
    half = tmp_path / "half.xml"
    half.write_bytes(techbud_kedu[: len(techbud_kedu) // 2])
    base = tmp_path / "ws"
    listed = run_cli("kedu", "import", str(half), "--list", basedir=base)
    assert listed.returncode == 2, listed.stdout
    assert "niekompletny" in listed.stderr or "uszkodzony" in listed.stderr
    done = run_cli("kedu", "import", str(half), "--into-register", basedir=base)
    assert done.returncode == 2 and "Zaimportowano" not in done.stdout
    assert run_cli("documents", "list", "--json", basedir=base).stdout.strip() == "[]"
