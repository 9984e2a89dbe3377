"""The office database's password is never shown or stored where it should not be (issue 16): the CLI
run verbosely with the password in the address — working, refused, at a database of another program,
at a missing one — never prints it, and nothing in the desk's folder (settings, logs, remembered
state) holds it, unless the person asked to remember it in the desk's password file."""

from __future__ import annotations

from pathlib import Path

from plugins.postgres import PASSWORD, ROLE
from support import run_cli


def _files_holding(folder: Path, secret: str) -> list[str]:
    found = []
    for path in folder.rglob("*"):
        if path.is_file():
            try:
                if secret.encode() in path.read_bytes():
                    found.append(str(path.relative_to(folder)))
            except OSError:
                continue
    return found


def test_the_password_never_appears_in_output_logs_or_the_desks_files(pg_cluster, pg_url, tmp_path):
    seat = tmp_path / "biuro-1"
    foreign = pg_cluster.create_database()
    pg_cluster.sql(foreign, f"CREATE TABLE faktury (nr TEXT); ALTER TABLE faktury OWNER TO {ROLE}")
    runs = {
        "works": run_cli("-v", "--database", pg_url, "payers", "list", "--json", basedir=seat),
        "refused": run_cli("-v", "--database", pg_url.replace(PASSWORD, PASSWORD + "x"), "payers", "list",
                           basedir=seat),
        "foreign": run_cli("-v", "--database", pg_cluster.url(foreign), "payers", "list", basedir=seat),
        "missing": run_cli("-v", "--database", pg_cluster.url("nie_ma_takiej"), "payers", "list", basedir=seat),
        "environment": run_cli("-v", "payers", "list", basedir=seat, env={"EPLATNIK_DATABASE_URL": pg_url}),
    }
    assert runs["works"].returncode == 0 and runs["environment"].returncode == 0
    assert "odrzucił logowanie" in runs["refused"].stderr
    assert "to nie jest baza eplatnik" in runs["foreign"].stderr
    assert "nie ma bazy danych „nie_ma_takiej”" in runs["missing"].stderr
    for name, run in runs.items():
        assert PASSWORD not in run.stdout + run.stderr, name
    assert _files_holding(seat, PASSWORD) == []
