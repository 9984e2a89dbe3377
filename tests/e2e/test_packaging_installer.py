"""The installer inputs that can be checked on any machine: icons rendered from the SVG with Qt, the
desktop entry and AppStream metadata, the Windows version resource and Inno Setup script, and the
bundle smoke test's own data-file check."""

from __future__ import annotations

import configparser
import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
INSTALLER = ROOT / "installer"


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"installer_{name}", INSTALLER / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(INSTALLER))
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(INSTALLER))
    return module


def test_icons_are_rendered_from_the_svg(tmp_path):
    result = subprocess.run([sys.executable, str(INSTALLER / "render_icons.py"), str(tmp_path)],
                            capture_output=True, text=True, timeout=120, check=False,
                            env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    from PySide6.QtGui import QImage

    for size in (48, 128, 256):
        image = QImage(str(tmp_path / f"eplatnik-{size}.png"))
        assert (image.width(), image.height()) == (size, size)
        assert image.hasAlphaChannel()
        assert image.pixelColor(size // 2, size // 2).alpha() == 255  # the artwork, not an empty canvas
        assert image.pixelColor(0, 0).alpha() < 255  # rounded corner stays transparent
    assert (tmp_path / "eplatnik.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"
    assert (tmp_path / "eplatnik.icns").read_bytes()[:4] == b"icns"


def test_desktop_entry_and_appstream_agree():
    from eplatnik.xmlsafe import parse_bytes

    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(INSTALLER / "eplatnik.desktop", encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Type"] == "Application"
    assert desktop["Exec"] == "eplatnik"
    assert desktop["Icon"] == "io.github.eplatnik"
    assert "Office" in desktop["Categories"].split(";")
    assert desktop["Comment[pl]"]
    meta = parse_bytes((INSTALLER / "io.github.eplatnik.metainfo.xml").read_bytes())
    assert meta.findtext("id") == "io.github.eplatnik"
    assert meta.findtext("launchable") == "io.github.eplatnik.desktop"
    assert meta.findtext("project_license") == "GPL-3.0-or-later"
    assert {b.text for b in meta.iter("binary")} == {"eplatnik", "eplatnik-cli"}
    assert meta.find("releases/release").get("version") == "@VERSION@"  # filled in by build_linux.py
    validator = shutil.which("desktop-file-validate")
    if validator:
        checked = subprocess.run([validator, str(INSTALLER / "eplatnik.desktop")], capture_output=True, text=True,
                                 check=False)
        assert checked.returncode == 0, checked.stdout + checked.stderr


def test_windows_version_resource_carries_the_package_version(tmp_path):
    from eplatnik import __version__

    version_info = _load("version_info")
    assert version_info.read_version() == __version__
    path = version_info.write(tmp_path / "v.txt", "eplatnik-cli", "eplatnik-cli — deklaracje ZUS")
    text = path.read_text(encoding="utf-8")
    numbers = tuple(int(n) for n in re.findall(r"\d+", __version__)[:3])
    assert f"filevers={(*numbers, 0)}" in text
    assert f"StringStruct('ProductVersion', '{__version__}')" in text
    assert "StringStruct('OriginalFilename', 'eplatnik-cli.exe')" in text
    try:
        from PyInstaller.utils.win32.versioninfo import load_version_info_from_text_file
    except ImportError:
        return  # PyInstaller is in the `dist` extra; the text itself was checked above
    info = load_version_info_from_text_file(str(path))
    assert info.ffi.fileVersionMS >> 16 == numbers[0]


def test_inno_setup_script_is_per_user_and_the_association_is_opt_in():
    iss = (INSTALLER / "windows" / "eplatnik.iss").read_text(encoding="utf-8")
    assert re.search(r"^PrivilegesRequired=lowest$", iss, re.MULTILINE)
    assert "#error" in iss and "AppVersion={#AppVersion}" in iss  # the version must be passed in
    assert re.search(r'^Name: "assockedu";.*Flags: unchecked$', iss, re.MULTILINE)
    registry = [line for line in iss.splitlines() if line.startswith("Root:")]
    assert registry and all("Tasks: assockedu" in line for line in registry)
    assert not any("HKLM" in line for line in registry)
    assert r'Name: "{autoprograms}\{#AppName}"' in iss  # Start-menu entry
    assert 'Source: "{#Root}\\dist\\eplatnik\\*"' in iss


def test_the_smoke_test_notices_data_files_missing_from_a_bundle(tmp_path):
    build_linux = _load("build_linux")
    bundle = tmp_path / "eplatnik"
    frozen = bundle / "_internal" / "eplatnik"
    shutil.copytree(ROOT / "eplatnik", frozen, ignore=shutil.ignore_patterns("*.py", "__pycache__", "*.ts"))
    assert build_linux.missing_data_files(bundle) == [  # Alembic's scripts are files it reads, not modules
        str(p.relative_to(ROOT / "eplatnik")) for p in sorted((ROOT / "eplatnik/store/alembic").rglob("*.py"))
        if "__pycache__" not in p.parts]
    shutil.copytree(ROOT / "eplatnik/store/alembic", frozen / "store/alembic", dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("__pycache__"))
    assert build_linux.missing_data_files(bundle) == []
    (frozen / "resources" / "params" / "2026.json").unlink()
    assert build_linux.missing_data_files(bundle) == [str(Path("resources/params/2026.json"))]


@pytest.mark.parametrize("script", ["installer/linux/install-desktop-entry.sh", "installer/macos/build_macos.sh"])
def test_shell_scripts_parse(script):
    result = subprocess.run(["bash", "-n", str(ROOT / script)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
