"""Packaged UI resources (icons, translations), found from an installed wheel or a frozen build."""

from __future__ import annotations

import logging
import re
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)


def resource_dir(name: str) -> Path:
    """A folder of eplatnik/resources, beside the package's modules in a checkout, an installed wheel and
    a frozen bundle alike (not through importlib.resources: with the tempfile, shutil, bz2 and lzma it
    imports, about 5 ms of the start-up)."""
    return Path(__file__).resolve().parent.parent / "resources" / name


def app_icon() -> QIcon:
    return QIcon(str(resource_dir("icons") / "eplatnik.svg"))


_COUNT = re.compile(r"%L?n")


class EnglishPlurals(QTranslator):
    """The English UI has no translation files; for counts, ``tr("%n errors", "%n error", n)`` keeps
    its English plural as the source and its singular as the disambiguation: this picks the singular
    for n = 1 ("1 error", "2 errors"; also a label beside a number: "missed deadline"). Qt passes
    ``n`` only to counted messages (-1 otherwise). Everything else falls through to the source text."""

    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str | None:
        if n == 1 and disambiguation and bool(_COUNT.search(disambiguation)) == bool(_COUNT.search(source)):
            return disambiguation
        return None  # not translated here: Qt uses the source text

    def isEmpty(self) -> bool:
        return False


def qt_translations_dirs() -> list[Path]:
    """Where Qt's own translations (qtbase_pl.qm: file dialogs, standard buttons) may be: Qt's
    configured folder, PySide6's package folder, and a frozen bundle's copy next to the program."""
    dirs = [Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))]
    try:
        import PySide6

        dirs.append(Path(PySide6.__file__).resolve().parent / "Qt" / "translations")
    except (ImportError, TypeError):  # pragma: no cover - PySide6 is always there in the GUI
        pass
    import sys

    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        dirs += [Path(frozen) / "PySide6" / "Qt" / "translations", Path(frozen) / "PySide6" / "translations"]
    return dirs


def install_translations(app: QApplication, lang: str) -> list[QTranslator]:
    """Load Qt's own Polish strings (qtbase_pl) and eplatnik's catalogue (``eplatnik_pl.qm``, every UI
    module's .ts compiled into one by ``i18n_build release``); English needs only the plural helper."""
    installed: list[QTranslator] = []
    if lang == "en":
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
        plurals = EnglishPlurals(app)
        app.installTranslator(plurals)
        installed.append(plurals)
        return installed
    QLocale.setDefault(QLocale(QLocale.Language.Polish, QLocale.Country.Poland))
    qt_translator = QTranslator(app)
    for qt_dir in qt_translations_dirs():
        if qt_translator.load(f"qtbase_{lang}", str(qt_dir)):
            app.installTranslator(qt_translator)
            installed.append(qt_translator)
            break
    else:
        log.warning("qtbase_%s not found in %s: Qt's own dialogs will be in English", lang,
                    ", ".join(map(str, qt_translations_dirs())))
    qm = resource_dir("translations") / f"eplatnik_{lang}.qm"
    translator = QTranslator(app)
    if translator.load(str(qm)):
        app.installTranslator(translator)
        installed.append(translator)
    else:
        log.warning("cannot load translation %s", qm)
    return installed
