"""Workspace commands: backup, restore, about."""

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

    p = sub.add_parser("about", help="wersja, licencja, aktywna bramka i położenie danych")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_about)


def cmd_backup(args: argparse.Namespace, ctx) -> int:
    require_workspace(ctx.basedir)
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
