import pytest

from eplatnik.errors import UserFacingError
from eplatnik.register import csv_import
from eplatnik.register.models import Payer
from eplatnik.workdays import PayerType

pytestmark = pytest.mark.both_backends  # app/demo_app on SQLite and on PostgreSQL (tests/plugins/postgres.py)

HEADER = "PESEL;Imię;Nazwisko;Kod tytułu ubezpieczenia;Data rozpoczęcia;Wymiar czasu pracy;Wynagrodzenie brutto\n"
ROWS = ("44051401359;Józef;Żółkiewski;011000;2025-01-01;1/1;6 500,00\n"
        "02211307589;Łucja;Ślązak;011000;01.02.2025;1/2;3200\n")


@pytest.fixture
def payer(app):
    return app.register.add_payer(Payer(nip="8567346215", full_name="Firma", short_name="FIRMA",
                                        payer_type=PayerType.LEGAL, regon="192598184"))


def test_utf8_import_after_preview(app, payer):
    preview = csv_import.preview(app.register, payer.id, (HEADER + ROWS).encode("utf-8-sig"))
    assert [r.ok for r in preview.rows] == [True, True]
    assert app.register.list_insured(payer.id) == []  # preview writes nothing
    ids = csv_import.commit(app.register, preview)
    assert len(ids) == 2
    names = sorted(p.record.last_name for p in app.register.list_insured(payer.id))
    assert names == ["Ślązak", "Żółkiewski"]


def test_cp1250_from_excel(app, payer):
    data = (HEADER + ROWS).replace(";", ";").encode("cp1250")
    preview = csv_import.preview(app.register, payer.id, data)
    assert preview.encoding == "cp1250"
    assert {r.values["last_name"] for r in preview.rows} == {"Żółkiewski", "Ślązak"}


def test_per_row_errors_and_nothing_half_imported(app, payer):
    bad = HEADER + ROWS + "44051401358;Adam;Zły;011000;2025-01-01;1/1;100\n" + "02211307589;X;Y;9999;x;;\n"
    preview = csv_import.preview(app.register, payer.id, bad.encode())
    errors = {r.row_number: csv_import.describe_errors(r) for r in preview.error_rows}
    assert "cyfra kontrolna" in errors[4]
    assert "powtarza się" in errors[5] and "data rozpoczęcia: " in errors[5]  # the field as the form names it
    with pytest.raises(UserFacingError, match="2 wiersze mają błędy"):
        csv_import.commit(app.register, preview)
    assert app.register.list_insured(payer.id) == []
    assert len(csv_import.commit(app.register, preview, only_valid=True)) == 2


def test_missing_columns_are_named(app, payer):
    with pytest.raises(UserFacingError, match="brakuje kolumn"):
        csv_import.preview(app.register, payer.id, b"PESEL,Nazwisko\n44051401359,X\n")


def test_comma_separated_english_headers(app, payer):
    data = b"pesel,first name,last name,title code,start date\n44051401359,Jan,Nowak,011000,2025-01-01\n"
    preview = csv_import.preview(app.register, payer.id, data)
    assert preview.delimiter == "," and preview.rows[0].ok


@pytest.mark.parametrize("codec,name", [("utf-16", "UTF-16 LE"), ("utf-16-be", "UTF-16 BE"),
                                        ("utf-16-le", "UTF-16 LE"), ("utf-32", "UTF-32 LE")])
def test_utf16_and_utf32_are_named_not_missing_columns(app, payer, codec, name):
    """Excel's "Unicode text" is UTF-16: it used to be read as Windows-1250 and report missing columns."""
    with pytest.raises(UserFacingError) as err:
        csv_import.preview(app.register, payer.id, (HEADER + ROWS).encode(codec))
    text = err.value.render("pl")
    assert name in text and "brakuje kolumn" not in text and "CSV UTF-8" in text


def test_mixed_encodings_are_named_with_their_lines(app, payer):
    data = (HEADER + ROWS).encode("utf-8") + "44051401359;Bożena;Żak;011000;2025-01-01;1/1;100\n".encode("cp1250")
    with pytest.raises(UserFacingError) as err:
        csv_import.preview(app.register, payer.id, data)
    text = err.value.render("pl")
    assert "mieszane kodowanie" in text and "wiersz 1" in text and "wiersz 4" in text
    assert "brakuje kolumn" not in text


def test_binary_file_is_not_csv(app, payer):
    with pytest.raises(UserFacingError, match="bajty zerowe"):
        csv_import.preview(app.register, payer.id, HEADER.encode() + b"\x00\x01\x02garbage\n")
