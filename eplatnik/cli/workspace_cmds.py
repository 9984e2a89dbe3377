"""Workspace commands: backup, restore, about; ``workspace migrate|backup|restore`` (issue 16: an office).

``backup`` writes the backup of whatever database the program works on: a one-seat workspace's ZIP
(the SQLite file and documents/), or with ``--database URL`` the office's ZIP (rows as JSON lines and the
evidence; workspace/office_backup.py). ``workspace restore`` also restores an office backup into an
empty PostgreSQL database (``--to URL``) or a new SQLite workspace (``--into DIR``).
``workspace migrate --to URL`` moves a one-seat workspace into an empty office database.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ..i18n import language, t
from ..progress import Progress
from ..workspace import require_workspace, restore_backup


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("backup", help="kopia zapasowa obszaru roboczego (ZIP z manifestem SHA-256)")
    p.add_argument("-o", "--output", help="plik ZIP (domyślnie: <workspace>/backups/kopia-eplatnik-<czas>.zip)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("restore", help="przywróć obszar roboczy z kopii zapasowej")
    p.add_argument("archive", help="plik ZIP utworzony przez 'backup'")
    p.add_argument("--into", help="pusty lub nowy katalog; bez tej opcji zastępuje obszar roboczy --basedir "
                                  "(poprzedni zostaje przeniesiony obok, nie usunięty)")
    p.add_argument("--verify-only", action="store_true", help="tylko sprawdź kopię, niczego nie przywracaj")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_restore)

    _register_workspace(sub)

    p = sub.add_parser("about", help="wersja, licencja, aktywna bramka i położenie danych")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_about)


def cmd_backup(args: argparse.Namespace, ctx) -> int:
    from ..app import database_location
    from ..settings import Settings

    if database_location(Settings(ctx.basedir), getattr(ctx.args, "database", None)).dialect == "sqlite":
        require_workspace(ctx.basedir)  # an office's data is on its server, not in the seat's folder
    result = ctx.app.create_backup(Path(args.output) if args.output else None, Progress())
    if args.json:
        ctx.out_json({"path": str(result.path), "files": len(result.manifest.files),
                      "bytes": result.archive_size, "schema_version": result.manifest.schema_version})
    else:
        ctx.out(t("Kopia zapasowa zapisana: {path} ({files} plików, {size} bajtów).",
                  "Backup written: {path} ({files} files, {size} bytes).")(
            path=str(result.path), files=len(result.manifest.files), size=result.archive_size).render())
    return 0


def cmd_restore(args: argparse.Namespace, ctx) -> int:
    from ..workspace import verify_backup

    if args.verify_only:
        manifest = verify_backup(Path(args.archive))
        if args.json:
            ctx.out_json({"ok": True, **manifest.to_json()})
        else:
            ctx.out(t("Kopia zapasowa jest poprawna: {files} plików, schemat {schema}, utworzona {created}.",
                      "The backup is intact: {files} files, schema {schema}, created {created}.")(
                files=len(manifest.files), schema=manifest.schema_version, created=manifest.created_at).render())
        return 0
    target = Path(args.into) if args.into else ctx.basedir
    result = restore_backup(Path(args.archive), target, replace=not args.into, progress=Progress())
    if args.json:
        ctx.out_json({"workspace": str(result.workspace), "files": len(result.manifest.files),
                      "moved_aside": str(result.moved_aside) if result.moved_aside else None})
        return 0
    ctx.out(t("Przywrócono {files} plików do {path}.", "Restored {files} files into {path}.")(
        files=len(result.manifest.files), path=str(result.workspace)).render())
    if result.moved_aside:
        ctx.out(t("Poprzedni obszar roboczy przeniesiono do {path}.",
                  "The previous workspace was moved to {path}.")(path=str(result.moved_aside)).render())
    return 0


def cmd_about(args: argparse.Namespace, ctx) -> int:
    info = ctx.app.about_info()
    if args.json:
        ctx.out_json(info)
        return 0
    en = language() == "en"
    paths = info["paths"]
    gateway = info["gateway"]
    rows = [
        ("eplatnik", info["version"]),
        ("Licence" if en else "Licencja", info["licence"]),
        ("Gateway" if en else "Bramka", gateway["label"] + (f" — {gateway['url']}" if gateway["url"] else "")),
        ("Workspace" if en else "Obszar roboczy", paths["workspace"]),
        ("Database" if en else "Baza danych", paths["database"]),
        ("Documents" if en else "Dokumenty", paths["documents"]),
        ("Logs" if en else "Dzienniki", paths["logs"]),
        ("Backups" if en else "Kopie zapasowe", paths["backups"]),
        ("Schema" if en else "Schemat bazy", str(info["schema_version"])),
        ("Python", f"{info['python']} ({info['platform']})"),
    ]
    width = max(len(k) for k, _ in rows)
    for key, value in rows:
        ctx.out(f"{key.ljust(width)}  {value}")
    return 0


# -- workspace migrate | backup | restore (issue 16) ----------------------------------------------------------
def _register_workspace(sub: argparse._SubParsersAction) -> None:
    w = sub.add_parser("workspace", help="obszar roboczy: przeniesienie do bazy biura, kopia zapasowa, odtworzenie")
    wsub = w.add_subparsers(dest="workspace_command", metavar="POLECENIE")
    w.set_defaults(func=lambda args, ctx: (w.print_help(), 2)[1])

    p = wsub.add_parser("migrate", help="skopiuj obszar roboczy --basedir (SQLite, z plikami dowodowymi) do pustej "
                                        "bazy PostgreSQL biura; źródło zostaje nienaruszone")
    p.add_argument("--to", required=True, metavar="URL", help="pusta baza: postgresql://użytkownik@serwer:5432/baza")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_migrate)

    p = wsub.add_parser("backup", help="kopia zapasowa: obszaru roboczego albo (z --database URL) bazy biura")
    p.add_argument("-o", "--output", help="plik ZIP (domyślnie: <workspace>/backups/kopia-eplatnik-<czas>.zip)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_backup)

    p = wsub.add_parser("restore", help="odtwórz kopię: do katalogu (--into) albo kopię biura do pustej bazy (--to)")
    p.add_argument("archive", help="plik ZIP utworzony przez 'backup'")
    target = p.add_mutually_exclusive_group()
    target.add_argument("--into", help="pusty lub nowy katalog (nowy obszar roboczy SQLite)")
    target.add_argument("--to", metavar="URL", help="pusta baza PostgreSQL biura (tylko kopia bazy biura)")
    p.add_argument("--verify-only", action="store_true", help="tylko sprawdź kopię, niczego nie przywracaj")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_workspace_restore)


def cmd_migrate(args: argparse.Namespace, ctx) -> int:
    from ..workspace.migrate import migrate_workspace

    result = migrate_workspace(ctx.basedir, args.to, clock=ctx.clock, progress=Progress())
    if args.json:
        ctx.out_json({"database": result.url, "rows": result.rows, "tables": result.counts,
                      "evidence_files": result.evidence_files, "evidence_bytes": result.evidence_bytes,
                      "warnings": result.warnings})
        return 0
    for warning in result.warnings:
        ctx.out(warning)
    ctx.out(t("Skopiowano {rows} wierszy z {tables} tabel i {files} plików dowodowych ({size} bajtów) do {url}; "
              "liczby wierszy i skróty SHA-256 sprawdzone. Obszar roboczy {path} pozostał bez zmian.",
              "Copied {rows} rows of {tables} tables and {files} evidence files ({size} bytes) into {url}; row "
              "counts and SHA-256 digests checked. The workspace {path} was left as it was.")(
        rows=result.rows, tables=len(result.counts), files=result.evidence_files, size=result.evidence_bytes,
        url=result.url, path=str(ctx.basedir)).render())
    ctx.out(t("Na każdym stanowisku: eplatnik --database {url}", "At every seat: eplatnik --database {url}")(
        url=result.url).render())
    return 0


def cmd_workspace_restore(args: argparse.Namespace, ctx) -> int:
    """``--to URL``: an office backup into an empty PostgreSQL database; otherwise as ``restore``."""
    from ..workspace.office_backup import restore_office_backup

    if args.verify_only or not args.to:
        return cmd_restore(args, ctx)
    result = restore_office_backup(Path(args.archive), url=args.to, clock=ctx.clock, progress=Progress())
    rows = sum(n for _name, n in result.manifest.tables)
    if args.json:
        ctx.out_json({"database": str(result.workspace), "rows": rows, "files": len(result.manifest.files)})
        return 0
    ctx.out(t("Przywrócono {rows} wierszy i {files} plików kopii do {target}.",
              "Restored {rows} rows and {files} files of the backup into {target}.")(
        rows=rows, files=len(result.manifest.files), target=str(result.workspace)).render())
    return 0
