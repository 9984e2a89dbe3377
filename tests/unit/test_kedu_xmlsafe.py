"""The hardened XML parser refuses hostile input and reads legitimate old encodings."""

from __future__ import annotations

import io

import pytest

from eplatnik import xmlsafe

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<r>&x;</r>"""

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<lolz>&lol3;</lolz>"""


def test_external_entity_is_refused_with_line():
    with pytest.raises(xmlsafe.UnsafeXml) as err:
        xmlsafe.parse_bytes(XXE)
    assert err.value.line == 2
    assert "DOCTYPE" in str(err.value)
    assert "root:" not in str(err.value)


def test_billion_laughs_refused_streaming_too(tmp_path):
    with pytest.raises(xmlsafe.UnsafeXml):
        xmlsafe.parse_bytes(BILLION_LAUGHS)
    path = tmp_path / "bomb.xml"
    path.write_bytes(BILLION_LAUGHS)
    with pytest.raises(xmlsafe.UnsafeXml):
        list(xmlsafe.iterparse(path))


def test_doctype_in_utf16_is_refused():
    with pytest.raises(xmlsafe.UnsafeXml):
        xmlsafe.parse_bytes(XXE.decode().replace('version="1.0"', 'version="1.0" encoding="UTF-16"')
                            .encode("utf-16"))


def test_undeclared_entity_is_an_error_not_expanded():
    with pytest.raises(xmlsafe.XmlError):
        xmlsafe.parse_bytes(b"<r>&x;</r>")


def test_truncated_file_names_the_line():
    with pytest.raises(xmlsafe.XmlSyntaxError) as err:
        xmlsafe.parse_bytes(b"<?xml version='1.0'?>\n<a>\n<b>1</b>\n<c>")
    assert err.value.line is not None and err.value.line >= 4
    assert "wiersz" in err.value.render("pl") and "line" in err.value.render("en")


def test_empty_file():
    with pytest.raises(xmlsafe.XmlSyntaxError):
        xmlsafe.parse_bytes(b"  \n")


@pytest.mark.parametrize("encoding,codec", [("windows-1250", "cp1250"), ("ISO-8859-2", "iso-8859-2")])
def test_old_polish_encodings_are_read(encoding, codec):
    data = f'<?xml version="1.0" encoding="{encoding}"?><a>ŁÓDŹ ŻÓŁĆ ŚWIĘTOKRZYSKA</a>'.encode(codec)
    assert xmlsafe.parse_bytes(data).text == "ŁÓDŹ ŻÓŁĆ ŚWIĘTOKRZYSKA"


def test_size_limit_on_bytes_and_file(tmp_path):
    with pytest.raises(xmlsafe.UnsafeXml):
        xmlsafe.parse_bytes(b"<a>" + b"x" * 2000 + b"</a>", max_bytes=1000)
    big = tmp_path / "big.xml"
    with open(big, "wb") as fh:  # sparse file: 1 GB logical size, almost nothing on disk
        fh.truncate(1024 ** 3)
    with pytest.raises(xmlsafe.UnsafeXml) as err:
        xmlsafe.parse_file(big)
    assert "MB" in str(err.value)
    with pytest.raises(xmlsafe.UnsafeXml):
        list(xmlsafe.iterparse(big))


class _EndlessXml(io.RawIOBase):
    """Simulates a 1 GB upload: an endless stream of valid elements, never stored anywhere."""

    def __init__(self):
        self.sent = 0
        self.started = False

    def readable(self):
        return True

    def read(self, size=-1):
        size = 65536 if size is None or size < 0 else size
        if not self.started:
            self.started = True
            return b"<KEDU>"
        chunk = (b"<p>1</p>" * (size // 8 + 1))[:size]
        self.sent += len(chunk)
        return chunk


def test_endless_stream_stops_at_the_limit():
    stream = _EndlessXml()
    with pytest.raises(xmlsafe.UnsafeXml):
        for _event, elem in xmlsafe.iterparse(stream, max_bytes=4 * 1024 * 1024):
            elem.clear()
    assert stream.sent < 6 * 1024 * 1024


def test_streaming_reads_normal_file(tmp_path):
    path = tmp_path / "ok.xml"
    path.write_bytes(b"<?xml version='1.0'?><a>" + b"<b>1</b>" * 1000 + b"</a>")
    assert sum(1 for _e, el in xmlsafe.iterparse(path, tag="b")) == 1000


def test_safe_parser_cannot_be_weakened():
    with pytest.raises(ValueError):
        xmlsafe.safe_parser(resolve_entities=True)


def test_doctype_after_a_long_comment_is_still_refused(tmp_path):
    data = b"<?xml version='1.0'?><!--" + b"x" * 100_000 + b"-->" + XXE.split(b"?>", 1)[1]
    with pytest.raises(xmlsafe.UnsafeXml):
        xmlsafe.parse_bytes(data)
    path = tmp_path / "late.xml"
    path.write_bytes(data)
    with pytest.raises(xmlsafe.UnsafeXml):
        list(xmlsafe.iterparse(path))
