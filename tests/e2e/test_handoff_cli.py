"""`eplatnik-cli kedu export --for eplatnik|platnik` as a person runs it: one client to a file, the
month for every client to a folder; invalid arguments exit 2 and write nothing."""

from __future__ import annotations

from support import run_cli

TECHBUD = "9512345675"


def test_export_for_eplatnik_and_the_month_for_platnik(tmp_path):
    base = tmp_path / "ws"
    assert run_cli("demo", basedir=base).returncode == 0
    out = tmp_path / "techbud.xml"
    r = run_cli("kedu", "export", "--payer", TECHBUD, "--period", "2026-08", "--for", "eplatnik", "-o", str(out),
                basedir=base)
    assert r.returncode == 0, r.stderr
    assert b'xmlns="http://www.zus.pl/2021/KEDU_5_4"' in out.read_bytes()
    assert "KEDU 5.4" in r.stdout and "Import KEDU" in r.stdout  # and how to import it there

    folder = tmp_path / "month"
    r = run_cli("kedu", "export", "--clients", "all", "--period", "2026-08", "--for", "platnik", "-o", str(folder),
                basedir=base)
    # only TECHBUD has a set for August (made above); the others are named with the reason
    assert r.returncode == 1, r.stdout + r.stderr
    assert [p.name for p in folder.glob("*.xml")] == [f"{TECHBUD}_2026-08_01_platnik_KEDU_5_4.xml"]
    assert "brak zestawu za ten okres" in r.stdout and (folder / "JAK-ZAIMPORTOWAC.txt").exists()

    r = run_cli("kedu", "export", "--clients", "all", "--for", "platnik", "-o", str(tmp_path / "none"), basedir=base)
    assert r.returncode == 2 and "--period" in r.stderr and not (tmp_path / "none").exists()
    r = run_cli("kedu", "export", "--set", "1", "--for", "eplatnik", "--kedu-version", "4.0", "-o",
                str(tmp_path / "old.xml"), basedir=base)
    assert r.returncode == 2 and not (tmp_path / "old.xml").exists()
