"""The wheel as a user gets it: built from the source (not editable), installed into a fresh virtualenv.

The fresh venv gets only the eplatnik wheel; the third-party dependencies (PySide6, lxml, …) are
borrowed from the project's venv through a ``.pth`` line that names its site-packages — never the
source checkout — so the test is fast and needs no network for dependencies. Everything then runs
from outside the source tree: the CLI, the demo, a GUI start offscreen, and a check that every data
file of the source (icons, compiled translations, schemas, year parameters, codes, migrations) is in
the installed package and found through ``importlib.resources``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow

#: Files of the source package that are not shipped on purpose (none today; keep the list honest).
NOT_SHIPPED: set[str] = set()

INSIDE_CHECK = r"""
import importlib.resources as r, json, sys
from pathlib import Path
import eplatnik

def walk(node, prefix=""):
    for child in node.iterdir():
        name = prefix + child.name
        if child.is_dir():
            if child.name != "__pycache__":
                yield from walk(child, name + "/")
        else:
            yield name

files = sorted(walk(r.files("eplatnik")))
from eplatnik.store.db import migrations, schema_version
from eplatnik.register.codes import title_kind
import tempfile, pathlib
from eplatnik.store.database import Database
with Database(pathlib.Path(tempfile.mkdtemp()) / "new.db") as db:  # the Alembic chain, from the installed files
    created = db.schema_revision()
print(json.dumps({"file": eplatnik.__file__, "version": eplatnik.__version__, "files": files,
                  "migrations": [m[1] for m in migrations()], "schema": schema_version(), "created": created,
                  "title_kind": title_kind("051000"), "prefix": sys.prefix}))
"""

QT_CHECK = r"""
import sys
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication
from eplatnik.ui.resources import app_icon, install_translations
app = QApplication([])
translators = install_translations(app, "pl")
icon = app_icon()
pixmap = icon.pixmap(64, 64)
print("translators", len(translators))
print("payers", QCoreApplication.translate("MainWindow", "Payers"))
print("icon", not icon.isNull(), pixmap.width(), not pixmap.toImage().isNull())
"""


def _source_data_files() -> set[str]:
    pkg = ROOT / "eplatnik"
    found = set()
    for path in pkg.rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            found.add(path.relative_to(pkg).as_posix())
    return found - NOT_SHIPPED


def _copy_source(dest: Path) -> Path:
    """A clean copy to build from: no stale build/ or egg-info can leak into the wheel."""
    ignore = shutil.ignore_patterns(".venv", ".git", "build", "dist", "__pycache__", "*.egg-info", "tests",
                                    "bench", ".pytest_cache", ".ruff_cache", "*.pyc")
    shutil.copytree(ROOT, dest, ignore=ignore)
    return dest


@pytest.fixture(scope="module")
def fresh_env(tmp_path_factory):
    base = tmp_path_factory.mktemp("wheel")
    src = _copy_source(base / "src")
    wheel_dir = base / "wheels"
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(wheel_dir),
                            str(src)], capture_output=True, text=True, timeout=600, check=False)
    assert build.returncode == 0, build.stdout + build.stderr
    wheels = list(wheel_dir.glob("eplatnik-*.whl"))
    assert len(wheels) == 1, wheels
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    py = venv / "bin" / "python"
    install = subprocess.run([sys.executable, "-m", "pip", "--python", str(py), "install", "--no-deps",
                              "--no-index", "--quiet", str(wheels[0])], capture_output=True, text=True,
                             timeout=300, check=False)
    assert install.returncode == 0, install.stdout + install.stderr
    site = Path(subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               capture_output=True, text=True, check=True).stdout.strip())
    project_site = Path(sysconfig.get_paths()["purelib"])
    (site / "zz_project_dependencies.pth").write_text(f"{project_site}\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    env.update(QT_QPA_PLATFORM="offscreen", PYTHONIOENCODING="utf-8", PYTHONSAFEPATH="1")
    return {"venv": venv, "py": py, "bin": venv / "bin", "env": env, "work": base / "work", "wheel": wheels[0]}


def _run(fresh_env, *cmd: str, timeout: float = 120) -> subprocess.CompletedProcess:
    fresh_env["work"].mkdir(exist_ok=True)
    return subprocess.run(list(cmd), capture_output=True, text=True, cwd=fresh_env["work"], env=fresh_env["env"],
                          timeout=timeout, check=False)


def test_installed_package_is_the_wheel_not_the_checkout(fresh_env):
    result = _run(fresh_env, str(fresh_env["py"]), "-c", INSIDE_CHECK)
    assert result.returncode == 0, result.stderr
    info = json.loads(result.stdout)
    installed = Path(info["file"]).resolve()
    assert fresh_env["venv"].resolve() in installed.parents
    assert ROOT.resolve() not in installed.parents
    from eplatnik import __version__

    assert info["version"] == __version__
    assert fresh_env["wheel"].name.startswith(f"eplatnik-{__version__}-")

    shipped = set(info["files"])
    missing = sorted(_source_data_files() - shipped)
    assert not missing, f"in the source but not in the wheel: {missing}"
    for expected in ("resources/icons/eplatnik.svg", "resources/params/2026.json", "resources/data/title_codes.json",
                     "resources/schemas/kedu_5_7.xsd", "resources/translations/eplatnik_pl.qm",
                     "store/migrations/0001_register.sql"):
        assert expected in shipped
    source_migrations = sorted(p.name for p in (ROOT / "eplatnik/store/migrations").glob("*.sql"))
    assert info["migrations"] == source_migrations
    assert info["schema"] == len(list((ROOT / "eplatnik/store/alembic/versions").glob("r*.py")))
    assert info["created"] == str(info["schema"])
    assert "store/alembic/versions/r0001_register.py" in info["files"]
    assert info["title_kind"] == "self_employed_full"


def test_cli_version_demo_and_payers_from_the_wheel(fresh_env, tmp_path):
    cli = str(fresh_env["bin"] / "eplatnik-cli")
    version = _run(fresh_env, cli, "--version")
    assert version.returncode == 0, version.stderr
    from eplatnik import __version__

    assert version.stdout.strip() == f"eplatnik {__version__}"
    ws = tmp_path / "ws"
    demo = _run(fresh_env, cli, "--basedir", str(ws), "demo")
    assert demo.returncode == 0, demo.stderr
    payers = _run(fresh_env, cli, "--basedir", str(ws), "payers", "list", "--json")
    assert payers.returncode == 0, payers.stderr
    nips = sorted(p["nip"] for p in json.loads(payers.stdout))
    assert nips == ["5261040828", "7792433421", "9512345675"]
    about = _run(fresh_env, cli, "--basedir", str(ws), "about", "--json")
    assert about.returncode == 0, about.stderr
    assert json.loads(about.stdout)["paths"]["workspace"] == str(ws)
    backup = _run(fresh_env, cli, "--basedir", str(ws), "backup", "-o", str(tmp_path / "b.zip"))
    assert backup.returncode == 0, backup.stderr


def test_translations_and_icon_load_from_the_wheel(fresh_env):
    result = _run(fresh_env, str(fresh_env["py"]), "-c", QT_CHECK)
    assert result.returncode == 0, result.stderr
    lines = dict(line.split(" ", 1) for line in result.stdout.splitlines())
    source_qm = len(list((ROOT / "eplatnik/resources/translations").glob("*_pl.qm")))
    assert int(lines["translators"]) >= source_qm
    assert lines["payers"] == "Płatnicy"
    assert lines["icon"] == "True 64 True"


def test_gui_starts_offscreen_from_the_wheel(fresh_env, tmp_path):
    gui = str(fresh_env["bin"] / "eplatnik")
    result = _run(fresh_env, gui, "--basedir", str(tmp_path / "gui"), "--no-err-windows", "--startup-probe",
                  timeout=180)
    assert result.returncode == 0, result.stderr
    assert "EPLATNIK_SHOWN" in result.stdout
    assert (tmp_path / "gui" / "eplatnik.db").is_file()
    assert not list((tmp_path / "gui").glob("logs/crash-*.log"))
