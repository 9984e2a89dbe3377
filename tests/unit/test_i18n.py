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
