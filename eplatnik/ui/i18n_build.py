"""Translation tooling (developers): keep one Polish ``.ts`` per UI module and compile them to ``.qm``.

    python -m eplatnik.ui.i18n_build update   # refresh .ts from the sources (lupdate), keep translations
    python -m eplatnik.ui.i18n_build fill F.json  # fill unfinished entries from {"source": "tłumaczenie"}
    python -m eplatnik.ui.i18n_build release  # compile every .ts into one eplatnik_pl.qm (lrelease)
    python -m eplatnik.ui.i18n_build check    # exit 1 if anything is untranslated, stale or broken

The ``.ts`` files are the translation sources (edit them with Qt Linguist or ``fill``); they compile
into one ``eplatnik_pl.qm``, generated and shipped in the wheel (one file and one QTranslator: loading
forty took about 3 ms of the start-up, and every ``tr()`` asked each of them in turn). The test suite runs ``check``.

Counts use Qt's plural forms: ``self.tr("%n errors", "%n error", n)`` — the source is the English
plural, the disambiguation the English singular (``resources.EnglishPlurals`` picks it for n = 1 in
the English UI), and the Polish ``.ts`` holds three forms (1 błąd / 2 błędy / 5 błędów). In a
``fill`` file such an entry maps to a list of the three forms.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

UI_DIR = Path(__file__).resolve().parent
TS_DIR = UI_DIR.parent / "resources" / "translations"
LANG = "pl"
#: hand-written translations of Qt's own strings that qtbase_pl.qm lacks (kept by ``update``)
QT_SUPPLEMENT = "qtbase_"
_PLACEHOLDER = re.compile(r"\{[a-z_]*\}|%\d|%L?n")


def _tool(name: str) -> str:
    exe = Path(sys.executable).parent / f"pyside6-{name}"
    if exe.exists():
        return str(exe)
    found = shutil.which(f"pyside6-{name}")
    if not found:
        raise SystemExit(f"pyside6-{name} not found (pip install PySide6-Essentials)")
    return found


def sources() -> list[Path]:
    files = []
    for path in sorted(UI_DIR.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        if "PySide6" in text and ("tr(" in text or "translate(" in text):
            files.append(path)
    return files


def ts_path(source: Path, ts_dir: Path = TS_DIR) -> Path:
    dotted = ".".join(source.relative_to(UI_DIR.parent).with_suffix("").parts)
    return ts_dir / f"{dotted}_{LANG}.ts"


def update(ts_dir: Path = TS_DIR, quiet: bool = True) -> list[Path]:
    ts_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for src in sources():
        target = ts_path(src, ts_dir)
        subprocess.run([_tool("lupdate"), "-locations", "none", "-no-obsolete", "-target-language", "pl_PL",
                        str(src), "-ts", str(target)], check=True, capture_output=quiet)
        if "<message>" in target.read_text(encoding="utf-8"):
            written.append(target)
        else:
            target.unlink()
    wanted = set(written)
    for stale in ts_dir.glob(f"*_{LANG}.ts"):
        if stale not in wanted and not stale.name.startswith(QT_SUPPLEMENT):
            stale.unlink()
    return written


def _messages(ts_file: Path) -> list[tuple[str, str, ET.Element]]:
    tree = ET.parse(ts_file)  # noqa: S314
    result = []
    for context in tree.getroot().iter("context"):
        ctx = context.findtext("name") or ""
        for message in context.iter("message"):
            result.append((ctx, message.findtext("source") or "", message))
    return result


def fill(mapping_file: Path, ts_dir: Path = TS_DIR) -> int:
    mapping: dict[str, str | list[str]] = json.loads(Path(mapping_file).read_text(encoding="utf-8"))
    filled = 0
    for ts_file in sorted(ts_dir.glob(f"*_{LANG}.ts")):
        tree = ET.parse(ts_file)  # noqa: S314
        changed = False
        for message in tree.getroot().iter("message"):
            source = message.findtext("source") or ""
            translation = message.find("translation")
            if translation is None:
                continue
            if translation.get("type") == "unfinished" and source in mapping:
                value = mapping[source]
                if message.get("numerus") == "yes":
                    forms = translation.findall("numerusform")
                    if not isinstance(value, list) or len(value) != len(forms):
                        continue
                    for form, text in zip(forms, value, strict=True):
                        form.text = text
                else:
                    if not isinstance(value, str):
                        continue
                    translation.text = value
                del translation.attrib["type"]
                changed = True
                filled += 1
        if changed:
            ET.indent(tree)
            body = ET.tostring(tree.getroot(), encoding="unicode")
            ts_file.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n",
                               encoding="utf-8")
    return filled


#: the one compiled catalogue the program loads (resources.install_translations)
QM_NAME = f"eplatnik_{LANG}.qm"


def release(ts_dir: Path = TS_DIR, out_dir: Path | None = None) -> None:
    out_dir = out_dir or ts_dir
    ts_files = [str(ts_file) for ts_file in sorted(ts_dir.glob(f"*_{LANG}.ts"))]
    subprocess.run([_tool("lrelease"), "-silent", *ts_files, "-qm", str(out_dir / QM_NAME)], check=True)
    for qm in out_dir.glob(f"*_{LANG}.qm"):  # the per-module catalogues of earlier versions
        if qm.name != QM_NAME:
            qm.unlink()


def _conflicts(ts_dir: Path) -> list[str]:
    """The same message (context, source, disambiguation) translated differently in two .ts files: one
    catalogue can keep only one of them."""
    seen: dict[tuple[str, str, str], tuple[str, str]] = {}
    problems = []
    for ts_file in sorted(ts_dir.glob(f"*_{LANG}.ts")):
        for ctx, src, message in _messages(ts_file):
            tr = message.find("translation")
            text = "" if tr is None else "|".join([tr.text or ""] + [f.text or "" for f in tr.findall("numerusform")])
            key = (ctx, src, message.findtext("comment") or "")
            if key in seen and seen[key][1] != text:
                problems.append(f"{ts_file.name}: {ctx}: {src!r} translated otherwise in {seen[key][0]}")
            seen.setdefault(key, (ts_file.name, text))
    return problems


def check(ts_dir: Path = TS_DIR) -> list[str]:
    """Problems: sources missing from .ts, untranslated entries, placeholder mismatches, stale .qm."""
    problems: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        fresh_dir = Path(tmp) / "ts"
        update(fresh_dir)
        for fresh in sorted(fresh_dir.glob("*.ts")):
            committed = ts_dir / fresh.name
            if not committed.exists():
                problems.append(f"{fresh.name}: missing (run: python -m eplatnik.ui.i18n_build update)")
                continue
            have = {(c, s) for c, s, _ in _messages(committed)}
            for ctx, src, _ in _messages(fresh):
                if (ctx, src) not in have:
                    problems.append(f"{fresh.name}: {ctx}: {src!r} not in the .ts (run update)")
        for ts_file in sorted(ts_dir.glob(f"*_{LANG}.ts")):
            for ctx, src, message in _messages(ts_file):
                tr = message.find("translation")
                if tr is not None and message.get("numerus") == "yes":
                    texts = [form.text or "" for form in tr.findall("numerusform")]
                else:
                    texts = [(tr.text or "") if tr is not None else ""]
                if tr is None or tr.get("type") == "unfinished" or not all(texts):
                    problems.append(f"{ts_file.name}: {ctx}: {src!r} is not translated")
                    continue
                for text in texts:
                    if sorted(_PLACEHOLDER.findall(src)) != sorted(_PLACEHOLDER.findall(text)):
                        problems.append(f"{ts_file.name}: {ctx}: placeholders differ in {text!r}")
        problems += _conflicts(ts_dir)
        qm_dir = Path(tmp) / "qm"
        qm_dir.mkdir()
        release(ts_dir, qm_dir)
        for qm in sorted(qm_dir.glob("*.qm")):
            shipped = ts_dir / qm.name
            if not shipped.exists() or shipped.read_bytes() != qm.read_bytes():
                problems.append(f"{qm.name}: stale or missing (run: python -m eplatnik.ui.i18n_build release)")
        for extra in sorted(ts_dir.glob(f"*_{LANG}.qm")):
            if extra.name != QM_NAME:
                problems.append(f"{extra.name}: not loaded any more (run: python -m eplatnik.ui.i18n_build release)")
    return problems


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "all"
    if command == "update":
        update()
    elif command == "fill":
        print(f"filled {fill(Path(argv[1]))} entries")
    elif command == "release":
        release()
    elif command == "check":
        problems = check()
        print("\n".join(problems) or "translations OK")
        return 1 if problems else 0
    elif command == "all":
        update()
        release()
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
