"""The user can point the program at a newer official XSD (setting kedu.official_schema)."""

from __future__ import annotations

import pytest
from plugins.forms import PACKAGED_SCHEMAS

from eplatnik import xmlsafe
from eplatnik.forms import kedu_reader, kedu_schema, kedu_writer
from eplatnik.settings import KEDU_SCHEMA

NS_58 = "http://www.zus.pl/2027/KEDU_5_8"


@pytest.fixture
def xsd_58(tmp_path):
    """A 'newer' official schema: the 5.7 text with a new namespace and a tighter IX p2 type."""
    text = (PACKAGED_SCHEMAS / "kedu_5_7.xsd").read_text(encoding="utf-8")
    text = text.replace(kedu_schema.NS_57, NS_58).replace('version="5.7.0"', 'version="5.8.0"')
    path = tmp_path / "kedu_5_8.xsd"
    path.write_text(text, encoding="utf-8")
    return path


def test_newer_namespace_validated_with_the_users_schema(all_forms, xsd_58):
    data = kedu_writer.write_documents([all_forms["DRA"]], namespace=NS_58)
    problems = kedu_schema.validate_bytes(data)
    assert len(problems) == 1 and "5.8" in problems[0].render("en")  # no packaged 5.8 schema
    assert kedu_schema.validate_bytes(data, official=xsd_58) == []
    kfile = kedu_reader.read(data, official=xsd_58)
    assert kfile.version == "5.8" and kfile.validated and kfile.documents == [all_forms["DRA"]]
    bad = data.replace(b"<p37>1898.40</p37>", b"<p37>x</p37>")
    assert [p.field for p in kedu_schema.validate_bytes(bad, official=xsd_58)] == ["p37"]


def test_service_uses_the_setting(demo_app, xsd_58, tmp_path, all_forms):
    demo_app.settings.set(KEDU_SCHEMA, str(xsd_58))
    path = tmp_path / "f58.xml"
    path.write_bytes(kedu_writer.write_documents([all_forms["DRA"], all_forms["RCA"]], namespace=NS_58))
    result = demo_app.documents.import_file(path)
    assert result.version == "5.8" and len(result.set_ids) == 1
    # stored and exported in the version the program writes
    assert demo_app.documents.get_xml(result.set_ids[0]).count(kedu_schema.NS_57.encode()) == 1


def test_hostile_or_broken_official_schema_is_refused(tmp_path, all_forms):
    data = kedu_writer.write_documents([all_forms["DRA"]])
    hostile = tmp_path / "evil.xsd"
    hostile.write_text('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>')
    with pytest.raises(kedu_schema.SchemaLoadError) as err:
        kedu_schema.validate_bytes(data, official=hostile)
    assert "DOCTYPE" in err.value.render("en")
    remote = tmp_path / "remote.xsd"
    remote.write_text('<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:t">'
                      '<xs:include schemaLocation="http://example.invalid/other.xsd"/></xs:schema>')
    with pytest.raises(kedu_schema.SchemaLoadError):  # no network: the include is unreachable
        kedu_schema.validate_bytes(data, official=remote)


def test_import_of_hostile_file_stores_nothing(app, tmp_path):
    path = tmp_path / "xxe.xml"
    path.write_text('<?xml version="1.0"?>\n<!DOCTYPE KEDU [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
                    f'<KEDU xmlns="{kedu_schema.NS_57}" wersja_schematu="1">&x;</KEDU>')
    with pytest.raises(xmlsafe.UnsafeXml):
        app.documents.import_file(path, into_register=True)
    assert app.documents.list_sets() == []
    assert not (app.settings.documents_dir / "imports").exists()
