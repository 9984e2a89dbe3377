"""Packaged UI resources (icons, translations), found from an installed wheel or a frozen build."""

from __future__ import annotations

import logging
from importlib import resources
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)


def resource_dir(name: str) -> Path:
    return Path(str(resources.files("eplatnik").joinpath("resources", name)))


def app_icon() -> QIcon:
    return QIcon(str(resource_dir("icons") / "eplatnik.svg"))


def install_translations(app: QApplication, lang: str) -> list[QTranslator]:
    """Load Qt's own Polish strings (qtbase_pl) and every eplatnik ``*_pl.qm``; English needs none."""
    installed: list[QTranslator] = []
    if lang == "en":
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
        return installed
    QLocale.setDefault(QLocale(QLocale.Language.Polish, QLocale.Country.Poland))
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt_translator = QTranslator(app)
    if qt_translator.load(f"qtbase_{lang}", qt_dir):
        app.installTranslator(qt_translator)
        installed.append(qt_translator)
    else:
        log.info("qtbase_%s not found in %s", lang, qt_dir)
    for qm in sorted(resource_dir("translations").glob(f"*_{lang}.qm")):
        translator = QTranslator(app)
        if translator.load(str(qm)):
            app.installTranslator(translator)
            installed.append(translator)
        else:
            log.warning("cannot load translation %s", qm)
    return installed
