"""Translations: the Polish .ts files cover every UI string, placeholders survive, .qm files are fresh;
core messages have the same placeholders in Polish and English."""

from __future__ import annotations

import importlib
import pkgutil

import eplatnik
from eplatnik.i18n import Text, placeholders


def test_ui_translations_complete_and_compiled():
    from eplatnik.ui.i18n_build import check

    assert check() == []


def _core_texts():
    for info in pkgutil.walk_packages(eplatnik.__path__, "eplatnik."):
        if info.name.startswith(("eplatnik.ui", "eplatnik.__main__", "eplatnik.cli.__main__")):
            continue
        try:
            module = importlib.import_module(info.name)
        except ModuleNotFoundError:
            continue
        for name, value in vars(module).items():
            if isinstance(value, Text):
                yield f"{info.name}.{name}", value


def test_core_messages_have_matching_placeholders():
    texts = list(_core_texts())
    assert len(texts) > 30
    mismatched = [name for name, text in texts if placeholders(text.pl) != placeholders(text.en)]
    assert mismatched == []


def test_plural_messages_have_matching_placeholders_in_every_form():
    from pathlib import Path

    from eplatnik.i18n import Plural

    root = Path(eplatnik.__file__).parent
    names = sorted(".".join(("eplatnik", *p.relative_to(root).with_suffix("").parts)).removesuffix(".__init__")
                   for p in root.rglob("*.py"))  # also folders without __init__.py (eplatnik/register)
    found = []
    for name in names:
        if name.startswith(("eplatnik.ui", "eplatnik.__main__", "eplatnik.cli.__main__", "eplatnik.jobs.__main__")):
            continue
        module = importlib.import_module(name)
        found += [(f"{name}.{key}", value) for key, value in vars(module).items() if isinstance(value, Plural)]
    assert found, "the CSV import's row count at least is a plural message"
    for name, message in found:
        expected = placeholders(message.pl[0])
        assert "n" in expected, name
        assert all(placeholders(form) == expected for form in (*message.pl, *message.en)), name
