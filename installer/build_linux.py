"""Build the self-contained Linux bundle, and smoke-test it.

    python installer/build_linux.py                     # dist/eplatnik/ + dist/eplatnik-<ver>-linux-<arch>.tar.gz
    python installer/build_linux.py --smoke-test-only   # start the frozen bundle offscreen, run its CLI

The build: render the icons from the SVG with Qt, run PyInstaller on ``installer/eplatnik.spec`` (one
folder, both ``eplatnik`` and ``eplatnik-cli``), add the desktop entry, icons and AppStream metadata
under ``share/`` plus ``install-desktop-entry.sh``, and pack the folder as a ``.tar.gz``. PyInstaller
is installed into the running virtualenv from the ``dist`` extra of pyproject.toml if it is missing.

The smoke test runs the frozen programs from outside the source tree, with a clean environment, on a
temporary workspace: ``eplatnik-cli --version``, ``demo``, ``payers list --json``, ``backup``, export,
validate, print, sign and submit a declaration to the workspace sandbox (a child process of the
frozen program) until its receipt arrives, and the GUI with ``--startup-probe`` (offscreen, and
under Xvfb with the xcb plugin when ``xvfb-run`` exists). When the machine has a PostgreSQL server, an
office too: the demo office created in a throw-away cluster, read at a second desk, the GUI on it.
Exit status 0 only if everything passed. Timings and sizes go to ``dist/build-report.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import tomllib
from datetime import UTC, datetime
from pathlib import Path

INSTALLER = Path(__file__).resolve().parent
ROOT = INSTALLER.parent
DIST = ROOT / "dist"
BUILD = ROOT / "build"
BUNDLE = DIST / "eplatnik"
APP_ID = "io.github.eplatnik"
REPORT = DIST / "build-report.json"

sys.path.insert(0, str(INSTALLER))
from version_info import read_version  # noqa: E402


def log(message: str) -> None:
    print(f"[build_linux] {message}", flush=True)  # noqa: T201


def pyinstaller_requirement() -> str:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    for req in data["project"].get("optional-dependencies", {}).get("dist", []):
        if req.lower().startswith("pyinstaller"):
            return req
    return "pyinstaller>=6.10"


def ensure_pyinstaller() -> None:
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        requirement = pyinstaller_requirement()
        log(f"installing {requirement} into {sys.prefix}")
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", requirement], check=True)


def dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def add_desktop_files(bundle: Path, icons: Path, version: str) -> None:
    share = bundle / "share"
    for size in (48, 128, 256):
        dest = share / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(icons / f"eplatnik-{size}.png", dest)
    (share / "applications").mkdir(parents=True, exist_ok=True)
    shutil.copy2(INSTALLER / "eplatnik.desktop", share / "applications" / f"{APP_ID}.desktop")
    (share / "metainfo").mkdir(parents=True, exist_ok=True)
    metainfo = (INSTALLER / f"{APP_ID}.metainfo.xml").read_text(encoding="utf-8")
    metainfo = metainfo.replace("@VERSION@", version).replace("@DATE@", datetime.now(UTC).date().isoformat())
    (share / "metainfo" / f"{APP_ID}.metainfo.xml").write_text(metainfo, encoding="utf-8")
    script = bundle / "install-desktop-entry.sh"
    shutil.copy2(INSTALLER / "linux" / "install-desktop-entry.sh", script)
    script.chmod(0o755)
    for validator, target in (("desktop-file-validate", share / "applications" / f"{APP_ID}.desktop"),
                              ("appstreamcli", share / "metainfo" / f"{APP_ID}.metainfo.xml")):
        tool = shutil.which(validator)
        if tool:
            args = [tool, "validate", "--no-net", str(target)] if validator == "appstreamcli" else [tool, str(target)]
            result = subprocess.run(args, capture_output=True, text=True, check=False)
            log(f"{validator}: {'ok' if result.returncode == 0 else result.stdout + result.stderr}")


def make_tarball(bundle: Path, version: str) -> Path:
    archive = DIST / f"eplatnik-{version}-linux-{platform.machine()}.tar.gz"
    tmp = archive.with_suffix(".tmp")
    with tarfile.open(tmp, "w:gz", compresslevel=6) as tar:
        tar.add(bundle, arcname=f"eplatnik-{version}")
    tmp.replace(archive)
    return archive


def build() -> dict:
    version = read_version()
    started = time.monotonic()
    ensure_pyinstaller()
    icons = BUILD / "icons"
    subprocess.run([sys.executable, str(INSTALLER / "render_icons.py"), str(icons)], check=True,
                   env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, stdout=subprocess.DEVNULL)
    log(f"building eplatnik {version} with PyInstaller")
    env = {**os.environ, "EPLATNIK_ICON_DIR": str(icons), "EPLATNIK_BUILD_DIR": str(BUILD),
           "QT_QPA_PLATFORM": "offscreen"}
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
                    "--distpath", str(DIST), "--workpath", str(BUILD / "pyinstaller"),
                    str(INSTALLER / "eplatnik.spec")], check=True, cwd=ROOT, env=env)
    for exe in ("eplatnik", "eplatnik-cli"):
        if not (BUNDLE / exe).is_file():
            raise SystemExit(f"PyInstaller did not produce {BUNDLE / exe}")
    add_desktop_files(BUNDLE, icons, version)
    archive = make_tarball(BUNDLE, version)
    report = {
        "version": version,
        "bundle": str(BUNDLE),
        "bundle_bytes": dir_size(BUNDLE),
        "tarball": str(archive),
        "tarball_bytes": archive.stat().st_size,
        "build_seconds": round(time.monotonic() - started, 1),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs",
        "python": platform.python_version(),
    }
    write_report(report)
    log(f"bundle {report['bundle_bytes'] / 1e6:.0f} MB, {archive.name} {report['tarball_bytes'] / 1e6:.0f} MB, "
        f"built in {report['build_seconds']} s")
    return report


def write_report(update: dict) -> None:
    DIST.mkdir(exist_ok=True)
    data = json.loads(REPORT.read_text(encoding="utf-8")) if REPORT.exists() else {}
    data.update(update)
    REPORT.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


# -- smoke test ---------------------------------------------------------------------------------------
class SmokeFailure(Exception):
    pass


def _clean_env(home: Path) -> dict[str, str]:
    """What a user's desktop session would have: no virtualenv, no PYTHONPATH, a fresh HOME."""
    keep = ("PATH", "LANG", "LC_ALL", "DISPLAY", "XAUTHORITY", "TMPDIR")
    env = {k: os.environ[k] for k in keep if k in os.environ}
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if ".venv" not in p)
    env.update(HOME=str(home), XDG_DATA_HOME=str(home / ".local/share"), XDG_CONFIG_HOME=str(home / ".config"),
               XDG_RUNTIME_DIR=str(home / "runtime"), PYTHONIOENCODING="utf-8", QT_QPA_PLATFORM="offscreen")
    (home / "runtime").mkdir(parents=True, exist_ok=True, mode=0o700)
    return env


def _run(args: list[str], env: dict[str, str], cwd: Path, expect: str | None = None,
         timeout: float = 120) -> subprocess.CompletedProcess:
    started = time.monotonic()
    result = subprocess.run(args, capture_output=True, text=True, env=env, cwd=cwd, timeout=timeout, check=False)
    took = time.monotonic() - started
    shown = " ".join(Path(a).name if i == 0 else a for i, a in enumerate(args))
    if result.returncode != 0 or (expect is not None and expect not in result.stdout):
        raise SmokeFailure(f"{shown} → exit {result.returncode}\nstdout: {result.stdout[-2000:]}\n"
                           f"stderr: {result.stderr[-2000:]}")
    log(f"ok ({took:.1f} s): {shown}")
    return result


def missing_data_files(bundle: Path) -> list[str]:
    """Data files of the source package (not code, not translation sources) absent from the bundle. The
    Alembic scripts (store/alembic: env.py, versions/*.py) are data: Alembic loads them as files."""
    package = ROOT / "eplatnik"
    frozen = bundle / "_internal" / "eplatnik"
    alembic = package / "store" / "alembic"
    wanted = [p.relative_to(package) for p in package.rglob("*")
              if p.is_file() and "__pycache__" not in p.parts
              and (p.suffix not in (".py", ".pyc", ".ts") or (alembic in p.parents and p.suffix == ".py"))]
    return sorted(str(rel) for rel in wanted if not (frozen / rel).is_file())


def _smoke_office(gui: str, cli: str, env: dict[str, str], tmp_path: Path) -> bool:
    """An office on a real PostgreSQL server, when this machine has one (the test suite's throw-away
    cluster, tests/plugins/postgres.py): the frozen CLI creates the demo office in it, a second desk lists
    its clients, and the frozen GUI starts on it. False (and said) when there is no server to try."""
    sys.path.insert(0, str(ROOT / "tests"))
    try:
        from plugins import postgres  # the test suite's cluster (needs its dev dependencies)
    except ImportError as exc:
        log(f"the test suite's PostgreSQL fixture cannot be imported ({exc}): office database not tried")
        return False
    finally:
        sys.path.remove(str(ROOT / "tests"))
    initdb = postgres.installed_initdb()
    if initdb is None:
        log("PostgreSQL server not installed: the office database was not tried with the bundle")
        return False
    with postgres.throwaway_cluster(initdb) as cluster:
        # the password in the environment, as a desk's pgpass or PGPASSWORD gives it (not in the logged command)
        url = cluster.url(cluster.create_database("smoke"), password=None)
        env = {**env, "PGPASSWORD": postgres.PASSWORD}
        _run([cli, "--basedir", str(tmp_path / "desk-a"), "--database", url, "demo"], env, tmp_path, timeout=180)
        listed = _run([cli, "--basedir", str(tmp_path / "desk-b"), "--database", url, "payers", "list", "--json"],
                      env, tmp_path)
        if len(json.loads(listed.stdout)) != 3:
            raise SmokeFailure(f"the demo office should have 3 payers at another desk: {listed.stdout}")
        _run([gui, "--basedir", str(tmp_path / "desk-b"), "--database", url, "--no-err-windows", "--startup-probe"],
             env, tmp_path, expect="EPLATNIK_SHOWN", timeout=180)
    log("ok: the demo office in PostgreSQL, read at a second desk, and the GUI on it")
    return True


def smoke_test(bundle: Path = BUNDLE) -> dict:
    version = read_version()
    for exe in ("eplatnik", "eplatnik-cli"):
        if not (bundle / exe).is_file():
            raise SmokeFailure(f"{bundle / exe} is missing — run `make dist` first")
    missing = missing_data_files(bundle)
    if missing:
        raise SmokeFailure(f"data files of the source missing from the bundle: {missing}")
    if not any(bundle.rglob("qtbase_pl.qm")):  # Qt's own dialogs (file choosers, Yes/No) in Polish
        raise SmokeFailure("qtbase_pl.qm (Qt's Polish translations) is missing from the bundle")
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="eplatnik-smoke-") as tmp:
        tmp_path = Path(tmp)
        env = _clean_env(tmp_path / "home")
        ws = tmp_path / "workspace"
        gui, cli = str(bundle / "eplatnik"), str(bundle / "eplatnik-cli")
        _run([cli, "--version"], env, tmp_path, expect=f"eplatnik {version}")
        _run([cli, "--basedir", str(ws), "demo"], env, tmp_path)
        listed = _run([cli, "--basedir", str(ws), "payers", "list", "--json"], env, tmp_path)
        if len(json.loads(listed.stdout)) != 3:
            raise SmokeFailure(f"the demo workspace should have 3 payers: {listed.stdout}")
        _run([cli, "--basedir", str(ws), "backup", "-o", str(tmp_path / "backup.zip")], env, tmp_path)
        _run([cli, "--basedir", str(ws), "restore", str(tmp_path / "backup.zip"), "--into", str(tmp_path / "copy")],
             env, tmp_path)
        # the office database driver (psycopg + its libpq) is in the bundle: an unreachable server is told as
        # such, not as a missing module
        office = subprocess.run([cli, "--basedir", str(tmp_path / "seat"), "--database",
                                 "postgresql://biuro@127.0.0.1:1/biuro", "payers", "list"], capture_output=True,
                                text=True, env=env, cwd=tmp_path, timeout=60, check=False)
        if office.returncode != 1 or "Nie można połączyć się z serwerem bazy danych" not in office.stderr:
            raise SmokeFailure(f"the PostgreSQL driver in the bundle: exit {office.returncode}\n{office.stderr[-2000:]}")
        log("ok: postgresql:// reaches the driver (server unreachable, as expected)")
        office_checked = _smoke_office(gui, cli, env, tmp_path)
        # year parameters, KEDU schemas (lxml), PDF printout (reportlab): packaged data used for real
        _run([cli, "contributions", "--year", "2026", "--title", "051000", "--json"], env, tmp_path,
             expect='"self_employed_full"')
        kedu = tmp_path / "kedu.xml"
        _run([cli, "--basedir", str(ws), "kedu", "export", "--payer", "5261040828", "--period", "2026-10",
              "-o", str(kedu)], env, tmp_path)
        _run([cli, "--basedir", str(ws), "kedu", "validate", str(kedu)], env, tmp_path)
        _run([cli, "--basedir", str(ws), "kedu", "pdf", "--payer", "5261040828", "--period", "2026-10",
              "-o", str(tmp_path / "kedu.pdf")], env, tmp_path)
        # sign with the demo certificate and send to the workspace sandbox, which the frozen program
        # starts as its own child process (`eplatnik-cli __job__`): the receipt proves both ends work
        password = tmp_path / "password.txt"
        password.write_text("demo\n", encoding="utf-8")
        signed = tmp_path / "kedu.signed.xml"
        _run([cli, "--basedir", str(ws), "sign", str(kedu), "-o", str(signed), "--p12",
              str(ws / "demo" / "signer.p12"), "--password-file", str(password)], env, tmp_path)
        _run([cli, "--basedir", str(ws), "submit", str(signed), "--wait", "90"], env, tmp_path, expect="przyjęty",
             timeout=180)
        _run([gui, "--basedir", str(ws), "--no-err-windows", "--startup-probe"], env, tmp_path,
             expect="EPLATNIK_SHOWN", timeout=180)
        _run([gui, "--basedir", str(tmp_path / "fresh"), "--no-err-windows", "--lang", "en", "--startup-probe"],
             env, tmp_path, expect="EPLATNIK_SHOWN", timeout=180)
        xvfb = shutil.which("xvfb-run")
        if xvfb:  # the real X11 plugin (xcb) and its libraries, not only offscreen
            _run([xvfb, "-a", "-s", "-screen 0 1280x800x24", "env", "QT_QPA_PLATFORM=xcb", gui, "--basedir", str(ws),
                  "--no-err-windows", "--startup-probe"], env, tmp_path, expect="EPLATNIK_SHOWN", timeout=180)
        else:
            log("xvfb-run not found: the xcb platform plugin was not started (offscreen only)")
        crashes = list(ws.glob("logs/crash-*.log"))
        if crashes:
            raise SmokeFailure(f"crash log written: {crashes[0].read_text(encoding='utf-8')}")
    seconds = round(time.monotonic() - started, 1)
    write_report({"smoke_test_seconds": seconds, "smoke_test_xcb": bool(xvfb), "smoke_test_office": office_checked})
    log(f"smoke test passed in {seconds} s")
    return {"smoke_test_seconds": seconds}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke-test-only", action="store_true", help="test an existing dist/eplatnik bundle")
    parser.add_argument("--smoke-test", action="store_true", help="build, then smoke-test")
    args = parser.parse_args(argv)
    try:
        if not args.smoke_test_only:
            build()
        if args.smoke_test_only or args.smoke_test:
            smoke_test()
    except SmokeFailure as exc:
        log(f"SMOKE TEST FAILED: {exc}")
        return 1
    except subprocess.CalledProcessError as exc:
        log(f"BUILD FAILED: {exc}")
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
